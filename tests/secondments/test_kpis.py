"""Programme 6-1's KPIs: seconded staff in on-the-job training (at the end of the period) and field trainings abroad
(in the period), for CLAIR as a whole and for an office; and the plan names them as measured by query."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kizuna.core.fiscal import fiscal_year_of
from kizuna.plan.kpis import get_query
from kizuna.plan.loading import default_file, read_plan_file

from .conftest import move_to_new_york, other_person, records, secondment

pytestmark = pytest.mark.django_db


def _year():
    return fiscal_year_of(timezone.localdate())


def test_the_plan_measures_programme_6_1_by_query():
    plan = read_plan_file(default_file(2026))
    area = next(a for a in plan["area"] if a["number"] == 6)
    programme = next(p for p in area["programme"] if p["code"] == "6-1")
    keys = {k["code"]: (k["source"], k.get("query_key")) for k in programme["kpi"]}
    assert keys == {"seconded-staff": ("query", "secondments.staff.serving"),
                    "field-trainings": ("query", "secondments.field_trainings")}
    assert get_query("secondments.staff.serving") and get_query("secondments.field_trainings")


def test_staff_serving_counts_the_begun_and_not_left(world):
    serving = get_query("secondments.staff.serving")
    secondment(world, status="planned")
    assert serving(year=_year(), quarter=None, organisation_id=None) == 0
    s = secondment(world, person=other_person(world), home=world.minato)
    assert serving(year=_year(), quarter=None, organisation_id=None) == 1
    assert serving(year=_year(), quarter=None, organisation_id=world.hq.pk) == 1
    assert serving(year=_year(), quarter=None, organisation_id=world.nyc.pk) == 0
    assert serving(year=_year(), quarter=None, organisation_id=world.chiyoda.pk) is None
    assert s.status == "serving"


def test_staff_serving_of_an_office_are_those_posted_there(world):
    s = secondment(world)
    move_to_new_york(world, s)
    serving = get_query("secondments.staff.serving")
    assert serving(year=_year(), quarter=None, organisation_id=world.nyc.pk) == 1


def test_field_trainings_count_in_the_period_and_by_hosting_office(world):
    s = secondment(world)
    records(world, s)
    trainings = get_query("secondments.field_trainings")
    year = fiscal_year_of(s.field_trainings.get().starts_on)
    assert trainings(year=year, quarter=None, organisation_id=None) == 1
    assert trainings(year=year, quarter=None, organisation_id=world.nyc.pk) == 1
    assert trainings(year=year - 1, quarter=None, organisation_id=None) == 0
    assert trainings(year=year, quarter=None, organisation_id=world.tokyo_branch.pk) is None


def test_a_secondment_that_ended_no_longer_counts(world):
    from kizuna.secondments import services

    s = secondment(world)
    services.complete_secondment(by=world.people["hq_staff"], secondment=s,
                                 ended_on=timezone.localdate() - timedelta(days=1))
    serving = get_query("secondments.staff.serving")
    assert serving(year=_year(), quarter=None, organisation_id=None) == 0
