"""The transition tables of review assignments, payments and change requests, and the application's amount
change: each row allowed for whom it is, denied to others, and refused by its guard."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kizuna.core.workflow import TransitionError, transition
from kizuna.grants import services
from kizuna.grants.enums import AssignmentStatus, ChangeStatus, PaymentStatus, Status
from kizuna.grants.models import Application

from .conftest import make_submitted
from .factories import AssignmentFactory


def _state(obj):
    return type(obj).objects.values_list("status", flat=True).get(pk=obj.pk)


@pytest.fixture
def pending(world, submitted):
    return AssignmentFactory(application=submitted, reviewer=world.people["reviewer"])


@pytest.fixture
def active(world, submitted):
    return AssignmentFactory(application=submitted, reviewer=world.people["reviewer"], status=AssignmentStatus.ACTIVE)


def _declare(assignment, by, **changes):
    return transition(assignment, "declare_no_conflict" if "conflict_note" not in changes else "declare_conflict",
                      by=by, declared_at=timezone.now(), **changes)


# Review assignments ---------------------------------------------------------------------------------------------

def test_declare_no_conflict_allowed_to_the_reviewer(world, pending):
    assert _declare(pending, world.people["reviewer"]).status == AssignmentStatus.ACTIVE


@pytest.mark.parametrize("role", ["hq_staff", "superuser", "expert"])
def test_declare_no_conflict_denied_to_anyone_else(world, pending, role):
    with pytest.raises(PermissionDenied):
        _declare(pending, world.people[role])
    assert _state(pending) == AssignmentStatus.PENDING


def test_declare_conflict_allowed_to_the_reviewer(world, pending):
    declared = _declare(pending, world.people["reviewer"], conflict_note="元同僚")
    assert (declared.status, declared.conflict_note) == (AssignmentStatus.CONFLICT, "元同僚")


def test_declare_conflict_denied_to_anyone_else(world, pending):
    with pytest.raises(PermissionDenied):
        _declare(pending, world.people["hq_staff"], conflict_note="x")
    assert _state(pending) == AssignmentStatus.PENDING


def test_declare_conflict_refused_without_saying_what_it_is(world, pending):
    with pytest.raises(ValidationError) as excinfo:
        _declare(pending, world.people["reviewer"], conflict_note="  ")
    assert (excinfo.value.code, _state(pending)) == ("note", AssignmentStatus.PENDING)


def test_declaring_twice_is_refused(world, pending):
    _declare(pending, world.people["reviewer"])
    with pytest.raises(TransitionError) as excinfo:
        _declare(pending, world.people["reviewer"], conflict_note="やはり")
    assert (excinfo.value.code, _state(pending)) == ("wrong_state", AssignmentStatus.ACTIVE)


def test_score_allowed_to_the_reviewer_who_declared_no_conflict(world, active):
    scored = transition(active, "score", by=world.people["reviewer"], weighted_score=3.0)
    assert (scored.status, scored.weighted_score) == (AssignmentStatus.SCORED, 3.0)


@pytest.mark.parametrize("role", ["hq_staff", "superuser", "municipality_staff"])
def test_score_denied_to_anyone_else(world, active, role):
    with pytest.raises(PermissionDenied):
        transition(active, "score", by=world.people[role], weighted_score=3.0)
    assert _state(active) == AssignmentStatus.ACTIVE


def test_score_denied_before_the_declaration(world, pending):
    with pytest.raises(TransitionError):
        transition(pending, "score", by=world.people["reviewer"], weighted_score=3.0)
    assert _state(pending) == AssignmentStatus.PENDING


def test_score_refused_once_the_application_is_decided(world, call, active):
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={active.application_id: 1})
    with pytest.raises(ValidationError) as excinfo:
        transition(active, "score", by=world.people["reviewer"], weighted_score=3.0)
    assert (excinfo.value.code, _state(active)) == ("state", AssignmentStatus.ACTIVE)


# Payments -----------------------------------------------------------------------------------------------------

@pytest.fixture
def awarded(world, call):
    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000})
    return a


@pytest.fixture
def payment(world, awarded):
    return services.prepare_payment(by=world.people["hq_staff"], application=awarded, kind="advance",
                                    amount=400_000)


def test_approve_payment_allowed_to_a_second_person(world, payment):
    approved = transition(payment, "approve", by=world.people["superuser"], approved_by=world.people["superuser"],
                          approved_at=timezone.now())
    assert (approved.status, approved.approved_by) == (PaymentStatus.APPROVED, world.people["superuser"])


@pytest.mark.parametrize("role", ["municipality_staff", "branch_staff", "reviewer"])
def test_approve_payment_denied_to_people_outside_headquarters(world, payment, role):
    with pytest.raises(PermissionDenied):
        services.approve_payment(by=world.people[role], payment=payment)
    assert _state(payment) == PaymentStatus.PREPARED


def test_approve_payment_refused_to_its_preparer(world, payment):
    with pytest.raises(ValidationError) as excinfo:
        services.approve_payment(by=world.people["hq_staff"], payment=payment)
    payment.refresh_from_db()
    assert (excinfo.value.code, payment.status, payment.approved_by) == ("two_person", PaymentStatus.PREPARED, None)


def test_approving_twice_is_refused(world, payment):
    services.approve_payment(by=world.people["superuser"], payment=payment)
    with pytest.raises(TransitionError):
        services.approve_payment(by=world.people["superuser"], payment=payment)


# Change requests and the amount they change -----------------------------------------------------------------------

@pytest.fixture
def change(world, awarded):
    return services.request_change(by=world.people["municipality_staff"], application=awarded, reason="会場変更",
                                   new_amount=900_000)


def test_approve_change_allowed_to_headquarters_and_changes_the_amount(world, awarded, change):
    decided = services.decide_change(by=world.people["hq_staff"], change=change, approve=True)
    awarded.refresh_from_db()
    assert (decided.status, awarded.status, awarded.decided_amount) == (
        ChangeStatus.APPROVED, Status.AWARDED, 900_000)


@pytest.mark.parametrize("role", ["municipality_staff", "branch_staff"])
def test_approve_change_denied_to_others(world, awarded, change, role):
    with pytest.raises(PermissionDenied):
        transition(change, "approve", by=world.people[role])
    awarded.refresh_from_db()
    assert (_state(change), awarded.decided_amount) == (ChangeStatus.PENDING, 800_000)


def test_reject_change_allowed_to_headquarters_with_a_reason(world, awarded, change):
    decided = services.decide_change(by=world.people["hq_staff"], change=change, approve=False, answer="予算超過")
    awarded.refresh_from_db()
    assert (decided.status, decided.answer, awarded.decided_amount) == (ChangeStatus.REJECTED, "予算超過", 800_000)


def test_reject_change_denied_to_the_applicant(world, change):
    with pytest.raises(PermissionDenied):
        transition(change, "reject", by=world.people["municipality_admin"], answer="x")
    assert _state(change) == ChangeStatus.PENDING


def test_reject_change_refused_without_a_reason(world, change):
    with pytest.raises(ValidationError) as excinfo:
        services.decide_change(by=world.people["hq_staff"], change=change, approve=False)
    assert (excinfo.value.code, _state(change)) == ("answer", ChangeStatus.PENDING)


def test_change_amount_allowed_to_headquarters(world, awarded):
    changed = transition(awarded, "change_amount", by=world.people["hq_staff"], decided_amount=700_000)
    assert (changed.status, changed.decided_amount) == (Status.AWARDED, 700_000)


@pytest.mark.parametrize("role", ["municipality_staff", "branch_staff"])
def test_change_amount_denied_to_others(world, awarded, role):
    with pytest.raises(PermissionDenied):
        transition(awarded, "change_amount", by=world.people[role], decided_amount=700_000)
    awarded.refresh_from_db()
    assert awarded.decided_amount == 800_000


def test_change_amount_refused_above_the_envelope(world, call, awarded):
    (other,) = make_submitted(world, call, 1)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={other.pk: 1_000_000})
    call.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        transition(awarded, "change_amount", by=world.people["hq_staff"],
                   decided_amount=call.envelope - 1_000_000 + 1)
    awarded.refresh_from_db()
    assert (excinfo.value.code, awarded.decided_amount) == ("envelope", 800_000)


def test_change_amount_refused_after_the_report(world, awarded):
    line = awarded.lines.get()
    services.submit_report(by=world.people["municipality_staff"], application=awarded, actuals={line.pk: 1},
                           outcomes="済")
    with pytest.raises(TransitionError):
        transition(awarded, "change_amount", by=world.people["hq_staff"], decided_amount=700_000)
    assert Application.objects.get(pk=awarded.pk).decided_amount == 800_000

