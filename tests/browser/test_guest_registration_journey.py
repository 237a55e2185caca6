"""Registering without an account, in a real browser (issue #19, item 5).

A visitor abroad opens a public webinar, switches the site to English and registers with the form on the event's
page: a mistyped address is refused beside its field, then the page asks them to check their mail. The mail's
link opens a page that says what will be registered; pressing "Confirm my registration" registers them and opens
their registration: confirmed, with the check-in QR code and the online link. They change an answer, then cancel
after the confirmation step, and get the cancellation mail. Every page fits a phone's width.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from kizuna.events.models import Registration
from tests.events.factories import EventFactory

from .conftest import csp_violations, mails_to, no_sideways_scroll, plain_text

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
EMAIL = "maria.souza@example.org"



def test_a_visitor_registers_without_an_account_confirms_by_mail_changes_and_cancels(
        page, live_server, world, smtp_server, settings):
    settings.SITE_URL = live_server.url  # the links in the mail lead to this server
    blocked = csp_violations(page)
    webinar = EventFactory(organiser=world.nyc, title="自治体PRウェビナー", title_en="Local Japan PR webinar",
                           format="online", capacity=50, guests_may_register=True,
                           online_url="https://meet.example.jp/pr", venue_timezone="America/New_York",
                           questions=[{"key": "country", "label": "国・地域", "label_en": "Country",
                                       "required": True}])
    page.set_viewport_size(PHONE)
    page.goto(webinar.get_absolute_url())
    page.get_by_test_id("switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    form = page.get_by_test_id("guest-form")
    expect(form.get_by_label(re.compile("^Language of our mails"))).to_have_value("en")
    no_sideways_scroll(page)

    form.get_by_label(re.compile("^Your name")).fill("Maria Souza")
    form.get_by_label(re.compile("^Email address")).fill("maria.souza@@example")
    form.get_by_label(re.compile("^Organisation")).fill("Recife City Hall")
    form.get_by_label(re.compile("^Country")).fill("Brazil")
    form.get_by_role("button", name="Register").click()
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.get_by_label(re.compile("^Organisation"))).to_have_value("Recife City Hall")  # kept
    assert not Registration.objects.filter(event=webinar).exists()

    page.get_by_label(re.compile("^Email address")).fill(EMAIL)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("check-mail")).to_contain_text(EMAIL)
    assert not Registration.objects.filter(event=webinar).exists()  # nothing until confirmed

    [asking] = mails_to(smtp_server, EMAIL, 1)
    assert asking["Subject"].endswith("Please confirm your registration: Local Japan PR webinar")
    link = re.search(r"https?://\S+/confirm/\S+/", plain_text(asking)).group(0)
    page.goto(urlsplit(link).path)
    expect(page.get_by_test_id("asked")).to_contain_text("Recife City Hall")
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_test_id("status")).to_have_text("Confirmed")
    expect(page.get_by_test_id("online-link")).to_have_text("https://meet.example.jp/pr")
    expect(page.locator(".card svg").first).to_be_visible()
    registration = Registration.objects.get(event=webinar)
    expect(page.get_by_test_id("code")).to_have_text(registration.code)
    no_sideways_scroll(page)
    confirmed = mails_to(smtp_server, EMAIL, 2)[-1]
    assert registration.code in plain_text(confirmed) and "/events/r/" in plain_text(confirmed)

    answers = page.get_by_test_id("answers-form")
    answers.get_by_label(re.compile("^Country")).fill("Portugal")
    answers.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your answers were saved.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.answers == {"country": "Portugal"}

    page.get_by_test_id("cancel").locator("summary").click()
    expect(page.get_by_test_id("cancel")).to_contain_text("cannot be undone")
    page.get_by_test_id("cancel").get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_test_id("status")).to_have_text("Cancelled")
    cancelled = mails_to(smtp_server, EMAIL, 3)[-1]
    assert registration.code in plain_text(cancelled)
    assert blocked == []
