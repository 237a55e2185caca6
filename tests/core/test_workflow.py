"""The one way to change state: `kizuna.core.workflow.transition`, on a small claim model (tests/workflow_app)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import CheckConstraint

from kizuna.core.audit import MASK, SYSTEM, update_logged
from kizuna.core.workflow import TransitionError, history, tables, transition
from tests.workflow_app.enums import CLAIM_TRANSITIONS, Status
from tests.workflow_app.models import Claim
from tests.workflow_app.services import SENT


@pytest.fixture
def claim(world):
    return Claim.objects.create(claimant=world.people["jet"], amount=15000)


def _entries(claim):
    return list(LogEntry.objects.get_for_object(claim).order_by("pk"))


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


def test_transition_refuses_fields_its_row_does_not_name(world, claim):
    with pytest.raises(TypeError):
        transition(claim, "return", by=world.people["hq_staff"], amount=1)
    claim.refresh_from_db()
    assert claim.status == Status.DRAFT


def test_transition_writes_one_entry_with_every_changed_field(world, claim):
    before = len(_entries(claim))
    transition(claim, "submit", by=world.people["jet"], note="please check", amount=20000, comment="receipt")
    entries = _entries(claim)[before:]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.actor == world.people["jet"]
    assert entry.additional_data == {"action": "workflow_app.claim.submit", "by": "person",
                                     "transition": "submit", "note": "please check", "from": "draft",
                                     "to": "submitted"}
    # `comment` is declared masked: it is recorded as changed (from empty), its words are not.
    assert entry.changes == {"status": ["draft", "submitted"], "amount": [15000, 20000], "comment": ["", MASK]}


def test_transition_leaves_unchanged_fields_out_of_the_entry(world, claim):
    transition(claim, "submit", by=world.people["jet"], amount=15000)
    assert _entries(claim)[-1].changes == {"status": ["draft", "submitted"]}


def test_transition_system_step_runs_as_the_system_and_is_recorded_so(world, claim):
    transition(claim, "expire", by=SYSTEM)
    claim.refresh_from_db()
    entry = _entries(claim)[-1]
    assert (claim.status, entry.actor, entry.additional_data["by"]) == (Status.EXPIRED, None, "system")


@pytest.mark.parametrize("role", ["hq_staff", "superuser", "jet"])
def test_transition_system_step_refused_to_people(world, claim, role):
    with pytest.raises(PermissionDenied):
        transition(claim, "expire", by=world.people[role])
    claim.refresh_from_db()
    assert claim.status == Status.DRAFT


def test_transition_step_of_people_refused_to_the_system(world, claim):
    with pytest.raises(PermissionDenied):
        transition(claim, "submit", by=SYSTEM)


def test_transition_effects_deliver_only_after_commit(world, claim, django_capture_on_commit_callbacks):
    SENT.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transition(claim, "submit", by=world.people["jet"], note="n")
        assert SENT == []
    assert (len(callbacks), SENT) == (1, [(claim.pk, Status.SUBMITTED, "n")])


def test_transition_failing_effect_leaves_no_half_step(world, claim):
    SENT.clear()
    with pytest.raises(RuntimeError):
        transition(claim, "submit", by=world.people["jet"], note="explode")
    claim.refresh_from_db()
    assert (claim.status, len(_entries(claim)), SENT) == (Status.DRAFT, 0, [])


def test_state_field_is_constrained_in_the_database(world, claim):
    with pytest.raises(IntegrityError), transaction.atomic():
        update_logged(Claim.objects.filter(pk=claim.pk), "workflow_app.claim.force", by=SYSTEM, status="teleported")


def test_every_table_has_its_guards_attached_and_states_constrained():
    problems = []
    for model, table in tables():
        problems += [f"{model._meta.label}: guard {g}" for g in table.missing_guards()]
        if not any(isinstance(c, CheckConstraint) and f"{table.state_field}__in" in str(c.condition)
                   for c in model._meta.constraints):
            problems.append(f"{model._meta.label}: no constraint on {table.state_field}")
    assert problems == []


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


def test_available_transitions_never_offer_system_steps(world, claim):
    assert [t.action for t in CLAIM_TRANSITIONS.available(claim, world.people["jet"])] == ["submit"]
