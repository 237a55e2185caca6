"""The plan's event KPIs, computed live: events held and people who attended (checked in), per series.

An event counts towards `events.sessions.<series>` and `events.participants.<series>` through its
`kpi_series` (a choice among the series the plan counts: series.py); `events.sessions.<series>.<office>` and
`events.participants.<series>.<office>` count those of one overseas office. An event is held once it has
started: one planned for later in the year is not counted yet.
"""

from django.utils import timezone

from kizuna.core.enums import OrgKind
from kizuna.plan.kpis import period, register_count, run_by

from .enums import BoothStatus
from .models import Event, Exhibitor, Registration
from .series import BOOTH, EVENT

SESSION_SERIES = ("economic_seminar", "cooking_class", "overseas_seminar", "staff_training", "alumni_meeting",
                  "disaster_training", "plaza_seminar", "ministry_meeting", "jet_promotion", "exchange_conference",
                  "cjk_conference", "fr_conference", "kr_seminar", "cn_seminar", "lg_webinar")
PARTICIPANT_SERIES = (
    "association_training", "au_policy_programme", "cir_seminar", "cjk_conference", "cooking_class",
    "cooperation_seminar", "economic_seminar", "exchange_seminar", "executive_seminar", "jet_40th",
    "jet_career_fair", "jet_leavers", "overseas_seminar", "pa_training", "regional_talent", "staff_training",
    "tabunka_training", "uk_policy_programme",
)
# Series counted per overseas office as well: {series: the offices' slugs}.
BY_OFFICE = {"overseas_seminar": ("lon", "nyc", "par", "sel", "sin", "syd"), "jet_career_fair": ("nyc", "lon")}
# A series that includes others: the inter-regional exchange conferences (4-5) are the four of its sub-programmes.
_INCLUDED_EVENTS = {"exchange_conference": ("exchange_conference", "cjk_conference", "fr_conference", "kr_seminar",
                                            "cn_seminar")}


def _events(series: str, year: int, quarter: int | None, organisation_id: int | None):
    """Held events of the series in the period (started by now); None when the organisation does not run
    events."""
    scope = run_by(organisation_id, "organiser_id", kinds={OrgKind.BRANCH, OrgKind.OVERSEAS_OFFICE})
    if scope is None:
        return None
    start, end = period(year, quarter)
    return Event.objects.filter(scope, kpi_series__in=_INCLUDED_EVENTS.get(series, (series,)), is_published=True,
                                starts_at__range=(start, min(end, timezone.now())))


def _held(series: str, office: str | None = None):
    """The events held of the series (of one office): the records behind `events.sessions.*`."""

    def records(*, year, quarter, organisation_id):
        qs = _events(series, year, quarter, organisation_id)
        if qs is None:
            return None
        return (qs.filter(organiser__slug=office) if office else qs).select_related("organiser")

    return records


def _attended(series: str, office: str | None = None):
    """The registrations checked in at those events: the records behind `events.participants.*`."""
    held = _held(series, office)

    def records(*, year, quarter, organisation_id):
        events = held(year=year, quarter=quarter, organisation_id=organisation_id)
        if events is None:
            return None
        return Registration.objects.filter(event__in=events, checked_in_at__isnull=False).select_related(
            "event", "person")

    return records


for _series in SESSION_SERIES:
    register_count(f"events.sessions.{_series}", _held(_series), dated="starts_at", counts=(EVENT, _series))
for _series in PARTICIPANT_SERIES:
    register_count(f"events.participants.{_series}", _attended(_series), dated="event__starts_at",
                   counts=(EVENT, _series))
for _series, _offices in BY_OFFICE.items():
    for _office in _offices:
        register_count(f"events.sessions.{_series}.{_office}", _held(_series, _office), dated="starts_at",
                       counts=(EVENT, _series))
        register_count(f"events.participants.{_series}.{_office}", _attended(_series, _office),
                       dated="event__starts_at", counts=(EVENT, _series))


OFFICE_BOOTHS = ("nyc", "lon", "sin", "sel", "syd", "bej", "par")
BOOTH_SERIES = ("overseas", "food_fair", *OFFICE_BOOTHS)
# The joint booths abroad (programme 1-4) are all of them: those of headquarters' fairs ("overseas") and those each
# office runs at its own events (tagged with the office), which the offices' programmes count again on their own.
_INCLUDED = {"overseas": ("overseas", *OFFICE_BOOTHS)}


def _booth_exhibitors(series: str):
    """The co-exhibitors selected for the series' booths: the records behind `events.booth_participants.*`."""

    def records(*, year, quarter, organisation_id):
        qs = _events_any(year, quarter, organisation_id)
        if qs is None:
            return None
        return Exhibitor.objects.filter(booth__kpi_series__in=_INCLUDED.get(series, (series,)), booth__event__in=qs,
                                        status__in=[BoothStatus.SELECTED, BoothStatus.REPORTED]).select_related(
            "organisation", "booth__event")

    return records


def _events_any(year, quarter, organisation_id):
    scope = run_by(organisation_id, "organiser_id", kinds={OrgKind.OVERSEAS_OFFICE})
    if scope is None:
        return None
    return Event.objects.filter(scope, starts_at__range=period(year, quarter))


for _series in BOOTH_SERIES:
    register_count(f"events.booth_participants.{_series}", _booth_exhibitors(_series),
                   dated="booth__event__starts_at", counts=(BOOTH, _series))
