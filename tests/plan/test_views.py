import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.plan.models import KPI, KPIEntry, Programme
from tests.factories import arrange_update
from tests.plan.factories import counted_figure

from .conftest import english_client
from .factories import AreaFactory, FiscalYearFactory, KPIFactory, ProgrammeFactory


def _row_html(html: str, kpi) -> str:
    match = re.search(rf'<tr[^>]* data-kpi="{kpi.programme_id}/{kpi.code}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row for {kpi.code}"
    return match.group(0)


def _actual_cell(row_html: str) -> str:
    return re.findall(r'<td[^>]* class="num actual"[^>]*>(.*?)</td>', row_html, re.S)[0].strip()


@pytest.fixture
def forum(plan):
    return KPI.objects.get(programme__area__fiscal_year=plan, programme__code="5-4", code="forum")


def test_dashboard_shows_the_plan_to_municipality_staff(world, plan):
    response = english_client(world, "municipality_staff").get("/plan/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        re.findall(r'<h2 id="area-\d">(.*?)</h2>', html)[0]
        == "1. Supporting local governments&#x27; economic activities overseas"
    )
    assert html.count('data-testid="kpi-table"') == 7


def test_the_results_are_public_without_an_account(world, plan):
    response = world.client_for("anonymous").get("/plan/")
    html = response.content.decode()
    assert (response.status_code, html.count('data-testid="kpi-table"')) == (200, 7)
    assert "Download as Excel" not in html and "Excelでダウンロード" not in html  # the export stays CLAIR's


def test_dashboard_year_not_loaded_is_404(world, plan):
    assert world.client_for("hq_staff").get("/plan/2019/").status_code == 404


def test_dashboard_without_a_plan_says_so(world):
    response = world.client_for("hq_staff").get("/plan/")
    assert 'data-testid="no-plan"' in response.content.decode()


def test_dashboard_shows_a_kpi_without_query_as_not_yet_measured_never_zero(world, plan):
    # A key no app registers (the real keys fill in as their apps arrive).
    arrange_update(KPI.objects.filter(programme__code="1-1", code="seminar-participants"),
        source="query", query_key="tests.nothing_registers_this")
    kpi = KPI.objects.get(programme__code="1-1", code="seminar-participants")
    row = _row_html(english_client(world, "municipality_staff").get("/plan/2026/").content.decode(), kpi)
    assert 'data-status="not_measured"' in row
    assert re.sub(r"<[^>]+>", "", _actual_cell(row)).strip() == "Not yet measured"


def test_dashboard_shows_the_core_kpi_measured(world, plan):
    kpi = KPI.objects.get(query_key="core.local_governments_on_kizuna")
    row = _row_html(english_client(world, "hq_staff").get("/plan/2026/").content.decode(), kpi)
    assert re.sub(r"<[^>]+>", "", _actual_cell(row)).split() == ["3", "local", "governments"]


def test_dashboard_quarter_filter_shows_that_quarter(world, plan, forum):
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=3)
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=2, value=4)
    client = english_client(world, "hq_staff")
    year = _actual_cell(_row_html(client.get("/plan/2026/").content.decode(), forum))
    q2 = _actual_cell(_row_html(client.get("/plan/2026/?quarter=2").content.decode(), forum))
    assert (year.split()[0], q2.split()[0]) == ("7", "4")


def test_dashboard_office_filter_shows_that_offices_figures(world, plan, forum):
    counted_figure(world, by=world.people["office_staff"], kpi=forum, quarter=1, value=2, organisation=world.nyc)
    counted_figure(world,
        by=world.people["branch_staff"], kpi=forum, quarter=1, value=5, organisation=world.tokyo_branch
    )
    response = english_client(world, "hq_staff").get(f"/plan/2026/?office={world.nyc.pk}")
    assert _actual_cell(_row_html(response.content.decode(), forum)).split()[0] == "2"


def test_dashboard_office_filter_follows_renamed_and_closed_offices(world, plan):
    client = english_client(world, "municipality_staff")
    assert f'<option value="{world.nyc.pk}">{world.nyc.name_en}</option>' in client.get("/plan/").text
    world.nyc.name_en = "JLGC New York"
    world.nyc.save()
    world.tokyo_branch.is_active = False
    world.tokyo_branch.save()
    html = client.get(f"/plan/?office={world.nyc.pk}").text
    assert f'<option value="{world.nyc.pk}" selected>JLGC New York</option>' in html
    assert f'value="{world.tokyo_branch.pk}"' not in html


