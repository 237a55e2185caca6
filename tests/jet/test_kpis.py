"""The plan's JET KPIs, computed from the participants' records: who was in the programme when."""

import tomllib
from datetime import date
from pathlib import Path

from kizuna.jet import services
from kizuna.plan.kpis import get_query

from .conftest import host_for, place

PLAN = Path(__file__).resolve().parents[2] / "kizuna" / "plan" / "data" / "fy2026.toml"


def _kpi(key, year=2026, quarter=None, organisation_id=None):
    return get_query(key)(year=year, quarter=quarter, organisation_id=organisation_id)


def _arrived(world, jet_number, on=date(2026, 7, 26), **extra):
    participant = place(world, jet_number=jet_number, **extra)
    return services.record_arrival(by=world.people["hq_staff"], participant=participant, arrived_on=on)


def test_every_participant_kpi_of_the_plan_has_its_query():
    plan = tomllib.loads(PLAN.read_text(encoding="utf-8"))
    keys = {k["query_key"] for area in plan["area"] for p in area.get("programme", []) for k in p.get("kpi", [])
            if k.get("query_key", "").startswith("jet.")}
    assert {"jet.participants.active", "jet.participants.cir", "jet.countries.participating",
            "jet.contracting_organisations.active"} <= keys
    assert get_query("jet.participants.active") is not None


def test_head_counts_are_those_in_the_programme_at_the_end_of_the_period(world):
    hq = world.people["hq_staff"]
    _arrived(world, "20260000001")
    _arrived(world, "20260000002", position="cir", recruiting_country="GB")
    _arrived(world, "20260000003", host=host_for(world, world.minato), recruiting_country="AU")
    left = _arrived(world, "20260000004", on=date(2025, 8, 1))
    services.record_departure(by=hq, participant=left, departed_on=date(2026, 8, 1))
    place(world, jet_number="20260000005")  # placed, not yet arrived: not counted
    withdrawn = place(world, jet_number="20260000006")
    services.withdraw(by=hq, participant=withdrawn)

    assert _kpi("jet.participants.active", quarter=1) == 1  # April–June 2026: only the one who left in August
    assert _kpi("jet.participants.active", quarter=2) == 3  # July–September: three arrived, one had left
    assert _kpi("jet.participants.cir", quarter=2) == 1
    assert _kpi("jet.countries.participating", quarter=2) == 3  # US, GB, AU
    assert _kpi("jet.contracting_organisations.active", quarter=2) == 2  # Chiyoda and Minato


def test_a_branch_counts_the_participants_of_its_prefecture_only(world):
    _arrived(world, "20260000001")
    _arrived(world, "20260000002", host=host_for(world, world.osaka, coordinating_body=world.osaka))

    assert _kpi("jet.participants.active", quarter=2, organisation_id=world.tokyo_branch.pk) == 1
    assert _kpi("jet.participants.active", quarter=2, organisation_id=world.hq.pk) == 2
    assert _kpi("jet.participants.active", quarter=2, organisation_id=world.nyc.pk) is None
