"""What a new user meets first, in Chromium, in Japanese and English, at a desk and on a phone (issue #18): the
home page of their role with what waits for them and what they can start, the collapsed menu worked by keyboard,
filing a request to an overseas office, the sign builder, the confirmations before what cannot be undone, and
the error pages. docs/ux-journeys.md lists which test completes each journey of the issue."""

import io
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kizuna.requests import services as request_services
from kizuna.requests.enums import Kind
from kizuna.requests.models import Request
from kizuna.signage.loading import load_bank
from tests.events.factories import EventFactory
from tests.signage.conftest import SMALL, bank_data

from .conftest import DATE, mails_to, no_sideways_scroll, open_as, plain_text

pytestmark = pytest.mark.browser

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _research(world, title="多言語防災情報の調査", **data):
    return request_services.file_request(
        by=world.people["municipality_staff"], requester=world.chiyoda, kind=Kind.RESEARCH,
        data={"title": title, "description": "米国の自治体の取組を知りたい。", "country": "US",
              "questions": "提供方法は？", "theme": "防災", "wanted_by": date.today() + timedelta(days=90), **data})


# --- Home pages per role (items 7 and 12), with the phone's menu (item 8) ---------------------------------------

HOME = {
    "ja": {"menu": "メニュー", "waiting": "あなたの対応待ち", "ask": "海外事務所に支援を依頼する",
           "endorse": "支部の進達を待っている依頼", "assign": "海外事務所への割り当てを待っている依頼",
           "see": "依頼を見る"},
    "en": {"menu": "Menu", "waiting": "Waiting for you", "ask": "Ask an overseas office for support",
           "endorse": "Requests waiting for your branch's endorsement.",
           "assign": "Requests waiting to be assigned to an overseas office.", "see": "See the requests"},
}


@pytest.mark.parametrize(("language", "size"), [("ja", "phone"), ("en", "phone"), ("en", "desk")])
def test_each_roles_home_shows_its_waiting_work_counted_and_what_it_can_start(page, live_server, world,
                                                                                language, size):
    words = HOME[language]
    _research(world)
    _research(world, title="二件目の調査")
    waiting_at_hq = _research(world, title="本部待ちの調査")
    request_services.endorse_request(by=world.people["branch_staff"], request=waiting_at_hq)

    # The municipality: nothing waits; it can ask an office (and make a sign, register…), from the phone's menu.
    open_as(page, live_server, world.people["municipality_staff"], language, size)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    start = page.get_by_test_id("start")
    expect(start.get_by_role("link", name=re.compile(words["ask"]))).to_be_visible()
    expect(start.get_by_role("link")).not_to_have_count(0)
    if size == "phone":
        no_sideways_scroll(page)
        _menu_opens_and_closes_by_keyboard(page, words["menu"])
    start.get_by_role("link", name=re.compile(words["ask"])).click()
    expect(page).to_have_url(re.compile(r"/requests/new/$"))

    # The branch: two requests wait for its endorsement, counted, with a link to them.
    open_as(page, live_server, world.people["branch_staff"], language, size)
    page.goto("/")
    item = page.get_by_test_id("open-items").locator("li", has_text=words["endorse"])
    expect(item.locator(".task-count")).to_have_text("2")
    if size == "phone":
        no_sideways_scroll(page)
    item.get_by_role("link", name=words["see"]).click()
    expect(page.get_by_test_id("inbox").locator("tbody tr")).to_have_count(2)

    # Headquarters: the endorsed request waits to be assigned.
    open_as(page, live_server, world.people["hq_staff"], language, size)
    page.goto("/")
    item = page.get_by_test_id("open-items").locator("li", has_text=words["assign"])
    expect(item.locator(".task-count")).to_have_text("1")
    if language == "ja":  # the fiscal year in Japanese words (令和8年度（2026年度）), never "FY2026"
        assert "FY" not in page.locator("body").inner_text()
    item.get_by_role("link", name=words["see"]).click()
    expect(page.get_by_test_id("inbox")).to_contain_text("本部待ちの調査")
    if language == "ja":
        page.goto("/requests/research/")
        assert "FY" not in page.locator("body").inner_text()


