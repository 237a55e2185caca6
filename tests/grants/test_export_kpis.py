from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kizuna.grants import services
from kizuna.plan.kpis import get_query

from .conftest import make_submitted


def test_export_reads_back_with_amounts_and_decisions(world, call):
    a, b = make_submitted(world, call, 2)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 700_000},
                                 rejections=[b.pk])
    response = world.client_for("hq_staff").get(reverse("grants:export", args=[call.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [r[:6] for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert rows == [(a.pk, "千代田区", a.title, "交付決定", 1_000_000, 700_000),
                    (b.pk, "千代田区", b.title, "不採択", 1_000_000, None)] or rows == [
        (a.pk, "千代田区", a.title, "Grant decided", 1_000_000, 700_000),
        (b.pk, "千代田区", b.title, "Not selected", 1_000_000, None)]


def test_export_forbidden_to_the_applicant(world, call):
    response = world.client_for("municipality_staff").get(reverse("grants:export", args=[call.pk]))
    assert response.status_code == 404


def test_kpis_count_applications_and_decisions_of_the_scheme(world, call):
    a, b, _c = make_submitted(world, call, 3)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 100_000},
                                 rejections=[b.pk])
    year = 2026 if timezone.localdate().month >= 4 else 2025
    applications = get_query("grants.applications.tabunka")(year=year, quarter=None, organisation_id=None)
    decisions = get_query("grants.decisions.tabunka")(year=year, quarter=None, organisation_id=None)
    by_branch = get_query("grants.decisions.tabunka")(year=year, quarter=None, organisation_id=world.tokyo_branch.pk)
    by_office = get_query("grants.decisions.tabunka")(year=year, quarter=None, organisation_id=world.nyc.pk)
    assert (applications, decisions, by_branch, by_office) == (3, 1, 1, None)


def test_kpis_are_registered_for_every_scheme_of_the_plan():
    keys = [f"grants.{what}.{code}" for what in ("applications", "decisions")
            for code in ("tabunka", "kokusai_koryu", "kokusai_kyoryoku", "keizai")]
    assert [k for k in keys if get_query(k) is None] == []
