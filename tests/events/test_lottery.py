"""The lottery: applications hold no seat; staff draw once applications close; the draw is reproducible."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kizuna.events import services
from kizuna.events.models import Draw, Event, Registration
from kizuna.events.services.lottery import drawn_order
from tests.factories import UserFactory, arrange_update

from .factories import EventFactory
from .refusals import refused


@pytest.fixture
def training(world):
    event = EventFactory(organiser=world.tokyo_branch, kind="training", mode="lottery", capacity=3)
    people = UserFactory.create_batch(7)
    for person in people:
        services.register(by=person, event=event)
    arrange_update(Event.objects.filter(pk=event.pk), closes_at=timezone.now() - timedelta(minutes=1))
    event.refresh_from_db()
    return event


def test_lottery_application_holds_no_seat(training):
    assert (training.seats_taken, set(training.registrations.values_list("status", flat=True))) == (0, {"applied"})


def test_run_draw_by_organiser_staff(world, training):
    draw = services.run_draw(by=world.people["branch_staff"], event=training, seed="fixed-seed")
    training.refresh_from_db()
    statuses = [Registration.objects.get(pk=pk).status for pk in draw.order]
    assert (statuses, training.seats_taken) == (["confirmed"] * 3 + ["waiting"] * 4, 3)
    assert [Registration.objects.get(pk=pk).position for pk in draw.order] == list(range(1, 8))


def test_run_draw_is_reproducible_from_its_seed(world, training):
    draw = services.run_draw(by=world.people["branch_staff"], event=training)
    assert (len(draw.seed), services.replay_draw(draw), drawn_order(draw.seed, draw.applicants)) == (
        32, True, draw.order)


def test_replay_detects_a_tampered_order(world, training):
    draw = services.run_draw(by=world.people["branch_staff"], event=training)
    draw.order = list(reversed(draw.order))
    assert services.replay_draw(draw) is False


def test_run_draw_by_other_staff_is_denied(world, training):
    with pytest.raises(PermissionDenied):
        services.run_draw(by=world.people["office_staff"], event=training)
    assert Draw.objects.count() == 0


def test_run_draw_while_applications_open_is_refused(world):
    event = EventFactory(organiser=world.hq, mode="lottery", capacity=1)
    with refused("still_open"):
        services.run_draw(by=world.people["hq_staff"], event=event)


def test_run_draw_twice_is_refused(world, training):
    services.run_draw(by=world.people["branch_staff"], event=training)
    with refused("already_drawn"):
        services.run_draw(by=world.people["branch_staff"], event=training)


def test_losers_are_offered_freed_seats_in_drawn_order(world, training):
    draw = services.run_draw(by=world.people["branch_staff"], event=training)
    winner = Registration.objects.select_related("person").get(pk=draw.order[0])
    services.cancel_registration(by=winner.person, registration=winner)
    assert Registration.objects.get(pk=draw.order[3]).status == "offered"


def test_lottery_page_runs_the_draw(world, training):
    client = world.client_for("branch_staff")
    client.post(f"/events/{training.pk}/lottery/")
    body = client.get(f"/events/{training.pk}/lottery/").content.decode()
    assert (Draw.objects.filter(event=training).count(), Draw.objects.get().seed in body) == (1, True)
