"""The plan's KPI of new managers, counted from the registry."""

from datetime import date

import pytest

from kizuna.networks.kpis import managers_certified
from kizuna.networks.services import add_manager

pytestmark = pytest.mark.django_db


def test_new_managers_per_year_and_quarter(world):
    hq = world.people["hq_staff"]
    add_manager(by=hq, name="A", prefecture=world.tokyo, certified_year=2024, certified_on=date(2025, 2, 10))
    add_manager(by=hq, name="B", prefecture=world.tokyo, certified_year=2024)  # only the year known
    add_manager(by=hq, name="C", prefecture=world.tokyo, certified_year=2023, certified_on=date(2024, 2, 1))
    assert managers_certified(year=2024, quarter=None, organisation_id=None) == 2
    assert managers_certified(year=2024, quarter=4, organisation_id=None) == 1
    assert managers_certified(year=2024, quarter=None, organisation_id=world.hq.pk) == 2
    assert managers_certified(year=2024, quarter=None, organisation_id=world.chiyoda.pk) is None
