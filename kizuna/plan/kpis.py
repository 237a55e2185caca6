"""KPIs measured by Kizuna: each app registers a query under a key that the plan data refers to.

A query is `func(*, year: int, quarter: int | None, organisation_id: int | None) -> Decimal | int | None`.
`quarter=None` means the whole fiscal year; `organisation_id` restricts to one office or branch (a query
that cannot be broken down that way returns None, shown as "not broken down"). A KPI whose key has no
registered query is "not yet measured" — never 0. `period`, `run_by` and `served_by` below are the one
definition of a query's period and breakdown.
"""

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_bounds, quarter_bounds
from kizuna.core.models import Organisation

_REGISTRY: dict[str, Callable] = {}
# What a query counts when records are tagged with a series (`Event.kpi_series`, `Booth.kpi_series`):
# {"event": {"economic_seminar": {"events.sessions.economic_seminar", ...}}, "booth": {...}}
_SERIES: dict[str, dict[str, set[str]]] = {}


# The records a query's figure comes from: key → func(*, year, quarter, organisation_id) -> QuerySet | None.
_RECORDS: dict[str, Callable] = {}
# Counts and sums whose records fall in the period by one date (`dated`): key → (records, dated, summed field or
# None). Their four quarters come from one grouped query (`by_quarter`), and the year is the quarters' total.
_DATED: dict[str, tuple[Callable, str, str | None]] = {}
QUARTERS = (1, 2, 3, 4)


def register_kpi(key: str, *, counts: tuple[str, str] | None = None, records: Callable | None = None):
    """Register `func` as the query of `key`.

    `counts=(what, series)` declares that it counts the records of `what` ("event", "booth") tagged with
    `series`: the forms offer only the series that a KPI of the plan counts, so that a typo cannot silently drop
    a record from the plan. `records` (same arguments as the query, returns a queryset or None) gives the records
    the figure is computed from, for the KPI's drill-down page; the query should be computed from it."""

    def decorator(func):
        if key in _REGISTRY and _REGISTRY[key] is not func:
            raise ValueError(f"KPI query {key!r} registered twice")
        _REGISTRY[key] = func
        if records is not None:
            _RECORDS[key] = records
        if counts is not None:
            what, series = counts
            _SERIES.setdefault(what, {}).setdefault(series, set()).add(key)
        return func

    return decorator


def counted_series(what: str) -> dict[str, frozenset[str]]:
    """Every series of `what` that some registered query counts, with the keys of those queries."""
    return {series: frozenset(keys) for series, keys in sorted(_SERIES.get(what, {}).items())}


def get_query(key: str) -> Callable | None:
    return _REGISTRY.get(key)


def get_records(key: str) -> Callable | None:
    return _RECORDS.get(key)


def counting(records: Callable) -> Callable:
    """The query that counts what `records` returns (None stays None: not broken down)."""

    def kpi(*, year, quarter=None, organisation_id=None):
        found = records(year=year, quarter=quarter, organisation_id=organisation_id)
        return None if found is None else found.count()

    return kpi


def register_count(key: str, records: Callable, *, dated: str | None = None,
                   counts: tuple[str, str] | None = None) -> Callable:
    """Register the query of `key` as the number of `records`, with those records as its drill-down. `dated` names
    the date (a field or annotation of the records, or a path to one) by which `records` keep the period: the
    four quarters are then counted in one query (`by_quarter`)."""
    func = register_kpi(key, counts=counts, records=records)(counting(records))
    if dated:
        _DATED[key] = (records, dated, None)
    return func


def register_sum(key: str, records: Callable, field: str, *, dated: str | None = None) -> Callable:
    """Register the query of `key` as the sum of `field` over `records` (0 when there are none), with those
    records as its drill-down; `dated` as for `register_count`."""

    def kpi(*, year, quarter=None, organisation_id=None):
        found = records(year=year, quarter=quarter, organisation_id=organisation_id)
        return None if found is None else found.aggregate(total=Sum(field))["total"] or 0

    func = register_kpi(key, records=records)(kpi)
    if dated:
        _DATED[key] = (records, dated, field)
    return func


def is_dated(key: str) -> bool:
    return key in _DATED


def by_quarter(key: str, *, year: int, organisation_id: int | None) -> dict[int, int | Decimal] | None:
    """Q1–Q4 of a dated count or sum from one query grouped by the quarter its records' date falls in: the same
    figures as its query run for each quarter, for a quarter of the price (None: not broken down). The year's
    records are every quarter's, so their total is the year's figure."""
    records, dated, summed = _DATED[key]
    found = records(year=year, quarter=None, organisation_id=organisation_id)
    if found is None:
        return None
    quarter = Case(*(When(**{f"{dated}__lte": period(year, q)[1]}, then=Value(q)) for q in QUARTERS[:-1]),
                   default=Value(QUARTERS[-1]), output_field=IntegerField())
    rows = (found.order_by().annotate(_quarter=quarter).values("_quarter")
            .annotate(_figure=Sum(summed) if summed else Count("pk")).values_list("_quarter", "_figure"))
    figures = dict.fromkeys(QUARTERS, 0)
    figures.update((q, figure or 0) for q, figure in rows)
    return figures


def registered_keys() -> list[str]:
    return sorted(_REGISTRY)


# -- the period and the breakdown every query needs: one definition ----------------------------------------------

def period_dates(year: int, quarter: int | None) -> tuple[date, date]:
    """First and last day of the fiscal year, or of one of its quarters."""
    return quarter_bounds(year, quarter) if quarter else fiscal_year_bounds(year)


def period(year: int, quarter: int | None) -> tuple[datetime, datetime]:
    """The period as aware moments, from the first moment of its first day to the last of its last day."""
    start, end = period_dates(year, quarter)
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end, time.max), tz))


def run_by(organisation_id: int | None, field: str, kinds) -> Q | None:
    """Records of the offices that run them: all for CLAIR as a whole (no organisation, or headquarters); the
    organisation's own (`field` = its id) when it is of one of `kinds`; None (not broken down) otherwise."""
    if organisation_id is None:
        return Q()
    kind = Organisation.objects.filter(pk=organisation_id).values_list("kind", flat=True).first()
    if kind == OrgKind.HEADQUARTERS:
        return Q()
    if kind in kinds:
        return Q(**{field: organisation_id})
    return None


def served_by(organisation_id: int | None, prefix: str = "") -> Q | None:
    """Local governments (`prefix` leads to one: "applicant__") that an organisation's figures cover: all for CLAIR
    as a whole; a branch → its prefecture (and everything in it) or its designated city (and its wards); None
    (not broken down) for any other organisation."""
    if organisation_id is None:
        return Q()
    org = Organisation.objects.filter(pk=organisation_id).select_related("local_government").first()
    if org is None:
        return None
    if org.kind == OrgKind.HEADQUARTERS:
        return Q()
    served = org.local_government if org.kind == OrgKind.BRANCH else None
    if served is None:
        return None
    if served.kind == OrgKind.PREFECTURE:
        return Q(**{f"{prefix}prefecture_id": served.pk}) | Q(**{f"{prefix}pk": served.pk})
    return Q(**{f"{prefix}pk": served.pk}) | Q(**{f"{prefix}parent_id": served.pk})
