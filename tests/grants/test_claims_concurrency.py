"""The claim rules hold when claims are filed at the same moment, on PostgreSQL (real row locks): one JLPT fee
per person, and the ¥30,000 a year of counselling costs per participant."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from kizuna.grants import services
from kizuna.grants.models import Application

from .test_claims import _english, _prepare, calls, jet, schemes  # noqa: F401 - the fixtures

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="SQLite serialises writers on one file: row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _file_at_once(world, claims) -> list[str]:
    barrier = threading.Barrier(len(claims))
    outcomes = []
    filers = [world.people["municipality_staff"], world.people["municipality_admin"]]

    def one(pair):
        by, claim = pair
        try:
            try:
                barrier.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
            services.submit_application(by=by, application=claim)
            outcomes.append("filed")
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(claims)) as pool:
        list(pool.map(one, zip(filers * len(claims), claims, strict=False)))
    return sorted(outcomes)


def test_two_counselling_claims_filed_at_once_stay_within_the_yearly_cap(world, calls, jet):  # noqa: F811
    claims = [_prepare(world, calls["jet_counselling"], cost=40_000) for _ in range(2)]  # ¥20,000 each
    assert _file_at_once(world, claims) == ["claim", "filed"]
    assert Application.objects.filter(status="submitted").count() == 1


def test_two_jlpt_claims_filed_at_once_are_paid_once(world, calls, jet):  # noqa: F811
    claims = [_prepare(world, calls["jet_jlpt"], cost=7_500, answers={"level": "N2"}) for _ in range(2)]
    assert _file_at_once(world, claims) == ["claim", "filed"]
