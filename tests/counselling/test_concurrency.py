"""The year's limit of video sessions holds when a participant books from several windows at once, and a slot is
booked once when two participants want it, on PostgreSQL (real row locks)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from kizuna.counselling import services
from kizuna.counselling.models import Session

from .access import _later, _world

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="SQLite serialises writers on one file: row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _rush(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def one(call):
        try:
            try:
                barrier.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
            call()
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.error_dict["slot"][0].code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        list(pool.map(one, calls))
    return sorted(outcomes)


def test_eight_bookings_at_once_take_only_the_sessions_left(world):
    cases = _world(world)  # one session booked already
    jet, counsellor = world.people["jet"], world.people["counsellor"]
    year = Session.objects.get().fiscal_year
    services.set_allowance(by=world.people["hq_staff"], fiscal_year=year, video_sessions=3)
    slots = [services.add_slot(by=counsellor, starts_at=_later(10 + n)) for n in range(8)]
    outcomes = _rush([lambda s=s: services.book(by=jet, case=cases["video"], slot=s) for s in slots])
    assert outcomes == ["booked"] * 2 + ["limit"] * 6
    assert Session.objects.filter(case=cases["video"], status="booked").count() == 3


def test_one_slot_is_booked_once(world):
    cases = _world(world)
    jet, counsellor = world.people["jet"], world.people["counsellor"]
    slot = services.add_slot(by=counsellor, starts_at=_later(20))
    outcomes = _rush([lambda: services.book(by=jet, case=cases["video"], slot=slot)] * 4)
    assert outcomes == ["booked"] + ["taken"] * 3
    assert Session.objects.filter(slot=slot).count() == 1
