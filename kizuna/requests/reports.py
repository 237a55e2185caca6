"""Reports per office and kind: how many requests reached the offices, how many met their targets, how long the
first response and the resolution took, how satisfied the requesters were month by month, and the staff's time.

One period (a fiscal year or one of its quarters), the offices a person may see (headquarters all, an office its
own), optionally one office and one kind. The figures, all read in a fixed number of queries:

- volume: requests that reached an office in the period (`routed_at`), and how many of them are answered;
- SLA attainment: of their targets (first response, resolution; `sla.py`) whose outcome is known (met, met late,
  or past due and still open; not those declined or withdrawn), the share met in time;
- time to first response and to resolution: working hours of the office (its hours and public holidays; the
  resolution without the time the request waited for the requester), median and mean;
- satisfaction: ratings (1–5) of the requests answered in the period, by month of the answer: how many, the mean,
  and the share satisfied (4 or 5);
- workload: the minutes staff recorded in the period on the office's requests (kizuna.requests.queries)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from statistics import mean, median

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import pgettext

from kizuna.core.charts import bars
from kizuna.core.fiscal import fiscal_year_bounds, quarter_bounds

from . import businesstime, sla
from .enums import Kind, Status
from .models import Message, Request

SATISFIED = 4  # of the 1–5 rating: 4 (satisfied) and 5 (very satisfied), as the plan's KPI counts


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _hours(values: list[float], how) -> float | None:
    return round(how(values), 1) if values else None


@dataclass
class Figures:
    """The figures of one office, one kind, or all."""

    key: str
    label: str
    volume: int = 0
    answered: int = 0
    first_met: int = 0
    first_known: int = 0
    resolution_met: int = 0
    resolution_known: int = 0
    first_hours: list = field(default_factory=list)
    resolution_hours: list = field(default_factory=list)
    ratings: list = field(default_factory=list)
    minutes: int = 0

    @property
    def first_pct(self): return _pct(self.first_met, self.first_known)

    @property
    def resolution_pct(self): return _pct(self.resolution_met, self.resolution_known)

    @property
    def first_median(self): return _hours(self.first_hours, median)

    @property
    def first_mean(self): return _hours(self.first_hours, mean)

    @property
    def resolution_median(self): return _hours(self.resolution_hours, median)

    @property
    def resolution_mean(self): return _hours(self.resolution_hours, mean)

    @property
    def rating_mean(self): return round(float(mean(self.ratings)), 2) if self.ratings else None

    @property
    def satisfied_pct(self): return _pct(sum(r >= SATISFIED for r in self.ratings), len(self.ratings))

    @property
    def hours_spent(self): return round(self.minutes / 60, 1)

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "volume": self.volume, "answered": self.answered,
                "first_response_met_pct": self.first_pct, "resolution_met_pct": self.resolution_pct,
                "first_response_hours_median": self.first_median, "first_response_hours_mean": self.first_mean,
                "resolution_hours_median": self.resolution_median, "resolution_hours_mean": self.resolution_mean,
                "ratings": len(self.ratings), "rating_mean": self.rating_mean,
                "satisfied_pct": self.satisfied_pct, "minutes_spent": self.minutes}


@dataclass
class Month:
    month: date
    ratings: list = field(default_factory=list)

    @property
    def rated(self): return len(self.ratings)

    @property
    def rating_mean(self): return round(float(mean(self.ratings)), 2) if self.ratings else None

    @property
    def satisfied_pct(self): return _pct(sum(r >= SATISFIED for r in self.ratings), len(self.ratings))

    @property
    def bar_pct(self):
        """The bar's length: the mean of 5."""
        return round(self.rating_mean * 20) if self.ratings else 0


@dataclass
class Report:
    year: int
    quarter: int | None
    start: date
    end: date
    total: Figures
    by_office: list
    by_kind: list
    months: list

    @property
    def volume_bars(self) -> list[dict]:
        """The volume per office as core/_bars.html draws it (the share of the largest)."""
        return bars((f.label, f.volume) for f in self.by_office)


def period_dates(year: int, quarter: int | None) -> tuple[date, date]:
    return quarter_bounds(year, quarter) if quarter else fiscal_year_bounds(year)


def _moments(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end, time.max), tz))


def _months(start: date, end: date) -> list[Month]:
    found, day = [], start
    while day <= end:
        found.append(Month(day))
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return found


def _count(figures: Figures, request, calendar: businesstime.Calendar) -> None:
    figures.volume += 1
    figures.answered += request.answered_at is not None
    if request.status in {Status.DECLINED, Status.WITHDRAWN}:
        return  # no target is missed by a request declined or withdrawn
    first, resolution = sla.targets(request, calendar)
    for target, met, known in ((first, "first_met", "first_known"),
                               (resolution, "resolution_met", "resolution_known")):
        if target.state in {"met", "late", "overdue"}:
            setattr(figures, known, getattr(figures, known) + 1)
            setattr(figures, met, getattr(figures, met) + (target.state == "met"))
    if request.first_response_at:
        figures.first_hours.append(businesstime.elapsed(calendar, request.routed_at, request.first_response_at)
                                   / 3600)
    if request.answered_at:
        figures.resolution_hours.append(businesstime.elapsed(calendar, request.routed_at, request.answered_at,
                                                             request.pause_spans) / 3600)


def build(*, offices, year: int, quarter: int | None = None, kind: str = "") -> Report:
    """The report over `offices` (Organisation instances the person may see, already narrowed to one when
    asked) for the period, for one `kind` or all."""
    offices = list(offices)
    start, end = period_dates(year, quarter)
    first_moment, last_moment = _moments(start, end)
    scope = {"office__in": offices, **({"kind": kind} if kind else {})}
    total = Figures("", pgettext("report", "Total"))
    by_office = {o.pk: Figures(str(o.pk), o.display_name) for o in offices}
    kinds = [Kind(kind)] if kind else list(Kind)
    by_kind = {k.value: Figures(k.value, str(k.label)) for k in kinds}
    calendars = sla.calendars(offices)
    routed = (Request.objects.filter(**scope, routed_at__gte=first_moment, routed_at__lte=last_moment)
              .only("pk", "kind", "office_id", "routed_at", "first_response_at", "answered_at", "status")
              .prefetch_related("pauses").order_by())
    for r in routed:
        for figures in (total, by_office[r.office_id], by_kind[r.kind]):
            _count(figures, r, calendars[r.office_id])
    months = {m.month: m for m in _months(start, end)}
    rated = (Request.objects.filter(**scope, rating__isnull=False, answered_at__gte=first_moment,
                                    answered_at__lte=last_moment).values_list("office_id", "kind", "answered_at",
                                                                              "rating"))
    for office_id, k, answered_at, rating in rated:
        local = timezone.localtime(answered_at).date()
        months[local.replace(day=1)].ratings.append(rating)
        for figures in (total, by_office[office_id], by_kind[k]):
            figures.ratings.append(rating)
    spent = (Message.objects.filter(**{f"request__{k}": v for k, v in scope.items()}, minutes__isnull=False,
                                    created_at__gte=first_moment, created_at__lte=last_moment)
             .values("request__office", "request__kind").annotate(total=Sum("minutes")).order_by())
    for row in spent:
        for figures in (total, by_office[row["request__office"]], by_kind[row["request__kind"]]):
            figures.minutes += row["total"]
    return Report(year, quarter, start, end, total, list(by_office.values()), list(by_kind.values()),
                  list(months.values()))
