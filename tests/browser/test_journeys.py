"""The journeys people start with, in a real browser: log in (with TOTP for CLAIR staff), switch the
language, open the plan dashboard, find an organisation by kana."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kizuna.core.enums import OrgKind, Role
from kizuna.core.models import Organisation
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

from .conftest import (
    add_known_totp,
    csp_violations,
    no_sideways_scroll,
    open_as,
    screenshot,
    totp_code,
    untranslated,
)

pytestmark = pytest.mark.browser

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("#id_password").press("Enter")


def test_login_municipality_staff_lands_on_home(page, live_server, world):
    log_in(page, world.people["municipality_staff"].email)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("my-organisations")).to_contain_text("千代田区")
    expect(page.locator("header form[action*='logout'] button")).to_be_visible()


def test_login_wrong_password_stays_on_login_page(page, live_server, world):
    log_in(page, world.people["municipality_staff"].email, password="not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_test_id("my-organisations")).to_have_count(0)


# The words of the TOTP step each reader meets: its heading and the refusal of a wrong code.
TOTP_WORDS = {
    "ja": {"heading": "多要素認証",
           "refused": "コードが正しくないか、直前に使われたコードです（各コードは1回だけ有効です）。"},
    "en": {"heading": "Two-Factor Authentication",
           "refused": "This code is wrong, or it was just used (each code counts once)"},
}


def _to_the_totp_step(page, live_server, person, language, size) -> None:
    """The login page in the reader's language and size, then the TOTP step it leads CLAIR staff to."""
    open_as(page, live_server, None, language, size)
    page.goto("/accounts/login/")
    _in_their_language_and_width(page, language, size)
    log_in(page, person.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.locator("h1")).to_have_text(TOTP_WORDS[language]["heading"])
    _in_their_language_and_width(page, language, size)


def _in_their_language_and_width(page, language, size) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    if size == "phone":
        no_sideways_scroll(page)
    if language == "en":
        assert untranslated(page) == []


@pytest.mark.parametrize(("language", "size"), [("ja", "desk"), ("en", "phone")])
def test_login_clair_staff_needs_totp_code(page, live_server, world, language, size):
    person = UserFactory(email="hq.browser@example.jp")
    MembershipFactory(person=person, organisation=world.hq, role=Role.STAFF)
    secret = add_known_totp(person)

    _to_the_totp_step(page, live_server, person, language, size)
    page.fill("#id_code", totp_code(secret))
    page.locator("#id_code").press("Enter")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("my-organisations")).to_contain_text(
        world.hq.name if language == "ja" else world.hq.name_en)
    _in_their_language_and_width(page, language, size)


@pytest.mark.parametrize(("language", "size"), [("ja", "desk"), ("en", "phone")])
def test_login_clair_staff_wrong_totp_code_is_refused(page, live_server, world, language, size):
    person = UserFactory(email="hq.wrong@example.jp")
    MembershipFactory(person=person, organisation=world.hq, role=Role.STAFF)
    secret = add_known_totp(person)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    _to_the_totp_step(page, live_server, person, language, size)
    page.fill("#id_code", wrong)
    page.locator("#id_code").press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.get_by_test_id("my-organisations")).to_have_count(0)
    # The refusal, in the reader's language, beside the field: the field points to it and it sits just above.
    code, error = page.locator("#id_code"), page.locator("#id_code_error")
    expect(error).to_contain_text(TOTP_WORDS[language]["refused"])
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_attribute("aria-describedby", "id_code_error")
    expect(error).to_be_in_viewport()
    field, message = code.bounding_box(), error.bounding_box()
    assert 0 <= field["y"] - (message["y"] + message["height"]) < 80
    _in_their_language_and_width(page, language, size)


def test_language_switch_to_english_and_back(page, live_server):
    page.goto("/")
    html = page.locator("html")
    nav = page.locator("header nav a").first
    switch = page.get_by_test_id("switch-language")
    expect(html).to_have_attribute("lang", "ja")
    expect(switch).to_have_text("English")
    japanese_nav = nav.inner_text()

    switch.click()
    expect(html).to_have_attribute("lang", "en")
    expect(switch).to_have_text("日本語")
    expect(nav).to_have_text("Organisations")

    switch.click()
    expect(html).to_have_attribute("lang", "ja")
    expect(switch).to_have_text("English")
    expect(nav).to_have_text(japanese_nav)
    assert JAPANESE.search(japanese_nav), f"the Japanese page shows {japanese_nav!r} in its main navigation"


def test_dashboard_shows_the_plan_areas(page, live_server):
    call_command("load_reference_data", verbosity=0)
    call_command("load_plan", verbosity=0)
    person = UserFactory(email="dashboard@example.jp")
    MembershipFactory(person=person, organisation=Organisation.objects.get(code="131016"), role=Role.STAFF)
    violations = csp_violations(page)
    log_in(page, person.email)
    expect(page).to_have_url(f"{live_server.url}/")

    page.get_by_role("navigation").get_by_role("link", name=re.compile("Plan|計画")).click()

    expect(page).to_have_url(f"{live_server.url}/plan/")
    areas = page.locator("main section h2[id^='area-']")
    expect(areas).to_have_count(7)
    expect(areas.first).to_have_text(re.compile(r"^1\. 自治体の海外における経済活動を支援"))
    expect(page.get_by_test_id("kpi-table").first).to_be_visible()
    screenshot(page, "dashboard")
    assert violations == []


def test_directory_finds_chiyoda_by_kana(page, live_server):
    call_command("load_reference_data", verbosity=0)
    violations = csp_violations(page)
    results = page.locator("#directory-results")
    page.goto("/organisations/")

    page.fill("#id_q", "ちよだ")
    page.locator("#id_q").press("Enter")
    expect(results.get_by_role("link", name="千代田区", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=%E3%81%A1%E3%82%88%E3%81%A0"))

    page.fill("#id_q", "とうきょう")
    page.locator("#id_q").press("Enter")
    expect(page).to_have_url(re.compile(r"q=%E3%81%A8%E3%81%86%E3%81%8D%E3%82%87%E3%81%86"))
    expect(results.get_by_role("link", name="千代田区", exact=True)).to_be_visible()
    screenshot(page, "directory")
    assert violations == []


def test_directory_kana_search_without_match_says_so(page, live_server):
    OrganisationFactory(kind=OrgKind.PREFECTURE, code="130001", name="東京都", name_kana="とうきょうと")
    page.goto("/organisations/?q=%E3%81%B5%E3%81%8C%E3%81%8F")  # ふがく: no such organisation

    expect(page.get_by_test_id("result-count")).to_contain_text("0")
    expect(page.locator("#directory-results a")).to_have_count(0)
