"""The sister-city registry in a real browser (issue #17, part 7).

Chiyoda's staff propose a friendship affiliation with the City of Westminster; CLAIR headquarters approve it,
which writes it to the registry; anyone, without logging in, then finds it on the public map (a point for the
partner and one for Chiyoda, and the map's table) and in the open-data CSV. The registry fits a phone's width.
"""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from kizuna.core.audit import save_logged
from kizuna.exchange.models import Affiliation, Proposal
from tests.exchange.conftest import affiliation

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _as(page, live_server, person):
    page.context.clear_cookies()
    if person is not None:
        log_in_with_session(page, live_server, person)


def _saved(page, text: str):
    expect(page.locator(".messages")).to_contain_text(text)


def test_a_city_proposes_clair_approves_and_it_is_published(page, live_server, world):
    blocked = csp_violations(page)
    world.chiyoda.latitude, world.chiyoda.longitude = 35.694, 139.753
    save_logged(world.chiyoda, "test.coordinates", by=world.people["hq_staff"], fields=["latitude", "longitude"])

    # Chiyoda's staff propose the affiliation.
    _as(page, live_server, world.people["municipality_staff"])
    page.goto("/exchange/proposals/new/")
    page.get_by_label("提携先の国").select_option("GB")
    page.get_by_label("提携先の名称(現地語)").fill("City of Westminster")
    page.get_by_label("提携先の名称(英語)").fill("Westminster")
    page.get_by_label("提携先の緯度").fill("51.4975")
    page.get_by_label("提携先の経度").fill("-0.1357")
    page.get_by_label("提携の種別").select_option("friendship")
    page.get_by_label("提携日").fill("2025-10-01")
    page.get_by_label("文化・芸術").check()
    page.get_by_label("観光").check()
    page.get_by_role("button", name="申請を送る").click()
    _saved(page, "申請をクレアに送りました。")
    proposal = Proposal.objects.get(partner_name="City of Westminster")
    expect(page).to_have_url(re.compile(re.escape(proposal.get_absolute_url()) + "$"))
    expect(page.locator('.tag[data-state="submitted"]').first).to_have_text("提出済み")

    # Headquarters see it waiting on their home page and approve it.
    _as(page, live_server, world.people["hq_staff"])
    page.goto("/")
    page.get_by_role("link", name="申請を確認する").click()
    page.locator(f'tr[data-proposal="{proposal.pk}"] a').click()
    page.get_by_test_id("approve").get_by_role("button").click()
    _saved(page, "承認しました。")
    created = Affiliation.objects.get(partner__name="City of Westminster")
    assert created.local_government == world.chiyoda and created.counted

    # Anyone finds it on the public map and in the open data.
    _as(page, live_server, None)
    page.goto("/exchange/map/")
    expect(page.locator(f'circle[data-partner="{created.partner_id}"]')).to_have_count(1)
    expect(page.locator('circle[data-government="131016"]')).to_have_count(1)
    expect(page.get_by_test_id("map-partners")).to_contain_text("City of Westminster")
    response = page.request.get(f"{live_server.url}/exchange/open-data/sister-cities.csv")
    assert response.ok
    rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))
    assert [(r["local_government_code"], r["partner_name"], r["counted"]) for r in rows] == [
        ("131016", "City of Westminster", "true")]
    page.goto("/exchange/")
    expect(page.get_by_test_id("totals")).to_have_attribute("data-counted", "1")
    assert blocked == []


def test_the_registry_fits_a_phone(browser, live_server, world):
    affiliation(world)
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    try:
        page.goto("/exchange/")
        expect(page.get_by_test_id("affiliations")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
