"""The plan's results for anyone, in a real browser (issue #19, item 1).

A visitor without an account opens the plan dashboard (no login asked), narrows it to the New York office and this
quarter, and follows the live count of economic seminars down to the seminars it counts, with the same filters.
On the records page they widen the office to all of CLAIR (both offices' seminars), then pick another quarter
(none), and open a seminar. The dashboard and the records fit a phone's width.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kizuna.core.fiscal import fiscal_quarter
from kizuna.events.models import Event
from kizuna.plan.models import KPI
from tests.events.factories import EventFactory
from tests.factories import arrange_update
from tests.plan.conftest import offices, plan  # noqa: F401 - fixtures

from .conftest import csp_violations, no_sideways_scroll

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _held_seminar(organiser, title):
    event = EventFactory(organiser=organiser, title=title, is_published=True)
    start = timezone.now() - timedelta(hours=3)
    arrange_update(Event.objects.filter(pk=event.pk), kpi_series="economic_seminar", starts_at=start,
                   ends_at=start + timedelta(hours=2))
    return event


def _filter(page, *, quarter, office):
    """Choose in the filter form by the options' values: a quarter (1–4, "" the whole year), an office's id ("" all
    of CLAIR)."""
    form = page.locator("form.plan-filters")
    form.get_by_label("四半期").select_option(str(quarter))
    form.get_by_label("事務所・支部").select_option(str(office))
    form.get_by_role("button", name="表示").click()


def test_a_visitor_narrows_the_results_and_follows_a_live_figure_to_its_records(  # noqa: F811
        page, live_server, world, plan):  # noqa: F811
    seminars = KPI.objects.get(programme__area__fiscal_year=plan, programme__code="1-1", code="seminar-sessions")
    _held_seminar(world.nyc, "ニューヨーク 日本の地域産品セミナー")
    _held_seminar(world.hq, "本部 インバウンド誘客セミナー")
    quarter = fiscal_quarter(timezone.localdate())
    blocked = csp_violations(page)
    row = page.locator(f'tr[data-kpi="{seminars.programme_id}/seminar-sessions"]')

    # Anyone reads the results: no login is asked.
    page.set_viewport_size(PHONE)
    page.goto("/plan/")
    expect(page).to_have_url(re.compile(r"/plan/$"))
    expect(page.locator("main h1")).to_contain_text("事業計画ダッシュボード")
    expect(row.locator("td.actual")).to_contain_text("2")
    no_sideways_scroll(page)

    # New York, this quarter: its one seminar.
    _filter(page, quarter=quarter, office=world.nyc.pk)
    expect(page).to_have_url(re.compile(rf"quarter={quarter}&office={world.nyc.pk}"))
    expect(row.locator("td.actual")).to_contain_text("1")
    no_sideways_scroll(page)
    row.locator("td.actual a").click()

    # The records, with the same filters.
    expect(page).to_have_url(re.compile(rf"/plan/kpis/{seminars.pk}/records/\?quarter={quarter}&office="))
    expect(page.get_by_test_id("showing")).to_contain_text("クレア ニューヨーク事務所")
    expect(page.get_by_test_id("record-count")).to_contain_text("1件")
    records = page.get_by_test_id("kpi-records")
    expect(records).to_contain_text("ニューヨーク 日本の地域産品セミナー")
    expect(records).not_to_contain_text("本部 インバウンド誘客セミナー")
    no_sideways_scroll(page)

    # All of CLAIR: both seminars; another quarter: none.
    _filter(page, quarter=quarter, office="")
    expect(page.get_by_test_id("record-count")).to_contain_text("2件")
    expect(page.get_by_test_id("kpi-records")).to_contain_text("本部 インバウンド誘客セミナー")
    _filter(page, quarter=quarter % 4 + 1, office="")
    expect(page.get_by_test_id("record-count")).to_contain_text("0件")
    expect(page.get_by_test_id("kpi-records")).to_have_count(0)

    # Back to the whole year, and on to a seminar.
    _filter(page, quarter="", office="")
    expect(page.get_by_test_id("showing")).to_contain_text("年度全体の実績")
    page.get_by_role("link", name="ニューヨーク 日本の地域産品セミナー").click()
    expect(page.locator("h1")).to_contain_text("ニューヨーク 日本の地域産品セミナー")
    assert blocked == []
