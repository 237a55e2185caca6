"""Seconded staff in a real browser (issue #17, part 5).

Headquarters open a seconded person's record and add a language course (a wrong number of hours is refused beside
the field, then corrected) and a field training abroad; the person writes the training's report; the home
government's administrator opens their people at CLAIR and sees the course, the training and its report but not
the supervisor's assessment; another local government is refused. The home government's page fits a phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.secondments.conftest import records, secondment

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _as(page, live_server, person):
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def test_headquarters_record_training_the_person_reports_the_home_government_sees(page, live_server, world):
    blocked = csp_violations(page)
    s = secondment(world)
    records(world, s)

    _as(page, live_server, world.people["hq_staff"])
    page.goto(s.get_absolute_url())
    page.get_by_role("link", name="語学研修を追加する").click()
    page.get_by_label("講座").fill("英語プレゼンテーション講座")
    page.get_by_label("言語").select_option("en")
    page.locator("#id_starts_on").fill(s.starts_on.isoformat())
    page.get_by_label("時間数").fill("0")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#id_hours").locator("xpath=..")).to_contain_text("0より大きく")
    page.get_by_label("時間数").fill("36")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("記録を保存しました。")
    expect(page.get_by_test_id("total-hours")).to_have_text("156")

    # The person writes the report of their field training.
    training = s.field_trainings.get()
    _as(page, live_server, world.people["office_staff"])
    page.goto(s.get_absolute_url())
    page.get_by_role("link", name="報告書を書く").click()
    page.locator("#id_report").fill("ポートランドの市民参加の仕組みを千代田区の施策に生かせる。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("報告書を保存しました。")
    training.refresh_from_db()
    assert training.report.startswith("ポートランド")

    # The home government sees its person's training, not the assessment; on a phone.
    page.set_viewport_size(PHONE)
    _as(page, live_server, world.people["municipality_admin"])
    page.goto("/")
    page.get_by_role("link", name="配属と研修を見る").click()
    expect(page).to_have_url(re.compile(reverse("secondments:home_government", args=[world.chiyoda.pk]) + "$"))
    person = page.get_by_test_id("current-person")
    expect(person).to_contain_text("英語プレゼンテーション講座")
    expect(person).to_contain_text("ポートランドの市民参加")
    expect(person).not_to_contain_text("SECRET-ASSESSMENT")
    expect(person).not_to_contain_text("815")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1

    _as(page, live_server, world.people["other_municipality_staff"])
    response = page.goto(reverse("secondments:home_government", args=[world.chiyoda.pk]))
    assert response.status == 404
    assert blocked == []
