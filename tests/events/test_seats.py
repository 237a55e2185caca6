"""The seat counters stay exact through every step that takes or frees a seat: registering (a seat, a session's
seat, the waiting list), cancelling, declining, an offer made, lapsed or accepted, approving, a draw, a capacity
raised. After each step the event's and each session's `seats_taken` equal the registrations holding a seat."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kizuna.events import services
from kizuna.events.models import Event, Registration
from kizuna.events.services import events as event_services
from tests.factories import UserFactory, arrange_update

from .factories import EventFactory, SessionFactory


def _exact(event) -> int:
    """The counters equal the registrations holding a seat (in the event, and in each session they chose)."""
    event.refresh_from_db()
    holding = Registration.objects.filter(event=event).holding()
    assert event.seats_taken == holding.count()
    for session in event.sessions.all():
        assert session.seats_taken == holding.filter(sessions=session).count(), session
    return event.seats_taken


def _statuses(*registrations) -> list[str]:
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


def test_cancel_lapse_accept_and_a_capacity_raised_keep_the_counters_exact(world):
    event = EventFactory(organiser=world.hq, capacity=2, offer_hours=1)
    SessionFactory(event=event)  # no limit of its own: everyone registered holds a seat in it too
    a, b, c, d, e = UserFactory.create_batch(5)
    ra, rb, rc, rd = (services.register(by=p, event=event) for p in (a, b, c, d))
    assert (_statuses(ra, rb, rc, rd), _exact(event)) == (["confirmed", "confirmed", "waiting", "waiting"], 2)

    services.cancel_registration(by=a, registration=ra)  # the seat freed is offered to the first waiting
    assert (_statuses(ra, rc, rd), _exact(event)) == (["cancelled", "offered", "waiting"], 2)

    arrange_update(Registration.objects.filter(pk=rc.pk), offer_expires_at=timezone.now() - timedelta(minutes=1))
    assert services.expire_offers() == 1  # the offer lapses: the seat goes on to the next
    assert (_statuses(rc, rd), _exact(event)) == (["lapsed", "offered"], 2)

    services.accept_offer(by=d, registration=Registration.objects.get(pk=rd.pk))
    assert (_statuses(rd), _exact(event)) == (["confirmed"], 2)

    re = services.register(by=e, event=event)
    services.cancel_registration(by=e, registration=re)  # waiting, no seat: nothing freed
    assert (_statuses(re), _exact(event)) == (["cancelled"], 2)

    services.cancel_registration(by=b, registration=rb)  # nobody waiting: the seat stays free
    assert _exact(event) == 1
    again = services.register(by=b, event=event)
    late = services.register(by=c, event=event)
    assert (_statuses(again, late), _exact(event)) == (["confirmed", "waiting"], 2)

    event_services.update_event(by=world.people["hq_staff"], event=event, capacity=3)  # offered to who waits
    assert (_statuses(late), _exact(event)) == (["offered"], 3)


def test_approval_holds_the_seat_until_declined(world):
    event = EventFactory(organiser=world.hq, capacity=1, mode="approval")
    first, second = (services.register(by=p, event=event) for p in UserFactory.create_batch(2))
    assert (_statuses(first, second), _exact(event)) == (["pending", "waiting"], 1)
    services.decline_registration(by=world.people["hq_staff"], registration=first)
    assert (_statuses(first, second), _exact(event)) == (["declined", "offered"], 1)
    services.accept_offer(by=second.person, registration=Registration.objects.get(pk=second.pk))
    assert (_statuses(second), _exact(event)) == (["confirmed"], 1)


def test_approving_moves_no_seat(world):
    event = EventFactory(organiser=world.hq, capacity=2, mode="approval")
    pending = services.register(by=world.people["jet"], event=event)
    services.approve_registration(by=world.people["hq_staff"], registration=pending)
    assert (_statuses(pending), _exact(event)) == (["confirmed"], 1)


def test_a_full_session_puts_on_the_waiting_list_without_taking_the_events_seat(world):
    event = EventFactory(organiser=world.hq, capacity=None)
    small = SessionFactory(event=event, capacity=1)
    SessionFactory(event=event)
    first, second = (services.register(by=p, event=event, session_ids=[small.pk])
                     for p in UserFactory.create_batch(2))
    assert (_statuses(first, second), _exact(event)) == (["confirmed", "waiting"], 1)
    services.cancel_registration(by=first.person, registration=first)
    assert (_statuses(second), _exact(event)) == (["offered"], 1)


def test_a_draw_and_a_winner_cancelling_keep_the_counters_exact(world):
    event = EventFactory(organiser=world.hq, capacity=2, mode="lottery")
    SessionFactory(event=event)
    applied = [services.register(by=p, event=event) for p in UserFactory.create_batch(3)]
    assert (_statuses(*applied), _exact(event)) == (["applied"] * 3, 0)
    arrange_update(Event.objects.filter(pk=event.pk), closes_at=timezone.now() - timedelta(minutes=1))
    draw = services.run_draw(by=world.people["hq_staff"], event=event, seed="seats")
    assert _exact(event) == 2
    winner = Registration.objects.get(pk=draw.order[0])
    services.cancel_registration(by=winner.person, registration=winner)
    assert (Registration.objects.get(pk=draw.order[2]).status, _exact(event)) == ("offered", 2)


def test_colleagues_registered_together_keep_the_counters_exact(world):
    event = EventFactory(organiser=world.hq, capacity=1)
    done = services.register_colleagues(by=world.people["municipality_admin"], event=event,
                                        organisation=world.chiyoda,
                                        people=[world.people["municipality_staff"], world.people["municipality_admin"]])
    assert ([r.status for r in done], _exact(event)) == (["confirmed", "waiting"], 1)


@pytest.fixture
def content_types():
    """What a serving process has loaded after its first request: the content types the audit entries name."""
    ContentType.objects.get_for_models(Event, Registration)


def test_registering_takes_few_queries(world, event, content_types, django_assert_num_queries):
    """The event read once (with whether the person is registered and whether it has sessions); then, in a
    transaction (a savepoint here): the registration, the seat's conditional update, its two entries in one
    insert. The event's row is held from the update to the commit."""
    with django_assert_num_queries(6):
        services.register(by=world.people["jet"], event=event)


def test_going_on_the_waiting_list_takes_few_queries(world, full_event, content_types, django_assert_num_queries):
    """As registering (the registration written as waiting, the event being full when read), but the update
    takes no seat: the event's row is then held shared to the commit (one more statement); one entry."""
    with django_assert_num_queries(7):
        services.register(by=world.people["jet"], event=full_event)
