"""Registering, the waiting list and its offers, approval, colleagues: allowed and refused, nothing half-saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kizuna.core.workflow import TransitionError
from kizuna.events import services
from kizuna.events.models import Event, Registration
from tests.factories import arrange_update

from .factories import EventFactory, SessionFactory
from .refusals import refused


def _status(registration):
    registration.refresh_from_db()
    return registration.status


def test_register_with_free_seat_is_confirmed(world, event):
    r = services.register(by=world.people["municipality_staff"], event=event)
    event.refresh_from_db()
    assert (r.status, event.seats_taken) == ("confirmed", 1)


def test_register_when_full_goes_to_waiting_list(world, full_event):
    r = services.register(by=world.people["jet"], event=full_event)
    full_event.refresh_from_db()
    assert (r.status, full_event.seats_taken) == ("waiting", 2)


def test_register_when_full_without_waiting_list_is_refused(world, full_event):
    arrange_update(Event.objects.filter(pk=full_event.pk), waiting_list=False)
    full_event.refresh_from_db()
    with refused("full"):
        services.register(by=world.people["jet"], event=full_event)
    assert Registration.objects.filter(person=world.people["jet"]).count() == 0


def test_register_twice_is_refused(world, event):
    services.register(by=world.people["jet"], event=event)
    with refused("already_registered"):
        services.register(by=world.people["jet"], event=event)
    event.refresh_from_db()
    assert (Registration.objects.filter(event=event).count(), event.seats_taken) == (1, 1)


def test_register_after_closing_is_refused(world):
    event = EventFactory(organiser=world.hq, closes_at=timezone.now() - timedelta(minutes=1))
    with refused("closed"):
        services.register(by=world.people["jet"], event=event)
    assert Registration.objects.count() == 0


def test_register_outside_audience_is_refused(world):
    event = EventFactory(organiser=world.hq, audience="local_government")
    with refused("not_eligible"):
        services.register(by=world.people["jet"], event=event)


def test_register_local_government_staff_for_their_event(world):
    event = EventFactory(organiser=world.hq, audience="local_government")
    assert services.register(by=world.people["municipality_staff"], event=event).status == "confirmed"


def test_register_jet_event_refuses_municipality_staff(world):
    event = EventFactory(organiser=world.hq, audience="jet")
    with pytest.raises(ValidationError):
        services.register(by=world.people["municipality_staff"], event=event)
    assert services.register(by=world.people["jet"], event=event).status == "confirmed"


def test_register_invited_event_only_for_invitees(world):
    event = EventFactory(organiser=world.hq, audience="invited")
    event.invitees.add(world.people["alumnus"])
    with pytest.raises(ValidationError):
        services.register(by=world.people["jet"], event=event)
    assert services.register(by=world.people["alumnus"], event=event).status == "confirmed"


def test_register_missing_required_answer_is_refused(world):
    event = EventFactory(organiser=world.hq, questions=[{"key": "why", "label": "動機", "required": True}])
    with refused("answers_missing"):
        services.register(by=world.people["jet"], event=event, answers={"why": " "})
    r = services.register(by=world.people["jet"], event=event, answers={"why": "学ぶため", "extra": "x"})
    assert r.answers == {"why": "学ぶため"}


def test_register_full_session_waits_even_with_event_seats(world):
    event = EventFactory(organiser=world.hq, capacity=10)
    small = SessionFactory(event=event, capacity=1)
    SessionFactory(event=event)
    first = services.register(by=world.people["jet"], event=event, session_ids=[small.pk])
    second = services.register(by=world.people["alumnus"], event=event, session_ids=[small.pk])
    small.refresh_from_db()
    assert (first.status, second.status, small.seats_taken) == ("confirmed", "waiting", 1)


def test_register_session_of_another_event_is_refused(world, event):
    other = SessionFactory()
    with refused("bad_session"):
        services.register(by=world.people["jet"], event=event, session_ids=[other.pk])


def test_cancel_own_registration_frees_seat_and_offers_it(world, full_event):
    waiting = services.register(by=world.people["jet"], event=full_event)
    first = Registration.objects.get(event=full_event, person=world.people["municipality_staff"])
    services.cancel_registration(by=world.people["municipality_staff"], registration=first)
    full_event.refresh_from_db()
    waiting.refresh_from_db()
    assert (_status(first), waiting.status, full_event.seats_taken) == ("cancelled", "offered", 2)
    assert waiting.offer_expires_at > timezone.now()


def test_cancel_someone_elses_registration_is_denied(world, full_event):
    first = Registration.objects.get(event=full_event, person=world.people["municipality_staff"])
    with pytest.raises(PermissionDenied):
        services.cancel_registration(by=world.people["jet"], registration=first)
    assert _status(first) == "confirmed"


def test_cancel_twice_is_refused(world, full_event):
    first = Registration.objects.get(event=full_event, person=world.people["municipality_staff"])
    services.cancel_registration(by=world.people["municipality_staff"], registration=first)
    with pytest.raises(TransitionError):
        services.cancel_registration(by=world.people["municipality_staff"], registration=first)
    full_event.refresh_from_db()
    assert full_event.seats_taken == 1


def test_cancel_waiting_keeps_seats(world, full_event):
    waiting = services.register(by=world.people["jet"], event=full_event)
    services.cancel_registration(by=world.people["jet"], registration=waiting)
    full_event.refresh_from_db()
    assert (_status(waiting), full_event.seats_taken) == ("cancelled", 2)


@pytest.fixture
def offered(world, full_event):
    waiting = services.register(by=world.people["jet"], event=full_event)
    first = Registration.objects.get(event=full_event, person=world.people["municipality_staff"])
    services.cancel_registration(by=world.people["municipality_staff"], registration=first)
    waiting.refresh_from_db()
    return waiting


def test_accept_offer_confirms(world, offered):
    assert services.accept_offer(by=world.people["jet"], registration=offered).status == "confirmed"


def test_accept_offer_of_someone_else_is_denied(world, offered):
    with pytest.raises(PermissionDenied):
        services.accept_offer(by=world.people["alumnus"], registration=offered)
    assert _status(offered) == "offered"


def test_accept_lapsed_offer_is_refused(world, offered):
    arrange_update(Registration.objects.filter(pk=offered.pk), offer_expires_at=timezone.now() - timedelta(minutes=1))
    offered.refresh_from_db()
    with refused("offer_lapsed"):
        services.accept_offer(by=world.people["jet"], registration=offered)


def test_expire_offers_passes_the_seat_to_the_next(world, offered, full_event):
    after = services.register(by=world.people["alumnus"], event=full_event)
    arrange_update(Registration.objects.filter(pk=offered.pk), offer_expires_at=timezone.now() - timedelta(minutes=1))

    assert services.expire_offers() == 1
    full_event.refresh_from_db()
    assert (_status(offered), _status(after), full_event.seats_taken) == ("lapsed", "offered", 2)


def test_lapse_before_deadline_is_denied(world, offered):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.registering._leave(offered, "lapse", by=AnonymousUser())
    assert _status(offered) == "offered"


@pytest.fixture
def pending(world):
    event = EventFactory(organiser=world.hq, mode="approval", capacity=1)
    return services.register(by=world.people["jet"], event=event)


def test_approval_mode_registration_is_pending_and_holds_seat(pending):
    pending.event.refresh_from_db()
    assert (pending.status, pending.event.seats_taken) == ("pending", 1)


def test_approve_by_organiser_staff(world, pending):
    assert services.approve_registration(by=world.people["hq_staff"], registration=pending).status == "confirmed"


def test_approve_by_other_staff_is_denied(world, pending):
    with pytest.raises(PermissionDenied):
        services.approve_registration(by=world.people["office_staff"], registration=pending)
    assert _status(pending) == "pending"


def test_approve_confirmed_is_refused(world, pending):
    services.approve_registration(by=world.people["hq_staff"], registration=pending)
    with pytest.raises(TransitionError):
        services.approve_registration(by=world.people["hq_staff"], registration=pending)


def test_decline_frees_seat(world, pending):
    services.decline_registration(by=world.people["hq_staff"], registration=pending)
    pending.event.refresh_from_db()
    assert (_status(pending), pending.event.seats_taken) == ("declined", 0)


def test_decline_by_registrant_is_denied(world, pending):
    with pytest.raises(PermissionDenied):
        services.decline_registration(by=world.people["jet"], registration=pending)


def test_register_colleagues_all_at_once(world):
    event = EventFactory(organiser=world.hq, capacity=5)
    people = [world.people["municipality_staff"], world.people["municipality_admin"]]
    done = services.register_colleagues(by=world.people["municipality_admin"], event=event,
                                        organisation=world.chiyoda, people=people)
    assert sorted(r.status for r in done) == ["confirmed", "confirmed"]
    assert {r.organisation_id for r in done} == {world.chiyoda.pk}


def test_register_colleagues_all_or_nothing(world):
    event = EventFactory(organiser=world.hq, audience="local_government")
    people = [world.people["municipality_staff"], world.people["jet"]]  # the JET participant may not attend
    with refused("colleagues_refused"):
        services.register_colleagues(by=world.people["municipality_admin"], event=event,
                                     organisation=world.chiyoda, people=people)
    event.refresh_from_db()
    assert (Registration.objects.filter(event=event).count(), event.seats_taken) == (0, 0)


def test_register_colleagues_for_another_organisation_is_denied(world, event):
    with pytest.raises(PermissionDenied):
        services.register_colleagues(by=world.people["association_staff"], event=event,
                                     organisation=world.chiyoda, people=[world.people["municipality_staff"]])


def test_register_colleagues_refuses_strangers(world, event):
    with refused("not_members"):
        services.register_colleagues(by=world.people["municipality_admin"], event=event,
                                     organisation=world.chiyoda, people=[world.people["alumnus"]])


def test_database_refuses_overbooking(world, event):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        arrange_update(Event.objects.filter(pk=event.pk), seats_taken=3)


def test_cancel_registration_made_before_a_session_was_added(world, event):
    """The registration is not for the later session and never held a seat in it: none is freed there."""
    r = services.register(by=world.people["jet"], event=event)
    session = SessionFactory(event=event)
    services.cancel_registration(by=world.people["jet"], registration=r)
    session.refresh_from_db()
    event.refresh_from_db()
    assert (_status(r), event.seats_taken, session.seats_taken) == ("cancelled", 0, 0)


def test_draw_winners_hold_their_sessions_seats_and_free_them(world):
    event = EventFactory(organiser=world.hq, mode="lottery", capacity=1)
    session = SessionFactory(event=event)
    for role in ("jet", "alumnus"):
        services.register(by=world.people[role], event=event)
    arrange_update(Event.objects.filter(pk=event.pk), closes_at=timezone.now() - timedelta(minutes=1))
    event.refresh_from_db()
    draw = services.run_draw(by=world.people["hq_staff"], event=event, seed="s")
    session.refresh_from_db()
    taken = session.seats_taken
    winner = Registration.objects.select_related("person").get(pk=draw.order[0])
    services.cancel_registration(by=winner.person, registration=winner)
    session.refresh_from_db()
    assert (taken, session.seats_taken, Registration.objects.get(pk=draw.order[1]).status) == (1, 1, "offered")
