"""Counselling in a real browser: a participant on a phone-sized window asks for a video call and writes to a
counsellor; the counsellor takes the case from the queue, answers and offers a time; the participant reads the
answer, books the session and downloads it for their calendar (.ics)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from kizuna.counselling.models import Case, Session
from tests.jet.access import _arrived, _participant

from .conftest import csp_violations, log_in_with_session, screenshot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_participant_writes_to_a_counsellor_and_books_a_video_session(browser, live_server, world):
    _arrived(world, _participant(world))
    participant = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE)
    counsellor = browser.new_context(base_url=live_server.url, locale="ja-JP",
                                     viewport={"width": 1280, "height": 800})
    try:
        jet = participant.new_page()
        blocked = csp_violations(jet)
        log_in_with_session(jet, live_server, world.people["jet"])
        jet.goto("/")
        jet.get_by_role("link", name="相談員に相談する（秘密厳守）").click()
        jet.get_by_label("ビデオ通話").check()
        jet.get_by_label("English").check()
        jet.get_by_label("相談したいこと").fill("I feel isolated at my school this winter.")
        screenshot(jet, "counselling-ask-phone")
        jet.get_by_role("button", name="相談員に送る").click()
        expect(jet.get_by_test_id("thread")).to_contain_text("I feel isolated at my school this winter.")
        case = Case.objects.get()

        staff = counsellor.new_page()
        log_in_with_session(staff, live_server, world.people["counsellor"])
        staff.goto("/counselling/")
        staff.get_by_test_id("queue").get_by_role("link", name=f"相談 {case.pk}").click()
        expect(staff.get_by_test_id("case-facts")).to_be_visible()
        assert "isolated" not in staff.content()  # not on the case yet: no content
        staff.get_by_test_id("take").click()
        expect(staff.get_by_test_id("thread")).to_contain_text("isolated at my school")
        staff.get_by_label("メッセージ").fill("Thank you for writing. Let us talk by video.")
        staff.get_by_role("button", name="送信する").click()
        expect(staff.get_by_test_id("thread")).to_contain_text("Let us talk by video.")
        when = timezone.localtime() + timedelta(days=3)
        staff.goto("/counselling/slots/")
        staff.get_by_label("開始日時").fill(when.strftime("%Y-%m-%dT10:00"))
        staff.get_by_role("button", name="この日時を登録する").click()
        expect(staff.get_by_test_id("slots").locator("tbody tr")).to_have_count(1)

        jet.goto(case.get_absolute_url())
        expect(jet.get_by_test_id("thread")).to_contain_text("Let us talk by video.")
        expect(jet.get_by_test_id("accesses")).to_contain_text("Counsellor")  # who opened the case
        jet.get_by_test_id("book").click()
        jet.locator("input[name=slot]").first.check()
        jet.get_by_role("button", name="この時間で予約する").click()
        expect(jet.get_by_test_id("sessions")).to_contain_text("予約済み")
        with jet.expect_download() as download:
            jet.get_by_test_id("ics").click()
        event = next(iter(Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")))
        assert event["DTSTART"].dt == Session.objects.get().slot.starts_at
        assert blocked == []
    finally:
        participant.close()
        counsellor.close()
