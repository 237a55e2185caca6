"""No overbooking, ever: many people registering at once for few seats, on PostgreSQL (real row locks)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from kizuna.events import services
from kizuna.events.models import Event, Registration
from tests.factories import UserFactory

from .factories import EventFactory, SessionFactory

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.skipif(not ON_POSTGRES, reason="SQLite serialises writers on one file: row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _rush(event, people, workers: int, session_ids=()):
    barrier = threading.Barrier(min(workers, len(people)))
    errors = []

    def one(person):
        try:
            try:
                barrier.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
            return services.register(by=person, event=event, session_ids=session_ids).status
        except Exception as error:  # noqa: BLE001 - every failure is reported by the assertion below
            errors.append(repr(error))
            return "error"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(one, people))
    return statuses, errors


def _counts(statuses):
    return {s: statuses.count(s) for s in sorted(set(statuses))}


def test_register_40_at_once_for_10_seats(world):
    event = EventFactory(organiser=world.hq, capacity=10)
    people = UserFactory.create_batch(40)
    statuses, errors = _rush(event, people, workers=40)
    event.refresh_from_db()
    assert (errors, _counts(statuses), event.seats_taken) == ([], {"confirmed": 10, "waiting": 30}, 10)
    assert Registration.objects.filter(event=event, status="confirmed").count() == 10


def test_register_200_for_50_seats(world):
    event = EventFactory(organiser=world.hq, capacity=50)
    people = UserFactory.create_batch(200)
    statuses, errors = _rush(event, people, workers=25)
    assert (errors, _counts(statuses)) == ([], {"confirmed": 50, "waiting": 150})
    assert Event.objects.get(pk=event.pk).seats_taken == 50


def test_register_at_once_for_a_small_session(world):
    event = EventFactory(organiser=world.hq, capacity=100)
    session = SessionFactory(event=event, capacity=5)
    people = UserFactory.create_batch(20)
    statuses, errors = _rush(event, people, workers=20, session_ids=[session.pk])
    session.refresh_from_db()
    assert (errors, _counts(statuses), session.seats_taken) == ([], {"confirmed": 5, "waiting": 15}, 5)
