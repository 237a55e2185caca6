"""The plan app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

# The plan's results (pages and API) are public; its summary on the home page is for everyone signed in; figures,
# export and loading the plan are CLAIR's.
PERMISSION_ROLES = {
    "plan.view_results": ALL,
    "plan.view_dashboard": SIGNED_IN,
    "plan.export_dashboard": CLAIR,
    "plan.record_kpi": CLAIR,
    "plan.manage_plan": HQ,
    "plan.edit_area": HQ,
    "plan.edit_programme": HQ,
    "plan.edit_kpi": HQ,
    # The sample programme is run by headquarters and New York (MIXED); the sample figure is New York's.
    "plan.report_programme": HQ | {"office_staff"},
    "plan.sign_off_figure": HQ | {"office_staff"},
}


def _plan_kpi(w, role):
    """A small FY2026 plan with one manual KPI (the plan app's pages and API operations)."""
    from kizuna.plan.models import KPI, Area, FiscalYear, Programme

    fy, _ = FiscalYear.objects.get_or_create(year=2026)
    area, _ = Area.objects.get_or_create(fiscal_year=fy, number=1,
                                         defaults={"name": "分野", "name_en": "Area"})
    programme, _ = Programme.objects.get_or_create(area=area, code="1-1", defaults={
        "number": 1, "name": "事業", "name_en": "Programme"})
    kpi, _ = KPI.objects.get_or_create(programme=programme, code="sample", defaults={
        "name": "指標", "name_en": "KPI", "unit": "件", "unit_en": "items", "source": "manual"})
    return {"year": fy.year, "programme": programme.pk, "kpi": kpi.pk}


def _area(w, role) -> int:
    from kizuna.plan.models import Programme

    return Programme.objects.get(pk=_plan_kpi(w, role)["programme"]).area_id


def _live_kpi(w, role):
    """A KPI of the same plan measured by a query that lists its records (events held)."""
    from kizuna.plan.models import KPI, Programme

    programme = Programme.objects.get(pk=_plan_kpi(w, role)["programme"])
    kpi, _ = KPI.objects.get_or_create(programme=programme, code="live", defaults={
        "name": "開催回数", "name_en": "Held", "unit": "回", "unit_en": "times", "source": "query",
        "query_key": "events.sessions.economic_seminar"})
    return {"pk": kpi.pk}


def _programme_run_by_hq_and_new_york(w, role):
    from kizuna.plan.models import Programme

    programme = Programme.objects.get(pk=_plan_kpi(w, role)["programme"])
    programme.offices.add(w.hq, w.nyc)
    return {"pk": programme.pk}


def _figure_to_sign_off(w, role):
    """A figure for New York entered by headquarters, waiting for a second person's sign-off."""
    from kizuna.core.audit import create_logged
    from kizuna.plan.models import KPIEntry

    kpi = _plan_kpi(w, role)["kpi"]
    entry = create_logged(KPIEntry, "plan.kpientry.record", by=w.people["hq_staff"], kpi_id=kpi, quarter=3,
                          organisation=w.nyc, value=7, entered_by=w.people["hq_staff"])
    return {"pk": entry.pk}


SAMPLES = {
    "plan:kpi_records": _live_kpi,
    "plan:report_programme": lambda w, role: _programme_run_by_hq_and_new_york(w, role),
    "plan:sign_off_figure": _figure_to_sign_off,
    "plan:return_figure": _figure_to_sign_off,
    "plan:dashboard_year": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "plan:export": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "plan:programme": lambda w, role: {"pk": _plan_kpi(w, role)["programme"]},
    "plan:kpi": lambda w, role: {"pk": _plan_kpi(w, role)["kpi"]},
    "plan:editor": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "plan:add_area": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "plan:plan_workbook": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "plan:import_workbook": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "plan:edit_area": lambda w, role: {"pk": _area(w, role)},
    "plan:add_programme": lambda w, role: {"pk": _area(w, role)},
    "plan:edit_programme": lambda w, role: {"pk": _plan_kpi(w, role)["programme"]},
    "plan:add_kpi": lambda w, role: {"pk": _plan_kpi(w, role)["programme"]},
    "plan:edit_kpi": lambda w, role: {"pk": _plan_kpi(w, role)["kpi"]},
    "plan:record_kpi": lambda w, role: {"pk": _plan_kpi(w, role)["kpi"]},
    "api:get_dashboard": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "api:get_kpi": lambda w, role: {"kpi_id": _plan_kpi(w, role)["kpi"]},
}


def _mixed(w):
    """Two years of the plan, and figures of one manual KPI for CLAIR as a whole (headquarters, corrected once:
    a superseded figure stays), for the Tokyo branch and for New York, each entered by its own staff."""
    from kizuna.plan.models import KPI, Area, FiscalYear, Programme
    from kizuna.plan.services import record_kpi_figure, report_programme, return_figure, sign_off_figure

    kpi = KPI.objects.get(pk=_plan_kpi(w, "hq_staff")["kpi"])
    kpi.programme.offices.add(w.hq, w.nyc)
    earlier = FiscalYear.objects.create(year=2025, title="令和7年度事業計画")
    area = Area.objects.create(fiscal_year=earlier, number=1, name="分野", name_en="Area")
    programme = Programme.objects.create(area=area, code="1-1", number=1, name="事業", name_en="Programme")
    KPI.objects.create(programme=programme, code="measured", name="指標", name_en="KPI", unit="件", unit_en="items",
                       source="query", query_key="core.local_governments_on_kizuna")
    record_kpi_figure(by=w.people["hq_staff"], kpi=kpi, quarter=1, value=10)
    record_kpi_figure(by=w.people["hq_staff"], kpi=kpi, quarter=1, value=12, note="訂正")
    branch = record_kpi_figure(by=w.people["branch_staff"], kpi=kpi, quarter=1, value=3, organisation=w.tokyo_branch)
    office = record_kpi_figure(by=w.people["office_staff"], kpi=kpi, quarter=2, value=4, organisation=w.nyc)
    sign_off_figure(by=w.people["hq_staff"], entry=branch)
    return_figure(by=w.people["hq_staff"], entry=office, reason="出典を確認してください")
    report_programme(by=w.people["office_staff"], programme=kpi.programme, quarter=2, progress="at_risk",
                     note="会場の確保が遅れている")


MIXED = [_mixed]
