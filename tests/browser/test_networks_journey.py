"""The people and bodies of the field in a real browser (issue #17, item 3).

A visitor without an account finds a listed manager by the romaji of their name and by their prefecture, on a
phone's width, and never sees an unlisted one. Headquarters record a consultation of the Citizens' International
Plaza, take it on, answer it and close it (closing asks first)."""

import re

import pytest
from playwright.sync_api import expect

from kizuna.networks.models import Consultation
from tests.networks.conftest import manager

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_a_visitor_finds_a_listed_manager_on_a_phone(browser, live_server, world):
    manager(world)
    manager(world, name="上原 良", kana="うえはら りょう", romaji="Uehara Ryo", listed=False)
    manager(world, name="大野 健太", kana="おおの けんた", romaji="Ono Kenta", prefecture=world.osaka)
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    blocked = csp_violations(page)
    try:
        page.goto("/networks/managers/")
        table = page.get_by_test_id("managers")
        expect(table).to_contain_text("北村 直子")
        expect(table).not_to_contain_text("上原 良")
        page.get_by_label("氏名・名称（漢字・かな・ローマ字）").fill("kitamura")
        page.get_by_role("button", name="検索").click()
        expect(table.locator("tbody tr")).to_have_count(1)
        expect(table).to_contain_text("北村 直子")
        page.get_by_label("氏名・名称（漢字・かな・ローマ字）").fill("")
        page.get_by_label("都道府県").select_option("27")
        page.get_by_role("button", name="検索").click()
        expect(table).to_contain_text("大野 健太")
        expect(table).not_to_contain_text("北村 直子")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert blocked == []
    finally:
        context.close()


def test_headquarters_answer_a_plaza_consultation(page, live_server, world):
    blocked = csp_violations(page)
    log_in_with_session(page, live_server, world.people["hq_staff"])
    page.goto("/networks/consultations/new/")
    page.locator("#id_asker_name").fill("市民")
    page.get_by_label("件名").fill("防災訓練の進め方")
    page.get_by_label("相談内容").fill("多言語での防災訓練の事例を教えてください。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("相談を記録しました。")
    case = Consultation.objects.get(subject="防災訓練の進め方")
    expect(page).to_have_url(re.compile(re.escape(case.get_absolute_url()) + "$"))
    page.get_by_test_id("step-take").click()
    expect(page.locator("h1 .tag")).to_have_text("対応中")
    page.get_by_label("回答内容").fill("事例集をお送りしました。")
    page.get_by_role("button", name="回答を記録する").click()
    expect(page.locator("h1 .tag")).to_have_text("回答済み")
    page.get_by_test_id("close").locator("summary").click()
    page.get_by_test_id("close").get_by_role("button", name="完了にする").click()
    expect(page.locator("h1 .tag")).to_have_text("完了")
    case.refresh_from_db()
    assert (case.status, case.handled_by) == ("closed", world.people["hq_staff"])
    assert case.answer == "事例集をお送りしました。"
    assert blocked == []
