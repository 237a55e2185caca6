"""An engagement of several visits: planning the series, reporting each visit, the engagement's state following
its visits, the statements counting each visit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kizuna.core import audit
from kizuna.dispatch import services, statements
from kizuna.dispatch.enums import Status, VisitStatus
from kizuna.dispatch.models import Visit
from tests.audit_helpers import logged

from .conftest import DAY, ask

API = "/api/v1/dispatch"
LATER = DAY + timedelta(days=7)


@pytest.fixture
def engagement(world, adviser):
    """A confirmed engagement from DAY to DAY + 10 with two visits planned."""
    dispatch = ask(world, ends_on=DAY + timedelta(days=10))
    for day, topic in ((DAY, "職員研修"), (LATER, "住民向け講座")):
        services.plan_visit(by=world.people["municipality_staff"], dispatch=dispatch, day=day, topic=topic, hours=3)
    dispatch = services.offer_expert(by=world.people["hq_staff"], dispatch=dispatch, expert=adviser)
    return services.respond_offer(by=world.people["expert"], dispatch=dispatch, accept=True)


def _report(world, visit, hours=3, travel=10_000, allowance=2_000):
    return services.report_visit(by=world.people["expert"], visit=visit, report="実施", hours=hours,
                                 travel_costs=travel, allowance=allowance)


def test_plan_visit_page_adds_the_visit_as_the_host(world, requested):
    response = world.client_for("municipality_staff").post(
        reverse("dispatch:plan_visit", args=[requested.pk]), {"day": "2026-12-01", "topic": "研修", "hours": "2"})
    assert response.status_code == 302
    assert list(requested.visits.values_list("day", "topic", "status")) == [(DAY, "研修", VisitStatus.PLANNED)]


def test_plan_visit_page_outside_the_dates_shows_the_error_beside_the_field_and_saves_nothing(world, requested):
    response = world.client_for("hq_staff").post(
        reverse("dispatch:plan_visit", args=[requested.pk]), {"day": "2026-12-05", "topic": "研修", "hours": "2"})
    assert response.status_code == 400
    assert response.context["form"].errors["day"] == ["訪問日が派遣の期間（2026-12-01 – 2026-12-01）の外です。"]
    assert Visit.objects.count() == 0


def test_plan_visit_page_is_not_for_the_expert(world, offered):
    response = world.client_for("expert").post(reverse("dispatch:plan_visit", args=[offered.pk]),
                                               {"day": "2026-12-01", "topic": "研修", "hours": "2"})
    assert (response.status_code, Visit.objects.count()) == (404, 0)


def test_plan_visit_twice_on_a_day_is_refused(world, engagement):
    with pytest.raises(ValidationError) as refused:
        services.plan_visit(by=world.people["hq_staff"], dispatch=engagement, day=DAY, topic="再訪", hours=1)
    assert refused.value.message_dict == {"day": ["この日にはすでに訪問が予定されています。"]}


@pytest.mark.parametrize("hours", [0, 25, 1.25, True, None])
def test_plan_visit_with_bad_hours_is_refused(world, requested, hours):
    with pytest.raises(ValidationError) as refused:
        services.plan_visit(by=world.people["hq_staff"], dispatch=requested, day=DAY, topic="研修", hours=hours)
    assert list(refused.value.message_dict) == ["hours"]


def test_plan_visit_after_the_report_is_refused(world, reported):
    with pytest.raises(ValidationError) as refused:
        services.plan_visit(by=world.people["hq_staff"], dispatch=reported, day=DAY, topic="研修", hours=1)
    assert refused.value.code == "closed"


def test_report_of_one_visit_leaves_the_engagement_confirmed(world, engagement):
    first = _report(world, engagement.visits.get(day=DAY))
    engagement.refresh_from_db()
    assert (first.status, first.fee, engagement.status) == (VisitStatus.REPORTED, 30_000, Status.CONFIRMED)


def test_report_of_the_last_visit_reports_the_engagement_with_the_totals_by_the_system(world, engagement):
    _report(world, engagement.visits.get(day=DAY))
    with audit.watch():
        _report(world, engagement.visits.get(day=LATER), hours=2, travel=4_000, allowance=0)
    engagement.refresh_from_db()
    assert (engagement.status, engagement.fee, engagement.travel_costs, engagement.allowance,
            engagement.report_hours, engagement.cost_clair) == (Status.REPORTED, 50_000, 14_000, 2_000, 5, 66_000)
    assert logged(engagement, "dispatch.dispatch.visits_done")[0] == "system"


def test_cancelling_the_last_planned_visit_reports_the_engagement(world, engagement):
    _report(world, engagement.visits.get(day=DAY))
    services.cancel_visit(by=world.people["municipality_staff"], visit=engagement.visits.get(day=LATER))
    engagement.refresh_from_db()
    assert (engagement.status, engagement.fee) == (Status.REPORTED, 30_000)


def test_cancelling_every_visit_leaves_the_engagement_confirmed(world, engagement):
    for visit in engagement.visits.all():
        services.cancel_visit(by=world.people["hq_staff"], visit=visit)
    engagement.refresh_from_db()
    assert engagement.status == Status.CONFIRMED


def test_report_of_a_visit_by_the_host_is_denied(world, engagement):
    with pytest.raises(PermissionDenied):
        services.report_visit(by=world.people["municipality_staff"], visit=engagement.visits.get(day=DAY),
                              report="実施", hours=3, travel_costs=0)


def test_report_of_a_visit_before_the_engagement_is_confirmed_is_refused(world, requested):
    visit = services.plan_visit(by=world.people["hq_staff"], dispatch=requested, day=DAY, topic="研修", hours=1)
    with pytest.raises(ValidationError) as refused:
        _report(world, visit)
    assert refused.value.code == "not_confirmed"


def test_report_of_the_whole_engagement_is_refused_while_visits_are_planned(world, engagement):
    with pytest.raises(ValidationError) as refused:
        services.file_report(by=world.people["expert"], dispatch=engagement, report="全体", hours=5, travel_costs=0)
    assert refused.value.code == "has_visits"
    engagement.refresh_from_db()
    assert engagement.status == Status.CONFIRMED


def test_cancelling_the_engagement_cancels_its_planned_visits(world, engagement):
    _report(world, engagement.visits.get(day=DAY))
    services.cancel_dispatch(by=world.people["hq_staff"], dispatch=engagement)
    assert dict(engagement.visits.values_list("day", "status")) == {DAY: VisitStatus.REPORTED,
                                                                    LATER: VisitStatus.CANCELLED}


def test_detail_page_lists_the_visits_and_offers_the_expert_each_report(world, engagement):
    page = world.client_for("expert").get(engagement.get_absolute_url())
    body = page.content.decode()
    assert [(v.topic, sorted(actions)) for v, actions in page.context["visits"]] == [
        ("職員研修", ["report"]), ("住民向け講座", ["report"])]
    assert ("report" in page.context["actions"], "住民向け講座" in body) == (False, True)


def test_report_visit_page_files_the_report(world, engagement):
    visit = engagement.visits.get(day=DAY)
    response = world.client_for("expert").post(reverse("dispatch:report_visit", args=[visit.pk]), {
        "report": "研修を実施", "hours": "3", "travel_costs": "5000", "allowance": "0"})
    visit.refresh_from_db()
    assert (response.status_code, visit.status, visit.travel_costs) == (302, VisitStatus.REPORTED, 5_000)


def test_report_visit_page_with_negative_costs_shows_the_error_and_saves_nothing(world, engagement):
    visit = engagement.visits.get(day=DAY)
    response = world.client_for("expert").post(reverse("dispatch:report_visit", args=[visit.pk]), {
        "report": "研修を実施", "hours": "3", "travel_costs": "-1", "allowance": "0"})
    visit.refresh_from_db()
    assert (response.status_code, list(response.context["form"].errors), visit.status) == (
        400, ["travel_costs"], VisitStatus.PLANNED)


def test_statement_has_a_line_per_reported_visit_with_its_own_tax(world, adviser, engagement):
    _report(world, engagement.visits.get(day=DAY), travel=10_000, allowance=0)
    _report(world, engagement.visits.get(day=LATER), hours=1, travel=0, allowance=0)
    found = statements.statement_of(world.people["hq_staff"], adviser, 2026, 12)
    assert [(line.day, line.fee, line.withheld) for line in found.lines] == [(DAY, 30_000, 3_063),
                                                                              (LATER, 10_000, 1_021)]


def test_statement_counts_a_reported_visit_before_the_engagement_is_reported(world, adviser, engagement):
    _report(world, engagement.visits.get(day=DAY))
    found = statements.statement_of(world.people["expert"], adviser, 2026, 12)
    assert [line.topic for line in found.lines] == ["防災訓練: 職員研修"]


def test_api_plans_lists_and_reports_visits(world, offered):
    host, expert = world.client_for("municipality_staff"), world.client_for("expert")
    planned = host.post(f"{API}/{offered.pk}/visits", {"day": "2026-12-01", "topic": "研修", "hours": 2},
                        content_type="application/json")
    services.respond_offer(by=world.people["expert"], dispatch=offered, accept=True)
    reported = expert.post(f"{API}/visits/{planned.json()['id']}/report",
                           {"report": "実施", "hours": 2, "travel_costs": 1_000}, content_type="application/json")
    listed = expert.get(f"{API}/{offered.pk}/visits").json()
    assert (planned.status_code, reported.status_code, [(v["status"], v["fee"]) for v in listed]) == (
        200, 200, [("reported", 20_000)])


def test_api_plan_visit_outside_the_dates_is_422_and_saves_nothing(world, offered):
    response = world.client_for("hq_staff").post(f"{API}/{offered.pk}/visits",
                                                  {"day": "2027-01-01", "topic": "研修", "hours": 2},
                                                  content_type="application/json")
    assert (response.status_code, Visit.objects.count()) == (422, 0)


def test_api_visits_of_another_bodys_dispatch_is_404(world, engagement):
    assert world.client_for("other_municipality_staff").get(f"{API}/{engagement.pk}/visits").status_code == 404

