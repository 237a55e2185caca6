"""The safety confirmation in a real browser: a PA starts one for an area, a participant answers from a
phone-sized window through the link in their mail, and the PA's board shows it without a reload."""

import pytest
from playwright.sync_api import expect

from kizuna.jet import views_safety
from kizuna.jet.models import SafetyConfirmation
from kizuna.jet.safety import answer_path
from tests.jet.conftest import host_for, place
from tests.jet.test_safety import _in_post

from .conftest import csp_violations, screenshot
from .test_journeys import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_pa_starts_a_confirmation_a_participant_answers_on_a_phone_and_the_board_updates(
        browser, page, live_server, world, monkeypatch):
    monkeypatch.setattr(views_safety, "BOARD_REFRESH_SECONDS", 1)
    host_for(world, world.chiyoda)
    participant = _in_post(world, place(world))
    blocked = csp_violations(page)
    log_in(page, world.people["pa"].email)
    page.goto("/jet/safety/new/")
    page.fill("#id_title", "令和8年台風第10号")
    page.select_option("#id_kind", "typhoon")
    page.select_option("#id_areas", str(world.chiyoda.pk))
    page.get_by_role("button", name="開始してメールを送る").click()
    expect(page.get_by_test_id("safety-board")).to_contain_text("1人中0人が回答")

    row = SafetyConfirmation.objects.get().answers.get(participant=participant)
    phone = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE, is_mobile=True)
    try:
        answer = phone.new_page()
        answer.goto(answer_path(row))
        expect(answer.get_by_role("heading", level=1)).to_have_text("Are you safe?")
        answer.fill("#id_location", "Evacuation centre")
        answer.get_by_test_id("reply-needs_help").click()
        expect(answer.get_by_test_id("current-answer")).to_contain_text("Needs help")
        screenshot(answer, "jet-safety-answer-phone")
    finally:
        phone.close()

    expect(page.get_by_test_id("safety-board")).to_contain_text("1人中1人が回答", timeout=10_000)
    expect(page.get_by_test_id("safety-answers")).to_contain_text("Evacuation centre")
    assert blocked == []
