"""Each row of the signage transition tables, allowed and denied: a pack is moved by the system alone (the
background task), a proposal for the bank is reviewed by CLAIR staff."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kizuna.core.audit import SYSTEM
from kizuna.core.workflow import TransitionError, transition
from kizuna.signage import services
from kizuna.signage.enums import PackStatus, TranslationStatus
from kizuna.signage.models import Category, Pack, Translation
from tests.factories import arrange_update

PEOPLE = ["municipality_staff", "hq_staff", "superuser"]  # the requester, CLAIR staff, a superuser


@pytest.fixture
def pack(world):
    return services.request_pack(by=world.people["municipality_staff"], organisation=world.chiyoda,
                                 languages=["ja", "en"], size="A4", orientation="portrait")


def _running(pack):
    return transition(pack, "start", by=SYSTEM, total=4, done=0)


def _status(pack) -> str:
    return Pack.objects.get(pk=pack.pk).status


def test_pack_start_allowed_for_the_system(pack):
    started = transition(pack, "start", by=SYSTEM, total=4, done=0)

    assert (started.status, started.total, started.done) == (PackStatus.RUNNING, 4, 0)


@pytest.mark.parametrize("role", PEOPLE)
def test_pack_start_refused_to_a_person(world, pack, role):
    with pytest.raises(PermissionDenied):
        transition(pack, "start", by=world.people[role], total=4, done=0)

    assert _status(pack) == PackStatus.QUEUED


def test_pack_finish_allowed_for_the_system(pack):
    now = timezone.now()

    done = transition(_running(pack), "finish", by=SYSTEM, file="signage/packs/p.zip", finished_at=now)

    assert (done.status, done.file.name, done.finished_at) == (PackStatus.DONE, "signage/packs/p.zip", now)


@pytest.mark.parametrize("role", PEOPLE)
def test_pack_finish_refused_to_a_person(world, pack, role):
    running = _running(pack)

    with pytest.raises(PermissionDenied):
        transition(running, "finish", by=world.people[role], file="signage/packs/p.zip", finished_at=timezone.now())

    assert _status(pack) == PackStatus.RUNNING


def test_pack_finish_refused_before_the_pack_is_started(pack):
    with pytest.raises(TransitionError):
        transition(pack, "finish", by=SYSTEM, file="signage/packs/p.zip", finished_at=timezone.now())

    assert _status(pack) == PackStatus.QUEUED


@pytest.mark.parametrize("started", [False, True])
def test_pack_fail_allowed_for_the_system_queued_or_running(pack, started):
    pack = _running(pack) if started else pack

    failed = transition(pack, "fail", by=SYSTEM, error="no fonts", finished_at=timezone.now())

    assert (failed.status, failed.error) == (PackStatus.FAILED, "no fonts")


@pytest.mark.parametrize("role", PEOPLE)
def test_pack_fail_refused_to_a_person(world, pack, role):
    with pytest.raises(PermissionDenied):
        transition(pack, "fail", by=world.people[role], error="stop", finished_at=timezone.now())

    assert _status(pack) == PackStatus.QUEUED


def test_pack_made_twice_is_refused_the_second_time(world, bank, pack, settings, tmp_path):
    """The task runs once per pack: a second run finds it no longer queued and changes nothing."""
    settings.MEDIA_ROOT = tmp_path
    arrange_update(Pack.objects.filter(pk=pack.pk), status=PackStatus.DONE)

    with pytest.raises(TransitionError):
        services.make_pack(pack)

    assert (_status(pack), Pack.objects.get(pk=pack.pk).total) == (PackStatus.DONE, 0)


def _proposal(world, message):
    return services.propose_translation(by=world.people["association_staff"], message=message, language="en",
                                        text="Restroom", method="human")


@pytest.mark.parametrize("role", ["hq_staff", "branch_staff", "office_staff", "superuser"])
def test_translation_approve_allowed_for_clair_staff(world, bank, role):
    proposal = _proposal(world, bank["toilet"])

    approved = services.review_translation(by=world.people[role], translation=proposal, action="approve")

    assert (approved.status, approved.is_current) == (TranslationStatus.APPROVED, True)


@pytest.mark.parametrize("action", ["approve", "reject"])
@pytest.mark.parametrize("role", ["municipality_admin", "association_staff", "reviewer", "jet"])
def test_translation_review_refused_to_people_outside_clair(world, bank, role, action):
    proposal = _proposal(world, bank["toilet"])

    with pytest.raises(PermissionDenied):
        services.review_translation(by=world.people[role], translation=proposal, action=action)

    proposal.refresh_from_db()
    assert (proposal.status, Translation.objects.get(message=bank["toilet"], language="en",
                                                     is_current=True).text) == (TranslationStatus.PROPOSED, "Toilet")


def test_translation_reject_allowed_for_clair_staff(world, bank):
    proposal = _proposal(world, bank["toilet"])

    rejected = services.review_translation(by=world.people["branch_staff"], translation=proposal, action="reject")

    assert (rejected.status, rejected.is_current) == (TranslationStatus.REJECTED, False)


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_translation_review_of_an_own_message_refused_even_to_clair_staff_of_its_organisation(world, bank, action):
    """Own messages' texts are their colleagues', used at once: no one reviews them, headquarters' own neither."""
    hq = world.people["hq_staff"]
    own = services.add_message(by=hq, organisation=world.hq, category=Category.objects.get(key="facilities"),
                               texts={"ja": "本部の掲示"})
    text = Translation.objects.get(message=own, language="ja")

    with pytest.raises(PermissionDenied):
        services.review_translation(by=hq, translation=text, action=action)

    text.refresh_from_db()
    assert (text.status, text.is_current) == (TranslationStatus.PROPOSED, True)


def test_translation_review_with_an_unknown_action_is_refused_before_anything_is_written(world, bank):
    proposal = _proposal(world, bank["toilet"])

    with pytest.raises(TransitionError):
        services.review_translation(by=world.people["hq_staff"], translation=proposal, action="publish")

    assert Translation.objects.get(message=bank["toilet"], language="en", is_current=True).text == "Toilet"
