"""The research journey in a real browser, in Japanese at a desk and in English on a phone (issue #18, item 2): a
municipality files a research request, its branch endorses it, headquarters accepts it and assigns an office (the
answer is then expected by the office's target, counted from the routing), the office answers and publishes it,
the municipality rates it, and the public finds it. The requester is told by mail (a real SMTP server) when the
branch endorses it and when headquarters assign it."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from kizuna.requests.models import Request
from tests.browser.conftest import (  # noqa: F401 - fixtures
    DATE,
    browser,
    mails_to,
    no_sideways_scroll,
    open_as,
    page,
    plain_text,
    untranslated,
)

pytestmark = pytest.mark.browser

WORDS = {
    "ja": {"kind": "調査依頼", "save": "保存", "filed": "支部確認待ち", "endorse": "進達して本部に送る",
           "endorsed": "本部受付待ち", "accept": "受け付けて事務所に割り当てる", "accepted": "事務所で対応中",
           "estimate": "見込み", "answer": "回答して完了する", "answered": "回答済み", "publish": "調査結果を公開する",
           "rate": "対応を評価する", "closed": "完了", "query": "防災"},
    "en": {"kind": "Research request", "save": "Save", "filed": "Awaiting the branch",
           "endorse": "Endorse and send to headquarters", "endorsed": "Awaiting headquarters",
           "accept": "Accept and assign an office", "accepted": "Open at the office", "estimate": "estimate",
           "answer": "Answer and close", "answered": "Answered", "publish": "Publish the research",
           "rate": "Rate the service", "closed": "Closed", "query": "disaster"},
}
SUMMARY = {"ja": "主要都市は5言語以上で提供している。", "en": "The main cities inform in five languages or more."}


@pytest.mark.parametrize(("language", "size"), [("ja", "desk"), ("en", "phone")])
def test_research_journey_from_filing_to_publication(page, live_server, world, smtp_server, language,  # noqa: F811
                                                     size):
    words = WORDS[language]
    officer, branch, hq, office = (world.people[r] for r in (
        "municipality_staff", "branch_staff", "hq_staff", "office_staff"))

    def step_as(person):
        open_as(page, live_server, person, language, size)
        page.goto(url)
        if size == "phone":
            no_sideways_scroll(page)
        if language == "en":
            assert untranslated(page) == []

    url = "/requests/new/"
    step_as(officer)
    page.get_by_test_id("kinds").get_by_role("link", name=re.compile(words["kind"])).click()
    expect(page.locator("#id_requester")).to_have_value(str(world.chiyoda.pk))
    page.fill("#id_title", "米国の多言語防災情報")
    page.fill("#id_description", "米国の自治体の取組を知りたい。")
    page.select_option("#id_country", "US")
    page.fill("#id_questions", "多言語での防災情報の提供方法は？")
    page.fill("#id_theme", "防災")
    page.fill("#id_wanted_by", (date.today() + timedelta(days=90)).isoformat())
    page.get_by_role("button", name=words["save"]).click()
    expect(page.get_by_test_id("status")).to_have_text(words["filed"])
    expect(page.get_by_test_id("expected")).to_contain_text(words["estimate"])  # counted from the filing, for now
    url = Request.objects.get().get_absolute_url()

    step_as(branch)
    page.get_by_role("button", name=words["endorse"]).click()
    expect(page.get_by_test_id("status")).to_have_text(words["endorsed"])
    [endorsed] = mails_to(smtp_server, officer.email, 1)  # the requester is told it went on to headquarters
    assert url in plain_text(endorsed)

    # Headquarters accept and assign the office: the answer is now expected by the office's own date.
    step_as(hq)
    page.select_option("#accept_office", str(world.nyc.pk))
    page.get_by_role("button", name=words["accept"]).click()
    expect(page.get_by_test_id("status")).to_have_text(words["accepted"])
    expected = page.get_by_test_id("expected")
    expect(expected).to_contain_text(DATE[language])
    expect(expected).not_to_contain_text(words["estimate"])
    assert Request.objects.get().routed_at is not None
    told = mails_to(smtp_server, officer.email, 2)  # ... and which office took it, and by when
    assert len(told) == 2 and re.search("クレア ニューヨーク事務所|CLAIR New York", plain_text(told[1]))

    step_as(office)
    page.fill("#answer_deliverable", "主要都市の取組を表にまとめました。")
    page.get_by_role("button", name=words["answer"]).click()
    expect(page.get_by_test_id("status")).to_have_text(words["answered"])
    page.check("#publish_publish")
    page.fill("#publish_title", "米国の多言語防災情報")
    page.fill("#publish_title_en", "Multilingual disaster information in the US")
    page.fill("#publish_summary", SUMMARY["ja"])
    page.fill("#publish_summary_en", SUMMARY["en"])
    if size == "phone":
        no_sideways_scroll(page)
    page.get_by_role("button", name=words["publish"]).click()
    expect(page.locator(".message-success")).to_be_visible()

    step_as(officer)
    expect(page.get_by_test_id("deliverable")).to_contain_text("主要都市の取組")
    page.locator("input[name='rating'][value='5']").check()
    page.get_by_role("button", name=words["rate"]).click()
    expect(page.get_by_test_id("status")).to_have_text(words["closed"])

    # The public finds it, summarised in their language.
    url = f"/requests/research/?q={words['query']}"
    step_as(None)
    expect(page.get_by_test_id("research")).to_contain_text(SUMMARY[language])
