from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kizuna.grants import services
from kizuna.plan.kpis import get_query

from .conftest import make_submitted
from .factories import CallFactory, SchemeFactory


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


def _kpi(key: str, organisation_id=None, quarter=None):
    year = 2026 if timezone.localdate().month >= 4 else 2025
    return get_query(key)(year=year, quarter=quarter, organisation_id=organisation_id)


def test_kpi_amount_decided_sums_the_decided_amounts_of_the_period(world, call):
    a, b, c = make_submitted(world, call, 3)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 700_000, b.pk: 400_000},
                                 rejections=[c.pk])
    other = CallFactory(scheme=SchemeFactory(code="keizai"))
    (d,) = make_submitted(world, other, 1)
    services.decide_applications(by=world.people["hq_staff"], call=other, awards={d.pk: 900_000})
    assert (_kpi("grants.amount_decided.tabunka"), _kpi("grants.amount_decided.keizai"),
            _kpi("grants.amount_decided.tabunka", world.tokyo_branch.pk),
            _kpi("grants.amount_decided.tabunka", world.nyc.pk)) == (1_100_000, 900_000, 1_100_000, None)


def test_kpi_amount_decided_is_zero_before_any_decision(world, call):
    make_submitted(world, call, 2)
    assert _kpi("grants.amount_decided.tabunka") == 0


def test_kpi_amount_paid_counts_only_approved_payments(world, call):
    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000})
    approved = services.prepare_payment(by=world.people["hq_staff"], application=a, kind="advance", amount=300_000)
    services.approve_payment(by=world.people["superuser"], payment=approved)
    services.prepare_payment(by=world.people["hq_staff"], application=a, kind="advance", amount=200_000)
    assert (_kpi("grants.amount_paid.tabunka"), _kpi("grants.amount_paid.keizai"),
            _kpi("grants.amount_paid.tabunka", world.tokyo_branch.pk),
            _kpi("grants.amount_paid.tabunka", world.nyc.pk)) == (300_000, 0, 300_000, None)


def test_kpis_are_registered_for_every_scheme_of_the_plan():
    keys = [f"grants.{what}.{code}" for what in ("applications", "decisions", "amount_decided", "amount_paid")
            for code in ("tabunka", "kokusai_koryu", "kokusai_kyoryoku", "keizai")]
    assert [k for k in keys if get_query(k) is None] == []


def test_export_writes_a_title_that_looks_like_a_formula_as_text(world, call):
    (a,) = make_submitted(world, call, 1)
    a.title = '=HYPERLINK("https://attacker.example/","click")'
    a.save(update_fields=["title"])
    response = world.client_for("hq_staff").get(reverse("grants:export", args=[call.pk]))
    cell = load_workbook(BytesIO(response.content)).active["C5"]
    assert (cell.data_type, cell.value) == ("s", "'" + a.title)
