"""Fixtures of the plan tests: the seven overseas offices, the real FY2026 plan, and a query KPI key."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from kizuna.core.enums import OrgKind
from kizuna.plan import cache as plan_cache
from kizuna.plan.kpis import register_kpi
from kizuna.plan.models import FiscalYear
from tests.factories import OrganisationFactory

OTHER_OFFICES = [
    ("lon", "クレア ロンドン事務所", "CLAIR London", 1989),
    ("par", "クレア パリ事務所", "CLAIR Paris", 1990),
    ("sin", "クレア シンガポール事務所", "CLAIR Singapore", 1990),
    ("sel", "クレア ソウル事務所", "CLAIR Seoul", 1993),
    ("syd", "クレア シドニー事務所", "CLAIR Sydney", 1994),
    ("bej", "クレア 北京事務所", "CLAIR Beijing", 1997),
]
SEVEN = "tests.plan.seven"


@register_kpi(SEVEN)
def seven(*, year, quarter, organisation_id):
    """A registered KPI query for the tests: 7 overall, not broken down by office."""
    return None if organisation_id else 7


@pytest.fixture
def offices(world):
    """The world has headquarters and New York; the plan file also names the six other offices."""
    return {
        slug: OrganisationFactory(
            kind=OrgKind.OVERSEAS_OFFICE, slug=slug, name=name, name_en=name_en, established=year
        )
        for slug, name, name_en, year in OTHER_OFFICES
    } | {"nyc": world.nyc, "hq": world.hq}


@pytest.fixture
def plan(offices) -> FiscalYear:
    """The real FY2026 plan, loaded with the command."""
    call_command("load_plan", year=2026, stdout=StringIO())
    return FiscalYear.objects.get(year=2026)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def english_client(world, role):
    client = world.client_for(role)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _one_slice_of_time(monkeypatch):
    """The dashboard's kept figures and pages belong to 30-second slices of the clock (`plan.cache.generation`): a
    test's requests stay in one, as they do when no boundary falls between them (tests/plan/test_views.py turns
    the clock on to the next slice where that is what it checks)."""
    monkeypatch.setattr(plan_cache, "generation", lambda: 0)
