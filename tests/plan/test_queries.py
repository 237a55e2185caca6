from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.plan import queries
from kizuna.plan.enums import Aggregation, KPISource
from kizuna.plan.models import KPI

from .conftest import SEVEN
from .factories import AreaFactory, FiscalYearFactory, KPIEntryFactory, KPIFactory, ProgrammeFactory


@pytest.fixture
def fy(db):
    return FiscalYearFactory(year=2026)


def _row(board, kpi) -> queries.KPIRow:
    return next(row for row in board.kpi_rows if row.kpi.pk == kpi.pk)


def _entries(kpi, by, *figures):
    """figures: (quarter, value) or (quarter, value, organisation)."""
    for quarter, value, *org in figures:
        KPIEntryFactory(
            kpi=kpi,
            quarter=quarter,
            value=Decimal(value),
            organisation=org[0] if org else None,
            entered_by=by,
        )


def test_dashboard_kpi_without_registered_query_is_not_measured_not_zero(world, fy):
    kpi = KPIFactory(programme__area__fiscal_year=fy, source=KPISource.QUERY, query_key="grants.nobody.yet")
    row = _row(queries.dashboard(world.people["hq_staff"], fiscal_year=fy), kpi)
    assert (row.figure.value, row.figure.status, row.progress) == (None, queries.NOT_MEASURED, None)


def test_dashboard_kpi_with_registered_query_is_measured(world, fy):
    kpi = KPIFactory(programme__area__fiscal_year=fy, source=KPISource.QUERY, query_key=SEVEN, target=14)
    row = _row(queries.dashboard(world.people["hq_staff"], fiscal_year=fy), kpi)
    assert (row.figure.value, row.figure.status, row.progress) == (
        Decimal(7),
        queries.MEASURED,
        Decimal("50.0"),
    )


def test_dashboard_query_kpi_for_an_office_it_cannot_break_down(world, fy):
    kpi = KPIFactory(programme__area__fiscal_year=fy, source=KPISource.QUERY, query_key=SEVEN)
    board = queries.dashboard(world.people["hq_staff"], fiscal_year=fy, organisation=world.nyc)
    assert _row(board, kpi).figure == queries.Figure(None, queries.NOT_BROKEN_DOWN)


def test_dashboard_manual_kpi_without_figures_has_no_figure(world, fy):
    kpi = KPIFactory(programme__area__fiscal_year=fy)
    assert (
        _row(queries.dashboard(world.people["hq_staff"], fiscal_year=fy), kpi).figure.status
        == queries.NO_FIGURE
    )


@pytest.mark.parametrize(
    "aggregation, year_value",
    [
        (Aggregation.SUM, Decimal("60")),
        (Aggregation.LATEST, Decimal("30")),
        (Aggregation.AVERAGE, Decimal("20")),
    ],
)
def test_dashboard_manual_kpi_aggregates_the_quarters(world, fy, aggregation, year_value):
    kpi = KPIFactory(programme__area__fiscal_year=fy, aggregation=aggregation)
    _entries(kpi, world.people["hq_staff"], (1, "10"), (2, "20"), (3, "30"))
    row = _row(queries.dashboard(world.people["hq_staff"], fiscal_year=fy), kpi)
    assert row.figure.value == year_value


def test_dashboard_quarter_shows_that_quarters_figure(world, fy):
    kpi = KPIFactory(programme__area__fiscal_year=fy)
    _entries(kpi, world.people["hq_staff"], (1, "10"), (2, "20"))
    board = queries.dashboard(world.people["hq_staff"], fiscal_year=fy, quarter=2)
    assert (_row(board, kpi).figure.value, _row(board, kpi).progress) == (Decimal("20"), Decimal("20.0"))


def test_dashboard_office_shows_only_that_offices_figures(world, fy):
    kpi = KPIFactory(programme__area__fiscal_year=fy)
    _entries(
        kpi, world.people["hq_staff"], (1, "10", world.nyc), (1, "5", world.tokyo_branch), (2, "7", world.nyc)
    )
    board = queries.dashboard(world.people["hq_staff"], fiscal_year=fy, organisation=world.nyc)
    assert _row(board, kpi).figure.value == Decimal("17")


def test_dashboard_overall_combines_offices_where_no_overall_figure_was_entered(world, fy):
    kpi = KPIFactory(programme__area__fiscal_year=fy)
    _entries(
        kpi,
        world.people["hq_staff"],
        (1, "10", world.nyc),
        (1, "5", world.tokyo_branch),
        (2, "100"),
        (2, "7", world.nyc),
    )
    quarters = queries.dashboard(world.people["hq_staff"], fiscal_year=fy, with_quarters=True)
    row = _row(quarters, kpi)
    assert ([row.quarters[q].value for q in (1, 2, 3)], row.figure.value) == (
        [Decimal("15"), Decimal("100"), None],
        Decimal("115"),
    )


