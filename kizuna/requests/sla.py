"""Targets that count: first response and resolution, in the office's working time, paused while waiting."""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kizuna.core.models import CoveredCountry

from . import businesstime
from .enums import TARGETS, Status
from .models import OfficeHours

JST = ZoneInfo("Asia/Tokyo")
SOON_SECONDS = 4 * 3600  # "due soon": within half a working day
SHOWN_FORMAT = "%Y-%m-%d %H:%M"
LABELS = {"first_response": _("First response"), "resolution": _("Resolution")}
# How a list marks each state: (words, CSS class); a running or paused target is not marked
# (kizuna/requests/templatetags/requests_tables.py writes them).
MARKS = {"overdue": (_("Overdue"), "error"), "late": (_("Met late"), "error"), "soon": (_("Due soon"), "badge"),
         "met": (_("Met"), "badge badge-muted")}


@dataclass
class Target:
    label: str
    due: datetime | None  # None while paused
    met_at: datetime | None
    timezone: str

    @cached_property
    def local(self):
        return self.due.astimezone(ZoneInfo(self.timezone)) if self.due else None

    @cached_property
    def jst(self):
        return self.due.astimezone(JST) if self.due else None

    @cached_property
    def local_text(self) -> str:
        """The due moment in office time as lists show it (2026-12-01 17:30)."""
        return self.local.strftime(SHOWN_FORMAT) if self.due else ""

    @cached_property
    def jst_text(self) -> str:
        return self.jst.strftime(SHOWN_FORMAT) if self.due else ""

    @property
    def overdue(self) -> bool:
        if self.due is None:
            return False
        return (self.met_at or timezone.now()) > self.due

    @cached_property
    def state(self) -> str:
        if self.met_at:
            return "late" if self.overdue else "met"
        if self.due is None:
            return "paused"
        if self.overdue:
            return "overdue"
        return "soon" if (self.due - timezone.now()).total_seconds() < SOON_SECONDS else "running"


MEMO_SIZE = 50_000  # due moments kept per calendar and process


@lru_cache(maxsize=256)
def _calendar(country: str, zone: str, opens, closes, weekdays: frozenset) -> businesstime.Calendar:
    """One calendar per set of hours and country per process, so that its holidays and the due moments
    computed with it (`Calendar.memo`) serve every later page."""
    return businesstime.for_country(country, timezone=zone, opens=opens, closes=closes, weekdays=weekdays)


def calendars(offices) -> dict[int, businesstime.Calendar]:
    """The calendars of these offices, in two queries whatever their number."""
    offices = {o.pk: o for o in offices if o is not None}
    hours = {h.office_id: h for h in OfficeHours.objects.filter(office_id__in=offices)}
    countries = {}
    for c in CoveredCountry.objects.filter(office_id__in=offices).order_by("country"):
        countries.setdefault(c.office_id, c.country)
    found = {}
    for pk, office in offices.items():
        h = hours.get(pk) or OfficeHours()
        found[pk] = _calendar(h.holiday_country or countries.get(pk, ""), office.timezone or "Asia/Tokyo",
                              h.opens, h.closes, frozenset(h.weekdays or (0, 1, 2, 3, 4)))
    return found


def _due(calendar: businesstime.Calendar, start, seconds: int, pauses: tuple):
    """`businesstime.due_at`, remembered per calendar: a request's due moment only changes with its pauses."""
    key = (start, seconds, pauses)
    memo = calendar.memo
    if key not in memo:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[key] = businesstime.due_at(calendar, start, seconds, pauses)
    return memo[key]


def targets(request, calendar: businesstime.Calendar) -> list[Target]:
    """The request's targets; none before it reaches an office."""
    if request.routed_at is None or request.office_id is None:
        return []
    first, resolution = TARGETS[request.kind]
    pauses = request.pause_spans
    tz = calendar.timezone
    return [
        Target("first_response", _due(calendar, request.routed_at, first, ()), request.first_response_at, tz),
        Target("resolution", _due(calendar, request.routed_at, resolution, pauses), request.answered_at, tz),
    ]


def annotate(requests) -> list:
    """Attach `.targets` and `.overdue` to each request (or `queries.Row`) of a list, their offices attached
    (and, for model instances, their pauses prefetched)."""
    requests = list(requests)
    cals = calendars(r.office for r in requests)
    for r in requests:
        r.targets = targets(r, cals[r.office_id]) if r.office_id else []
        r.overdue = any(t.state in {"overdue", "late"} for t in r.targets
                        if r.status in {Status.OPEN, Status.WAITING})
        r.due_soon = any(t.state == "soon" for t in r.targets)
    return requests


def expected_answer(request, calendar: businesstime.Calendar | None = None) -> datetime | None:
    """When the requester may expect the answer: the resolution target once the request is at an office;
    before that (a research request on its way through the branch and headquarters) the target counted from
    when it was filed, at the office that covers its country. None when no office covers it. `calendar`: the
    office's, when the caller has it already (the request's page)."""
    if request.routed_at is not None and request.office_id is not None:
        calendar = calendar or calendars([request.office])[request.office_id]
        return targets(request, calendar)[1].due
    covered = CoveredCountry.objects.select_related("office").filter(country=request.country).first()
    if covered is None:
        return None
    calendar = calendars([covered.office])[covered.office_id]
    return _due(calendar, request.submitted_at or timezone.now(), TARGETS[request.kind][1], ())


def later_than_wanted(request, expected: datetime | None) -> bool:
    """Whether the expected answer falls after the date the requester asked for (in Japan's calendar)."""
    return bool(request.wanted_by and expected and expected.astimezone(JST).date() > request.wanted_by)
