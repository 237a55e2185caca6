"""The plan's dispatch KPIs: dispatches, host satisfaction and the costs CLAIR bore, by programme."""

import tomllib
from decimal import Decimal
from pathlib import Path

from kizuna.dispatch import services
from kizuna.plan.kpis import get_query

from .conftest import ask, make_expert

PLAN = Path(__file__).resolve().parents[2] / "kizuna" / "plan" / "data" / "fy2026.toml"


def _carried_out(world, programme="regional", rating=None, travel=20_000, host=None):
    """A dispatch through offer, acceptance and report (and the survey when `rating`); Chiyoda's staff ask
    for Chiyoda, the superuser for another host."""
    expert = make_expert(name=f"{programme}-{rating}-{travel}", programme=programme, person=None)
    asker = "superuser" if host else "municipality_staff"
    dispatch = ask(world, programme=programme, host=host, by=asker)
    dispatch = services.offer_expert(by=world.people["hq_staff"], dispatch=dispatch, expert=expert)
    dispatch = services.respond_offer(by=world.people["superuser"], dispatch=dispatch, accept=True)
    dispatch = services.file_report(by=world.people["superuser"], dispatch=dispatch, report="実施", hours=3,
                                    travel_costs=travel)
    if rating:
        dispatch = services.answer_survey(by=world.people[asker], dispatch=dispatch, rating=rating)
    return dispatch


def _kpi(key, quarter=None, organisation_id=None):
    return get_query(key)(year=2026, quarter=quarter, organisation_id=organisation_id)


def test_every_dispatch_kpi_of_the_plan_has_its_query():
    plan = tomllib.loads(PLAN.read_text(encoding="utf-8"))
    keys = {k["query_key"] for area in plan["area"] for p in area.get("programme", []) for k in p.get("kpi", [])
            if k.get("query_key", "").startswith("dispatch.")}
    assert {"dispatch.satisfaction.regional_adviser", "dispatch.costs.promotion_adviser"} <= keys
    assert sorted(k for k in keys if get_query(k) is None) == []


def test_satisfaction_averages_the_answered_surveys(world):
    _carried_out(world, rating=4)
    _carried_out(world, rating=5, host=world.minato)
    _carried_out(world, programme="promotion", rating=1)
    _carried_out(world, travel=0, host=world.tokyo)  # reported, survey not answered: not counted
    assert _kpi("dispatch.satisfaction.regional_adviser") == Decimal("4.50")
    assert _kpi("dispatch.satisfaction.promotion_adviser") == Decimal("1.00")


def test_satisfaction_without_a_survey_is_no_figure_not_zero(world, reported):
    assert _kpi("dispatch.satisfaction.regional_adviser") is None


def test_satisfaction_counts_the_quarter_the_dispatch_started_in(world):
    _carried_out(world, rating=3)  # 1 December 2026: Q3
    assert (_kpi("dispatch.satisfaction.regional_adviser", quarter=3),
            _kpi("dispatch.satisfaction.regional_adviser", quarter=1)) == (Decimal("3.00"), None)


def test_costs_sum_what_clair_bore(world):
    one = _carried_out(world, rating=4)
    two = _carried_out(world, travel=5_000, host=world.minato)
    assert (one.cost_clair, two.cost_clair) == (50_000, 35_000)  # fee 3 h x 10,000 yen + travel, all CLAIR's
    assert _kpi("dispatch.costs.regional_adviser") == 85_000
    assert _kpi("dispatch.costs.promotion_adviser") == 0


def test_costs_leave_out_dispatches_not_carried_out(world, confirmed):
    assert _kpi("dispatch.costs.regional_adviser") == 0


def test_satisfaction_and_costs_are_not_broken_down_by_office(world, reported):
    assert _kpi("dispatch.costs.regional_adviser", organisation_id=world.nyc.pk) is None
    assert _kpi("dispatch.satisfaction.regional_adviser", organisation_id=world.nyc.pk) is None
    assert _kpi("dispatch.costs.regional_adviser", organisation_id=world.hq.pk) == 50_000
