"""Arrangements of the seconded-staff tests, all written through the services: the New York office's staff member
seconded by Chiyoda (posted at headquarters' Economic Exchange Division, then New York), another person seconded by
Minato, their training records, and a curriculum course held as an event."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged
from kizuna.core.enums import Role
from kizuna.events.enums import EventKind, Format, Status
from kizuna.events.models import Event, Registration
from kizuna.secondments import services
from kizuna.secondments.models import Course, Secondment
from tests.factories import MembershipFactory, UserFactory, add_totp


def period():
    """A two-year secondment that began last April (so today is inside it)."""
    today = timezone.localdate()
    start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return start, date(start.year + 2, 3, 31)


def secondment(w, person=None, home=None, status="serving", where=None, division="economic_exchange"):
    """A secondment of `person` (the New York office's staff member) from `home` (Chiyoda), taken up to
    `status`."""
    person = person or w.people["office_staff"]
    home = home or w.chiyoda
    found = Secondment.objects.filter(person=person, home_government=home).first()
    if found is not None:
        return found
    hq = w.people["hq_staff"]
    start, end = period()
    where = where or w.hq
    s = services.create_secondment(by=hq, person=person, home_government=home, starts_on=start, ends_on=end,
                                   home_division="国際交流課", note="internal note",
                                   posting={"organisation": where, "division": division if where == w.hq else "",
                                            "title": "主事"})
    if status == "planned":
        return s
    s = services.start_secondment(by=hq, secondment=s, started_on=start)
    if status == "completed":
        return services.complete_secondment(by=hq, secondment=s, ended_on=timezone.localdate())
    if status == "ended_early":
        return services.end_secondment_early(by=hq, secondment=s, ended_on=timezone.localdate(), reason="family")
    return s


def move_to_new_york(w, s):
    """From headquarters to the New York office, from the first of this month."""
    day = max(timezone.localdate().replace(day=1), s.starts_on + timedelta(days=1))
    return services.add_posting(by=w.people["hq_staff"], secondment=s, organisation=w.nyc, division="",
                                title="所員", starts_on=day, ends_on=None)


def records(w, s):
    """A language course, a test result, a field training abroad (past, hosted by New York) and an OJT record."""
    hq = w.people["hq_staff"]
    start = s.starts_on
    services.save_record(by=hq, kind="training", secondment=s, name="英語集中講座", language="en",
                         provider="Berlitz", starts_on=start, ends_on=start + timedelta(days=90),
                         hours=Decimal("120"))
    services.save_record(by=hq, kind="test", secondment=s, name="TOEIC L&R", language="en",
                         taken_on=start + timedelta(days=60), score="815", level="", result_on=None)
    services.save_record(by=hq, kind="field", secondment=s, country="US", place="Portland", host_office=w.nyc,
                         starts_on=start + timedelta(days=20), ends_on=start + timedelta(days=24),
                         theme="Sustainable towns", report="", report_on=None)
    services.save_record(by=hq, kind="ojt", secondment=s, starts_on=start, ends_on=start + timedelta(days=180),
                         unit="経済交流課", supervisor="課長", tasks="Seminars for local governments",
                         assessment="SECRET-ASSESSMENT: very reliable")


def other_person(w):
    """A second seconded person, working at headquarters, seconded by Minato."""
    found = getattr(w, "minato_secondee", None)
    if found is None:
        found = UserFactory(email="minato-secondee@example.jp", full_name="Minato Secondee")
        MembershipFactory(person=found, organisation=w.hq, role=Role.STAFF)
        add_totp(found)
        w.minato_secondee = found
    return found


def office_head(w):
    found = getattr(w, "nyc_head", None)
    if found is None:
        found = UserFactory(email="nyc-head@example.jp", full_name="Nyc Head")
        MembershipFactory(person=found, organisation=w.nyc, role=Role.ADMIN)
        add_totp(found)
        w.nyc_head = found
    return found


def course(w, title="国際プロトコール", attended=(), day_offset=-10):
    """A curriculum course held as one event of headquarters, attended (checked in) by `attended`."""
    hq = w.people["hq_staff"]
    when = timezone.now() + timedelta(days=day_offset)
    event = create_logged(Event, "events.event.test", by=SYSTEM, organiser=w.hq, kind=EventKind.TRAINING,
                          format=Format.ON_SITE, title=f"専門家研修：{title}", starts_at=when,
                          ends_at=when + timedelta(hours=3), kpi_series="staff_training", is_published=True)
    c = services.save_course(by=hq, topic="protocol", title=title, title_en="Protocol", position=1,
                             is_active=True, events=[event])
    for person in attended:
        create_logged(Registration, "events.registration.test", by=SYSTEM, event=event, person=person,
                      registered_by=hq, status=Status.CONFIRMED, checked_in_at=when)
    return c


def sample(w):
    """The sample of the access tables: the New York staff member's secondment with every kind of record."""
    s = secondment(w)
    if not s.language_trainings.exists():
        records(w, s)
    return s


@pytest.fixture
def seconded(world):
    return sample(world)


__all__ = ["Course", "course", "move_to_new_york", "office_head", "other_person", "records", "sample",
           "secondment"]
