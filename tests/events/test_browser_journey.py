"""The events journey in a real browser: a municipality officer registers for a full training and is
waitlisted, is offered the seat when someone cancels and takes it, is checked in by code on the staff's
phone page, answers the survey and downloads the certificate."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser, csp_violations, log_in_with_session, page  # noqa: F401 - fixtures

from .factories import EventFactory

pytestmark = pytest.mark.browser


def _as(page, live_server, person):  # noqa: F811
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def test_event_journey_from_waiting_list_to_certificate(page, live_server, world):  # noqa: F811
    from kizuna.events import services
    from kizuna.events.models import Registration

    officer, jet, staff = (world.people[r] for r in ("municipality_staff", "jet", "hq_staff"))
    event = EventFactory(organiser=world.hq, kind="training", capacity=1, gives_certificate=True,
                         title="多文化共生マネージャー研修",
                         survey_questions=[{"key": "c", "label": "ご意見", "kind": "text"}])
    services.register(by=jet, event=event)
    violations = csp_violations(page)

    _as(page, live_server, officer)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="キャンセル待ちに登録").click()
    expect(page.get_by_test_id("status")).to_have_text("キャンセル待ち")

    _as(page, live_server, jet)
    page.goto("/events/mine/")
    page.get_by_role("link", name=event.title).click()
    # Cancelling asks first: the disclosure says what happens, then its button cancels.
    page.get_by_test_id("cancel").locator("summary").click()
    expect(page.get_by_test_id("cancel")).to_contain_text("取り消すと元に戻せません")
    page.get_by_test_id("cancel").get_by_role("button", name="申込を取り消す").click()
    expect(page.get_by_test_id("status")).to_have_text("取消")

    _as(page, live_server, officer)
    page.goto("/events/mine/")
    page.get_by_role("link", name=event.title).click()
    expect(page.get_by_test_id("status")).to_have_text("繰上げのご案内中")
    page.get_by_role("button", name="繰上げを受諾する").click()
    expect(page.get_by_test_id("status")).to_have_text("確定")
    expect(page.locator("svg").first).to_be_visible()
    code = page.get_by_test_id("code").inner_text()

    _as(page, live_server, staff)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/events/{event.pk}/check-in/")
    page.get_by_label("受付コード").fill(code.lower())
    page.get_by_role("button", name="受付する").click()
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "checked_in")
    page.get_by_label("受付コード").fill(code)
    page.get_by_role("button", name="受付する").click()
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "already")

    _as(page, live_server, officer)
    registration = Registration.objects.get(event=event, person=officer)
    page.goto(registration.get_absolute_url())
    page.get_by_role("link", name="アンケートに回答する").click()
    page.locator("input[name='satisfaction'][value='5']").check()
    page.get_by_label("ご意見").fill("とても役に立ちました")
    page.get_by_role("button", name="送信").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="修了証（PDF）").click()
    assert download.value.suggested_filename == f"certificate-{event.pk}.pdf"
    _as(page, live_server, staff)
    page.goto(f"/events/{event.pk}/survey-results/")
    expect(page.locator("svg.bar").first).to_be_visible()
    assert violations == []


# The phone's camera and QR reader, stood in for in the page: a canvas stream as the camera, and a detector
# that "sees" the code given. What is exercised is our page's script: start, read, fill in, submit, stop.
FAKE_CAMERA = """
window.__scanned = %s;
window.BarcodeDetector = class { constructor(o) { this.o = o; }
  async detect() { return window.__scanned ? [{rawValue: window.__scanned}] : []; } };
navigator.mediaDevices.getUserMedia = async function () {
  if (window.__scanned === null) throw new DOMException("denied", "NotAllowedError");
  const c = document.createElement("canvas"); c.width = 64; c.height = 64;
  c.getContext("2d").fillRect(0, 0, 64, 64); return c.captureStream(5); };
"""


def _check_in_page(page, live_server, world, event, scanned):  # noqa: F811
    page.context.add_init_script(FAKE_CAMERA % ("null" if scanned is None else f'"{scanned}"'))
    _as(page, live_server, world.people["hq_staff"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/events/{event.pk}/check-in/")


def test_check_in_by_camera_scan(page, live_server, world):  # noqa: F811
    from kizuna.events import services

    event = EventFactory(organiser=world.hq)
    registration = services.register(by=world.people["jet"], event=event)
    violations = csp_violations(page)
    _check_in_page(page, live_server, world, event, f" {registration.code} ")
    page.get_by_role("button", name="カメラで読み取る").click()
    expect(page.get_by_test_id("outcome")).to_have_attribute("data-outcome", "checked_in")
    assert violations == []


def test_check_in_camera_refused_falls_back_to_the_typed_code(page, live_server, world):  # noqa: F811
    event = EventFactory(organiser=world.hq)
    _check_in_page(page, live_server, world, event, None)
    page.get_by_role("button", name="カメラで読み取る").click()
    expect(page.get_by_role("status")).to_have_text("カメラを起動できませんでした。コードを入力してください。")
    expect(page.get_by_label("受付コード")).to_be_focused()


def test_a_question_shown_on_an_answer_appears_when_it_is_chosen(page, live_server, world):  # noqa: F811
    from kizuna.events.models import Registration
    from kizuna.events.services import events as event_services

    event = EventFactory(organiser=world.hq, title="通訳付きセミナー")
    event_services.set_questions(by=world.people["hq_staff"], event=event, questions=[
        {"label": "通訳が必要", "label_en": "Interpreter", "type": "yes_no", "required": True}])
    event_services.set_questions(by=world.people["hq_staff"], event=event, questions=[
        event.questions[0], {"label": "通訳の言語", "label_en": "Language", "type": "choice", "required": True,
                             "options": [{"label": "英語"}, {"label": "ベトナム語"}],
                             "condition": {"question": "interpreter", "answer": "yes"}}])
    violations = csp_violations(page)
    _as(page, live_server, world.people["jet"])
    page.goto(event.get_absolute_url())
    form = page.get_by_test_id("register-form")
    expect(form.get_by_text("ベトナム語")).to_be_hidden()
    form.get_by_label("はい").check()
    expect(form.get_by_text("ベトナム語")).to_be_visible()
    form.get_by_label("ベトナム語").check()
    form.get_by_role("button", name="申し込む").click()
    expect(page.get_by_test_id("answers")).to_contain_text("ベトナム語")
    assert Registration.objects.get(event=event).answers["interpreter"] is True
    assert violations == []