def test_dashboard_overall_progress_caps_each_kpi_at_100(world, fy):
    over = KPIFactory(programme__area__fiscal_year=fy, target=10)
    half = KPIFactory(programme=over.programme, target=100)
    KPIFactory(programme=over.programme, source=KPISource.QUERY, query_key="nobody.registered")
    _entries(over, world.people["hq_staff"], (1, "30"))
    _entries(half, world.people["hq_staff"], (1, "50"))
    board = queries.dashboard(world.people["hq_staff"], fiscal_year=fy)
    assert (board.overall_progress, board.measured_count, board.not_measured_count) == (Decimal("75.0"), 2, 1)


def test_dashboard_responsible_keeps_only_the_offices_programmes(world, fy):
    mine = ProgrammeFactory(area__fiscal_year=fy)
    mine.offices.add(world.nyc)
    ProgrammeFactory(area=mine.area)
    board = queries.dashboard(world.people["hq_staff"], fiscal_year=fy, responsible=world.nyc)
    assert [p.programme for p in board.programme_rows] == [mine]


def _plan_with(n: int, fy, by):
    """n programmes, each with a manual KPI with figures, a registered query KPI and an unregistered one."""
    area = AreaFactory(fiscal_year=fy)
    for _ in range(n):
        programme = ProgrammeFactory(area=area)
        programme.offices.add(by.memberships.first().organisation)
        manual = KPIFactory(programme=programme)
        _entries(manual, by, (1, "10"), (2, "20"))
        KPIFactory(programme=programme, source=KPISource.QUERY, query_key=SEVEN)
        KPIFactory(programme=programme, source=KPISource.QUERY, query_key="not.registered")


def _count(func) -> int:
    with CaptureQueriesContext(connection) as context:
        func()
    return len(context.captured_queries)


def test_dashboard_query_count_is_the_same_for_one_and_three_programmes(world, fy):
    hq = world.people["hq_staff"]
    _plan_with(1, fy, hq)
    one = _count(lambda: queries.dashboard(hq, fiscal_year=fy, with_quarters=True))
    _plan_with(2, fy, hq)
    three = _count(lambda: queries.dashboard(hq, fiscal_year=fy, with_quarters=True))
    assert (one, KPI.objects.count()) == (three, 9)


def test_home_summary_is_empty_without_a_plan(world):
    assert queries.home_summary(world.people["municipality_staff"]) == {}


def test_home_summary_counts_measured_kpis(world, fy):
    kpi = KPIFactory(programme__area__fiscal_year=fy, target=40)
    KPIFactory(programme=kpi.programme, source=KPISource.QUERY, query_key="not.registered")
    _entries(kpi, world.people["hq_staff"], (1, "10"))
    summary = queries.home_summary(world.people["municipality_staff"])
    assert summary == {
        "label": fy.label,
        "year": 2026,
        "url": "/plan/2026/",
        "kpis": 2,
        "measured": 1,
        "not_measured": 1,
        "progress": Decimal("25.0"),
    }


def test_default_fiscal_year_is_the_latest_when_the_current_one_is_not_loaded(world):
    FiscalYearFactory(year=2019)
    latest = FiscalYearFactory(year=2020)
    assert queries.default_fiscal_year(world.people["municipality_staff"]) == latest


def test_figures_due_lists_manual_kpis_of_the_office_without_last_quarters_figure(world):
    from datetime import date

    from kizuna.plan.models import KPI, Area, FiscalYear, Programme
    from kizuna.plan.queries import figures_due
    from kizuna.plan.services import record_kpi_figure

    fy = FiscalYear.objects.create(year=2026)
    area = Area.objects.create(fiscal_year=fy, number=1, name="分野", name_en="Area")
    programme = Programme.objects.create(area=area, code="1-1", number=1, name="事業", name_en="Programme")
    programme.offices.add(world.nyc)
    due = KPI.objects.create(programme=programme, code="due", name="未入力", name_en="Due", unit="件",
                             unit_en="items", source="manual")
    done = KPI.objects.create(programme=programme, code="done", name="入力済", name_en="Done", unit="件",
                              unit_en="items", source="manual")
    record_kpi_figure(by=world.people["hq_staff"], kpi=done, quarter=2, value=3)
    november = date(2026, 11, 25)  # Q3: the last completed quarter is Q2
    assert figures_due(world.people["office_staff"], today=november) == [due]
    assert figures_due(world.people["branch_staff"], today=november) == []
    assert figures_due(world.people["municipality_staff"], today=november) == []
