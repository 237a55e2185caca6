"""The income side of the budget (収支予算書): income lines beside the cost lines, the scheme's rules on them as
data (the budget balances, sources the scheme excludes), in the pages, the API, the exports and the letter
(issue #19, item 9)."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from kizuna.core import audit
from kizuna.grants import services
from kizuna.grants.models import Scheme
from kizuna.grants.services.letters import letter_pdf
from tests.audit_helpers import logged
from tests.factories import arrange_update

from .factories import ApplicationFactory, CallFactory, CostLineFactory, SchemeFactory
from .test_api import API, _post
from .test_letters import _text


def _rules(application, **fields):
    arrange_update(Scheme.objects.filter(pk=application.call.scheme_id), **fields)
    application.call.scheme.refresh_from_db()
    return application


@pytest.fixture
def budgeted(world, draft):
    """Chiyoda's draft on a scheme whose budget must balance and that excludes another national subsidy: a
    cost of ¥1,500,000 (¥1,000,000 + ¥500,000), ¥1,000,000 asked for."""
    CostLineFactory(application=draft, category="会場借料", description="会場", amount=500_000)
    return _rules(draft, income_must_balance=True, excluded_income_sources=["national_subsidy"])


def _submit(world, application):
    return services.submit_application(by=world.people["municipality_staff"], application=application)


def test_submit_application_whose_budget_does_not_balance_is_refused(world, budgeted):
    with pytest.raises(ValidationError) as excinfo:
        _submit(world, budgeted)
    message = " ".join(excinfo.value.messages)
    assert ("¥1,500,000" in message, "¥500,000" in message, budgeted.status) == (True, True, "draft")


def test_submit_application_whose_budget_balances_with_own_funds(world, budgeted):
    services.add_income_line(by=world.people["municipality_staff"], application=budgeted, source="own_funds",
                             description="一般財源", amount=300_000)
    services.add_income_line(by=world.people["municipality_admin"], application=budgeted, source="fees",
                             description="参加費", amount=200_000)
    submitted = _submit(world, budgeted)
    snapshot = submitted.rounds.get().snapshot
    assert (submitted.status, [i["amount"] for i in snapshot["income"]]) == ("submitted", [300_000, 200_000])


def test_submit_application_without_the_balance_rule_needs_no_income(world, draft):
    CostLineFactory(application=draft, category="会場借料", description="会場", amount=500_000)
    assert _submit(world, draft).status == "submitted"


def test_add_income_line_of_a_source_the_scheme_excludes_is_refused_beside_the_field(world, budgeted):
    with pytest.raises(ValidationError) as excinfo:
        services.add_income_line(by=world.people["municipality_staff"], application=budgeted,
                                 source="national_subsidy", description="国庫補助金", amount=500_000)
    assert (list(excinfo.value.error_dict), budgeted.income_lines.count()) == (["source"], 0)


def test_submit_application_with_a_source_excluded_after_it_was_added_is_refused(world, budgeted):
    services.add_income_line(by=world.people["municipality_staff"], application=budgeted, source="other_subsidy",
                             description="県の補助金", amount=500_000)
    _rules(budgeted, excluded_income_sources=["national_subsidy", "other_subsidy"])
    with pytest.raises(ValidationError) as excinfo:
        _submit(world, budgeted)
    assert "Other subsidies" in " ".join(excinfo.value.messages) or "その他の補助金" in " ".join(
        excinfo.value.messages)


def test_add_income_line_of_an_unknown_source_or_negative_amount_is_refused(world, budgeted):
    by = world.people["municipality_staff"]
    with pytest.raises(ValidationError) as unknown:
        services.add_income_line(by=by, application=budgeted, source="lottery", description="x", amount=1)
    with pytest.raises(ValidationError) as negative:
        services.add_income_line(by=by, application=budgeted, source="fees", description="x", amount=-1)
    assert (list(unknown.value.error_dict), list(negative.value.error_dict)) == (["source"], ["amount"])


def test_add_income_line_on_a_submitted_application_is_refused(world, submitted):
    with pytest.raises(ValidationError):
        services.add_income_line(by=world.people["municipality_staff"], application=submitted, source="fees",
                                 description="参加費", amount=1)


def test_add_income_line_denied_to_another_municipality(world, budgeted):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.add_income_line(by=world.people["other_municipality_staff"], application=budgeted,
                                 source="fees", description="参加費", amount=1)


def test_income_lines_are_logged_with_every_field(world, budgeted):
    by = world.people["municipality_staff"]
    with audit.watch():
        line = services.add_income_line(by=by, application=budgeted, source="fees", description="参加費",
                                        amount=100_000)
        services.update_income_line(by=by, line=line, source="donations", description="協賛金", amount=120_000)
    assert (logged(line, "grants.incomeline.add")[1]["source"], logged(line, "grants.incomeline.update")) == (
        [None, "fees"], (by, {"source": ["fees", "donations"], "description": ["参加費", "協賛金"],
                              "amount": [100_000, 120_000]}))


def test_remove_income_line_in_pages(world, budgeted):
    line = services.add_income_line(by=world.people["municipality_staff"], application=budgeted, source="fees",
                                    description="参加費", amount=1)
    response = world.client_for("municipality_admin").post(
        reverse("grants:income_remove", args=[budgeted.pk, line.pk]))
    assert (response.status_code, budgeted.income_lines.count()) == (302, 0)


def test_application_page_shows_the_budget_and_offers_no_excluded_source(world, budgeted):
    services.add_income_line(by=world.people["municipality_staff"], application=budgeted, source="own_funds",
                             description="一般財源", amount=200_000)
    page = world.client_for("municipality_staff").get(budgeted.get_absolute_url()).content.decode()
    select = page[page.index('name="income-source"'):]
    select = select[:select.index("</select>")]
    difference = page[page.index('data-testid="budget-difference"'):]
    assert ('value="own_funds"' in select, 'value="national_subsidy"' in select,
            difference[:difference.index("</dd>")].count("¥-300,000"),
            'data-testid="total-income">1,200,000<' in page) == (True, False, 1, True)


def test_refused_income_line_keeps_what_was_typed_with_the_error_beside_the_field(world, budgeted):
    response = world.client_for("municipality_staff").post(
        reverse("grants:income_add", args=[budgeted.pk]),
        {"income-source": "fees", "income-description": "参加者負担金", "income-amount": "-5"})
    page = response.content.decode()
    assert (response.status_code, "参加者負担金" in page, 'id="id_income-amount_error"' in page,
            budgeted.income_lines.count()) == (400, True, True, 0)


def test_income_line_added_in_pages(world, budgeted):
    response = world.client_for("municipality_staff").post(
        reverse("grants:income_add", args=[budgeted.pk]),
        {"income-source": "donations", "income-description": "地元企業の協賛金", "income-amount": "500,000"})
    assert (response.status_code, list(budgeted.income_lines.values_list("source", "amount"))) == (
        302, [("donations", 500_000)])


def test_income_line_page_forbidden_to_another_municipality(world, budgeted):
    response = world.client_for("other_municipality_staff").post(
        reverse("grants:income_add", args=[budgeted.pk]),
        {"income-source": "fees", "income-description": "x", "income-amount": "1"})
    assert (response.status_code, budgeted.income_lines.count()) == (404, 0)


def test_income_lines_and_budget_through_the_api(world, budgeted):
    client = world.client_for("municipality_staff")
    added = _post(client, f"{API}/applications/{budgeted.pk}/income",
                  {"source": "own_funds", "description": "一般財源", "amount": 400_000})
    changed = _post(client, f"{API}/applications/{budgeted.pk}/income/{added.json()['id']}",
                    {"source": "own_funds", "description": "一般財源", "amount": 500_000}, method="put")
    body = client.get(f"{API}/applications/{budgeted.pk}").json()
    assert (added.status_code, changed.status_code, body["income_lines"][0]["amount"], body["budget"]) == (
        200, 200, 500_000, {"total_cost": 1_500_000, "eligible_cost": 1_500_000, "other_income": 500_000,
                            "grant": 1_000_000, "total_income": 1_500_000, "difference": 0, "most": 1_500_000})


def test_income_line_of_an_excluded_source_is_refused_by_the_api_in_japanese(world, budgeted):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{budgeted.pk}/income",
                     {"source": "national_subsidy", "description": "国庫補助金", "amount": 1}, language="ja")
    assert (response.status_code, "国庫補助金" in response.json()["detail"], budgeted.income_lines.count()) == (
        422, True, 0)


def test_scheme_shows_its_budget_rules_in_the_api(world, budgeted):
    body = world.client_for("anonymous").get(f"{API}/calls/{budgeted.call_id}").json()
    scheme = body["scheme"]
    assert (scheme["income_must_balance"], scheme["excluded_income_sources"], scheme["eligible_categories"][0]) == (
        True, ["national_subsidy"], "謝金")


def test_scheme_budget_rules_are_set_on_the_schemes_page(world):
    response = world.client_for("hq_staff").post(reverse("grants:scheme_create"), {
        "code": "kokusai", "name": "国際交流支援事業", "rate_percent": 50, "applicant_kinds": ["prefecture"],
        "income_must_balance": "on", "excluded_income_sources": ["national_subsidy"]})
    scheme = Scheme.objects.get(code="kokusai")
    assert (response.status_code, scheme.income_must_balance, scheme.excluded_income_sources) == (
        302, True, ["national_subsidy"])


def test_award_scheme_with_budget_rules_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        services.save_scheme(by=world.people["hq_staff"], code="hyosho", name="表彰", kind="award",
                             income_must_balance=True)
    assert list(excinfo.value.error_dict) == ["kind"]


def test_cost_line_on_a_scheme_without_categories_is_refused(world):
    call = CallFactory(scheme=SchemeFactory(eligible_categories=[]))
    application = ApplicationFactory(call=call, applicant=world.chiyoda, created_by=world.people["municipality_staff"])
    with pytest.raises(ValidationError) as excinfo:
        services.add_cost_line(by=world.people["municipality_staff"], application=application, category="謝金",
                               description="講師謝金", amount=1)
    assert (list(excinfo.value.error_dict), application.lines.count()) == (["category"], 0)


def test_cost_line_category_is_a_choice_even_without_scheme_categories(world):
    call = CallFactory(scheme=SchemeFactory(eligible_categories=[]))
    application = ApplicationFactory(call=call, applicant=world.chiyoda, created_by=world.people["municipality_staff"])
    page = world.client_for("municipality_staff").get(application.get_absolute_url()).content.decode()
    assert ('<select name="category"' in page, '<input type="text" name="category"' in page) == (True, False)


def test_export_has_the_budget_totals_of_each_application(world, budgeted):
    services.add_income_line(by=world.people["municipality_staff"], application=budgeted, source="own_funds",
                             description="一般財源", amount=500_000)
    _submit(world, budgeted)
    response = world.client_for("hq_staff").get(reverse("grants:export", args=[budgeted.call_id]))
    sheet = load_workbook(BytesIO(response.content)).active
    (row,) = [r for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert (row[0], row[6:9]) == (budgeted.pk, (1_500_000, 1_500_000, 500_000))


def test_decision_letter_names_the_total_and_eligible_cost(world, budgeted):
    CostLineFactory(application=budgeted, category="旅費", description="対象外の旅費", amount=100_000,
                    eligible=False)
    services.add_income_line(by=world.people["municipality_staff"], application=budgeted, source="own_funds",
                             description="一般財源", amount=600_000)
    _submit(world, budgeted)
    (decided,) = services.decide_applications(by=world.people["hq_staff"], call=budgeted.call,
                                              awards={budgeted.pk: 900_000})
    text = _text(letter_pdf(decided))
    assert [s for s in ("総事業費1,600,000円", "補助対象経費1,500,000円", "交付決定額900,000円") if s not in text] == []
