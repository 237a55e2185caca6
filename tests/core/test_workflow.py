import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from kizuna.core.workflow import TransitionError, history, transition
from tests.workflow_app.enums import CLAIM_TRANSITIONS, SENT, Status
from tests.workflow_app.models import Claim


@pytest.fixture
def claim(world):
    return Claim.objects.create(claimant=world.people["jet"], amount=15000)


def test_transition_submit_allowed_for_the_claimant(world, claim):
    result = transition(claim, "submit", by=world.people["jet"], note="first round")
    claim.refresh_from_db()
    assert (result.status, claim.status) == (Status.SUBMITTED, Status.SUBMITTED)


def test_transition_submit_denied_for_someone_else(world, claim):
    with pytest.raises(PermissionDenied):
        transition(claim, "submit", by=world.people["municipality_staff"])
    claim.refresh_from_db()
    assert claim.status == Status.DRAFT


def test_transition_approve_allowed_for_clair_staff(world, claim):
    transition(claim, "submit", by=world.people["jet"])
    transition(claim, "approve", by=world.people["hq_staff"])
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED


def test_transition_approve_denied_for_the_claimant(world, claim):
    transition(claim, "submit", by=world.people["jet"])
    with pytest.raises(PermissionDenied):
        transition(claim, "approve", by=world.people["jet"])


def test_transition_from_wrong_state_is_refused_with_a_message(world, claim):
    with pytest.raises(TransitionError) as excinfo:
        transition(claim, "approve", by=world.people["hq_staff"])
    assert excinfo.value.code == "wrong_state"
    assert "Draft" in excinfo.value.messages[0]


def test_transition_unknown_action_is_refused(world, claim):
    with pytest.raises(TransitionError) as excinfo:
        transition(claim, "teleport", by=world.people["hq_staff"])
    assert excinfo.value.code == "unknown_action"


def test_transition_guard_refusal_saves_nothing(world, claim):
    with pytest.raises(Exception) as excinfo:
        transition(claim, "submit", by=world.people["jet"], amount=0, comment="changed")
    claim.refresh_from_db()
    assert (excinfo.value.code, claim.status, claim.amount, claim.comment) == ("amount", Status.DRAFT, 15000, "")


def test_transition_saves_given_fields_with_the_state(world, claim):
    transition(claim, "submit", by=world.people["jet"], comment="receipt attached")
    claim.refresh_from_db()
    assert (claim.status, claim.comment) == (Status.SUBMITTED, "receipt attached")


def test_transition_writes_exactly_one_audit_entry(world, claim):
    before = LogEntry.objects.get_for_object(claim).count()
    transition(claim, "submit", by=world.people["jet"], note="please check")
    entries = list(LogEntry.objects.get_for_object(claim).order_by("pk"))[before:]
    assert len(entries) == 1
    assert entries[0].actor == world.people["jet"]
    assert entries[0].additional_data == {"transition": "submit", "note": "please check", "from": "draft",
                                          "to": "submitted"}


def test_transition_effects_run_only_after_commit(world, claim, django_capture_on_commit_callbacks):
    SENT.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition(claim, "submit", by=world.people["jet"], note="n")
        assert SENT == []
    assert (len(callbacks), SENT) == (1, [(claim.pk, Status.SUBMITTED, "n")])


def test_history_lists_transitions_in_order(world, claim):
    transition(claim, "submit", by=world.people["jet"])
    transition(claim, "return", by=world.people["hq_staff"], note="missing receipt")
    transition(claim, "submit", by=world.people["jet"])
    assert [e.additional_data["transition"] for e in history(claim)] == ["submit", "return", "submit"]


def test_available_transitions_follow_state_and_permission(world, claim):
    transition(claim, "submit", by=world.people["jet"])
    claim.refresh_from_db()
    staff_actions = [t.action for t in CLAIM_TRANSITIONS.available(claim, world.people["hq_staff"])]
    claimant_actions = [t.action for t in CLAIM_TRANSITIONS.available(claim, world.people["jet"])]
    assert (staff_actions, claimant_actions) == (["return", "approve"], [])
