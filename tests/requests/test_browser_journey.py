"""The research journey in a real browser: a municipality files a research request, its branch endorses it,
headquarters assigns an office, the office answers and publishes it, the municipality rates it, and the public
finds it."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from kizuna.requests.models import Request
from tests.browser.conftest import browser, log_in_with_session, page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def _as(page, live_server, person):  # noqa: F811
    page.context.clear_cookies()
    if person is not None:
        log_in_with_session(page, live_server, person)


def test_research_journey_from_filing_to_publication(page, live_server, world):  # noqa: F811
    officer, branch, hq, office = (world.people[r] for r in (
        "municipality_staff", "branch_staff", "hq_staff", "office_staff"))

    _as(page, live_server, officer)
    page.goto(live_server.url + "/requests/new/")
    page.get_by_role("link", name="調査依頼").click()
    page.select_option("#id_requester", str(world.chiyoda.pk))
    page.fill("#id_title", "米国の多言語防災情報")
    page.fill("#id_description", "米国の自治体の取組を知りたい。")
    page.select_option("#id_country", "US")
    page.fill("#id_questions", "多言語での防災情報の提供方法は？")
    page.fill("#id_theme", "防災")
    page.fill("#id_wanted_by", (date.today() + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("支部確認待ち")
    url = Request.objects.get().get_absolute_url()

    _as(page, live_server, branch)
    page.goto(live_server.url + url)
    page.get_by_role("button", name="進達して本部に送る").click()
    expect(page.get_by_test_id("status")).to_have_text("本部受付待ち")

    _as(page, live_server, hq)
    page.goto(live_server.url + url)
    page.select_option("#accept_office", str(world.nyc.pk))
    page.get_by_role("button", name="受け付けて事務所に割り当てる").click()
    expect(page.get_by_test_id("status")).to_have_text("事務所で対応中")

    _as(page, live_server, office)
    page.goto(live_server.url + url)
    page.fill("#answer_deliverable", "主要都市の取組を表にまとめました。")
    page.get_by_role("button", name="回答して完了する").click()
    expect(page.get_by_test_id("status")).to_have_text("回答済み")
    page.check("#publish_publish")
    page.fill("#publish_title", "米国の多言語防災情報")
    page.fill("#publish_summary", "主要都市は5言語以上で提供している。")
    page.get_by_role("button", name="調査結果を公開する").click()

    _as(page, live_server, officer)
    page.goto(live_server.url + url)
    expect(page.get_by_test_id("deliverable")).to_contain_text("主要都市の取組")
    page.locator("input[name='rating'][value='5']").check()
    page.get_by_role("button", name="対応を評価する").click()
    expect(page.get_by_test_id("status")).to_have_text("完了")

    _as(page, live_server, None)
    page.goto(live_server.url + "/requests/research/?q=防災")
    expect(page.get_by_test_id("research")).to_contain_text("主要都市は5言語以上で提供している。")
