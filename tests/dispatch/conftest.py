from datetime import date

import pytest

from kizuna.dispatch import services
from kizuna.dispatch.models import Expert

DAY = date(2026, 12, 1)


def make_expert(name="井上", programme="regional", person=None, **extra):
    defaults = {"fields": ["防災"], "languages": ["ja", "en"], "regions": [], "hourly_fee": 10_000, "bio": "防災訓練"}
    return Expert.objects.create(name=name, programme=programme, person=person, **{**defaults, **extra})


def ask(world, programme="regional", by="municipality_staff", host=None, **data):
    base = {"theme": "防災訓練", "field": "防災", "language": "ja", "format": "onsite", "starts_on": DAY,
            "ends_on": DAY, "hours": 3}
    return services.request_dispatch(by=world.people[by], host=host or world.chiyoda, programme=programme,
                                     data={**base, **data})


@pytest.fixture
def adviser(world):
    return make_expert(person=world.people["expert"])


@pytest.fixture
def requested(world):
    return ask(world)


@pytest.fixture
def offered(world, requested, adviser):
    return services.offer_expert(by=world.people["hq_staff"], dispatch=requested, expert=adviser)


@pytest.fixture
def confirmed(world, offered):
    return services.respond_offer(by=world.people["expert"], dispatch=offered, accept=True)


@pytest.fixture
def reported(world, confirmed):
    return services.file_report(by=world.people["expert"], dispatch=confirmed, report="研修を実施", hours=3,
                                travel_costs=20_000)
