"""Two requests for a regional adviser at once cannot both take the last of a body's two dispatches."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from kizuna.dispatch import services
from kizuna.dispatch.models import Dispatch
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_request_dispatch_concurrent_last_slot_is_taken_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    host = OrganisationFactory(kind="municipality", code="131016", name="千代田区")
    people = [UserFactory() for _ in range(2)]
    for person in people:
        MembershipFactory(person=person, organisation=host, role="staff")
    data = {"theme": "研修", "language": "ja", "format": "onsite", "starts_on": date(2026, 12, 1),
            "ends_on": date(2026, 12, 1), "hours": 2}
    services.request_dispatch(by=people[0], host=host, programme="regional", data=data)
    barrier, outcomes = threading.Barrier(2), []

    def ask(person):
        try:
            barrier.wait()
            services.request_dispatch(by=person, host=host, programme="regional", data=data)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Dispatch.objects.count() == 2
