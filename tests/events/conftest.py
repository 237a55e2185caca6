import pytest

from .factories import EventFactory


@pytest.fixture
def event(world):
    """HQ's public seminar for anyone, 2 seats, waiting list on."""
    return EventFactory(organiser=world.hq, capacity=2, online_url="https://meet.example.jp/s1")


@pytest.fixture
def full_event(world, event):
    """`event` with both seats taken (municipality staff and admin) and nobody waiting."""
    from kizuna.events.services import register

    for role in ("municipality_staff", "municipality_admin"):
        register(by=world.people[role], event=event)
    event.refresh_from_db()
    return event
