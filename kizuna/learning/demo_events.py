"""Demo events of JET learning (kizuna/events): the post-arrival orientation for Group A and Group B, held this
summer, with the people who attended (checked in); the advanced ALT training and PA training to come, open for
registration. Written through the events services: an orientation is set up while its registration is open,
people register and are checked in, and its dates are then set to the summer it was held (how records of a past
event look). Idempotent: events are matched by title."""

import contextlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User
from kizuna.events.enums import Audience, EventKind, Format
from kizuna.events.models import Event
from kizuna.events.services import register
from kizuna.events.services.checkin import check_in
from kizuna.events.services.events import create_event, update_event

from .kpis import ORIENTATION_SERIES

JST = ZoneInfo("Asia/Tokyo")
ATTENDEES = ("jet", "pa", "sendai-staff", "chiyoda-staff", "miyagi-staff")  # participants, PAs and supervisors
ORIENTATIONS = (("来日直後オリエンテーション（Aグループ）", "Post-arrival orientation (Group A)", 7, 28),
                ("来日直後オリエンテーション（Bグループ）", "Post-arrival orientation (Group B)", 8, 4))


def _at(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=JST)


def _orientation(by, hq, title: str, title_en: str, month: int, day: int, people) -> Event:
    found = Event.objects.filter(title=title).first()
    if found is not None:
        return found
    soon = timezone.now().astimezone(JST) + timedelta(days=1)
    event = create_event(by=by, organiser=hq, title=title, title_en=title_en, is_published=True,
                         kind=EventKind.ORIENTATION, format=Format.ON_SITE, audience=Audience.ANYONE,
                         kpi_series=ORIENTATION_SERIES, venue_name="京王プラザホテル", is_public=False,
                         starts_at=soon, ends_at=soon + timedelta(hours=6))
    for person in people:
        with contextlib.suppress(ValidationError):
            check_in(by=by, event=event, code=register(by=person, event=event).code)
    today = timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1  # this fiscal year's summer
    return update_event(by=by, event=event, starts_at=_at(year, month, day, 9), ends_at=_at(year, month, day, 17),
                        closes_at=_at(year, month, day - 1, 17))


@transaction.atomic
def seed_learning_events_demo() -> dict:
    hq = Organisation.objects.filter(slug="hq").first()
    by = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    if hq is None or by is None:
        return {}
    people = [p for key in ATTENDEES if (p := User.objects.filter(email=f"{key}@{DEMO_DOMAIN}").first())]
    held = [_orientation(by, hq, *spec, people) for spec in ORIENTATIONS]
    start = (timezone.now().astimezone(JST) + timedelta(days=45)).replace(hour=10, minute=0, second=0,
                                                                           microsecond=0)
    for title, title_en, series in (("ALTハイレベル研修", "Advanced ALT training", ""),
                                    ("PA研修", "PA training", "pa_training")):
        if not Event.objects.filter(title=title).exists():
            create_event(by=by, organiser=hq, title=title, title_en=title_en, is_published=True,
                         kind=EventKind.TRAINING, format=Format.HYBRID, audience=Audience.ANYONE,
                         kpi_series=series, venue_name="自治体国際化協会 本部", is_public=False,
                         online_url="https://meet.example.jp/clair-jet", starts_at=start,
                         ends_at=start + timedelta(hours=7), closes_at=start - timedelta(days=7), capacity=120)
    return {"orientations": len(held), "attended": sum(e.registrations.filter(checked_in_at__isnull=False).count()
                                                       for e in held)}
