import pytest

from kizuna.exchange.demo import seed_exchange_demo
from kizuna.exchange.models import Affiliation

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_once(world):
    first = seed_exchange_demo()
    assert first["affiliations"] == Affiliation.objects.count() >= 1  # Chiyoda's, in the test world
    assert seed_exchange_demo() == {"affiliations": Affiliation.objects.count()}