def _menu_opens_and_closes_by_keyboard(page, label: str) -> None:
    """On a phone the navigation is behind a Menu button: Tab reaches it, Enter opens it, Escape (or Enter
    again) closes it, and the first screen is not taken by the navigation meanwhile."""
    nav = page.locator("#site-nav")
    toggle = page.locator(".menu-toggle > summary")
    expect(toggle).to_have_text(label)
    expect(nav).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link").first).to_be_visible()
    page.keyboard.press("Tab")  # into the menu's first link
    expect(nav.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    page.keyboard.press("Enter")
    expect(nav).to_be_hidden()


# --- Filing a request (item 2) ----------------------------------------------------------------------------------

FILING = {
    "ja": {"kind": "調査依頼", "country": "米国 — クレア ニューヨーク事務所", "save": "保存",
           "past": "過去の日付です", "late": "ご希望の日より遅くなります", "status": "支部確認待ち",
           "country_shown": "米国"},
    "en": {"kind": "Research request", "country": "United States — CLAIR New York", "save": "Save",
           "past": "The date is in the past", "late": "later than the date asked for",
           "status": "Awaiting the branch", "country_shown": "United States"},
}


@pytest.mark.parametrize(("language", "size"), [("en", "phone"), ("ja", "desk")])
def test_a_request_is_filed_with_the_country_by_name_a_future_date_and_its_expected_answer(
        page, live_server, world, language, size):
    words = FILING[language]
    open_as(page, live_server, world.people["municipality_staff"], language, size)
    page.goto("/requests/new/")
    page.get_by_test_id("kinds").get_by_role("link", name=re.compile(words["kind"])).click()
    # The country is chosen by its name, with the office that will handle the request; the one organisation
    # the person works for is chosen already.
    expect(page.locator("#id_requester")).to_have_value(str(world.chiyoda.pk))
    page.select_option("#id_country", label=words["country"])
    page.fill("#id_title", "Multilingual disaster information in the US")
    page.fill("#id_description", "How US cities inform foreign residents.")
    page.fill("#id_questions", "Which languages, and how?")
    page.fill("#id_theme", "disaster")
    page.fill("#id_wanted_by", (date.today() - timedelta(days=1)).isoformat())
    if size == "phone":
        no_sideways_scroll(page)
    page.get_by_role("button", name=words["save"]).click()

    # A date in the past is refused beside its field; what was typed stays.
    expect(page.locator("#id_wanted_by_error")).to_contain_text(words["past"])
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("#id_title")).to_have_value("Multilingual disaster information in the US")
    expect(page.locator("#id_country")).to_have_value("US")
    assert not Request.objects.exists()

    # A date sooner than the office can manage is taken, and the page says when the answer is to be expected.
    page.fill("#id_wanted_by", (date.today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_test_id("status")).to_have_text(words["status"])
    expected = page.get_by_test_id("expected")
    expect(expected).to_contain_text(words["late"])
    filed = Request.objects.get()
    assert filed.country == "US"
    expect(expected).to_contain_text(DATE[language])
    expect(page.locator(".message-warning")).to_contain_text(DATE[language])  # said on filing, too
    expect(page.locator("main")).to_contain_text(words["country_shown"])
    if size == "phone":
        no_sideways_scroll(page)


# --- The sign builder (item 3) ----------------------------------------------------------------------------------

SIGNS = {"en": {"query": "toilet", "too_many": "at most 5 languages"}, "ja": {"query": "トイレ", "too_many": "5つまで"}}
TOILET = "男性用トイレ"  # the men's toilet: listed in Japanese and English in either language of the page


@pytest.mark.parametrize(("language", "size"), [("en", "phone"), ("ja", "desk")])
def test_the_sign_builder_keeps_the_choices_says_what_is_missing_and_downloads_the_pdf(
        page, live_server, transactional_db, language, size):
    load_bank(bank_data(SMALL))
    words = SIGNS[language]
    open_as(page, live_server, None, language, size)
    page.goto("/signs/")
    if size == "phone":
        no_sideways_scroll(page)

    # Preview with no message says so, beside the list of messages.
    page.get_by_test_id("preview").click()
    expect(page.locator(".error-summary, .field-error").first).to_be_visible()
    expect(page.get_by_test_id("sign-preview")).to_have_count(0)

    # Six languages are refused; the six stay ticked, and the message chosen stays chosen.
    page.locator("#id_q").fill(words["query"])
    page.get_by_test_id("search").click()
    page.locator("li", has_text=TOILET).locator("input[name=m]").first.check()
    six = ["ja", "en", "ko", "vi", "ne", "th"]
    for code in six:
        page.locator(f"input[name=lang][value='{code}']").check()
    page.get_by_test_id("preview").click()
    expect(page.get_by_test_id("lang-error")).to_contain_text(words["too_many"])
    for code in six:
        expect(page.locator(f"input[name=lang][value='{code}']")).to_be_checked()
    expect(page.locator("li", has_text=TOILET).locator("input[name=m]").first).to_be_checked()

    # One unticked: the preview comes first on the page, in view without scrolling, and the PDF downloads.
    page.locator("input[name=lang][value='th']").uncheck()
    page.get_by_test_id("preview").click()
    preview = page.get_by_test_id("sign-preview")
    expect(preview).to_contain_text("남자 화장실")
    expect(preview).to_be_in_viewport()
    if size == "phone":
        no_sideways_scroll(page)
    pdf = page.request.get(page.get_by_test_id("pdf-link").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert "남자 화장실" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)


# --- What cannot be undone asks first (item 5) ------------------------------------------------------------------

CANCEL = {
    "ja": {"question": "元に戻せません", "button": "申込を取り消す", "status": "取消"},
    "en": {"question": "cannot be undone", "button": "Cancel my registration", "status": "Cancelled"},
}


@pytest.mark.parametrize(("language", "size"), [("ja", "phone"), ("en", "desk")])
def test_cancelling_a_registration_asks_first_and_the_mail_arrives(page, live_server, world, smtp_server, settings,
                                                                   language, size):
    from kizuna.events import services as event_services

    settings.SITE_URL = live_server.url
    words = CANCEL[language]
    person = world.people["municipality_staff"]
    event = EventFactory(organiser=world.hq, title="多文化共生セミナー", title_en="Multicultural seminar",
                         capacity=20)
    registration = event_services.register(by=person, event=event)
    open_as(page, live_server, person, language, size)
    page.goto("/events/mine/")
    page.get_by_role("link", name=re.compile("多文化共生セミナー|Multicultural seminar")).click()

    cancel = page.get_by_test_id("cancel")
    button = cancel.get_by_role("button", name=words["button"])
    expect(button).to_be_hidden()  # one click does not cancel: the disclosure asks first
    cancel.locator("summary").click()
    expect(cancel).to_contain_text(words["question"])
    if size == "phone":
        no_sideways_scroll(page)
    button.click()
    expect(page.get_by_test_id("status")).to_have_text(words["status"])
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    confirmed, cancelled = mails_to(smtp_server, person.email, 2)  # the registration's mail, then the cancellation's
    assert registration.code in plain_text(cancelled) and plain_text(cancelled) != plain_text(confirmed)


WITHDRAW = {
    "ja": {"label": "依頼を取り下げる", "question": "再開できません", "status": "取下げ"},
    "en": {"label": "Withdraw the request", "question": "cannot be reopened", "status": "Withdrawn"},
}


@pytest.mark.parametrize(("language", "size"), [("en", "phone"), ("ja", "desk")])
def test_withdrawing_a_request_asks_first_and_the_branch_is_told_why(page, live_server, world, smtp_server,
                                                                    settings, language, size):
    settings.SITE_URL = live_server.url
    words = WITHDRAW[language]
    filed = _research(world)
    open_as(page, live_server, world.people["municipality_staff"], language, size)
    page.goto(filed.get_absolute_url())

    withdraw = page.get_by_test_id("withdraw")
    button = withdraw.get_by_role("button", name=words["label"])
    expect(button).to_be_hidden()
    withdraw.locator("summary").click()
    expect(withdraw).to_contain_text(words["question"])
    withdraw.get_by_role("textbox").fill("予算がつかなかったため")
    if size == "phone":
        no_sideways_scroll(page)
    button.click()
    expect(page.get_by_test_id("status")).to_have_text(words["status"])
    filed.refresh_from_db()
    assert filed.status == "withdrawn"
    told = mails_to(smtp_server, world.people["branch_staff"].email, 2)  # the filing's mail, then the withdrawal's
    assert "予算がつかなかったため" in plain_text(told[-1])


# --- Error pages (item 6) ---------------------------------------------------------------------------------------

ERRORS = {
    "ja": {"404": "ページが見つかりません", "403": "この操作はできません", "home": "ホームへ"},
    "en": {"404": "This page cannot be found", "403": "You cannot do this", "home": "Go to the home page"},
}


@pytest.mark.parametrize(("language", "size"), [("ja", "phone"), ("en", "phone"), ("ja", "desk"), ("en", "desk")])
def test_a_missing_page_and_a_refused_page_keep_the_header_and_lead_back(page, live_server, world, language, size):
    words = ERRORS[language]
    open_as(page, live_server, world.people["municipality_staff"], language, size)
    for path, status in (("/no-such-page/", 404), ("/dispatch/board/", 403)):
        response = page.goto(path)
        assert response.status == status
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("header.site-header .brand")).to_be_visible()
        expect(page.locator("main h1")).to_have_text(words[str(status)])
        if language == "ja":
            assert JAPANESE.search(page.locator("main").inner_text())
        expect(page.get_by_test_id("switch-language")).to_be_visible()
        if size == "phone":
            no_sideways_scroll(page)
        page.locator("main").get_by_role("link", name=words["home"]).click()
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_test_id("my-organisations")).to_contain_text(re.compile("千代田区|Chiyoda"))


