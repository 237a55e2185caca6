"""Reviewing: assignments, the conflict-of-interest declaration, rubric scores."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, FloatField, OuterRef, Subquery, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged, update_logged
from kizuna.core.models import Membership
from kizuna.core.policies import require
from kizuna.core.rules import is_clair_staff
from kizuna.core.workflow import transition

from ..enums import ASSIGNMENT_TRANSITIONS, AssignmentStatus, ReviewerKind, Status
from ..models import Application, Assignment, Score


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
    require(by, "grants.assign_reviewers", application.call)
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
    if Assignment.objects.filter(application=application, reviewer=reviewer).exists():
        raise ValidationError(_("%(person)s is already assigned.") % {"person": reviewer}, code="duplicate")
    return create_logged(Assignment, "grants.assignment.assign", by=by, application=application, reviewer=reviewer,
                         status=AssignmentStatus.PENDING, kind=kind, assigned_by=by)


@ASSIGNMENT_TRANSITIONS.guard("conflict_described")
def _conflict_described(assignment, *, by, **changes) -> None:
    if not (assignment.conflict_note or "").strip():
        raise ValidationError(_("Describe the conflict of interest."), code="note")


def declare_conflict(*, by, assignment: Assignment, has_conflict: bool, note: str = "") -> Assignment:
    """Before seeing the application the reviewer declares; a conflict blocks the assignment."""
    return transition(assignment, "declare_conflict" if has_conflict else "declare_no_conflict", by=by,
                      conflict_note=note.strip(), declared_at=timezone.now())


@ASSIGNMENT_TRANSITIONS.guard("under_review")
def _under_review(assignment, *, by, **changes) -> None:
    if assignment.application.status != Status.SUBMITTED:
        raise ValidationError(_("This application is no longer under review."), code="state")


@transaction.atomic
def score_application(*, by, application: Application, scores: dict, comments: dict | None = None,
                      comment: str = "") -> Assignment:
    """`scores`: criterion id → 1..5, one for every criterion of the scheme's rubric."""
    assignment = Assignment.objects.select_for_update().filter(application=application, reviewer=by).first()
    if assignment is None:
        raise ValidationError(_("You are not assigned to this application."), code="unassigned")
    require(by, "grants.score_application", assignment)
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
    values = {c.pk: int(scores[c.pk]) for c in criteria}
    if any(not 1 <= v <= 5 for v in values.values()):
        raise ValidationError(_("Scores go from 1 to 5."), code="range")
    given = {s.criterion_id: s for s in Score.objects.filter(assignment=assignment)}
    for criterion in criteria:
        value, note = values[criterion.pk], comments.get(criterion.pk, "")
        score = given.get(criterion.pk)
        if score is None:
            create_logged(Score, "grants.score.give", by=by, assignment=assignment, criterion=criterion,
                          value=value, comment=note)
        elif (score.value, score.comment) != (value, note):
            score.value, score.comment = value, note
            save_logged(score, "grants.score.change", by=by, fields=["value", "comment"])
    points = sum(values[c.pk] * c.weight for c in criteria)
    return transition(assignment, "score", by=by, comment=comment,
                      weighted_score=points / sum(c.weight for c in criteria))


def _weighted_score():
    """The weighted score (1–5) of an assignment's scores, as one correlated subquery."""
    per_assignment = (Score.objects.filter(assignment=OuterRef("pk")).values("assignment")
                      .annotate(score=Cast(Sum(F("value") * F("criterion__weight")), FloatField())
                                / Cast(Sum("criterion__weight"), FloatField()))
                      .values("score"))
    return Subquery(per_assignment, output_field=FloatField())


def refresh_weighted_scores(scheme, *, by) -> int:
    """Weigh the scored reviews of the scheme again (after a criterion's weight changed): one update, and one
    entry for each review whose weighted score changed; returns how many changed."""
    scored = Assignment.objects.filter(application__call__scheme=scheme, status=AssignmentStatus.SCORED)
    changed = scored.annotate(weighed=_weighted_score()).exclude(weighted_score=F("weighed"))
    return update_logged(changed, "grants.assignment.reweigh", by=by, weighted_score=_weighted_score())
