"""The journeys people start with, in a real browser: log in (with TOTP for CLAIR staff), switch the
language, open the plan dashboard, find an organisation by kana."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kizuna.core.enums import OrgKind, Role
from kizuna.core.models import Organisation
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

from .conftest import add_known_totp, csp_violations, screenshot, totp_code

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


def test_login_clair_staff_needs_totp_code(page, live_server, world):
    person = UserFactory(email="hq.browser@example.jp")
    MembershipFactory(person=person, organisation=world.hq, role=Role.STAFF)
    secret = add_known_totp(person)

    log_in(page, person.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code(secret))
    page.locator("#id_code").press("Enter")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("my-organisations")).to_contain_text(world.hq.name)


def test_login_clair_staff_wrong_totp_code_is_refused(page, live_server, world):
    person = UserFactory(email="hq.wrong@example.jp")
    MembershipFactory(person=person, organisation=world.hq, role=Role.STAFF)
    secret = add_known_totp(person)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    log_in(page, person.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", wrong)
    page.locator("#id_code").press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.get_by_test_id("my-organisations")).to_have_count(0)


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
