"""Grants forms and pages in one style: numbers with separators, one organisation preselected, dates and fiscal
years as the locale writes them (issue #18, item 9)."""

import re

from django.urls import reverse


def _get(world, role, url) -> str:
    return world.client_for(role).get(url).content.decode()


def test_requested_amount_is_shown_with_separators(world, draft):
    page = _get(world, "municipality_staff", reverse("grants:application_edit", args=[draft.pk]))
    assert re.search(r'name="requested_amount" value="1,000,000"', page) is not None


def test_amount_typed_with_separators_and_yen_is_read(world, draft):
    response = world.client_for("municipality_staff").post(
        reverse("grants:application_edit", args=[draft.pk]), {"title": draft.title,
                                                                 "requested_amount": "１,２００,０００円"})
    draft.refresh_from_db()
    assert (response.status_code, draft.requested_amount) == (302, 1_200_000)


def test_eligible_cost_total_is_shown_with_separators(world, draft):
    page = _get(world, "municipality_staff", draft.get_absolute_url())
    total = page[page.index("<tfoot>"):page.index("</tfoot>")]
    assert "1,000,000" in total


def test_the_one_organisation_of_the_person_is_preselected(world, call):
    page = _get(world, "municipality_staff", reverse("grants:apply", args=[call.pk]))
    select = page[page.index('name="applicant"'):]
    select = select[:select.index("</select>")]
    assert (f'value="{world.chiyoda.pk}" selected' in select, "---------" in select) == (True, False)


def test_call_page_writes_dates_and_the_fiscal_year_as_the_locale_does(world, call):
    page = _get(world, "municipality_staff", call.get_absolute_url())
    facts = page[page.index('class="facts"'):page.index("</dl>")]
    assert ("令和8年度" in facts, re.search(r"\d{4}-\d{2}-\d{2}", facts), "年" in facts) == (True, None, True)


def test_staff_forms_mark_required_fields_without_colons(world, submitted):
    pages = [_get(world, "hq_staff", submitted.get_absolute_url()),
             _get(world, "hq_staff", reverse("grants:board", args=[submitted.call_id]))]
    labels = [label for page in pages for label in re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)]
    assert ([label for label in labels if re.search(r"[:：]\s*$", re.sub(r"<[^>]+>", "", label))],
            all('class="req"' in page or 'class="opt"' in page for page in pages)) == ([], True)
