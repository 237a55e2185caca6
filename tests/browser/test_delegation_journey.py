"""Delegations in a real browser (issue #17, part 7): an office registers a delegation and prints its badges.

Headquarters have set up the trilateral conference as a programme. The New York office's staff register the
Chinese delegation it handles, add its head (with a dietary need) and an interpreter — a name typed in Chinese where
the Latin letters go is refused next to the field, nothing lost — confirm the delegation, and open its name
badges: the PDF carries the names in Chinese and in Latin letters. The delegation page fits a phone's width.
"""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from kizuna.delegations import services
from kizuna.delegations.models import Delegation
from tests.events.factories import EventFactory

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _programme(world):
    event = EventFactory(organiser=world.hq, title="日中韓3か国地方政府交流会議（姫路）", kind="conference",
                         audience="invited")
    return services.create_programme(by=world.people["hq_staff"], event=event, kind="trilateral", co_host=None,
                                     notes="")


def _saved(page, text: str):
    expect(page.locator(".messages")).to_contain_text(text)


def _member(page, role, name, latin, position=""):
    page.get_by_test_id("add-member").click()
    page.locator("#id_role").select_option(role)
    page.locator("#id_position").fill(position)
    page.locator("#id_name").fill(name)
    page.locator("#id_name_latin").fill(latin)


def test_an_office_registers_a_delegation_and_prints_its_badges(page, live_server, world):
    blocked = csp_violations(page)
    programme = _programme(world)
    log_in_with_session(page, live_server, world.people["office_staff"])

    page.goto(programme.get_absolute_url())
    page.get_by_role("link", name="代表団を登録する").click()
    page.locator("#id_name").fill("中国地方政府代表团")
    page.locator("#id_name_en").fill("Delegation of Chinese local governments")
    page.locator("#id_country").select_option("CN")
    expect(page.locator("#id_handled_by")).to_have_value(str(world.nyc.pk))
    page.get_by_role("button", name="代表団を登録する").click()
    _saved(page, "代表団を招へい中として登録しました。")
    delegation = Delegation.objects.get(country="CN")
    expect(page).to_have_url(re.compile(re.escape(delegation.get_absolute_url()) + "$"))
    expect(page.locator("h1 .tag")).to_have_text("招へい中")

    _member(page, "head", "王伟", "WANG Wei", "西安市 副市长")
    page.locator("#id_dietary").fill("素食")
    page.get_by_role("button", name="団員を追加する").click()
    _saved(page, "団員を追加しました。")

    # A name in Chinese where the Latin letters go: refused next to the field, what was typed kept.
    _member(page, "interpreter", "陈静", "陈静")
    page.get_by_role("button", name="団員を追加する").click()
    expect(page.locator(".field-error")).to_contain_text("ラテン文字")
    expect(page.locator("#id_name")).to_have_value("陈静")
    page.locator("#id_name_latin").fill("CHEN Jing")
    page.get_by_role("button", name="団員を追加する").click()
    _saved(page, "団員を追加しました。")
    expect(page.get_by_test_id("members")).to_contain_text("CHEN Jing")
    expect(page.get_by_test_id("needs").first).to_contain_text("素食")

    page.get_by_test_id("step-confirm").click()
    _saved(page, "代表団の参加を確定しました。")
    expect(page.locator("h1 .tag")).to_have_text("参加確定")

    href = page.get_by_test_id("badges").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.body(), capture_output=True,
                          check=True).stdout.decode()
    for name in ("王伟", "WANG Wei", "陈静", "CHEN Jing", "中国地方政府代表团"):
        assert name in text, name
    assert "素食" not in text  # the badges never carry the needs
    assert blocked == []


def test_the_delegation_page_fits_a_phone(browser, live_server, world):
    programme = _programme(world)
    staff = world.people["office_staff"]
    delegation = services.register_delegation(by=staff, programme=programme, handled_by=world.nyc,
                                              name="대한민국 대표단", name_en="Korean delegation", country="KR",
                                              government=None, notes="")
    services.add_member(by=staff, delegation=delegation, role="head", name="김민수", name_latin="KIM Minsu",
                        position="부산광역시 국제협력과장", hotel="ホテル日航姫路", room="801")
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    try:
        log_in_with_session(page, live_server, staff)
        page.goto(delegation.get_absolute_url())
        expect(page.get_by_test_id("members")).to_contain_text("김민수")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
