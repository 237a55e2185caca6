"""No overbooking, ever: many people registering at once for few seats, on PostgreSQL (real row locks); the
event edited or a seat freed at the moment someone registers."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection, transaction

from kizuna.core.audit import save_logged
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


def _exact(event) -> int:
    event.refresh_from_db()
    assert event.seats_taken == Registration.objects.filter(event=event).holding().count()
    return event.seats_taken


def _wait_until_blocked(timeout: float = 20) -> None:
    """Until another connection waits for a row lock (the registration reached the event's row)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # read afresh inside this transaction
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("nobody waited for the event's row")


def _in_thread(func):
    """Run `func` in a thread with its own connection; returns a getter of its result."""
    box = {}

    def run():
        try:
            box["result"] = func()
        except Exception as error:  # noqa: BLE001 - re-raised by the getter
            box["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()

    def result():
        thread.join(timeout=60)
        if "error" in box:
            raise box["error"]
        return box["result"]

    return result


def test_rush_with_cancellations_keeps_the_counter_exact_and_no_seat_free_beside_the_waiting(world):
    """30 people register for 10 seats while 5 of the 10 already seated cancel: every freed seat goes to someone
    waiting (offered), none is left free beside them, and the counter equals the seats held."""
    event = EventFactory(organiser=world.hq, capacity=10)
    seated = [services.register(by=p, event=event) for p in UserFactory.create_batch(10)]
    people = UserFactory.create_batch(30)
    barrier = threading.Barrier(20)
    errors = []

    def one(job):
        try:
            try:
                barrier.wait(timeout=30)
            except threading.BrokenBarrierError:
                pass
            if isinstance(job, Registration):
                return services.cancel_registration(by=job.person, registration=job).status
            return services.register(by=job, event=event).status
        except Exception as error:  # noqa: BLE001 - every failure is reported by the assertion below
            errors.append(repr(error))
            return "error"
        finally:
            connection.close()

    jobs = [*people[:15], *seated[:5], *people[15:]]
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(one, jobs))
    assert (errors, statuses.count("cancelled"), statuses.count("confirmed") + statuses.count("waiting")) == (
        [], 5, 30)
    counts = {s: Registration.objects.filter(event=event, status=s).count() for s in ("confirmed", "offered",
                                                                                       "waiting")}
    assert (_exact(event), counts["confirmed"] + counts["offered"], counts["waiting"]) == (10, 10, 25)


def test_an_event_edited_while_registering_is_registered_under_its_new_rules(world):
    """The registration read the event (first come), then the organisers switched it to approval before the
    seat was taken: the registration looks again under the event's lock and waits for approval."""
    event = EventFactory(organiser=world.hq, capacity=5)
    staff, person = world.people["hq_staff"], UserFactory()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)  # the organisers are editing
        registered = _in_thread(lambda: services.register(by=person, event=event).status)
        _wait_until_blocked()
        locked.mode = "approval"
        save_logged(locked, "events.event.update", by=staff, fields=["mode", "updated_at"])
    assert (registered(), _exact(event)) == ("pending", 1)


def test_a_seat_freed_while_going_on_the_waiting_list_is_taken(world):
    """Someone registers for a full event while a seat is being freed (nobody waiting yet): they hold the event's
    row shared until they are on the waiting list, so the seat is not left free beside them: it is theirs."""
    event = EventFactory(organiser=world.hq, capacity=1)
    first = services.register(by=UserFactory(), event=event)
    person = UserFactory()
    with transaction.atomic():
        services.cancel_registration(by=first.person, registration=first)  # the row held until the commit
        registered = _in_thread(lambda: services.register(by=person, event=event).status)
        _wait_until_blocked()
    assert (registered(), _exact(event)) == ("confirmed", 1)
