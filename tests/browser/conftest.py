"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system's Chromium (`KIZUNA_CHROMIUM` overrides the path).
Playwright's sync API keeps an event loop in the test thread, so Django's guard against ORM calls from async
code would fire on every query the test makes; the tests are synchronous, so the guard is switched off.
"""

import os
import re
import tempfile
import time
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KIZUNA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# docs/screenshots is rewritten only when asked (KIZUNA_UPDATE_DOCS=1): a test run leaves the work tree as it was.
SCREENSHOTS = (Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("KIZUNA_UPDATE_DOCS")
               else Path(tempfile.gettempdir()) / "kizuna-screenshots")
TIMEOUT_MS = 15_000
DESK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# a date as the reader's language writes it: 2027年1月5日 / Jan. 5, 2027 (never 2027-01-05 on a page)
DATE = {"ja": re.compile(r"20\d\d年\d{1,2}月\d{1,2}日"), "en": re.compile(r"[A-Z][a-z]+\.? \d{1,2}, 20\d\d")}


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, stopped at the module's end: no event loop outlives the browser tests."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _fresh_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="ja-JP", viewport={"width": 1280, "height": 800},
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test, at a desktop size, Japanese by default."""
    page = _fresh_page(browser, live_server)
    try:
        yield page
    finally:
        page.context.close()


@pytest.fixture
def other_page(browser, live_server):
    """A second person's browser beside `page` (cookies of its own), for a journey of two people at once: each
    signs in once and keeps their session, as two people at two desks do."""
    page = _fresh_page(browser, live_server)
    try:
        yield page
    finally:
        page.context.close()


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now for this secret (allauth's own HOTP arithmetic).

    A code is valid for one 30-second period only; near the end of a period, wait for the next one so the
    code is still valid when the form reaches the server."""
    from kizuna.core.mfa import current_code

    code, remaining = current_code(secret)
    if remaining < 5:
        time.sleep(remaining + 0.5)
        code, remaining = current_code(secret)
    return code


def add_known_totp(user, secret: str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") -> str:
    """Give a person a TOTP authenticator whose secret the test knows; returns the secret."""
    from kizuna.core.mfa import activate_totp

    activate_totp(user, secret)
    return secret


def log_in_with_totp(page, person) -> None:
    """Log CLAIR staff in as they do: the login form, then the code of their authenticator app (the secret the
    test world gave them); the page ends on their home page."""
    # Imported here: the models are ready only once pytest-django has set Django up, after this module loads.
    from allauth.mfa.models import Authenticator
    from playwright.sync_api import expect

    from kizuna.core.mfa import totp_secret
    from tests.factories import PASSWORD

    secret = totp_secret(Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP))
    page.goto("/accounts/login/")
    page.fill("#id_login", person.email)
    page.fill("#id_password", PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code(secret))
    page.locator("#id_code").press("Enter")
    expect(page.get_by_test_id("my-organisations")).to_be_visible()


def log_in_with_session(page, live_server, person) -> None:
    """Log a person in without the login form (the login journey has tests of its own): a session made on the
    server, its cookie given to the browser."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def open_as(page, live_server, person, language: str, size: str) -> None:
    """The page's browser as `person` (None: a visitor), in `language`, at a desk's or a phone's size: how the
    journeys of issue #18 are each run in Japanese and English, on a desk and on a phone."""
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.set_viewport_size(PHONE if size == "phone" else DESK)
    if person is not None:
        log_in_with_session(page, live_server, person)


def csp_violations(page) -> list[str]:
    """The Content-Security-Policy violations the browser reports in the console from now on (a script, style
    or handler the policy blocked): a list that the test reads at its end."""
    found = []
    page.on("console", lambda message: found.append(message.text) if "Content Security Policy" in message.text
            else None)
    return found


def screenshot(page, name: str) -> None:
    """Save (overwrite) docs/screenshots/<name>.png: the visible part of the page, to keep it small."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def mails_to(smtp_server, address: str, count: int, seconds: float = 10) -> list:
    """The mails the SMTP server has received for `address`, once there are `count` of them (sent by the task
    queue after the commit, in the live server's thread)."""
    deadline = time.monotonic() + seconds
    while True:
        found = [m["message"] for m in smtp_server.messages if address in m["to"]]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def plain_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def untranslated(page) -> list[str]:
    """The page's own words (headings below the title, labels, terms, buttons, disclosures, column heads) that
    are written in Japanese: on an English page, strings left untranslated (the data, Japanese titles and names,
    sit in the title, the cells and the values, not here). Words marked with a language of their own (`lang`: a
    language's own name in the sign builder, a Japanese title that has no English one) are meant, not left."""
    return page.evaluate("""() => [...document.querySelectorAll(
        'main h2, main h3, main label, main dt, main button, main summary, main th[scope=col], header nav a')]
        .filter(e => e.closest('[lang]') === document.documentElement)
        .map(e => [...e.querySelectorAll('[lang]')].reduce((t, part) => t.replace(part.innerText, ''), e.innerText)
                  .trim())
        .filter(t => /[\\u3040-\\u30ff\\u4e00-\\u9fff]/.test(t))""")


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