def test_dashboard_ignores_a_quarter_out_of_range(world, plan):
    response = world.client_for("hq_staff").get("/plan/2026/?quarter=9")
    assert (response.status_code, response.context["board"].quarter) == (200, None)


def _build(n: int, fy):
    area = AreaFactory(fiscal_year=fy)
    for _ in range(n):
        KPIFactory(programme=ProgrammeFactory(area=area))
        KPIFactory(programme=Programme.objects.filter(area=area).last(), source="query", query_key="none.yet")


def _count_get(client, url) -> int:
    """Queries of a page rendered from scratch (the dashboard's figures are otherwise cached)."""
    from django.core.cache import cache

    from kizuna.plan import cache as plan_cache

    cache.clear()
    plan_cache.clear_local()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_dashboard_page_query_count_is_the_same_for_one_and_three_programmes(world):
    fy = FiscalYearFactory(year=2026)
    client = world.client_for("hq_staff")
    _build(1, fy)
    one = _count_get(client, "/plan/2026/")
    _build(2, fy)
    assert _count_get(client, "/plan/2026/") == one


def test_programme_page_shows_its_kpis_by_quarter(world, plan, forum):
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=2, value=3)
    response = world.client_for("jet").get(f"/plan/programmes/{forum.programme_id}/")
    html = response.content.decode()
    assert (response.status_code, len(re.findall(r'data-quarter="2"[^>]*>3\s*</td>', html))) == (200, 1)


def test_programme_page_is_public_with_its_figures_but_not_who_entered_them(world, plan, forum):
    response = world.client_for("anonymous").get(f"/plan/programmes/{forum.programme_id}/")
    assert response.status_code == 200
    kpi_page = world.client_for("anonymous").get(forum.get_absolute_url())
    assert kpi_page.status_code == 200 and not kpi_page.context["show_people"] and kpi_page.context["form"] is None


def test_programme_page_missing_is_404(world, plan):
    assert world.client_for("hq_staff").get("/plan/programmes/999999/").status_code == 404


def test_kpi_page_shows_the_history_and_the_form_to_clair_staff(world, plan, forum):
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=3)
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=4)
    response = world.client_for("branch_staff").get(f"/plan/kpis/{forum.pk}/")
    html = response.content.decode()
    assert (
        html.count('data-current="no"'),
        html.count('data-current="yes"'),
        response.context["form"] is None,
    ) == (1, 1, False)


def test_kpi_page_draws_the_quarters_as_bars_beside_their_figures(world, plan, forum):
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=10)
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=2, value=5)
    html = world.client_for("branch_staff").get(f"/plan/kpis/{forum.pk}/").content.decode()
    trend = re.search(r'<svg class="trend".*?</svg>', html, re.S).group(0)
    heights = [int(h) for h in re.findall(r'<rect [^>]*height="(\d+)" class="bar', trend)]
    # Q1 fills the chart, Q2 half of it, Q3 and Q4 have no figure: no bar.
    assert (heights, trend.count("bar empty"), 'aria-hidden="true"' in trend) == ([19, 10, 0, 0], 2, True)
    assert "推移" in html


