"""Reads of the plan reused by pages, the API, the Excel export and the organisation page.

The dashboard is fiscal year → areas → programmes → KPIs, each KPI with its target, actual and progress for a
quarter (April-based Q1–Q4) or the whole year, overall or for one office or branch. It costs a fixed number of
queries whatever the number of KPIs: the structure is prefetched and manual figures are loaded once; each
distinct registered KPI query runs once per period, a dated count or sum once for the year and its quarters (its own
queries are its app's business).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Value, When
from django.utils import timezone

from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import current_fiscal_year, fiscal_quarter, fiscal_year_of
from kizuna.core.models import Organisation
from kizuna.core.rules import working_orgs

from .enums import Aggregation, FigureStatus, KPISource
from .kpis import QUARTERS, by_quarter, counted_series, get_query, get_records, is_dated
from .models import KPI, Area, FiscalYear, KPIEntry, Programme, ProgrammeReport

MEASURED = "measured"
NOT_MEASURED = "not_measured"  # a query KPI whose query no app has registered yet: never shown as 0
NO_FIGURE = "no_figure"  # a manual KPI without figures for the period (or a query with nothing to say)
NOT_BROKEN_DOWN = "not_broken_down"  # the query cannot give a figure for one office or branch
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    status: str

    @property
    def measured(self) -> bool:
        return self.status == MEASURED


def progress_of(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual as a percentage of the target (one decimal), or None when either is missing."""
    if value is None or target is None or target <= 0:
        return None
    return (Decimal(value) * 100 / target).quantize(Decimal("0.1"))


@dataclass
class KPIRow:
    kpi: KPI
    figure: Figure
    quarters: dict[int, Figure] = field(default_factory=dict)  # only when asked for (exports, detail pages)

    @property
    def target(self) -> Decimal | None:
        return self.kpi.target

    @property
    def progress(self) -> Decimal | None:
        return progress_of(self.figure.value, self.kpi.target)

    @property
    def has_records(self) -> bool:
        """Whether the records behind the figure can be listed (the KPI's drill-down page)."""
        return has_records(self.kpi)

    @property
    def progress_bar(self) -> Decimal | None:
        """The progress capped at 100, for drawing a bar."""
        return None if self.progress is None else min(self.progress, Decimal(100))


@dataclass
class ProgrammeRow:
    programme: Programme
    kpis: list[KPIRow]
    report: "ProgrammeReport | None" = None  # its latest progress report in the year


@dataclass
class AreaRow:
    area: Area
    programmes: list[ProgrammeRow]

    @property
    def kpi_rows(self) -> list[KPIRow]:
        return [row for p in self.programmes for row in p.kpis]

    @property
    def measured_count(self) -> int:
        return sum(1 for row in self.kpi_rows if row.figure.status == MEASURED)

    @property
    def progress(self) -> Decimal | None:
        return mean_progress(self.kpi_rows)


def mean_progress(rows) -> Decimal | None:
    """The mean progress of the KPIs that have one, each capped at 100 so that one KPI far beyond its target
    does not hide others behind theirs."""
    bars = [row.progress_bar for row in rows if row.progress_bar is not None]
    return (sum(bars) / len(bars)).quantize(Decimal("0.1")) if bars else None


@dataclass
class Dashboard:
    fiscal_year: FiscalYear
    quarter: int | None
    organisation: Organisation | None
    areas: list[AreaRow]

    @property
    def kpi_rows(self) -> list[KPIRow]:
        return [row for area in self.areas for row in area.kpi_rows]

    @property
    def programme_rows(self) -> list[ProgrammeRow]:
        return [p for area in self.areas for p in area.programmes]

    def count(self, status: str) -> int:
        return sum(1 for row in self.kpi_rows if row.figure.status == status)

    @property
    def measured_count(self) -> int:
        return self.count(MEASURED)

    @property
    def not_measured_count(self) -> int:
        """KPIs without an actual for this view, whatever the reason (no query yet, no figures yet…)."""
        return len(self.kpi_rows) - self.measured_count

    @property
    def overall_progress(self) -> Decimal | None:
        return mean_progress(self.kpi_rows)


