"""The adviser journey in a real browser: a municipality asks for a regional adviser, staff offer the top
match, the adviser accepts and later reports."""

import pytest
from playwright.sync_api import expect

from kizuna.dispatch.models import Dispatch
from tests.browser.conftest import browser, log_in_with_session, page  # noqa: F401 - fixtures

from .conftest import make_expert

pytestmark = pytest.mark.browser


def _as(page, live_server, person):  # noqa: F811
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def test_adviser_journey_from_request_to_report(page, live_server, world):  # noqa: F811
    make_expert(person=world.people["expert"], name="井上 恵子", regions=["130001"])
    make_expert(name="森 浩二", fields=["姉妹都市"], languages=["zh"])
    officer, hq, expert = (world.people[r] for r in ("municipality_staff", "hq_staff", "expert"))

    _as(page, live_server, officer)
    page.goto(live_server.url + "/dispatch/new/")
    page.select_option("#id_host", str(world.chiyoda.pk))
    page.select_option("#id_programme", "regional")
    page.fill("#id_theme", "外国人住民向け防災訓練")
    page.fill("#id_field", "防災")
    page.fill("#id_language", "ja")
    page.fill("#id_starts_on", "2026-12-01")
    page.fill("#id_ends_on", "2026-12-01")
    page.fill("#id_hours", "3")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("status")).to_have_text("申込み済み")
    url = Dispatch.objects.get().get_absolute_url()

    _as(page, live_server, hq)
    page.goto(live_server.url + url)
    expect(page.get_by_test_id("matches").locator("tbody tr").first).to_contain_text("井上 恵子")
    page.get_by_test_id("matches").get_by_role("button", name="打診する").first.click()
    expect(page.get_by_test_id("status")).to_have_text("専門家に打診中")

    _as(page, live_server, expert)
    page.goto(live_server.url + url)
    page.get_by_role("button", name="引き受ける").click()
    expect(page.get_by_test_id("status")).to_have_text("確定")
    page.fill("#id_report", "防災訓練の企画を支援した。")
    page.fill("#id_hours", "3")
    page.fill("#id_travel_costs", "12000")
    page.get_by_role("button", name="報告を提出する").click()
    expect(page.get_by_test_id("status")).to_have_text("報告済み")
