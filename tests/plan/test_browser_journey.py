"""The plan's results in a real browser: headquarters enters a quarter's figure, a second person signs it off from
their home page and the dashboard counts it; a visitor without an account follows a live figure down to the
events it counts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kizuna.events.models import Event
from kizuna.plan.models import KPI
from tests.browser.conftest import browser, log_in_with_session, page  # noqa: F401 - fixtures
from tests.events.factories import EventFactory
from tests.factories import MembershipFactory, add_totp, arrange_update

pytestmark = pytest.mark.browser


def _as(page, live_server, person):  # noqa: F811
    page.context.clear_cookies()
    if person is not None:
        log_in_with_session(page, live_server, person)


def test_a_figure_is_entered_signed_off_and_counted(page, live_server, world, plan):  # noqa: F811
    forum = KPI.objects.get(programme__area__fiscal_year=plan, programme__code="5-4", code="forum")
    second = MembershipFactory(organisation=world.hq, person__full_name="Second Signer").person
    add_totp(second)  # CLAIR staff sign in with a second factor

    _as(page, live_server, world.people["hq_staff"])
    page.goto(live_server.url + forum.get_absolute_url())
    page.select_option("#id_quarter", "1")
    page.fill("#id_value", "3")
    page.get_by_role("button", name="入力する").click()
    expect(page.get_by_test_id("sign-off").first).to_contain_text("承認待ち")
    expect(page.get_by_role("button", name="承認する")).to_have_count(0)  # not by the person who entered it

    _as(page, live_server, second)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="実績値を確認").first.click()
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_test_id("sign-off").first).to_contain_text("承認済み")

    _as(page, live_server, None)
    page.goto(live_server.url + f"/plan/{plan.year}/")
    expect(page.locator(f'tr[data-kpi="{forum.programme_id}/forum"] td.actual')).to_contain_text("3")


def test_a_visitor_follows_a_live_figure_to_the_events_it_counts(page, live_server, world, plan):  # noqa: F811
    seminars = KPI.objects.get(programme__area__fiscal_year=plan, programme__code="1-1", code="seminar-sessions")
    event = EventFactory(organiser=world.hq, title="インバウンド誘客セミナー", is_published=True)
    start = timezone.now() - timedelta(hours=3)
    arrange_update(Event.objects.filter(pk=event.pk), kpi_series="economic_seminar", starts_at=start,
                   ends_at=start + timedelta(hours=2))

    _as(page, live_server, None)
    page.goto(live_server.url + f"/plan/{plan.year}/")
    page.locator(f'tr[data-kpi="{seminars.programme_id}/seminar-sessions"] td.actual a').click()
    expect(page.get_by_test_id("record-count")).to_contain_text("1件")
    page.get_by_role("link", name="インバウンド誘客セミナー").click()
    expect(page.locator("h1")).to_contain_text("インバウンド誘客セミナー")
