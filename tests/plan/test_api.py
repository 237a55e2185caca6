from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.plan.models import KPI
from tests.audit_helpers import logged
from tests.factories import arrange_update
from tests.plan.factories import counted_figure

from .factories import AreaFactory, FiscalYearFactory, KPIFactory, ProgrammeFactory


def _kpi(data: dict, programme_code: str, kpi_code: str) -> dict:
    programmes = [p for area in data["areas"] for p in area["programmes"]]
    programme = next(p for p in programmes if p["code"] == programme_code)
    return next(k for k in programme["kpis"] if k["code"] == kpi_code)


def test_api_fiscal_years_lists_the_loaded_plans(world, plan):
    response = world.client_for("jet").get("/api/v1/plan/years")
    assert response.json() == [
        {
            "year": 2026,
            "label": "令和8年度（2026年度）",
            "reiwa": "令和8年度",
            "title": "令和8年度事業計画",
            "title_en": "FY2026 Business Plan",
        }
    ]


def test_api_plan_results_are_public(world, plan):
    response = world.client_for("anonymous").get("/api/v1/plan/2026")
    assert (response.status_code, response.json()["kpis"]) == (200, 127)


def test_api_dashboard_gives_areas_programmes_and_kpis(world, plan):
    data = world.client_for("municipality_staff").get("/api/v1/plan/2026").json()
    assert ([a["number"] for a in data["areas"]], data["kpis"], data["quarter"]) == (
        [1, 2, 3, 4, 5, 6, 7],
        127,
        None,
    )


def test_api_dashboard_kpi_not_yet_measured_is_null_not_zero(world, plan):
    from kizuna.plan.models import KPI

    # A key no app registers (the real keys fill in as their apps arrive).
    arrange_update(KPI.objects.filter(programme__code="1-2", code="dispatches"),
        source="query", query_key="tests.nothing_registers_this")
    data = world.client_for("municipality_staff").get("/api/v1/plan/2026").json()
    kpi = _kpi(data, "1-2", "dispatches")
    assert (kpi["actual"], kpi["measured"], kpi["status"], kpi["progress"], kpi["target"]) == (
        None,
        False,
        "not_measured",
        None,
        40.0,
    )


def test_api_dashboard_core_kpi_is_measured(world, plan):
    kpi = _kpi(world.client_for("hq_staff").get("/api/v1/plan/2026").json(), "5-4", "lgs-on-kizuna")
    # The world's Chiyoda, Minato and Tokyo have working members; the target is 500.
    assert (kpi["actual"], kpi["measured"], kpi["progress"]) == (3.0, True, 0.6)


def test_api_dashboard_quarter_and_office(world, plan):
    forum = KPI.objects.get(programme__code="5-4", code="forum")
    counted_figure(world, by=world.people["office_staff"], kpi=forum, quarter=2, value=2, organisation=world.nyc)
    counted_figure(world, by=world.people["office_staff"], kpi=forum, quarter=3, value=4, organisation=world.nyc)
    response = world.client_for("hq_staff").get("/api/v1/plan/2026", {"quarter": 3, "office": world.nyc.pk})
    data = response.json()
    assert (data["quarter"], data["office_id"], _kpi(data, "5-4", "forum")["actual"]) == (
        3,
        world.nyc.pk,
        4.0,
    )


def test_api_dashboard_is_kept_for_callers_without_an_account_and_shows_a_counted_figure_at_once(
        world, plan, django_capture_on_commit_callbacks):
    forum = KPI.objects.get(programme__code="5-4", code="forum")
    client, asked, queries = world.client_for("anonymous"), {"quarter": 2, "office": world.nyc.pk}, []
    answers = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as context:
            answers.append(client.get("/api/v1/plan/2026", asked).json())
        queries.append(len(context.captured_queries))  # read now: the next request starts a new log
    with django_capture_on_commit_callbacks(execute=True):
        counted_figure(world, by=world.people["office_staff"], kpi=forum, quarter=2, value=2, organisation=world.nyc)
    after = client.get("/api/v1/plan/2026", asked).json()
    assert (answers[1] == answers[0], queries[1] < queries[0] / 5) == (True, True)
    assert (_kpi(answers[0], "5-4", "forum")["actual"], _kpi(after, "5-4", "forum")["actual"]) == (None, 2.0)