# --- A grant application's costs (item 1), in English on a phone -------------------------------------------------

@pytest.fixture
def grant_call(world):
    from tests.grants.factories import CallFactory, SchemeFactory

    return CallFactory(scheme=SchemeFactory(code="tabunka", excluded_categories=["飲食費"]))


def test_a_fresh_application_takes_costs_from_the_schemes_list_and_keeps_a_refused_line(page, live_server, world,
                                                                                       grant_call):
    open_as(page, live_server, world.people["municipality_staff"], "en", "phone")
    page.goto(grant_call.get_absolute_url())
    page.get_by_role("link", name="Start an application").click()
    expect(page.locator("#id_applicant")).to_have_value(str(world.chiyoda.pk))  # the one organisation, chosen
    page.fill("#id_title", "Disaster drill for foreign residents")
    page.get_by_role("button", name="Save").click()

    # A fresh draft opens without an error; the categories are the scheme's, the excluded one is not offered.
    expect(page.locator(".field-error, .error-summary")).to_have_count(0)
    categories = page.locator("#id_category option").all_inner_texts()
    assert "謝金" in categories and "飲食費" not in categories
    expect(page.get_by_test_id("line-form")).to_contain_text("飲食費")  # said why it is missing
    no_sideways_scroll(page)

    # An amount past the largest refused beside its field; what was typed stays.
    form = page.get_by_test_id("line-form")
    page.select_option("#id_category", "謝金")
    page.fill("#id_description", "Interpreters' fees")
    page.fill("#id_amount", "99999999999")
    form.get_by_role("button", name="Add").click()
    expect(page.locator("#id_amount_error")).to_be_visible()
    expect(page.locator("#id_description")).to_have_value("Interpreters' fees")
    expect(page.locator("#id_category")).to_have_value("謝金")

    page.fill("#id_amount", "900,000")
    page.get_by_test_id("line-form").get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("lines")).to_contain_text("900,000")
    expect(page.get_by_test_id("lines")).to_contain_text("Interpreters' fees")
    no_sideways_scroll(page)
