"""The social-media calendar in a real browser (issue #16, part 6).

Beijing office staff open their office's week on the calendar and plan a WeChat post on a day of it, in Chinese,
and send it for review; the office's administrator (the approver) approves it; the staff mark it posted with its
link and type in its reach and engagement; the calendar then shows it posted. The calendar fits a phone's width.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kizuna.core.enums import OrgKind, Role
from kizuna.social import services
from kizuna.social.models import Post
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, add_totp

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
TEXT = "欢迎了解千代田区的国际交流节！"
POSTED_URL = "https://mp.weixin.qq.com/s/Chiyoda-festival-2026"


def _beijing(world):
    office = OrganisationFactory(kind=OrgKind.OVERSEAS_OFFICE, slug="bej", name="クレア 北京事務所",
                                 name_en="CLAIR Beijing", timezone="Asia/Shanghai", city="Beijing")
    people = {}
    for key, role in (("staff", Role.STAFF), ("admin", Role.ADMIN)):
        person = UserFactory(email=f"bej-{key}@example.jp", full_name=f"Beijing {key}")
        MembershipFactory(person=person, organisation=office, role=role)
        add_totp(person)
        people[key] = person
    account = services.save_account(by=world.people["hq_staff"], holder=office, platform="wechat",
                                    name="日本自治体国际化协会北京事务所", handle="clairbeijing", url="",
                                    language="zh-hans", is_active=True)
    return office, account, people


def _as(page, live_server, person):
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def _saved(page, text: str):
    expect(page.locator(".messages")).to_contain_text(text)


def test_beijing_staff_plan_approve_and_record_a_wechat_post(page, live_server, world):
    blocked = csp_violations(page)
    office, account, people = _beijing(world)
    day = timezone.localdate() + timedelta(days=3)

    # The staff open their office's week and plan a post on the day, from the calendar.
    _as(page, live_server, people["staff"])
    page.goto(f"/social/?view=week&date={day.isoformat()}&office=bej")
    expect(page.get_by_test_id("calendar")).to_have_attribute("data-view", "week")
    page.locator(f'td[data-date="{day.isoformat()}"]').get_by_role("link", name="投稿を計画する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("日本自治体国际化协会北京事务所")
    expect(page.get_by_label("投稿予定日時")).to_have_value(f"{day.isoformat()}T12:00")
    page.get_by_label("本文").fill(TEXT)
    page.get_by_label("投稿に載せるリンク").fill("https://www.city.chiyoda.lg.jp/")
    page.get_by_label("紹介する自治体").select_option(str(world.chiyoda.pk))
    page.get_by_role("button", name="保存").click()
    _saved(page, "投稿を下書きとして計画しました。")
    post = Post.objects.get(text=TEXT)
    expect(page).to_have_url(re.compile(re.escape(post.get_absolute_url()) + "$"))
    assert (post.account, post.featured, timezone.localtime(post.planned_at, office_zone(office)).hour) == (
        account, world.chiyoda, 12)
    page.get_by_test_id("submit").click()
    _saved(page, "審査に回しました。")
    expect(page.locator("h1 .tag")).to_have_text("審査中")

    # The office's approver approves it.
    _as(page, live_server, people["admin"])
    page.goto(post.get_absolute_url())
    page.get_by_test_id("approve").click()
    _saved(page, "承認しました。")
    expect(page.locator("h1 .tag")).to_have_text("承認済み")

    # The staff post it on WeChat, then record the link, and later the figures.
    _as(page, live_server, people["staff"])
    page.goto(post.get_absolute_url())
    page.get_by_test_id("mark-posted").click()
    page.get_by_label("投稿のURL").fill(POSTED_URL)
    page.get_by_role("button", name="投稿済みとして記録する").click()
    _saved(page, "投稿済みとして記録しました。")
    expect(page.get_by_test_id("posted")).to_contain_text(POSTED_URL)
    page.get_by_role("link", name="数値を入力").click()
    page.get_by_label("リーチ").fill("5400")
    page.get_by_label("インプレッション").fill("8100")
    page.get_by_label("エンゲージメント").fill("230")
    page.get_by_role("button", name="保存").click()
    _saved(page, "数値を保存しました。")
    expect(page.get_by_test_id("figures")).to_contain_text("5400")
    post.refresh_from_db()
    assert (post.status, post.posted_url, post.reach, post.impressions, post.engagements) == (
        "posted", POSTED_URL, 5400, 8100, 230)

    # The calendar shows it posted, on its day.
    page.goto(f"/social/?view=week&date={day.isoformat()}&office=bej")
    cell = page.locator(f'td[data-date="{day.isoformat()}"]')
    expect(cell.get_by_test_id("calendar-post")).to_contain_text("WeChat")
    expect(cell.locator('.tag[data-state="posted"]')).to_have_text("投稿済み")
    page.goto(f"/social/?date={day.isoformat()}&office=bej")
    expect(page.locator(f'td[data-date="{day.isoformat()}"] .tag[data-state="posted"]')).to_have_count(1)
    assert blocked == []


def office_zone(office):
    from zoneinfo import ZoneInfo

    return ZoneInfo(office.timezone)


def test_the_calendar_fits_a_phone(browser, live_server, world):
    office, account, people = _beijing(world)
    context = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE)
    page = context.new_page()
    try:
        log_in_with_session(page, live_server, people["staff"])
        page.goto("/social/?office=bej")
        expect(page.get_by_test_id("calendar")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
