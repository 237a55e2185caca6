import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from kizuna.core.workflow import transition
from kizuna.grants import services
from kizuna.grants.enums import Status
from kizuna.grants.models import Application
from kizuna.grants.services.deciding import awarded_total

from .conftest import make_submitted


def test_decide_applications_allowed_awards_and_rejects(world, call):
    a, b = make_submitted(world, call, 2)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000},
                                 rejections=[b.pk])
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.decided_amount, b.status) == (Status.AWARDED, 800_000, Status.REJECTED)


def test_decide_applications_denied_to_branch_staff(world, call):
    (a,) = make_submitted(world, call, 1)
    with pytest.raises(PermissionDenied):
        services.decide_applications(by=world.people["branch_staff"], call=call, awards={a.pk: 1})


def test_award_transition_denied_to_the_applicant(world, call):
    (a,) = make_submitted(world, call, 1)
    with pytest.raises(PermissionDenied):
        transition(a, "award", by=world.people["municipality_staff"], decided_amount=1)


def test_reject_transition_denied_to_the_applicant(world, call):
    (a,) = make_submitted(world, call, 1)
    with pytest.raises(PermissionDenied):
        transition(a, "reject", by=world.people["municipality_staff"])


def test_decide_applications_above_the_envelope_is_refused_and_nothing_decided(world, call):
    call.envelope = 1_500_000
    call.save()
    a, b = make_submitted(world, call, 2)
    with pytest.raises(ValidationError) as excinfo:
        services.decide_applications(by=world.people["hq_staff"], call=call,
                                     awards={a.pk: 1_000_000, b.pk: 1_000_000})
    assert "¥1,500,000" in " ".join(excinfo.value.messages)
    assert list(Application.objects.filter(call=call).values_list("status", flat=True)) == ["submitted"] * 2


def test_award_above_the_requested_amount_is_refused(world, call):
    (a,) = make_submitted(world, call, 1)
    with pytest.raises(ValidationError):
        services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 1_000_001})
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED


@pytest.mark.skipif("postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
                    reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_decisions_never_exceed_the_envelope(world):
    from .factories import CallFactory, SchemeFactory

    call = CallFactory(scheme=SchemeFactory(), envelope=1_500_000)
    a, b = make_submitted(world, call, 2)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(application):
        try:
            barrier.wait()
            services.decide_applications(by=world.people["hq_staff"], call=call, awards={application.pk: 1_000_000})
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(x,)) for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (sorted(outcomes), awarded_total(call)) == (["ok", "refused"], 1_000_000)
