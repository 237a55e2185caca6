"""The reappointment round in a real browser, from intention to confirmation: the participant states on a phone
that they wish to re-contract, their supervisor agrees, the PA confirms, and the outcome shows the stay."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kizuna.jet.reappointment import open_round
from tests.jet.conftest import place
from tests.jet.test_safety import _in_post

from .conftest import csp_violations, log_in_with_session, screenshot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_intention_agreement_confirmation_and_outcome(browser, page, live_server, world):
    participant = _in_post(world, place(world, person=world.people["jet"]))
    today = timezone.localdate()
    rnd = open_round(by=world.people["hq_staff"], year=2027, intention_deadline=today + timedelta(days=14),
                     decision_deadline=today + timedelta(days=28), confirmation_deadline=today + timedelta(days=42))
    row = rnd.intentions.get(participant=participant)

    phone = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE, is_mobile=True)
    try:
        mine = phone.new_page()
        blocked = csp_violations(mine)
        log_in_with_session(mine, live_server, world.people["jet"])
        mine.goto("/jet/me/")
        expect(mine.get_by_test_id("reappointment-summary")).to_contain_text("参加者の意向待ち")
        mine.get_by_role("link", name="あなたの再任用").click()
        mine.get_by_label("もう1年再任用を希望する").check()
        screenshot(mine, "jet-reappointment-intention-phone")
        mine.get_by_role("button", name="意向を送信する").click()
        expect(mine.get_by_test_id("reappointment")).to_be_visible()
        expect(mine.get_by_role("heading", level=1)).to_contain_text("再任用を希望")
        assert blocked == []
    finally:
        phone.close()

    log_in_with_session(page, live_server, world.people["municipality_staff"])
    page.goto(row.get_absolute_url())
    page.get_by_label("同意する").check()
    page.get_by_role("button", name="判断を記録する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("任用団体が同意")

    page.context.clear_cookies()
    log_in_with_session(page, live_server, world.people["pa"])
    page.goto(row.get_absolute_url())
    confirm = page.get_by_test_id("confirm")
    confirm.locator("summary").click()
    confirm.get_by_role("button", name="継続を確定する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("確定：継続")

    page.goto(f"/jet/reappointment/{rnd.pk}/outcome/")
    totals = page.get_by_test_id("grand-total")
    expect(totals).to_contain_text("合計")
    expect(totals.locator("td").nth(1)).to_have_text("1")  # stays
    expect(totals.locator("td").nth(4)).to_have_text("")  # no adjustment agreed with headquarters
    expect(totals.locator("td").nth(5)).to_have_text("0")  # new places: nobody leaves
