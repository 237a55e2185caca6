"""Reviewing: assignments, the conflict-of-interest declaration, rubric scores."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.models import Membership
from kizuna.core.rules import is_clair_staff

from ..enums import AssignmentStatus, ReviewerKind, Status
from ..models import Application, Assignment, Score
from ._common import require


def _same_organisation(reviewer, application: Application) -> bool:
    orgs = {application.applicant_id, *application.partners.values_list("pk", flat=True)} - {None}
    return Membership.objects.active().filter(person=reviewer, organisation_id__in=orgs).exists()


def _kind_problem(reviewer, kind: str) -> str | None:
    """Internal reviewers are CLAIR staff; external ones are not."""
    staff = is_clair_staff(reviewer)
    if kind == ReviewerKind.INTERNAL and not staff:
        return _("%(person)s is not CLAIR staff: assign them as an external reviewer.") % {"person": reviewer}
    if kind == ReviewerKind.EXTERNAL and staff:
        return _("%(person)s is CLAIR staff: assign them as an internal reviewer.") % {"person": reviewer}
    return None


@transaction.atomic
def assign_reviewer(*, by, application: Application, reviewer, kind: str | None = None) -> Assignment:
    """Assign an internal (CLAIR staff) or external reviewer; `kind` defaults to what the person is. Nobody
    from the applicant's (or a partner's) organisation is ever assigned."""
    require(by, "grants.assign_reviewers")
    if application.status != Status.SUBMITTED:
        raise ValidationError(_("Only submitted applications are reviewed."), code="state")
    if _same_organisation(reviewer, application) or application.person_id == reviewer.pk:
        raise ValidationError(_("%(person)s belongs to the applicant's organisation and cannot review it.")
                              % {"person": reviewer}, code="own_organisation")
    if kind is None:
        kind = ReviewerKind.INTERNAL if is_clair_staff(reviewer) else ReviewerKind.EXTERNAL
    problem = _kind_problem(reviewer, kind)
    if problem:
        raise ValidationError(problem, code="kind")
    assignment, created = Assignment.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"assigned_by": by, "kind": kind})
    if not created:
        raise ValidationError(_("%(person)s is already assigned.") % {"person": reviewer}, code="duplicate")
    return assignment


@transaction.atomic
def declare_conflict(*, by, assignment: Assignment, has_conflict: bool, note: str = "") -> Assignment:
    """Before seeing the application the reviewer declares; a conflict blocks the assignment."""
    require(by, "grants.declare_conflict", assignment)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.PENDING:
        raise ValidationError(_("The declaration was already made."), code="declared")
    if has_conflict and not note.strip():
        raise ValidationError(_("Describe the conflict of interest."), code="note")
    assignment.status = AssignmentStatus.CONFLICT if has_conflict else AssignmentStatus.ACTIVE
    assignment.conflict_note = note
    assignment.declared_at = timezone.now()
    assignment.save(update_fields=["status", "conflict_note", "declared_at"])
    return assignment


@transaction.atomic
def score_application(*, by, application: Application, scores: dict, comments: dict | None = None,
                      comment: str = "") -> Assignment:
    """`scores`: criterion id → 1..5, one for every criterion of the scheme's rubric."""
    assignment = Assignment.objects.select_for_update().filter(application=application, reviewer=by).first()
    if assignment is None:
        raise ValidationError(_("You are not assigned to this application."), code="unassigned")
    require(by, "grants.score_application", application)
    if application.status != Status.SUBMITTED:
        raise ValidationError(_("This application is no longer under review."), code="state")
    criteria = list(application.call.scheme.criteria.all())
    if not criteria:
        raise ValidationError(_("The scheme has no scoring criteria yet; staff must set up its rubric first."),
                              code="no_rubric")
    if set(scores) - {c.pk for c in criteria}:
        raise ValidationError(_("A criterion is not part of this scheme's rubric."), code="criterion")
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise ValidationError(_("Score every criterion: %(missing)s.") % {"missing": ", ".join(missing)},
                              code="missing")
    comments = comments or {}
    points = 0
    for criterion in criteria:
        value = int(scores[criterion.pk])
        if not 1 <= value <= 5:
            raise ValidationError(_("Scores go from 1 to 5."), code="range")
        Score.objects.update_or_create(assignment=assignment, criterion=criterion, defaults={
            "value": value, "comment": comments.get(criterion.pk, "")})
        points += value * criterion.weight
    assignment.status = AssignmentStatus.SCORED
    assignment.comment = comment
    assignment.weighted_score = points / sum(c.weight for c in criteria)
    assignment.save(update_fields=["status", "comment", "weighted_score"])
    return assignment


def refresh_weighted_scores(scheme) -> int:
    """Weigh the scored reviews of the scheme again (after a criterion's weight changed); returns how many."""
    rows = (Score.objects.filter(criterion__scheme=scheme, assignment__status=AssignmentStatus.SCORED)
            .values("assignment_id")
            .annotate(points=Sum(F("value") * F("criterion__weight")), weights=Sum("criterion__weight"))
            .values_list("assignment_id", "points", "weights").order_by())
    changed = [Assignment(pk=pk, weighted_score=points / weights) for pk, points, weights in rows]
    Assignment.objects.bulk_update(changed, ["weighted_score"], batch_size=500)
    return len(changed)
