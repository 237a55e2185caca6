"""`exchange.affiliations.active`: counted affiliations in force at the end of the period."""

from datetime import date

import pytest

from kizuna.exchange import services
from kizuna.plan.kpis import get_query

from .conftest import affiliation, not_counted

pytestmark = pytest.mark.django_db


def test_active_counts_counted_affiliations_in_force_at_the_end_of_the_period(world):
    kpi = get_query("exchange.affiliations.active")
    hq = world.people["hq_staff"]
    affiliation(world, signed_on=date(1990, 4, 1))
    affiliation(world, name="Leeds", country="GB", signed_on=date(2026, 5, 1))  # within FY2026 Q1
    not_counted(world)
    later = affiliation(world, name="Lyon", country="FR", signed_on=date(2010, 1, 1))
    services.dissolve_affiliation(by=hq, affiliation=later, dissolved_on=date(2026, 7, 15))  # during Q2
    lapsed = affiliation(world, name="Perth", country="AU", signed_on=date(2000, 1, 1))
    services.lapse_affiliation(by=hq, affiliation=lapsed)
    assert kpi(year=2026, quarter=1, organisation_id=None) == 3  # Saint Paul, Leeds, Lyon
    assert kpi(year=2026, quarter=None, organisation_id=None) == 2  # Lyon dissolved by 31 March 2027
    assert kpi(year=2025, quarter=None, organisation_id=None) == 2  # Saint Paul, Lyon (Leeds not signed yet)
    assert kpi(year=2026, quarter=None, organisation_id=world.hq.pk) == 2
    assert kpi(year=2026, quarter=None, organisation_id=world.tokyo_branch.pk) == 2  # Tokyo's municipalities
    assert kpi(year=2026, quarter=None, organisation_id=world.nyc.pk) is None


def test_the_plan_names_the_registered_query():
    assert get_query("exchange.affiliations.active") is not None
