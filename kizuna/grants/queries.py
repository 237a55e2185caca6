"""Reads reused by pages, API, exports and the plan's KPIs."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils.translation import get_language

from .enums import DECIDED, AssignmentStatus, Status
from .models import Application, Assignment, Call, Scheme


def calls(user):
    return Call.objects.visible_to(user).select_related("scheme").order_by("-closes_at")


def schemes(user):
    return Scheme.objects.visible_to(user).order_by("code")


def own_applications(user):
    """The applications of the person's organisations (or their own claims), newest first: those they work on
    as the applicant (`grants.change_application` is the applicant's permission)."""
    return (Application.objects.visible_to(user, "grants.change_application")
            .select_related("call__scheme", "applicant", "person", "beneficiary").order_by("-pk"))


def applicant_shown(user, application_id="pk"):
    """An annotation: may the person see who applies (`grants.view_applicant`, the blind-review rule), for
    lists of applications (`"pk"`) or of rows about one (`"application_id"`)."""
    return Exists(Application.objects.visible_to(user, "grants.view_applicant").filter(pk=OuterRef(application_id)))


# The applicant's name, as `Application.applicant_name` shows it, without the rest of the rows.
_NAMES = ("application__applicant__name", "application__applicant__name_en", "application__person__full_name",
          "application__person__email")
_RANKED_FIELDS = ("pk", "title", "status", "requested_amount", "decided_amount",
                  *(name.removeprefix("application__") for name in _NAMES))


def call_applications(user, call):
    return (Application.objects.visible_to(user).filter(call=call)
            .select_related("applicant", "person").order_by("pk"))


def my_assignments(user):
    """The person's own assignments (those they declare on: `grants.declare_conflict`), newest first, with what
    their list and the API show (and no more: a reviewer may have hundreds), and whether they may see who
    applies (`applicant_shown`)."""
    return (Assignment.objects.visible_to(user, "grants.declare_conflict")
            .annotate(applicant_shown=applicant_shown(user, "application_id"))
            .select_related("application__call", "application__applicant", "application__person")
            .only("status", "kind", "application_id", "reviewer_id", "application__title", "application__call_id",
                  "application__call__title", "application__call__blind_review", "application__applicant_id",
                  "application__person_id", *_NAMES)
            .order_by("-pk"))


@dataclass(frozen=True)
class Entry:
    """An application as the ranking shows it: built from `values()` rows, not model instances (a call has
    hundreds of applications; instances with their applicant cost three times as much, bench/grants.py).
    `applicant_name` is None where the person may not see who applies (`grants.view_applicant`)."""

    pk: int
    title: str
    status: str
    requested_amount: int
    decided_amount: int | None
    applicant_name: str | None

    def get_status_display(self) -> str:
        return str(Status(self.status).label)

    def get_absolute_url(self) -> str:
        return reverse("grants:application", kwargs={"pk": self.pk})


def _entry(row: dict, english: bool) -> Entry:
    """`Application.applicant_name` from the row: the organisation's name (English when asked and known), or
    the person's."""
    name = row["applicant__name"]
    if name is None:
        name = row["person__full_name"] or row["person__email"]
    elif english and row["applicant__name_en"]:
        name = row["applicant__name_en"]
    if not row["applicant_shown"]:
        name = None
    return Entry(row["pk"], row["title"], row["status"], row["requested_amount"], row["decided_amount"], name)


@dataclass
class Ranked:
    application: Entry
    score: float | None
    reviews: int
    scores: list = field(default_factory=list)


def review_scores(call) -> dict:
    """application id → (mean weighted score on 1–5 over its scored reviews, number of scored reviews). Each
    review's weighted score is kept on its assignment when it is scored."""
    rows = (Assignment.objects.filter(application__call=call, status=AssignmentStatus.SCORED,
                                      weighted_score__isnull=False)
            .values("application_id").annotate(mean=Avg("weighted_score"), reviews=Count("pk"))
            .values_list("application_id", "mean", "reviews").order_by())
    return {app_id: (round(mean, 2), reviews) for app_id, mean, reviews in rows}


def ranking(user, call) -> list[Ranked]:
    """Submitted and decided applications, best weighted score first (unscored last)."""
    english = (get_language() or "ja") == "en"
    apps = [_entry(row, english) for row in call_applications(user, call)
            .filter(status__in=[Status.SUBMITTED, *DECIDED, Status.REJECTED])
            .annotate(applicant_shown=applicant_shown(user)).values(*_RANKED_FIELDS, "applicant_shown")]
    scores = review_scores(call)
    ranked = [Ranked(a, *scores.get(a.pk, (None, 0))) for a in apps]
    return sorted(ranked, key=lambda r: (r.score is None, -(r.score or 0), r.application.pk))


def progress(call) -> list[dict]:
    """Per reviewer (and kind: internal or external): assignments, declared, scored, conflicts."""
    return list(
        Assignment.objects.filter(application__call=call)
        .values("reviewer_id", "reviewer__full_name", "reviewer__email", "kind")
        .annotate(assigned=Count("pk"),
                  scored=Count("pk", filter=Q(status=AssignmentStatus.SCORED)),
                  conflicts=Count("pk", filter=Q(status=AssignmentStatus.CONFLICT)))
        .order_by("reviewer__full_name", "reviewer_id")
    )


def selected_projects(scheme, year: int):
    """The public list: awarded projects of a scheme's calls for one fiscal year."""
    return (Application.objects.filter(call__scheme=scheme, call__fiscal_year=year, status__in=DECIDED)
            .select_related("applicant", "call").order_by("applicant__code", "pk"))


def _bars(rows: list[tuple[str, int]]) -> list[dict]:
    """(label, n) rows as the core chart partial (core/_bars.html) draws them: the share of the largest."""
    longest = max((n for _label, n in rows), default=0) or 1
    return [{"label": label, "n": n, "pct": round(100 * n / longest, 1)} for label, n in rows]


def overview(user) -> dict:
    """The grants overview's charts, over the applications the person may open: how many there are in each
    state, and the amount decided per scheme (two queries)."""
    visible = Application.objects.visible_to(user)
    counts = dict(visible.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = _bars([(str(label), counts[value]) for value, label in Status.choices if counts.get(value)])
    english = (get_language() or "ja").startswith("en")
    awarded = (visible.filter(status__in=DECIDED)
               .values("call__scheme__name", "call__scheme__name_en").annotate(total=Sum("decided_amount"))
               .order_by("-total"))
    by_scheme = _bars([(row["call__scheme__name_en"] if english and row["call__scheme__name_en"]
                        else row["call__scheme__name"], row["total"] or 0) for row in awarded])
    return {"by_status": by_status, "by_scheme": by_scheme}