def test_api_dashboard_refuses_a_quarter_out_of_range(world, plan):
    assert world.client_for("hq_staff").get("/api/v1/plan/2026", {"quarter": 5}).status_code == 422


def test_api_dashboard_unknown_office_or_year_is_404(world, plan):
    client = world.client_for("hq_staff")
    codes = [
        client.get("/api/v1/plan/2026", {"office": world.chiyoda.pk}).status_code,
        client.get("/api/v1/plan/2019").status_code,
    ]
    assert codes == [404, 404]


def test_api_kpi_gives_quarters_and_the_history_of_figures(world, plan):
    forum = KPI.objects.get(programme__code="5-4", code="forum")
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=1)
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=3, note="corrected")
    data = world.client_for("hq_staff").get(f"/api/v1/plan/kpis/{forum.pk}").json()
    assert [(q["quarter"], q["actual"], q["status"]) for q in data["quarters"]] == [
        (1, 3.0, "measured"),
        (2, None, "no_figure"),
        (3, None, "no_figure"),
        (4, None, "no_figure"),
        (None, 3.0, "measured"),
    ]
    assert [(f["value"], f["current"], f["note"], f["entered_by"]) for f in data["figures"]] == [
        (3.0, True, "corrected", "Hq Staff"),
        (1.0, False, "", "Hq Staff"),
    ]


def test_api_kpi_hides_who_entered_figures_from_people_outside_clair(world, plan):
    forum = KPI.objects.get(programme__code="5-4", code="forum")
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=1)
    data = world.client_for("municipality_staff").get(f"/api/v1/plan/kpis/{forum.pk}").json()
    assert [f["entered_by"] for f in data["figures"]] == [None]


def test_api_kpi_missing_is_404(world, plan):
    assert world.client_for("hq_staff").get("/api/v1/plan/kpis/999999").status_code == 404


def _build(n: int, fy):
    area = AreaFactory(fiscal_year=fy)
    for _ in range(n):
        programme = ProgrammeFactory(area=area)
        KPIFactory(programme=programme)
        KPIFactory(programme=programme, source="query", query_key="none.yet")


def test_api_dashboard_query_count_is_the_same_for_one_and_three_programmes(world):
    fy = FiscalYearFactory(year=2026)
    client = world.client_for("hq_staff")
    client.get("/api/v1/plan/2026")  # the plan's version is set once, by the first reader
    counts = []
    for n in (1, 2):
        _build(n, fy)
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/v1/plan/2026").status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_api_headquarters_changes_a_kpis_target_and_the_change_is_logged(world):
    kpi = KPIFactory(target=10, target_basis="demo")
    client = world.client_for("hq_staff")
    response = client.patch(f"/api/v1/plan/kpis/{kpi.pk}", {"target": 30, "target_basis": "plan"},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["target"], response.json()["target_basis"]) == (30.0, "plan")
    kpi.refresh_from_db()
    assert str(kpi.target) == "30.00"
    assert logged(kpi, "plan.kpi.update")[1]["target"] == ["10.00", "30.00"]


def test_api_kpi_change_refused_says_why_and_changes_nothing(world):
    kpi = KPIFactory(target=10)
    client = world.client_for("hq_staff")
    response = client.patch(f"/api/v1/plan/kpis/{kpi.pk}", {"source": "query", "query_key": "no.such.query"},
                            content_type="application/json")
    assert response.status_code == 422
    assert "no.such.query" in response.json()["detail"]
    assert client.patch(f"/api/v1/plan/kpis/{kpi.pk}", {"target": -1},
                        content_type="application/json").status_code == 422
    for role in ("office_staff", "municipality_staff"):
        assert world.client_for(role).patch(f"/api/v1/plan/kpis/{kpi.pk}", {"target": 1},
                                            content_type="application/json").status_code in (403, 404)
    kpi.refresh_from_db()
    assert (kpi.source, str(kpi.target)) == ("manual", "10.00")
