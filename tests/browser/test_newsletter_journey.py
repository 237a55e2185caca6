"""The mail magazine in a real browser (issue #16).

Headquarters keep a public list in Japanese and English. A visitor opens the newsletter pages, switches the site
to English from the header, finds the list and subscribes in English: a bad address is refused beside its field,
then the page asks them to check their mail. The confirmation mail (in English) brings them to their page, where
they press "Confirm". Headquarters send a bilingual issue: the visitor receives one mail, the English part only,
with the one-click unsubscribe headers (RFC 8058). Its unsubscribe link shows one button; pressing it ends the
subscription. The list's page and the unsubscribe page fit a phone's width.
"""

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from kizuna.newsletter import links, services
from kizuna.newsletter.enums import SubscriptionStatus
from kizuna.newsletter.models import Subscription
from tests.newsletter.conftest import issue, magazine

from .conftest import csp_violations, mails_to, no_sideways_scroll, plain_text

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
EMAIL = "alex.reader@example.org"
LIST_EN = "Test magazine magazine"



def test_a_visitor_subscribes_in_english_reads_the_english_issue_and_unsubscribes_in_one_click(
        page, live_server, world, smtp_server, settings):
    settings.SITE_URL = live_server.url  # the links in the mail lead to this server
    blocked = csp_violations(page)
    mailing_list = magazine(world)

    # The visitor opens the newsletter pages (Japanese at first) and switches the site to English.
    page.goto("/newsletter/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.get_by_test_id("switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/newsletter/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mail magazine and newsletters")
    lists = page.get_by_test_id("lists")
    expect(lists.locator("li")).to_have_count(1)
    expect(lists).to_contain_text("Japanese")
    expect(lists).to_contain_text("English")
    lists.get_by_role("link", name=LIST_EN).click()
    expect(page).to_have_url(re.compile(re.escape(mailing_list.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(LIST_EN)

    # A mistyped address is refused beside its field; nothing is saved and nothing is sent.
    form = page.get_by_test_id("subscribe-form")
    expect(form.get_by_label("Language of the mail")).to_have_value("en")  # the page's language, chosen
    form.get_by_label("Email address").fill("alex.reader@@example")
    form.get_by_label("Name").fill("Alex Reader")
    form.get_by_label("Language of the mail").select_option(label="English")
    form.get_by_label(re.compile("^I agree to receive this list by email")).check()
    form.get_by_role("button", name="Subscribe").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Email address")
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator(".field--error #id_email")).to_be_visible()
    expect(form.get_by_label("Name")).to_have_value("Alex Reader")  # kept
    assert not Subscription.objects.exists()

    form.get_by_label("Email address").fill(EMAIL)
    expect(form.get_by_label(re.compile("^I agree to receive this list by email"))).to_be_checked()  # kept
    form.get_by_role("button", name="Subscribe").click()
    expect(page).to_have_url(re.compile(r"\?asked=1$"))
    expect(page.get_by_test_id("asked")).to_contain_text("Almost done: we have sent a mail to the address you gave.")
    subscription = Subscription.objects.get(mailing_list=mailing_list)
    assert (subscription.email, subscription.name, subscription.language, subscription.status) == (
        EMAIL, "Alex Reader", "en", SubscriptionStatus.PENDING)

    # The confirmation mail is in English; its link opens the visitor's page, where they confirm.
    (confirmation,) = mails_to(smtp_server, EMAIL, 1)
    assert confirmation["Subject"].endswith(f"Confirm your subscription to {LIST_EN}")
    link = re.search(r"https?://\S+/newsletter/s/\d+/\S+/", plain_text(confirmation)).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your subscription")
    expect(page.get_by_role("link", name=LIST_EN)).to_be_visible()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING  # opening the link confirms nothing
    page.get_by_test_id("confirm").get_by_role("button", name="Confirm").click()
    expect(page.locator(".messages")).to_contain_text("Thank you: your subscription is confirmed.")
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE and subscription.confirmed_at is not None

    # Headquarters send a bilingual issue now: the visitor gets the English part only, once.
    campaign = issue(world, mailing_list)
    services.schedule(by=world.people["hq_staff"], campaign=campaign)
    mails_to(smtp_server, EMAIL, 2)
    time.sleep(0.3)  # a second copy, were there one, would have arrived by now
    confirmation_again, mail = mails_to(smtp_server, EMAIL, 2)  # exactly one more: the issue
    assert confirmation_again is confirmation
    assert mail["Subject"] == "English subject"
    text = plain_text(mail)
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "The English body." in text and "The English body." in html
    assert "日本語" not in text and "日本語" not in html and "日本語の件名" not in mail["Subject"]
    assert '<html lang="en">' in html
    header = mail["List-Unsubscribe"].strip()  # folded onto a line of its own: it is long
    unsubscribe = re.fullmatch(rf"<({re.escape(live_server.url)}/newsletter/u/{subscription.pk}/[^/>]+/\?c="
                               rf"{campaign.pk})>", header).group(1)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Unsubscribe: {unsubscribe}" in text.splitlines()  # the same link in the mail's text
    campaign.refresh_from_db()
    assert (campaign.status, campaign.recipients) == ("sent", 1)

    # The unsubscribe link of the mail shows one button; a GET alone unsubscribes nobody.
    page.goto(unsubscribe)
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    expect(page.locator("main")).to_contain_text(f"Stop sending {LIST_EN} to {EMAIL}?")
    expect(page.locator("main").get_by_role("button")).to_have_count(1)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribed")
    expect(page.get_by_test_id("unsubscribed")).to_have_text(f"{EMAIL} will receive no more mail of {LIST_EN}.")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscription.unsubscribed_from_id == campaign.pk
    assert blocked == []


def test_the_subscribe_form_and_the_unsubscribe_button_fit_a_phone(browser, live_server, world):
    mailing_list = magazine(world)
    subscription = services.subscribe(by=world.people["hq_staff"], mailing_list=mailing_list, email=EMAIL,
                                      language="en")
    services.confirm(subscription)
    phone = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE, is_mobile=True)
    try:
        page = phone.new_page()
        blocked = csp_violations(page)
        page.goto(mailing_list.get_absolute_url())
        form = page.get_by_test_id("subscribe-form")
        for field in ("#id_email", "#id_name", "#id_language", "#id_consent"):
            expect(form.locator(field)).to_be_visible()
        no_sideways_scroll(page)
        # A bad address: the error is beside the field, and the page still fits.
        form.locator("#id_email").fill("not-an-address")
        form.locator("#id_consent").check()
        form.get_by_role("button").click()
        expect(page.locator("#id_email_error")).to_be_visible()
        no_sideways_scroll(page)
        box, field = page.locator("#id_email_error").bounding_box(), page.locator("#id_email").bounding_box()
        assert 0 <= field["y"] - (box["y"] + box["height"]) < 40  # just above its field
        assert Subscription.objects.count() == 1

        page.goto(urlsplit(links.unsubscribe_url(subscription)).path)
        button = page.get_by_test_id("unsubscribe-button")
        expect(button).to_be_visible()
        expect(button).to_be_in_viewport()
        no_sideways_scroll(page)
        assert blocked == []
    finally:
        phone.close()