def test_dashboard_draws_each_kpis_quarters_named_with_their_figures(world, plan, forum):
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=1200)
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=3, value=600)
    for language, named in (("ja", "四半期別：Q1 1,200, Q2 なし, Q3 600, Q4 なし"),
                            ("en", "By quarter: Q1 1,200, Q2 none, Q3 600, Q4 none")):
        html = world.client_for("branch_staff").get("/plan/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        row = re.search(rf'<tr role="row" data-kpi="{forum.programme_id}/{forum.code}".*?</tr>', html, re.S).group(0)
        trend = re.search(r'<svg class="trend".*?</svg>', row, re.S).group(0)
        heights = [int(h) for h in re.findall(r'<rect [^>]*height="(\d+)" class="bar', trend)]
        assert (heights, f'role="img" aria-label="{named}"' in trend) == ([19, 0, 10, 0], True)
    # a KPI without figures draws nothing; the column is there for every row
    assert html.count('class="trend-cell"') == html.count('<tr role="row" data-kpi=')


def test_kpi_page_draws_no_trend_without_figures(world, plan, forum):
    html = world.client_for("branch_staff").get(f"/plan/kpis/{forum.pk}/").content.decode()
    assert '<svg class="trend"' not in html


def test_kpi_page_has_no_form_for_municipality_staff(world, plan, forum):
    response = world.client_for("municipality_staff").get(f"/plan/kpis/{forum.pk}/")
    assert (response.status_code, response.context["form"], response.context["show_people"]) == (
        200,
        None,
        False,
    )


def test_kpi_page_has_no_form_for_a_kpi_measured_by_query(world, plan):
    kpi = KPI.objects.get(query_key="core.local_governments_on_kizuna")
    response = world.client_for("hq_staff").get(f"/plan/kpis/{kpi.pk}/")
    assert (response.status_code, response.context["form"], response.context["history"]) == (200, None, [])


def test_record_kpi_page_records_a_figure(world, plan, forum):
    response = world.client_for("hq_staff").post(
        f"/plan/kpis/{forum.pk}/figures/", {"quarter": "2", "value": "1", "note": "April issue"}
    )
    entry = KPIEntry.objects.get(kpi=forum)
    assert (response.status_code, response.url, entry.quarter, entry.value) == (
        302,
        f"/plan/kpis/{forum.pk}/",
        2,
        Decimal("1.00"),
    )


def test_record_kpi_page_is_404_for_municipality_staff(world, plan, forum):
    response = world.client_for("municipality_staff").post(
        f"/plan/kpis/{forum.pk}/figures/", {"quarter": "2", "value": "1"}
    )
    assert (response.status_code, KPIEntry.objects.count()) == (404, 0)


def test_record_kpi_page_shows_errors_for_a_bad_figure(world, plan, forum):
    response = world.client_for("hq_staff").post(
        f"/plan/kpis/{forum.pk}/figures/", {"quarter": "2", "value": "-3"}
    )
    assert (response.status_code, list(response.context["form"].errors), KPIEntry.objects.count()) == (
        400,
        ["value"],
        0,
    )


def test_record_kpi_page_refuses_another_offices_figure(world, plan, forum):
    response = world.client_for("office_staff").post(
        f"/plan/kpis/{forum.pk}/figures/",
        {"quarter": "2", "value": "1", "organisation": world.tokyo_branch.pk},
    )
    assert (response.status_code, list(response.context["form"].errors)) == (400, ["organisation"])


def test_record_kpi_page_refuses_branch_staff_a_figure_for_clair_as_a_whole(world, plan, forum):
    overall = counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=2, value=5)
    response = world.client_for("branch_staff").post(f"/plan/kpis/{forum.pk}/figures/", {"quarter": "2", "value": "99"})
    assert (response.status_code, list(response.context["form"].errors),
            list(KPIEntry.objects.current().values_list("pk", flat=True))) == (400, ["organisation"], [overall.pk])


def test_record_kpi_page_offers_branch_staff_only_their_own_branch(world, plan, forum):
    field = world.client_for("branch_staff").get(f"/plan/kpis/{forum.pk}/").context["form"].fields["organisation"]
    assert [value for value, _label in field.choices] == [world.tokyo_branch.pk]


def test_record_kpi_page_records_branch_staffs_figure_for_their_branch(world, plan, forum):
    response = world.client_for("branch_staff").post(
        f"/plan/kpis/{forum.pk}/figures/", {"quarter": "2", "value": "3", "organisation": world.tokyo_branch.pk})
    entry = KPIEntry.objects.get(kpi=forum)
    assert (response.status_code, entry.organisation, entry.value) == (302, world.tokyo_branch, Decimal("3.00"))


def test_record_kpi_page_offers_headquarters_clair_as_a_whole(world, plan, forum):
    field = world.client_for("hq_staff").get(f"/plan/kpis/{forum.pk}/").context["form"].fields["organisation"]
    assert (field.required, list(field.choices)[0][0]) == (False, "")


def test_home_page_shows_the_plan_summary(world, plan):
    response = world.client_for("municipality_staff").get("/")
    [panel] = [p for p in response.context["contributions"].panels if p["template"] == "plan/_home_panel.html"]
    assert panel["context"]["summary"]["kpis"] == 127
    assert 'data-testid="plan-summary"' in response.content.decode()


def test_organisation_page_shows_the_programmes_an_office_runs(world, plan):
    response = english_client(world, "municipality_staff").get(f"/organisations/{world.nyc.pk}/")
    html = response.content.decode()
    assert "Japan Furusato Food Fair in New York City" in html
    assert "Inter-regional exchange conferences" not in html


def test_organisation_page_has_no_plan_section_for_anonymous_people(world, plan):
    response = world.client_for("anonymous").get(f"/organisations/{world.nyc.pk}/")
    assert (response.status_code, response.context["sections"]) == (200, [])


def test_organisation_page_of_a_municipality_has_no_plan_section(world, plan):
    response = world.client_for("hq_staff").get(f"/organisations/{world.chiyoda.pk}/")
    assert response.context["sections"] == []


