"""The grant journey in a real browser: a municipality officer applies and submits, a reviewer declares and
scores, staff decide, the officer reads the decision and downloads the letter."""

import pytest
from playwright.sync_api import expect

from kizuna.grants import services
from kizuna.grants.models import Application
from tests.browser.conftest import browser, log_in_with_session, page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def _as(page, live_server, person):  # noqa: F811
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def test_grant_journey_from_application_to_letter(page, live_server, world, call):  # noqa: F811
    officer, reviewer, staff = (world.people[r] for r in ("municipality_staff", "reviewer", "hq_staff"))

    _as(page, live_server, officer)
    page.goto(call.get_absolute_url())
    page.get_by_role("link", name="申請を始める").click()
    page.select_option("#id_applicant", str(world.chiyoda.pk))
    page.fill("#id_title", "外国人住民向け防災訓練")
    page.get_by_role("button", name="保存").click()
    page.select_option("#id_category", "謝金")
    page.fill("#id_description", "通訳謝金")
    page.fill("#id_amount", "900000")
    page.get_by_test_id("line-form").get_by_role("button", name="追加").click()
    page.get_by_role("link", name="申請内容と回答を編集する").click()
    page.fill("#id_requested_amount", "900000")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_test_id("status")).to_have_text("提出済み")

    application = Application.objects.get(title="外国人住民向け防災訓練")
    services.assign_reviewer(by=staff, application=application, reviewer=reviewer)

    _as(page, live_server, reviewer)
    page.goto("/grants/reviews/")
    page.get_by_role("link", name="利益相反を申告する").click()
    page.get_by_label("いいえ、利益相反はありません").check()
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="採点").first.click()
    for criterion in application.call.scheme.criteria.all():
        page.locator(f"input[name='score_{criterion.pk}'][value='4']").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("reviews")).to_contain_text("採点済み")

    _as(page, live_server, staff)
    page.goto(f"/grants/calls/{call.pk}/board/")
    page.fill(f"#id_amount_{application.pk}", "850000")
    page.get_by_role("button", name="決定する").click()
    expect(page.get_by_test_id("awarded")).to_have_text("¥850,000")

    _as(page, live_server, officer)
    page.goto(application.get_absolute_url())
    expect(page.get_by_test_id("status")).to_have_text("交付決定")
    with page.expect_download() as download:
        page.get_by_role("link", name="通知書をダウンロード（PDF）").click()
    assert download.value.suggested_filename == f"grant-letter-{application.pk}.pdf"
