"""The award in a real browser (issue #17, item 7): Chiyoda proposes its project and sends it to Tokyo, the
prefecture endorses it and nominates it to CLAIR; headquarters check it eligible and assign the judge on the panel
page; the judge declares no conflict and scores it — blind, never seeing who is nominated; the panel decides three
winners with their citations and publishes them; anyone reads them on the public page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kizuna.awards import services
from kizuna.awards.models import Nomination
from tests.awards.conftest import award_round, nomination, score_all

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser


def _as(page, live_server, person):
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def _confirm(page, testid):
    box = page.get_by_test_id(testid)
    box.locator("summary").click()
    box.get_by_role("button").click()


def test_a_prefecture_nominates_judges_score_and_three_winners_are_published(page, live_server, world):
    r = award_round(world)
    hq, judge = world.people["hq_staff"], world.people["reviewer"]
    blocked = csp_violations(page)

    # Chiyoda proposes its project and sends it to its prefecture.
    _as(page, live_server, world.people["municipality_staff"])
    page.goto(reverse("awards:round", args=[r.pk]))
    page.get_by_test_id("nominate").click()
    page.fill("#id_title", "やさしい日本語でつなぐ多文化共生のまち")
    page.fill("#id_summary", "外国人住民と日本人住民が共に企画する交流事業を続けている。")
    page.fill("#id_started_year", "2012")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/awards/nominations/\d+/$"))
    page.get_by_test_id("send").click()
    expect(page.locator("main")).to_contain_text("都道府県の推薦待ち")
    ours = Nomination.objects.get(title="やさしい日本語でつなぐ多文化共生のまち")

    # Tokyo endorses it: it reaches CLAIR in the prefecture's name.
    _as(page, live_server, world.people["prefecture_staff"])
    page.goto(ours.get_absolute_url())
    _confirm(page, "endorse")
    expect(page.locator("main")).to_contain_text("クレアに推薦済み")
    ours.refresh_from_db()
    assert ours.application.applicant == world.tokyo

    # Three more nominations reached CLAIR, checked eligible (arranged through the services).
    others = [nomination(world, "eligible", by="prefecture_staff", title="東京都 多言語防災訓練"),
              nomination(world, "eligible", by="association_staff", title="協会の多言語相談"),
              nomination(world, "eligible", by="other_municipality_staff", title="港区 姉妹都市の青少年交流")]

    # Headquarters check Chiyoda's nomination and assign the judge on the panel page.
    _as(page, live_server, hq)
    page.goto(ours.get_absolute_url())
    form = page.get_by_test_id("check-form")
    for box in form.locator("input[type='checkbox']").all():
        box.check()
    form.locator("input[name='eligible'][value='yes']").check()
    form.get_by_role("button").click()
    expect(page.get_by_test_id("eligibility")).to_contain_text("要件を満たす")
    page.goto(reverse("awards:panel", args=[r.pk]))
    page.fill("#id_judge", judge.email)
    page.get_by_role("button", name="審査員を割り当てる").click()
    expect(page.get_by_test_id("judges")).to_contain_text("4")

    # The judge declares and scores Chiyoda's nomination, blind: the nominee is never shown.
    _as(page, live_server, judge)
    page.goto(reverse("grants:declare", args=[ours.application.assignments.get(reviewer=judge).pk]))
    page.get_by_label("いいえ、利益相反はありません").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text(ours.title)
    for name in ("千代田区", "東京都"):
        expect(page.locator("main")).not_to_contain_text(name)
    page.goto(reverse("grants:score", args=[ours.application_id]))
    for criterion in r.call.scheme.criteria.all():
        page.locator(f"input[name='score_{criterion.pk}'][value='5']").check()
    page.get_by_role("button", name="保存").click()
    score_all(world, judge, r, dict(zip(others, [4, 3, 2], strict=True)))

    # The panel ranks them, decides three winners with their citations and publishes them.
    _as(page, live_server, hq)
    page.goto(reverse("awards:panel", args=[r.pk]))
    expect(page.get_by_test_id("ranking").locator("tbody tr").first).to_contain_text(ours.title)
    for n in (ours, others[0], others[1]):
        page.get_by_test_id(f"winner-{n.pk}").check()
        page.fill(f"#citation-{n.pk}", f"{n.title}の功績をたたえる")
        page.fill(f"#citation-en-{n.pk}", f"For {n.pk}")
    page.get_by_test_id("decide").locator("summary").click()
    page.get_by_role("button", name="受賞団体を決定する").last.click()
    expect(page.get_by_test_id("ranking")).to_contain_text("選外")
    _confirm(page, "publish")
    expect(page.get_by_test_id("published")).to_be_visible()

    # Anyone reads the winners and their citations.
    page.context.clear_cookies()
    page.goto(reverse("awards:winners"))
    expect(page.get_by_test_id("winner")).to_have_count(3)
    expect(page.locator("main")).to_contain_text("やさしい日本語でつなぐ多文化共生のまちの功績をたたえる")
    expect(page.locator("main")).not_to_contain_text(others[2].title)
    assert services.is_routed(ours) and blocked == []