def _aggregate(aggregation: str, values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    if aggregation == Aggregation.AVERAGE:
        return (sum(values) / len(values)).quantize(CENT)
    return sum(values)


class Measure:
    """Computes figures for one fiscal year and an optional organisation from entries loaded once."""

    def __init__(self, year: int, organisation: Organisation | None, entries, figures: dict | None = None):
        """`figures`: the registered queries' figures for this year and organisation computed before (plan.cache),
        used and filled in."""
        self.year = year
        self.organisation = organisation
        self.entries = defaultdict(list)
        for entry in entries:
            self.entries[entry.kpi_id].append(entry)
        self._query_cache: dict = {} if figures is None else figures

    def figure(self, kpi: KPI, quarter: int | None) -> Figure:
        if kpi.source == KPISource.QUERY:
            return self._query(kpi.query_key, quarter)
        values = self.quarter_values(kpi)
        if quarter is not None:
            value = values.get(quarter)
        elif kpi.aggregation == Aggregation.LATEST:
            value = values[max(values)] if values else None
        else:
            value = _aggregate(kpi.aggregation, list(values.values()))
        return Figure(value, MEASURED if value is not None else NO_FIGURE)

    def _query(self, key: str, quarter: int | None) -> Figure:
        func = get_query(key)
        if func is None:
            return Figure(None, NOT_MEASURED)
        org_id = self.organisation.pk if self.organisation else None
        if is_dated(key):  # one grouped query gives the four quarters, and the year as their total
            if key not in self._query_cache:
                self._query_cache[key] = by_quarter(key, year=self.year, organisation_id=org_id)
            figures = self._query_cache[key]
            value = None if figures is None else figures[quarter] if quarter else sum(figures.values())
        else:
            if (key, quarter) not in self._query_cache:
                self._query_cache[key, quarter] = func(year=self.year, quarter=quarter, organisation_id=org_id)
            value = self._query_cache[key, quarter]
        if value is None:
            return Figure(None, NOT_BROKEN_DOWN if org_id else NO_FIGURE)
        return Figure(Decimal(value), MEASURED)

    def quarter_values(self, kpi: KPI) -> dict[int, Decimal]:
        """The current figure of each quarter. For one organisation: its own figures. Overall: the overall
        figure where one was entered, else the organisations' figures combined (summed, or averaged for KPIs
        that average)."""
        entries = self.entries.get(kpi.pk, [])
        if self.organisation is not None:
            return {e.quarter: e.value for e in entries if e.organisation_id == self.organisation.pk}
        overall = {e.quarter: e.value for e in entries if e.organisation_id is None}
        by_org = defaultdict(list)
        for e in entries:
            if e.organisation_id is not None and e.quarter not in overall:
                by_org[e.quarter].append(e.value)
        combined = {q: _aggregate(kpi.aggregation, values) for q, values in by_org.items()}
        return dict(sorted({**combined, **overall}.items()))

    def row(self, kpi: KPI, quarter: int | None, with_quarters: bool = False) -> KPIRow:
        quarters = {q: self.figure(kpi, q) for q in QUARTERS} if with_quarters else {}
        return KPIRow(kpi=kpi, figure=self.figure(kpi, quarter), quarters=quarters)


def fiscal_years(user):
    return FiscalYear.objects.visible_to(user).order_by("-year")


def default_fiscal_year(user) -> FiscalYear | None:
    """The current fiscal year's plan, or the latest one loaded."""
    years = fiscal_years(user)
    return years.filter(year=current_fiscal_year()).first() or years.first()


def clair_organisations(user):
    """Headquarters, overseas offices and branches, in that order: the dashboard's office filter."""
    order = Case(When(kind=OrgKind.HEADQUARTERS, then=Value(0)),
                 When(kind=OrgKind.OVERSEAS_OFFICE, then=Value(1)), default=Value(2),
                 output_field=IntegerField())
    return (Organisation.objects.visible_to(user).clair().filter(is_active=True)
            .order_by(order, "established", "local_government__code", "name"))


def _programmes(user, *, responsible=None, programme_ids=None):
    qs = Programme.objects.visible_to(user).order_by("number", "code").prefetch_related(
        "offices", Prefetch("kpis", queryset=KPI.objects.visible_to(user).order_by("order", "pk")),
    )
    if responsible is not None:
        qs = qs.filter(offices=responsible)
    if programme_ids is not None:
        qs = qs.filter(pk__in=programme_ids)
    return qs


def dashboard(user, *, fiscal_year: FiscalYear, quarter: int | None = None,
              organisation: Organisation | None = None, responsible: Organisation | None = None,
              programme_ids=None, with_quarters: bool = False, figures: dict | None = None) -> Dashboard:
    """The plan for a year with every KPI's figure. `organisation` restricts the figures to one office or
    branch; `responsible` keeps only the programmes that organisation runs; `with_quarters` adds Q1–Q4;
    `figures` are the registered queries' figures computed before for that year and organisation (plan.cache),
    used and filled in."""
    programmes = _programmes(user, responsible=responsible, programme_ids=programme_ids)
    areas = list(Area.objects.visible_to(user).filter(fiscal_year=fiscal_year).order_by("number")
                 .prefetch_related(Prefetch("programmes", queryset=programmes)))
    entries = (KPIEntry.objects.visible_to(user).counted()
               .filter(kpi__programme__area__fiscal_year=fiscal_year, kpi__source=KPISource.MANUAL)
               .only("kpi", "quarter", "organisation", "value"))
    measure = Measure(fiscal_year.year, organisation, entries, figures)
    reports = latest_reports(user, fiscal_year)
    rows = []
    for area in areas:
        programme_rows = [
            ProgrammeRow(p, [measure.row(k, quarter, with_quarters) for k in p.kpis.all()], reports.get(p.pk))
            for p in area.programmes.all()
        ]
        if programme_rows or (responsible is None and programme_ids is None):
            rows.append(AreaRow(area, programme_rows))
    return Dashboard(fiscal_year=fiscal_year, quarter=quarter, organisation=organisation, areas=rows)


def kpi_detail(user, kpi: KPI, *, organisation: Organisation | None = None) -> KPIRow:
    """One KPI's figure for the year and each quarter."""
    entries = KPIEntry.objects.visible_to(user).counted().filter(kpi=kpi)
    measure = Measure(kpi.programme.area.fiscal_year.year, organisation, entries)
    return measure.row(kpi, None, with_quarters=True)


def kpi_figure(user, kpi: KPI, *, quarter: int | None = None, organisation: Organisation | None = None) -> Figure:
    """One KPI's figure for one period (the year, or a quarter) and office, as `kpi_detail` gives it for that period:
    for a live KPI (the drill-down's) its query run for that period only, not for the other four; a KPI typed by
    hand reads its figures as `kpi_detail` does."""
    if kpi.source != KPISource.QUERY:
        row = kpi_detail(user, kpi, organisation=organisation)
        return row.quarters[quarter] if quarter else row.figure
    return Measure(kpi.programme.area.fiscal_year.year, organisation, ()).figure(kpi, quarter)


@dataclass
class KPIRecords:
    """The records a live KPI's figure is computed from, for one period and office: how many there are, and
    those the person may see (the rest are counted, never shown)."""

    counted: int
    visible: object  # a queryset, ordered

    @property
    def model(self):
        return self.visible.model


def has_records(kpi: KPI) -> bool:
    return kpi.source == KPISource.QUERY and get_records(kpi.query_key) is not None


def kpi_records(user, kpi: KPI, *, quarter: int | None = None,
                organisation: Organisation | None = None) -> KPIRecords | None:
    """The records behind a live KPI's figure; None when its query has none to show or cannot give them for
    the office (not broken down). Each app's records are filtered by that model's own policy."""
    func = get_records(kpi.query_key) if kpi.source == KPISource.QUERY else None
    if func is None:
        return None
    found = func(year=kpi.programme.area.fiscal_year.year, quarter=quarter,
                 organisation_id=organisation.pk if organisation else None)
    if found is None:
        return None
    visible = found.filter(pk__in=found.model.objects.visible_to(user).values("pk"))
    if not visible.ordered:
        visible = visible.order_by("-pk")
    return KPIRecords(counted=found.count(), visible=visible)


def kpi_history(user, kpi: KPI):
    """Every figure entered for a manual KPI, superseded ones included, newest first within each quarter."""
    return (KPIEntry.objects.visible_to(user).filter(kpi=kpi)
            .select_related("organisation", "entered_by", "signed_off_by")
            .order_by("quarter", "organisation__name", "-entered_at", "-pk"))


def kpis(user):
    return KPI.objects.visible_to(user).select_related("programme__area__fiscal_year")


def programmes(user):
    return Programme.objects.visible_to(user).select_related("area__fiscal_year")


def home_summary(user) -> dict:
    """The home page's line on the plan: {} when no plan is loaded."""
    fiscal_year = default_fiscal_year(user)
    if fiscal_year is None:
        return {}
    board = dashboard(user, fiscal_year=fiscal_year)
    return {
        "label": fiscal_year.label,
        "year": fiscal_year.year,
        "url": fiscal_year.get_absolute_url(),
        "kpis": len(board.kpi_rows),
        "measured": board.measured_count,
        "not_measured": board.not_measured_count,
        "progress": board.overall_progress,
    }


def figures_due(user, *, today=None) -> list[KPI]:
    """Manual KPIs of the programmes the person's office runs that have no figure yet for the last completed
    quarter (for all of CLAIR): the home page lists them as open items for CLAIR staff."""

    today = today or timezone.localdate()
    offices = working_orgs(user, {OrgKind.HEADQUARTERS, OrgKind.OVERSEAS_OFFICE, OrgKind.BRANCH})
    year, quarter = fiscal_year_of(today), fiscal_quarter(today) - 1
    if not offices or quarter == 0:
        return []
    has_figure = (KPIEntry.objects.current().exclude(status=FigureStatus.RETURNED)
                  .filter(kpi=OuterRef("pk"), quarter=quarter, organisation__isnull=True))
    return list(
        KPI.objects.visible_to(user)
        .filter(source=KPISource.MANUAL, programme__area__fiscal_year__year=year, programme__offices__in=offices)
        .exclude(Exists(has_figure))
        .select_related("programme").distinct().order_by("programme__area__number", "programme__number", "order")
    )


def series_in_plan(what: str, year: int | None = None) -> dict[str, list[KPI]]:
    """The series of `what` ("event", "booth") that the plan counts, each with the KPIs that count it: the plan
    of fiscal year `year` if it is loaded, else the latest plan. Without a plan that counts any of them (none
    loaded yet, or one still being drafted), every series a registered query counts, with no KPIs, so that
    records can still be tagged."""
    counted = counted_series(what)
    everything = {series: [] for series in counted}
    plans = FiscalYear.objects.order_by("-year")
    plan = (plans.filter(year=year).first() if year is not None else None) or plans.first()
    if plan is None:
        return everything
    keys = {key: series for series, keys in counted.items() for key in keys}
    found = defaultdict(list)
    for kpi in (KPI.objects.filter(programme__area__fiscal_year=plan, source=KPISource.QUERY,
                                   query_key__in=list(keys))
                .select_related("programme").order_by("programme__area__number", "programme__code", "order")):
        found[keys[kpi.query_key]].append(kpi)
    return dict(sorted(found.items())) or everything


def figures_to_sign_off(user) -> list[KPIEntry]:
    """Figures entered by someone else that the person may sign off and that wait for it (the home page)."""
    if not user.is_authenticated:
        return []
    return list(KPIEntry.objects.visible_to(user, "plan.sign_off_figure").current()
                .filter(status=FigureStatus.ENTERED).exclude(entered_by=user)
                .select_related("kpi__programme", "organisation").order_by("entered_at")[:50])


def programme_reports(user, programme: Programme) -> dict:
    """The current progress report of each quarter {quarter: report}, and all of them newest first."""
    reports = list(ProgrammeReport.objects.visible_to(user).filter(programme=programme)
                   .select_related("reported_by").order_by("quarter", "-reported_at", "-pk"))
    return {"current": {r.quarter: r for r in reports if r.superseded_at is None}, "all": reports}


def latest_reports(user, fiscal_year: FiscalYear) -> dict[int, ProgrammeReport]:
    """Each programme's latest current report in the year (the latest quarter reported): {programme id: report}."""
    latest = {}
    for report in (ProgrammeReport.objects.visible_to(user).current()
                   .filter(programme__area__fiscal_year=fiscal_year).order_by("programme_id", "quarter")):
        latest[report.programme_id] = report
    return latest
