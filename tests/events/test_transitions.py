"""The rows of the registration and co-exhibitor tables not covered elsewhere, each allowed and denied; the
system steps (offer, lapse), which only the system takes and which are recorded as "system"; and the mail that
the tables' effects queue for after the commit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kizuna.core.audit import SYSTEM
from kizuna.core.workflow import transition
from kizuna.events import services
from kizuna.events.models import Booth, Event, Registration
from kizuna.events.services import booths
from tests.audit_helpers import entry_of
from tests.factories import UserFactory, arrange_update

from .factories import EventFactory
from .refusals import refused


def _status(obj) -> str:
    obj.refresh_from_db()
    return obj.status


@pytest.fixture
def applied(world):
    """An application to Tokyo branch's lottery training, applications still open."""
    event = EventFactory(organiser=world.tokyo_branch, kind="training", mode="lottery", capacity=1)
    return services.register(by=world.people["jet"], event=event)


# --- win and lose: the draw's steps, taken by the organisers ------------------------------------------------------

def test_win_allowed_for_the_organisers(world, applied):
    done = transition(applied, "win", by=world.people["branch_staff"], position=1)
    assert (done.status, done.position) == ("confirmed", 1)


@pytest.mark.parametrize("role", ["jet", "office_staff"])
def test_win_denied_to_others(world, applied, role):
    with pytest.raises(PermissionDenied):
        transition(applied, "win", by=world.people[role], position=1)
    assert _status(applied) == "applied"


def test_lose_allowed_for_the_organisers(world, applied):
    done = transition(applied, "lose", by=world.people["hq_staff"], position=2)
    assert (done.status, done.position) == ("waiting", 2)


def test_lose_denied_to_others(world, applied):
    with pytest.raises(PermissionDenied):
        transition(applied, "lose", by=world.people["jet"], position=2)
    assert _status(applied) == "applied"


# --- offer and lapse: system steps -------------------------------------------------------------------------------

@pytest.fixture
def waiting(world, full_event):
    return services.register(by=world.people["jet"], event=full_event)


@pytest.fixture
def offered(world, full_event, waiting):
    first = Registration.objects.get(event=full_event, person=world.people["municipality_staff"])
    services.cancel_registration(by=world.people["municipality_staff"], registration=first)
    waiting.refresh_from_db()
    return waiting


def test_offer_is_taken_by_the_system_whoever_freed_the_seat(world, offered):
    entry = entry_of(offered, "events.registration.offer")
    assert (offered.status, entry.actor, entry.additional_data["by"]) == ("offered", None, "system")


@pytest.mark.parametrize("role", ["hq_staff", "superuser", "jet"])
def test_offer_denied_to_people(world, waiting, role):
    with pytest.raises(PermissionDenied):
        transition(waiting, "offer", by=world.people[role], offer_expires_at=timezone.now() + timedelta(hours=1))
    assert _status(waiting) == "waiting"


def _expire(registration) -> None:
    arrange_update(Registration.objects.filter(pk=registration.pk),
                   offer_expires_at=timezone.now() - timedelta(minutes=1))


def test_lapse_is_taken_by_the_system_and_recorded_so(world, offered):
    _expire(offered)
    services.expire_offers()
    entry = entry_of(offered, "events.registration.lapse")
    assert (_status(offered), entry.actor, entry.additional_data["by"]) == ("lapsed", None, "system")


@pytest.mark.parametrize("role", ["hq_staff", "superuser", "jet"])
def test_lapse_denied_to_people_even_when_due(world, offered, role):
    _expire(offered)
    with pytest.raises(PermissionDenied):
        transition(offered, "lapse", by=world.people[role])
    assert _status(offered) == "offered"


def test_lapse_refused_to_the_system_while_the_offer_is_open(world, offered):
    with refused("offer_still_open"):
        transition(offered, "lapse", by=SYSTEM)
    assert _status(offered) == "offered"


def test_the_system_takes_no_step_of_people(world, offered):
    with pytest.raises(PermissionDenied):
        transition(offered, "accept", by=SYSTEM)
    assert _status(offered) == "offered"


# --- reject: the fair's organisers ---------------------------------------------------------------------------------

@pytest.fixture
def exhibitor(world):
    fair = EventFactory(organiser=world.nyc, kind="trade_fair")
    booth = Booth.objects.create(event=fair, name="共同ブース", slots=1, applications_close=fair.starts_at)
    return booths.apply_for_booth(by=world.people["municipality_staff"], booth=booth, organisation=world.chiyoda,
                                  exhibits="和菓子")


def test_reject_allowed_for_the_fairs_organisers(world, exhibitor):
    assert booths.reject_exhibitor(by=world.people["office_staff"], exhibitor=exhibitor).status == "rejected"


@pytest.mark.parametrize("role", ["municipality_staff", "branch_staff"])
def test_reject_denied_to_others(world, exhibitor, role):
    with pytest.raises(PermissionDenied):
        booths.reject_exhibitor(by=world.people[role], exhibitor=exhibitor)
    assert _status(exhibitor) == "applied"


def test_report_with_negative_numbers_is_refused_by_the_table(world, exhibitor):
    done = booths.select_exhibitor(by=world.people["office_staff"], exhibitor=exhibitor)
    with refused("bad_numbers"):
        transition(done, "report", by=world.people["municipality_staff"], visitors=-1, leads=0, deals=0)
    assert _status(exhibitor) == "selected"


# --- mail effects: queued inside the step, delivered after its commit ------------------------------------------------

def _subjects(mailoutbox, email) -> list[str]:
    return [m.subject for m in mailoutbox if m.to == [email]]


def test_approve_mails_the_confirmation_after_the_commit(world, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(organiser=world.hq, mode="approval")
    pending = services.register(by=world.people["jet"], event=event)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.approve_registration(by=world.people["hq_staff"], registration=pending)
    assert (len(callbacks), mailoutbox) == (1, [])
    callbacks[0]()
    assert len(_subjects(mailoutbox, "jet@example.jp")) == 1


def test_decline_mails_the_registrant(world, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(organiser=world.hq, mode="approval")
    pending = services.register(by=world.people["jet"], event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_registration(by=world.people["hq_staff"], registration=pending)
    assert len(_subjects(mailoutbox, "jet@example.jp")) == 1


def test_draw_mails_winners_and_those_who_wait(world, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(organiser=world.hq, mode="lottery", capacity=1)
    people = UserFactory.create_batch(2)
    for person in people:
        services.register(by=person, event=event)
    arrange_update(Event.objects.filter(pk=event.pk), closes_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.run_draw(by=world.people["hq_staff"], event=event)
    assert sorted(len(_subjects(mailoutbox, p.email)) for p in people) == [1, 1]
