"""Cost lines and the requested amount: the scheme's categories and ceiling, errors beside their fields
(issue #18, item 1)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kizuna.grants import services
from tests.factories import arrange_update

from .factories import ApplicationFactory
from .test_api import API, _post


@pytest.fixture
def categorised(draft):
    """The draft's scheme lists what it pays for and what it does not (as schemes.toml does)."""
    arrange_update(type(draft.call.scheme).objects.filter(pk=draft.call.scheme_id),
                   eligible_categories=["謝金", "旅費", "会場借料"], excluded_categories=["食糧費", "飲食費"])
    draft.call.scheme.refresh_from_db()
    return draft


def test_add_cost_line_of_an_excluded_category_is_refused(world, categorised):
    with pytest.raises(ValidationError) as excinfo:
        services.add_cost_line(by=world.people["municipality_staff"], application=categorised, category="飲食費",
                               description="懇親会", amount=50_000)
    assert ("category" in excinfo.value.error_dict, "飲食費" in " ".join(excinfo.value.messages)) == (True, True)


def test_add_cost_line_of_a_category_the_scheme_does_not_list_is_refused(world, categorised):
    with pytest.raises(ValidationError) as excinfo:
        services.update_cost_line(by=world.people["municipality_staff"], line=categorised.lines.get(),
                                  category="雑費", description="x", amount=1)
    assert "謝金" in " ".join(excinfo.value.messages)


def test_add_cost_line_of_an_excluded_category_is_refused_by_the_api(world, categorised):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{categorised.pk}/lines",
                     {"category": "飲食費", "description": "懇親会", "amount": 50_000})
    assert (response.status_code, "飲食費" in response.json()["detail"], categorised.lines.count()) == (422, True, 1)


def test_line_form_offers_only_the_schemes_eligible_categories(world, categorised):
    page = world.client_for("municipality_staff").get(categorised.get_absolute_url()).content.decode()
    select = page[page.index('name="category"'):]
    select = select[:select.index("</select>")]
    assert ('value="旅費"' in select, 'value="飲食費"' in select) == (True, False)


def test_refused_line_keeps_what_was_typed_with_the_error_beside_the_field(world, categorised):
    response = world.client_for("municipality_staff").post(
        reverse("grants:line_add", args=[categorised.pk]),
        {"category": "旅費", "description": "講師の往復交通費", "amount": "-5"})
    page = response.content.decode()
    assert (response.status_code, "講師の往復交通費" in page, 'id="id_amount_error"' in page,
            categorised.lines.count()) == (400, True, True, 1)


def test_fresh_draft_opens_without_a_money_error(world, call):
    application = services.start_application(by=world.people["municipality_staff"], call=call,
                                             applicant=world.chiyoda, title="新しい事業")
    page = world.client_for("municipality_staff").get(application.get_absolute_url()).content.decode()
    assert ("role=\"alert\"" in page, "¥500,000" in page) == (False, False)


def test_requested_amount_above_the_ceiling_is_refused_beside_the_field(world, draft):
    response = world.client_for("municipality_staff").post(
        reverse("grants:application_edit", args=[draft.pk]),
        {"title": draft.title, "requested_amount": "99999999"})
    draft.refresh_from_db()
    page = response.content.decode()
    assert (response.status_code, draft.requested_amount, 'id="id_requested_amount_error"' in page,
            "¥3,000,000" in page) == (400, 1_000_000, True, True)


def test_requested_amount_above_the_ceiling_is_refused_by_the_api(world, draft):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{draft.pk}",
                     {"requested_amount": 99_999_999}, method="patch")
    draft.refresh_from_db()
    assert (response.status_code, draft.requested_amount) == (422, 1_000_000)


def test_requested_amount_up_to_the_ceiling_is_saved(world, call):
    application = ApplicationFactory(call=call, applicant=world.chiyoda, created_by=world.people["municipality_staff"])
    saved = services.update_application(by=world.people["municipality_staff"], application=application,
                                        requested_amount=3_000_000)
    assert saved.requested_amount == 3_000_000


def test_application_page_puts_withdraw_behind_a_confirmation(world, draft):
    page = world.client_for("municipality_staff").get(draft.get_absolute_url()).content.decode()
    confirm = page[page.index('data-testid="withdraw"'):]
    confirm = confirm[:confirm.index("</details>")]
    assert (reverse("grants:withdraw", args=[draft.pk]) in confirm, 'class="button-danger"' in confirm,
            page.count(reverse("grants:withdraw", args=[draft.pk]))) == (True, True, 1)


def test_decide_with_nothing_entered_is_not_a_success(world, submitted):
    response = world.client_for("hq_staff").post(reverse("grants:decide", args=[submitted.call_id]),
                                                 {"conditions": ""}, follow=True)
    levels = [m.level_tag for m in response.context["messages"]]
    submitted.refresh_from_db()
    assert (levels, submitted.status) == (["warning"], "submitted")
