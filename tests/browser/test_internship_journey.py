"""An internship in a real browser (issue #13, item 10: a participant applies for an internship): Chiyoda's staff
offer one from the Internships page and open it for applications; the JET participant finds it, applies (an
empty motivation is refused beside its field, and nothing is saved), and sees it among their applications;
Chiyoda offers them a place, and the participant accepts it, which takes one of the offer's two places. Declining
a place cannot be undone, so it asks first."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kizuna.careers.models import Application, Offer
from tests.jet.access import _arrived, _participant

from .conftest import csp_violations
from .test_claims_journey import _as

pytestmark = pytest.mark.browser
TITLE = "千代田区国際交流課 夏のインターンシップ"


def _internships(page):
    """The Internships page, from the header's navigation."""
    page.locator("#site-nav").get_by_role("link", name="インターンシップ", exact=True).click()
    expect(page).to_have_url(re.compile(r"/careers/$"))


def test_a_participant_applies_for_chiyodas_internship_and_takes_a_place(page, live_server, world):
    blocked = csp_violations(page)
    today = timezone.localdate()
    apply_by = timezone.localtime() + timedelta(days=20)

    # Chiyoda's staff offer an internship (a draft) and open it for applications.
    _as(page, live_server, world.people["municipality_staff"])
    page.goto("/")
    _internships(page)
    page.get_by_role("link", name="インターンシップを募集する").click()
    expect(page).to_have_url(reverse("careers:offer_create"))
    page.fill("#id_title", TITLE)
    page.fill("#id_description", "多言語の防災案内を作り、区の国際交流イベントを手伝う。")
    page.fill("#id_place", "千代田区")
    page.fill("#id_starts_on", (today + timedelta(days=40)).isoformat())
    page.fill("#id_ends_on", (today + timedelta(days=44)).isoformat())
    page.fill("#id_places", "2")
    page.fill("#id_apply_by", apply_by.strftime("%Y-%m-%dT17:00"))  # weeks before the start
    page.get_by_role("button", name="保存").click()
    offer = Offer.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(re.escape(offer.get_absolute_url()) + "$"))
    assert (offer.organisation, offer.places, offer.status) == (world.chiyoda, 2, "draft")
    expect(page.locator("h1 .tag")).to_have_attribute("data-state", "draft")
    page.locator(f"form[action='{reverse('careers:offer_publish', args=[offer.pk])}'] button").click()
    expect(page.locator("h1 .tag")).to_have_attribute("data-state", "open")
    expect(page.locator("h1 .tag")).to_have_text("募集中")

    # The participant finds the offer, is refused an empty application, then sends one.
    _arrived(world, _participant(world))
    _as(page, live_server, world.people["jet"])
    page.goto("/")
    _internships(page)
    page.get_by_test_id("offers").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(re.escape(offer.get_absolute_url()) + "$"))
    form = page.get_by_test_id("apply-form")
    form.get_by_role("button", name="応募を送る").click()
    expect(page.locator("#id_motivation_error")).to_be_visible()  # the error beside the field
    expect(page.locator(".field--error #id_motivation")).to_be_visible()
    assert not Application.objects.exists()
    form.locator("textarea[name=motivation]").fill("地域の国際交流の仕事を、現場で学びたいです。")
    form.get_by_role("button", name="応募を送る").click()
    # The browser keeps the form's #apply across the redirect: the application's page, whatever the fragment.
    expect(page).to_have_url(re.compile(r"/careers/applications/\d+/(#apply)?$"))
    application = Application.objects.get(offer=offer)
    assert (application.participant.person, application.status) == (world.people["jet"], "submitted")
    assert page.url.split("#")[0].endswith(application.get_absolute_url())
    expect(page.locator("h1 .tag")).to_have_attribute("data-state", "submitted")
    expect(page.locator("h1 .tag")).to_have_text("応募済み")
    _internships(page)
    page.get_by_role("link", name="自分の応募").click()
    row = page.get_by_test_id("my-applications").locator("tbody tr").filter(
        has=page.locator(f"a[href='{application.get_absolute_url()}']"))
    expect(row).to_contain_text(TITLE)
    expect(row.locator(".tag")).to_have_attribute("data-state", "submitted")

    # Chiyoda's staff open the offer, find the application and offer a place.
    _as(page, live_server, world.people["municipality_staff"])
    page.goto(offer.get_absolute_url())
    page.get_by_test_id("applications").locator(f"a[href='{application.get_absolute_url()}']").click()
    expect(page).to_have_url(re.compile(re.escape(application.get_absolute_url()) + "$"))
    expect(page.locator("main")).to_contain_text("現場で学びたい")
    page.get_by_test_id("offer").click()  # 受入れを決定する
    expect(page.locator("h1 .tag")).to_have_attribute("data-state", "offered")

    # The participant reads the offer of a place; declining it asks first; they accept it.
    _as(page, live_server, world.people["jet"])
    page.goto(application.get_absolute_url())
    expect(page.locator("h1 .tag")).to_have_attribute("data-state", "offered")
    decline = page.locator("details.confirm[data-testid=decline]")
    expect(decline.locator("summary")).to_have_text("受入れを辞退する")
    expect(decline.get_by_role("button", name="受入れを辞退する")).to_be_hidden()  # behind the disclosure
    page.get_by_test_id("accept").click()  # 受入れを承諾する
    expect(page.locator("h1 .tag")).to_have_attribute("data-state", "accepted")
    expect(page.locator("h1 .tag")).to_have_text("受入れ確定")
    expect(page.get_by_test_id("accept")).to_have_count(0)
    page.goto(offer.get_absolute_url())
    expect(page.get_by_test_id("places")).to_have_text("2人中 1人決定")
    expect(page.get_by_test_id("own-application").locator(".tag")).to_have_attribute("data-state", "accepted")
    assert Application.objects.get(pk=application.pk).status == "accepted"
    assert blocked == []
