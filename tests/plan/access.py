"""The plan app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import CLAIR, HQ, SIGNED_IN

PERMISSION_ROLES = {
    "plan.view_dashboard": SIGNED_IN,
    "plan.export_dashboard": CLAIR,
    "plan.record_kpi": CLAIR,
    "plan.manage_plan": HQ,
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


SAMPLES = {
    "plan:dashboard_year": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "plan:export": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "plan:programme": lambda w, role: {"pk": _plan_kpi(w, role)["programme"]},
    "plan:kpi": lambda w, role: {"pk": _plan_kpi(w, role)["kpi"]},
    "plan:record_kpi": lambda w, role: {"pk": _plan_kpi(w, role)["kpi"]},
    "api:get_dashboard": lambda w, role: {"year": _plan_kpi(w, role)["year"]},
    "api:get_kpi": lambda w, role: {"kpi_id": _plan_kpi(w, role)["kpi"]},
}
