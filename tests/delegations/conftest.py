"""Arrangements of the delegation tests: the trilateral conference (an event of headquarters) as a programme, the
Chinese delegation handled by the New York office (its staff are the handling office here) with a head who has
dietary and accessibility needs, the Korean delegation handled by headquarters, and a visit of the Chinese
delegation to Chiyoda (the host). Written through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kizuna.delegations import services
from kizuna.delegations.models import Delegation, Programme, Visit
from tests.events.factories import EventFactory

DIETARY = "素食 (vegetarian)"
ACCESS = "Wheelchair user"


def programme(w, title="日中韓3か国地方政府交流会議"):
    found = Programme.objects.filter(event__title=title).first()
    if found:
        return found
    event = EventFactory(organiser=w.hq, title=title, title_en="Japan-China-Korea Trilateral Conference",
                         kind="conference", audience="invited")
    return services.create_programme(by=w.people["hq_staff"], event=event, kind="trilateral", co_host=w.chiyoda,
                                     notes="")


def chinese(w, status="invited"):
    """The Chinese delegation, handled by the New York office, taken up to `status`."""
    prog = programme(w)
    found = Delegation.objects.filter(programme=prog, country="CN").first()
    if found is None:
        staff = w.people["office_staff"]
        found = services.register_delegation(by=staff, programme=prog, handled_by=w.nyc, name="中国地方政府代表团",
                                             name_en="Chinese delegation", country="CN", government=None, notes="")
        arrival = timezone.now() + timedelta(days=2)
        services.add_member(by=staff, delegation=found, role="head", position="西安市 副市长", name="王伟",
                            name_latin="WANG Wei", name_kana="おう い", arrival_at=arrival, arrival_flight="CA927",
                            departure_at=arrival + timedelta(days=4), departure_flight="CA928", hotel="ホテル日航",
                            room="801", interpretation="ja", dietary=DIETARY, accessibility=ACCESS)
        services.add_member(by=staff, delegation=found, role="interpreter", position="翻译", name="陈静",
                            name_latin="CHEN Jing", interpretation="ja")
        services.add_visit(by=staff, delegation=found, host=w.chiyoda, starts_at=arrival + timedelta(days=1),
                           ends_at=arrival + timedelta(days=1, hours=2), place="千代田区役所",
                           purpose="防災まちづくりの視察")
    staff = w.people["office_staff"]
    order = ["invited", "confirmed", "arrived", "departed"]
    if status == "cancelled" and found.status != "cancelled":
        return services.cancel_delegation(by=staff, delegation=found, reason="渡航中止")
    steps = {"confirmed": services.confirm_delegation, "arrived": services.record_arrival,
             "departed": services.record_departure}
    while status in order and order.index(found.status) < order.index(status):
        found = steps[order[order.index(found.status) + 1]](by=staff, delegation=found)
    return found


def korean(w):
    prog = programme(w)
    found = Delegation.objects.filter(programme=prog, country="KR").first()
    if found is None:
        staff = w.people["hq_staff"]
        found = services.register_delegation(by=staff, programme=prog, handled_by=w.hq, name="대한민국 대표단",
                                             name_en="Korean delegation", country="KR", government=None, notes="")
        services.add_member(by=staff, delegation=found, role="head", position="부산광역시 국제협력과장",
                            name="김민수", name_latin="KIM Minsu", dietary="No pork")
    return found


def visit(w):
    return Visit.objects.filter(delegation=chinese(w)).first()


@pytest.fixture
def delegation(world):
    return chinese(world)
