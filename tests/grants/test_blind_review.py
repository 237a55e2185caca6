"""Blind review, one rule: whether a person sees who applies is `grants.view_applicant`, and the application's
page, the API, the reviewer's list, the declaration page and the board's export all give its answer."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kizuna.grants import exports, services
from kizuna.grants.enums import AssignmentStatus
from tests.factories import arrange_update

from .factories import AssignmentFactory

API = "/api/v1/grants"
NAME = "千代田区"


def _application_page(world, role, application) -> bool | None:
    """Whether the page names the applicant (None when the person may not open it)."""
    response = world.client_for(role).get(application.get_absolute_url())
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return NAME in response.content.decode()


def _application_api(world, role, application) -> bool | None:
    response = world.client_for(role).get(f"{API}/applications/{application.pk}")
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return response.json()["applicant"] == NAME


def _export(world, role, call) -> bool | None:
    """Whether the board's workbook, as this person would get it, names the applicant (None: no row)."""
    sheet = load_workbook(BytesIO(exports.call_workbook(world.people[role], call))).active
    names = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)]
    return None if not names else names == [NAME]


@pytest.fixture
def reviewed(world, submitted):
    """Chiyoda's application, the reviewer declared free of conflicts on it, the expert still to declare."""
    AssignmentFactory(application=submitted, reviewer=world.people["reviewer"], status=AssignmentStatus.ACTIVE)
    AssignmentFactory(application=submitted, reviewer=world.people["expert"])
    return submitted


@pytest.mark.parametrize("blind", [True, False])
@pytest.mark.parametrize("role", ["reviewer", "hq_staff", "municipality_staff", "office_staff"])
def test_page_api_and_export_give_the_rule_s_answer(world, reviewed, role, blind):
    call = reviewed.call
    arrange_update(type(call).objects.filter(pk=call.pk), blind_review=blind)
    reviewed.refresh_from_db()
    rule = world.people[role].has_perm("grants.view_applicant", reviewed)
    answers = {"page": _application_page(world, role, reviewed), "api": _application_api(world, role, reviewed),
               "export": _export(world, role, call)}
    assert answers == {"page": rule, "api": rule, "export": rule}


def test_the_rule_hides_the_applicant_only_from_reviewers_of_blind_calls(world, reviewed):
    answers = {}
    for blind in (True, False):
        arrange_update(type(reviewed.call).objects.filter(pk=reviewed.call_id), blind_review=blind)
        reviewed.refresh_from_db()
        answers[blind] = {role: world.people[role].has_perm("grants.view_applicant", reviewed)
                          for role in ("reviewer", "expert", "hq_staff", "municipality_staff", "superuser")}
    assert answers == {
        True: {"reviewer": False, "expert": False, "hq_staff": True, "municipality_staff": True, "superuser": True},
        False: {"reviewer": True, "expert": False, "hq_staff": True, "municipality_staff": True, "superuser": True},
    }


@pytest.mark.parametrize("blind", [True, False])
def test_reviews_list_and_declaration_page_give_the_rule_s_answer(world, reviewed, blind):
    arrange_update(type(reviewed.call).objects.filter(pk=reviewed.call_id), blind_review=blind)
    reviewed.refresh_from_db()
    answers, rules = {}, {}
    for role in ("reviewer", "expert"):
        listed = world.client_for(role).get(f"{API}/reviews").json()
        answers[f"{role} api"] = [r["applicant"] == NAME for r in listed]
        rules[f"{role} api"] = [world.people[role].has_perm("grants.view_applicant", reviewed)]
    pending = reviewed.assignments.get(reviewer=world.people["expert"])
    page = world.client_for("expert").get(reverse("grants:declare", args=[pending.pk])).content.decode()
    answers["expert declaration"] = NAME in page
    rules["expert declaration"] = world.people["expert"].has_perm("grants.view_applicant", reviewed)
    assert answers == rules


def test_declared_reviewer_of_a_blind_call_scores_without_seeing_the_applicant(world, reviewed):
    arrange_update(type(reviewed.call).objects.filter(pk=reviewed.call_id), blind_review=True)
    reviewer = world.people["reviewer"]
    services.score_application(by=reviewer, application=reviewed,
                               scores={c.pk: 3 for c in reviewed.call.scheme.criteria.all()})
    page = world.client_for("reviewer").get(reverse("grants:score", args=[reviewed.pk])).content.decode()
    assert (NAME in page, reviewed.title in page) == (False, True)
