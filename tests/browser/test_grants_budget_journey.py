"""A grant's budget and its interim reports, in a real browser (issue #19, items 9 and 10).

Chiyoda's officer drafts an application to a scheme whose budget must balance: the cost lines are chosen from the
scheme's categories (an excluded one is not offered, and one that headquarters excluded while the page was open is
refused beside its field, what was typed kept); the income lines are the town's own funds, the participants' fees
and the prefecture's subsidy (a national subsidy is not offered). Submitted short of the cost, the application is
refused and the page says by how much; balanced, it is submitted. Headquarters' staff, signed in with their
authenticator's code, read the budget and award the project. The officer sends the interim report the call asks
for, headquarters return it with a comment, the officer corrects and resends it from a phone, and headquarters
accept it.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kizuna.grants.models import Application, Scheme
from tests.factories import arrange_update
from tests.grants.factories import CallFactory, SchemeFactory

from .conftest import csp_violations, log_in_with_session, log_in_with_totp, no_sideways_scroll

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
TITLE = "多文化共生フォーラム2026"


def _add_cost(page, category, description, amount):
    form = page.get_by_test_id("line-form")
    form.locator("#id_category").select_option(category)
    form.locator("#id_description").fill(description)
    form.locator("#id_amount").fill(amount)
    form.get_by_role("button", name="追加").click()


def _add_income(page, source, description, amount):
    form = page.get_by_test_id("income-form")
    form.get_by_label(re.compile("^収入の区分")).select_option(label=source)
    form.locator("#id_income-description").fill(description)
    form.locator("#id_income-amount").fill(amount)
    form.get_by_role("button", name="追加").click()
    expect(page.get_by_test_id("income")).to_contain_text(description)


def _answer_interim(page, *, accept: bool, comment: str = ""):
    report = page.get_by_test_id("interim-report").first
    report.get_by_label("受理する" if accept else "差し戻す").check()
    if comment:
        report.get_by_label(re.compile("^コメント")).fill(comment)
    report.get_by_role("button", name="回答").click()
    expect(page.get_by_text("中間報告に回答しました。")).to_be_visible()


def test_an_officer_balances_the_budget_headquarters_award_and_answer_the_interim_report(
        page, other_page, live_server, world):
    officer, hq = world.people["municipality_staff"], world.people["hq_staff"]
    scheme = SchemeFactory(name="多文化共生のまちづくり促進事業", excluded_categories=["食糧費"],
                           eligible_categories=["謝金", "会場借料", "印刷製本費"], income_must_balance=True,
                           excluded_income_sources=["national_subsidy"])
    due = timezone.localdate() + timedelta(days=30)
    call = CallFactory(scheme=scheme, title="令和8年度 多文化共生の公募", interim_due_dates=[due.isoformat()])
    blocked_officer, blocked_hq = csp_violations(page), csp_violations(other_page)

    # The officer starts a draft for Chiyoda.
    log_in_with_session(page, live_server, officer)
    page.goto(call.get_absolute_url())
    page.get_by_role("link", name="申請を始める").click()
    page.select_option("#id_applicant", str(world.chiyoda.pk))
    page.fill("#id_title", TITLE)
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/grants/applications/\d+/$"))
    application = Application.objects.get(title=TITLE)

    # Costs come from the scheme's categories: the excluded one is not offered, and the form says so.
    category = page.get_by_test_id("line-form").locator("#id_category")
    offered = category.locator("option").all_inner_texts()
    assert offered == ["—", "謝金", "会場借料", "印刷製本費"]
    expect(page.locator("#id_category_helptext")).to_contain_text("食糧費")
    _add_cost(page, "謝金", "講師謝金（3名）", "600000")
    expect(page.get_by_test_id("lines")).to_contain_text("講師謝金（3名）")

    # Headquarters stop paying for the hall while the officer's page is open: the line is refused beside its
    # field, what was typed is kept, and nothing is added.
    arrange_update(Scheme.objects.filter(pk=scheme.pk), eligible_categories=["謝金", "印刷製本費"],
                   excluded_categories=["食糧費", "会場借料"])
    _add_cost(page, "会場借料", "市民ホール使用料", "200000")
    expect(page.locator("#id_category_error")).to_contain_text("会場借料")
    expect(page.locator("#id_description")).to_have_value("市民ホール使用料")
    expect(page.locator("#id_amount")).to_have_value("200000")
    assert list(application.lines.values_list("category", flat=True)) == ["謝金"]
    _add_cost(page, "印刷製本費", "多言語チラシ", "400000")
    expect(page.get_by_test_id("lines")).to_contain_text("多言語チラシ")

    # The grant asked for, then the income besides it: a national subsidy is not offered.
    page.get_by_role("link", name="申請内容と回答を編集する").click()
    page.fill("#id_requested_amount", "700000")
    page.get_by_role("button", name="保存").click()
    sources = page.get_by_test_id("income-form").locator("select option").all_inner_texts()
    assert "その他の補助金・助成金" in sources and not any("国庫補助金" in s for s in sources)
    _add_income(page, "一般財源（自己財源）", "区の一般財源", "150000")
    _add_income(page, "参加者負担金・使用料", "参加費（500円×100名）", "50000")
    expect(page.get_by_test_id("budget-difference")).to_contain_text("¥-100,000")

    # Submitted short of the cost, it is refused with the figures; nothing is sent.
    page.get_by_role("button", name="提出する").click()
    expect(page.locator(".message-error")).to_contain_text("¥1,000,000")
    expect(page.get_by_test_id("status")).to_have_text("下書き")
    _add_income(page, "その他の補助金・助成金", "東京都の国際交流補助金", "100000")
    expect(page.get_by_test_id("budget-difference")).to_contain_text("収支一致")
    expect(page.get_by_test_id("total-income")).to_have_text("1,000,000")
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_test_id("status")).to_have_text("提出済み")

    # Headquarters' staff sign in with their second factor, read the budget and award the project.
    log_in_with_totp(other_page, hq)
    other_page.goto(application.get_absolute_url())
    income = other_page.get_by_test_id("income")
    for text in ("区の一般財源", "参加費（500円×100名）", "東京都の国際交流補助金", "700,000"):
        expect(income).to_contain_text(text)
    expect(other_page.get_by_test_id("budget")).to_contain_text("¥1,000,000")
    expect(other_page.get_by_test_id("budget-difference")).to_contain_text("収支一致")
    other_page.goto(f"/grants/calls/{call.pk}/board/")
    other_page.fill(f"#id_amount_{application.pk}", "700000")
    other_page.get_by_role("button", name="決定する").click()
    expect(other_page.get_by_test_id("awarded")).to_have_text("¥700,000")

    # The officer sends the interim report the call asks for.
    page.goto(application.get_absolute_url())
    expect(page.get_by_test_id("status")).to_have_text("交付決定")
    report = page.get_by_test_id("interim-report")
    expect(report).to_contain_text("提出待ち")
    report.get_by_role("link", name="中間報告を提出する").click()
    page.fill("#id_progress", "講師3名が決まり、チラシを5言語で作成した。")
    page.fill("#id_spent_to_date", "250000")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("interim-report")).to_contain_text("提出済み")

    # Headquarters return it with a comment.
    other_page.goto(application.get_absolute_url())
    expect(other_page.get_by_test_id("interim-report")).to_contain_text("¥250,000")
    _answer_interim(other_page, accept=False, comment="参加申込の状況も書いてください。")
    expect(other_page.get_by_test_id("interim-report")).to_contain_text("差戻し")

    # The officer reads the comment and resends the report from a phone.
    page.set_viewport_size(PHONE)
    page.goto(application.get_absolute_url())
    report = page.get_by_test_id("interim-report")
    expect(report).to_contain_text("参加申込の状況も書いてください。")
    no_sideways_scroll(page)
    report.get_by_role("link", name="中間報告を提出する").click()
    expect(page.locator("main")).to_contain_text("参加申込の状況も書いてください。")
    expect(page.locator("#id_progress")).to_have_value("講師3名が決まり、チラシを5言語で作成した。")
    page.fill("#id_progress", "講師3名が決まり、チラシを5言語で作成した。参加申込は80名。")
    no_sideways_scroll(page)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("interim-report")).to_contain_text("提出済み")
    no_sideways_scroll(page)

    # Headquarters accept it.
    other_page.goto(application.get_absolute_url())
    expect(other_page.get_by_test_id("interim-report")).to_contain_text("参加申込は80名。")
    _answer_interim(other_page, accept=True)
    expect(other_page.get_by_test_id("interim-report")).to_contain_text("受理")
    report = application.interim_reports.get()
    assert (report.status, report.spent_to_date) == ("accepted", 250_000)
    assert blocked_officer + blocked_hq == []
