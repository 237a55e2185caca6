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

from .conftest import PHONE, csp_violations, no_sideways_scroll, open_as, untranslated

pytestmark = pytest.mark.browser


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


TREND = {
    "ja": {"label": re.compile(r"^四半期別：Q1 3, Q2 5, Q3 なし, Q4 なし$"), "trend": "四半期の推移"},
    "en": {"label": re.compile(r"^By quarter: Q1 3, Q2 5, Q3 none, Q4 none$"),
           "trend": "Trend by quarter"},
}


@pytest.mark.parametrize(("language", "size"), [("ja", "phone"), ("en", "phone"), ("en", "desk")])
def test_the_dashboard_jumps_to_an_area_and_shows_each_kpis_quarters(page, live_server, world, plan,  # noqa: F811
                                                                     language, size):
    """Issue #18, item 8: the areas at the top of the dashboard lead down to their sections, and each KPI's row
    has its quarters drawn as bars named with their figures, on a phone as on a desk."""
    from tests.plan.factories import counted_figure

    words = TREND[language]
    forum = KPI.objects.get(programme__area__fiscal_year=plan, programme__code="5-4", code="forum")
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=3)
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=2, value=5)
    area = forum.programme.area.number

    open_as(page, live_server, None, language, size)
    page.goto(f"/plan/{plan.year}/")
    heading = page.locator(f"h2#area-{area}")
    expect(heading).not_to_be_in_viewport()  # the area is further down the page
    if size == "phone":
        no_sideways_scroll(page)
    if language == "en":
        assert untranslated(page) == []

    # The area's link in "progress by area" lands on its section, its heading shown (not under anything).
    page.get_by_test_id("chart-areas").locator(f"tr[data-area='{area}'] a").click()
    expect(page).to_have_url(re.compile(rf"#area-{area}$"))
    expect(heading).to_be_in_viewport()
    assert heading.evaluate("h => { const r = h.getBoundingClientRect();"
                            " return h.contains(document.elementFromPoint(r.left + 4, r.top + r.height / 2)); }")

    # Each KPI row of the area has its trend cell; a KPI with figures names its four quarters.
    section = page.locator("section", has=heading)
    rows = section.locator("tr[data-kpi]")
    expect(rows).not_to_have_count(0)
    expect(section.locator("tr[data-kpi] > td.trend-cell")).to_have_count(rows.count())
    trend = section.locator(f'tr[data-kpi="{forum.programme_id}/forum"] td.trend-cell svg.trend')
    expect(trend).to_have_attribute("role", "img")
    expect(trend).to_have_attribute("aria-label", words["label"])
    expect(trend).to_be_visible()
    expect(trend.locator("rect.bar:not(.empty)")).to_have_count(2)
    for other in section.locator("svg.trend").all():
        expect(other).to_have_attribute("aria-label", re.compile(r"Q1 .+, Q2 .+, Q3 .+, Q4 .+$"))
    if size == "phone":  # the row is a card: the cell says what it is, and nothing spills past the screen
        cell = trend.locator("xpath=..")
        assert words["trend"] in cell.evaluate("c => getComputedStyle(c, '::before').content")
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        no_sideways_scroll(page)
