"""Targets that count: first response and resolution, in the office's working time, paused while waiting."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from kizuna.core.models import CoveredCountry

from . import businesstime
from .enums import TARGETS, Status
from .models import OfficeHours

JST = ZoneInfo("Asia/Tokyo")
SOON_SECONDS = 4 * 3600  # "due soon": within half a working day


@dataclass
class Target:
    label: str
    due: datetime | None  # None while paused
    met_at: datetime | None
    timezone: str

    @property
    def local(self):
        return self.due.astimezone(ZoneInfo(self.timezone)) if self.due else None

    @property
    def jst(self):
        return self.due.astimezone(JST) if self.due else None

    @property
    def overdue(self) -> bool:
        if self.due is None:
            return False
        return (self.met_at or timezone.now()) > self.due

    @property
    def state(self) -> str:
        if self.met_at:
            return "late" if self.overdue else "met"
        if self.due is None:
            return "paused"
        if self.overdue:
            return "overdue"
        return "soon" if (self.due - timezone.now()).total_seconds() < SOON_SECONDS else "running"


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
        found[pk] = businesstime.for_country(
            h.holiday_country or countries.get(pk, ""), timezone=office.timezone or "Asia/Tokyo",
            opens=h.opens, closes=h.closes, weekdays=frozenset(h.weekdays or (0, 1, 2, 3, 4)))
    return found


def targets(request, calendar: businesstime.Calendar) -> list[Target]:
    """The request's targets; none before it reaches an office."""
    if request.routed_at is None or request.office_id is None:
        return []
    first, resolution = TARGETS[request.kind]
    pauses = [(p.started_at, p.ended_at) for p in request.pauses.all()]
    tz = calendar.timezone
    return [
        Target("first_response", businesstime.due_at(calendar, request.routed_at, first), request.first_response_at,
               tz),
        Target("resolution", businesstime.due_at(calendar, request.routed_at, resolution, pauses),
               request.answered_at, tz),
    ]


def annotate(requests) -> list:
    """Attach `.targets` and `.overdue` to each request of a list (pauses must be prefetched)."""
    requests = list(requests)
    cals = calendars(r.office for r in requests)
    for r in requests:
        r.targets = targets(r, cals[r.office_id]) if r.office_id else []
        r.overdue = any(t.state in {"overdue", "late"} for t in r.targets
                        if r.status in {Status.OPEN, Status.WAITING})
        r.due_soon = any(t.state == "soon" for t in r.targets)
    return requests