def test_dashboard_shows_a_new_figure_at_once_although_figures_are_cached(
        world, django_capture_on_commit_callbacks):
    fy = FiscalYearFactory(year=2026)
    _build(1, fy)
    kpi = KPI.objects.filter(programme__area__fiscal_year=fy, source="manual").first()
    client = world.client_for("hq_staff")
    before = client.get("/plan/2026/").content.decode()
    with CaptureQueriesContext(connection) as cached:
        client.get("/plan/2026/")
    with django_capture_on_commit_callbacks(execute=True):
        counted_figure(world, by=world.people["hq_staff"], kpi=kpi, quarter=1, value=1234)
    after = client.get("/plan/2026/").content.decode()
    assert ("1,234" in before, "1,234" in after) == (False, True)
    assert len(cached.captured_queries) < _count_get(client, "/plan/2026/")



def test_dashboard_opens_with_each_areas_progress_linking_down_to_it(world, plan):
    board_html = english_client(world, "hq_staff").get("/plan/2026/").content.decode()
    chart = board_html[board_html.index('data-testid="chart-areas"'):board_html.index("</figure>",
                                                                                   board_html.index('data-testid="chart-areas"'))]
    rows = re.findall(r'<tr data-area="(\d)">(.*?)</tr>', chart, re.S)
    assert [n for n, _row in rows] == [str(n) for n in range(1, 8)]
    assert all(f'href="#area-{n}"' in row for n, row in rows)
    # The chart comes before the areas' tables, and every figure in it has its words beside the bar.
    assert board_html.index('data-testid="chart-areas"') < board_html.index('id="area-1"')
    assert all(("%" in row) or ("Nothing measured yet" in row) for _n, row in rows)


def _main(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def test_anonymous_visitors_get_the_results_pages_kept_and_a_counted_figure_at_once(
        world, plan, forum, django_capture_on_commit_callbacks):
    anonymous, staff = world.client_for("anonymous"), world.client_for("hq_staff")
    urls = [forum.get_absolute_url(), f"/plan/programmes/{forum.programme_id}/"]
    pages, queries = {}, {}
    for url in urls:
        for visit in ("first", "kept"):
            with CaptureQueriesContext(connection) as context:
                pages[url, visit] = _main(anonymous.get(url))
            queries[url, visit] = len(context.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=2, value=41)
    for url in urls:
        assert pages[url, "kept"] == pages[url, "first"] and queries[url, "kept"] < queries[url, "first"]
        assert not re.search(r">\s*41\s*<", pages[url, "first"]) and re.search(r">\s*41\s*<", _main(anonymous.get(url)))
    # signed-in people get theirs rendered each time: who entered a figure, and the forms, are theirs to see
    assert 'name="value"' in staff.get(urls[0]).content.decode()
    assert 'name="value"' not in anonymous.get(urls[0]).content.decode()


def test_the_views_of_one_office_share_its_live_figures_computed_once(world, plan, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    """The whole year, a quarter, the other language and the API of one office read the live KPIs' figures
    computed for the first of them; another office has its own; a figure recorded computes them again."""
    from django.core.cache import cache

    from kizuna.plan import cache as plan_cache
    from kizuna.plan import queries

    cache.clear()
    plan_cache.clear_local()
    computed, grouped = [], queries.by_quarter

    def counting(key, **kwargs):
        computed.append(kwargs["organisation_id"])
        return grouped(key, **kwargs)

    monkeypatch.setattr(queries, "by_quarter", counting)
    client = world.client_for("hq_staff")
    client.get("/plan/2026/")
    first = len(computed)
    client.get("/plan/2026/?quarter=2")
    client.get("/plan/2026/?quarter=3", HTTP_ACCEPT_LANGUAGE="en")
    world.client_for("anonymous").get("/api/v1/plan/2026?quarter=1")
    assert (first > 0, len(computed)) == (True, first)
    client.get(f"/plan/2026/?office={world.nyc.pk}")
    assert set(computed[first:]) == {world.nyc.pk}
    with django_capture_on_commit_callbacks(execute=True):
        counted_figure(world, by=world.people["hq_staff"], kpi=KPI.objects.filter(
            programme__area__fiscal_year=plan, source="manual").first(), quarter=1, value=5)
    before = len(computed)
    client.get("/plan/2026/?quarter=2")
    assert len(computed) - before == first
    # the next 30-second slice computes them again, for the views and the API alike
    monkeypatch.setattr(plan_cache, "generation", lambda: 1)
    before = len(computed)
    client.get("/plan/2026/?quarter=2")
    world.client_for("anonymous").get("/api/v1/plan/2026?quarter=1")
    assert len(computed) - before == first
