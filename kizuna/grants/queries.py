"""Reads reused by pages, API, exports and the plan's KPIs."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from kizuna.core.rules import working_orgs

from .enums import DECIDED, AssignmentStatus, Status
from .models import Application, Assignment, Call, Scheme, Score


def calls(user):
    return Call.objects.visible_to(user).select_related("scheme").order_by("-closes_at")


def schemes(user):
    return Scheme.objects.visible_to(user).order_by("code")


def own_applications(user):
    """The applications of the person's organisations (or their own claims), newest first."""
    orgs = [o.pk for o in working_orgs(user)]
    return (Application.objects.visible_to(user).filter(Q(applicant_id__in=orgs) | Q(person=user))
            .select_related("call__scheme", "applicant", "person").order_by("-pk"))


def call_applications(user, call):
    return (Application.objects.visible_to(user).filter(call=call)
            .select_related("applicant", "person").order_by("pk"))


def my_assignments(user):
    return (Assignment.objects.visible_to(user).filter(reviewer=user)
            .select_related("application__call__scheme", "application__applicant", "application__person")
            .order_by("-pk"))


@dataclass
class Ranked:
    application: Application
    score: float | None
    reviews: int
    scores: list = field(default_factory=list)


def weighted_scores(applications) -> dict:
    """application id → (mean weighted score on 1–5 over its scored reviews, number of reviews)."""
    rows = (Score.objects.filter(assignment__application__in=applications,
                                 assignment__status=AssignmentStatus.SCORED)
            .values_list("assignment__application_id", "assignment_id", "value", "criterion__weight"))
    per_review = defaultdict(lambda: [0, 0])
    owner = {}
    for app_id, assignment_id, value, weight in rows:
        per_review[assignment_id][0] += value * weight
        per_review[assignment_id][1] += weight
        owner[assignment_id] = app_id
    totals = defaultdict(list)
    for assignment_id, (points, weights) in per_review.items():
        totals[owner[assignment_id]].append(points / weights)
    return {app_id: (round(sum(v) / len(v), 2), len(v)) for app_id, v in totals.items()}


def ranking(user, call) -> list[Ranked]:
    """Submitted and decided applications, best weighted score first (unscored last)."""
    apps = list(call_applications(user, call).filter(status__in=[Status.SUBMITTED, *DECIDED, Status.REJECTED]))
    scores = weighted_scores(apps)
    ranked = [Ranked(a, *scores.get(a.pk, (None, 0))) for a in apps]
    return sorted(ranked, key=lambda r: (r.score is None, -(r.score or 0), r.application.pk))


def progress(call) -> list[dict]:
    """Per reviewer: assignments, declared, scored, conflicts."""
    return list(
        Assignment.objects.filter(application__call=call)
        .values("reviewer_id", "reviewer__full_name", "reviewer__email")
        .annotate(assigned=Count("pk"),
                  scored=Count("pk", filter=Q(status=AssignmentStatus.SCORED)),
                  conflicts=Count("pk", filter=Q(status=AssignmentStatus.CONFLICT)))
        .order_by("reviewer__full_name", "reviewer_id")
    )


def selected_projects(scheme, year: int):
    """The public list: awarded projects of a scheme's calls for one fiscal year."""
    return (Application.objects.filter(call__scheme=scheme, call__fiscal_year=year, status__in=DECIDED)
            .select_related("applicant", "call").order_by("applicant__code", "pk"))
