"""Reads reused by pages, API, exports and the plan's KPIs."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Avg, BooleanField, Count, Exists, OuterRef, Q, Sum, Value
from django.utils import timezone
from django.utils.translation import get_language

from kizuna.core.charts import bars
from kizuna.core.paths import path_of
from kizuna.jet.models import participant_name

from .enums import (
    DECIDED,
    INTERIM_OPEN,
    AssignmentStatus,
    InterimStatus,
    PaymentRequestStatus,
    PaymentStatus,
    RefundStatus,
    Status,
)
from .models import Application, Assignment, Call, InterimReport, RefundOrder, Scheme


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
    lists of applications (`"pk"`) or of rows about one (`"application_id"`). Where the policy lets the person
    see every applicant (CLAIR staff), a constant: no subquery a row."""
    shown = Application.objects.visible_to(user, "grants.view_applicant")
    if not shown.query.has_filters():
        return Value(True, output_field=BooleanField())
    return Exists(shown.filter(pk=OuterRef(application_id)))


# The applicant's name, as `Application.applicant_name` shows it, without the rest of the rows.
_NAMES = ("application__applicant__name", "application__applicant__name_en", "application__person__full_name",
          "application__person__email")
_RANKED_FIELDS = ("pk", "title", "status", "requested_amount", "decided_amount",
                  *(name.removeprefix("application__") for name in _NAMES))


# What the person's own list shows of an application (the page and `GET /api/v1/grants/applications`).
_OWN_FIELDS = ("pk", "call_id", "call__title", "title", "status", "requested_amount", "decided_amount",
               "final_amount", "round_number", "submitted_at", "applicant__name", "applicant__name_en",
               "person__full_name", "person__email", "beneficiary__family_name", "beneficiary__given_names")


@dataclass(frozen=True)
class Own:
    """An application in the person's own list, built from `values()` rows (a contracting organisation's list
    holds every claim of its participants; instances with their call, applicant and participant cost three
    times as much: bench/claims.py). `applicant_name` and `claimed_for` (the participant of a claim) are None
    where the person may not see who applies (`grants.view_applicant`)."""

    pk: int
    call_id: int
    call_title: str
    title: str
    status: str
    requested_amount: int
    decided_amount: int | None
    final_amount: int | None
    round_number: int
    submitted_at: datetime | None
    applicant_name: str | None
    claimed_for: str | None

    def get_absolute_url(self) -> str:
        return path_of("grants:application", self.pk)


OWN_PAGE = 50  # applications a page of the person's own list


def own_application_rows(user):
    """`own_applications` as `values()` rows of what their list shows: page them, then `own_entries` the page."""
    return (Application.objects.visible_to(user, "grants.change_application").values(*_OWN_FIELDS)
            .order_by("-pk"))


def own_entries(user, rows) -> list[Own]:
    """The rows as `Own` entries, with who applies where the person may see it (`grants.view_applicant`, asked
    of the policy in one query for the rows: as an annotation, a subquery a row, PostgreSQL's planner took the
    whole list for thousands of rows and compiled it with JIT, 80 ms)."""
    rows = list(rows)
    shown = set(Application.objects.visible_to(user, "grants.view_applicant").filter(pk__in=[r["pk"] for r in rows])
                .values_list("pk", flat=True)) if rows else set()
    english = (get_language() or "ja") == "en"
    return [Own(row["pk"], row["call_id"], row["call__title"], row["title"], row["status"], row["requested_amount"],
                row["decided_amount"], row["final_amount"], row["round_number"], row["submitted_at"],
                _applicant_name(row, english) if row["pk"] in shown else None,
                participant_name(row["beneficiary__family_name"], row["beneficiary__given_names"])
                if row["pk"] in shown and row["beneficiary__family_name"] is not None else None)
            for row in rows]


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
        return path_of("grants:application", self.pk)


def _applicant_name(row: dict, english: bool) -> str:
    """`Application.applicant_name` from a `values()` row: the organisation's name (English when asked and
    known), or the person's."""
    name = row["applicant__name"]
    if name is None:
        return row["person__full_name"] or row["person__email"]
    if english and row["applicant__name_en"]:
        return row["applicant__name_en"]
    return name


def _entry(row: dict, english: bool) -> Entry:
    name = _applicant_name(row, english) if row["applicant_shown"] else None
    return Entry(row["pk"], row["title"], row["status"], row["requested_amount"], row["decided_amount"], name)


@dataclass
class Ranked:
    application: Entry
    score: float | None
    reviews: int
    scores: list = field(default_factory=list)


def _scored():
    """Scored reviews, with their weighted score (what the ranking averages)."""
    return Assignment.objects.filter(status=AssignmentStatus.SCORED, weighted_score__isnull=False)


def review_scores(call) -> dict:
    """application id → (mean weighted score on 1–5 over its scored reviews, number of scored reviews). Each
    review's weighted score is kept on its assignment when it is scored."""
    rows = (_scored().filter(application__call=call)
            .values("application_id").annotate(mean=Avg("weighted_score"), reviews=Count("pk"))
            .values_list("application_id", "mean", "reviews").order_by())
    return {app_id: (round(mean, 2), reviews) for app_id, mean, reviews in rows}


def _ranked(user, call):
    return call_applications(user, call).filter(status__in=[Status.SUBMITTED, *DECIDED, Status.REJECTED])


def _entries(user, applications) -> list[Entry]:
    english = (get_language() or "ja") == "en"
    return [_entry(row, english) for row in applications.annotate(applicant_shown=applicant_shown(user))
            .values(*_RANKED_FIELDS, "applicant_shown")]


def _rank_key(pk: int, scores: dict) -> tuple:
    """Best weighted score first, unscored last, then in the order they came."""
    score = scores.get(pk, (None, 0))[0]
    return (score is None, -(score or 0), pk)


def ranking(user, call) -> list[Ranked]:
    """Submitted and decided applications, best weighted score first (unscored last)."""
    scores = review_scores(call)
    ranked = [Ranked(a, *scores.get(a.pk, (None, 0))) for a in _entries(user, _ranked(user, call))]
    return sorted(ranked, key=lambda r: _rank_key(r.application.pk, scores))


BOARD_PAGE = 50  # applications a page of the board (a claims call has thousands: bench/claims.py)


def ranking_page(user, call, number, *, scored: bool = True) -> Page:
    """One page of `ranking`, in the same order, reading the rows of that page only: the scored applications
    come first (`review_scores` has them all, a few hundred at most), then the unscored ones by id, their ids
    sliced by the database (a claims call has thousands, none of them reviewed). `scored=False` when the call is
    known to have no scored review (the board's progress says so): no scores to read. `page.object_list` holds
    its `Ranked` rows."""
    scores = review_scores(call) if scored else {}
    ranked = _ranked(user, call)
    best = sorted(ranked.filter(pk__in=list(scores)).values_list("pk", flat=True),
                  key=lambda pk: _rank_key(pk, scores)) if scores else []
    page = Paginator(range(ranked.count()), BOARD_PAGE).get_page(number)
    start, stop = page.start_index() - 1, page.end_index()
    ids = best[start:stop] if start >= 0 else []
    first, rest = max(start - len(best), 0), stop - start - len(ids)
    if rest > 0:
        unscored = ranked.exclude(Exists(_scored().filter(application=OuterRef("pk")))) if scores else ranked
        ids += unscored.order_by("pk").values_list("pk", flat=True)[first:first + rest]
    found = {e.pk: e for e in _entries(user, ranked.filter(pk__in=ids))} if ids else {}
    page.object_list = [Ranked(found[pk], *scores.get(pk, (None, 0))) for pk in ids if pk in found]
    return page


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


def overview(user) -> dict:
    """The grants overview's charts, over the applications the person may open: how many there are in each
    state, and the amount decided per scheme (two queries)."""
    visible = Application.objects.visible_to(user)
    counts = dict(visible.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = bars([(str(label), counts[value]) for value, label in Status.choices if counts.get(value)])
    english = (get_language() or "ja").startswith("en")
    awarded = (visible.filter(status__in=DECIDED)
               .values("call__scheme__name", "call__scheme__name_en").annotate(total=Sum("decided_amount"))
               .order_by("-total"))
    by_scheme = bars([(row["call__scheme__name_en"] if english and row["call__scheme__name_en"]
                        else row["call__scheme__name"], row["total"] or 0) for row in awarded])
    return {"by_status": by_status, "by_scheme": by_scheme}


OPEN_INTERIM_LIMIT = 500  # interim reports on the staff's list (a few per awarded project, a few hundred a year)
OPEN_REFUND_LIMIT = 500  # refund orders waiting (a few a year per scheme)


def open_interim_reports(user) -> list:
    """Interim reports the grantees still owe (due, returned) or that wait for headquarters (submitted), overdue
    ones first, then by due date."""
    today = timezone.localdate()
    rows = list(InterimReport.objects.visible_to(user)
                .filter(status__in=[*INTERIM_OPEN, InterimStatus.SUBMITTED])
                .select_related("application__call", "application__applicant", "application__person")
                .order_by("due_on", "pk")[:OPEN_INTERIM_LIMIT])
    return sorted(rows, key=lambda r: (not r.is_overdue(today), r.due_on, r.pk))


@dataclass(frozen=True)
class Balance:
    """Where an award's money stands (精算の状況): decided, fixed, paid, waiting, refunds ordered and received.

    `paid` counts the approved payments, `waiting` those prepared and not approved yet, `requested` the
    grantee's payment requests headquarters have not answered; a refund order counts as `refund_ordered` until
    it is received, then as `refund_received`."""

    decided: int
    fixed: int | None
    paid: int
    waiting: int
    requested: int
    refund_ordered: int
    refund_received: int

    @property
    def due(self) -> int:
        """What the grant comes to: the fixed amount once fixed, else the decided amount."""
        return self.decided if self.fixed is None else self.fixed

    @property
    def net_paid(self) -> int:
        return self.paid - self.refund_received

    @property
    def to_pay(self) -> int:
        """What is still to be paid to the grantee (counting the payments waiting for approval as not paid)."""
        return max(0, self.due - self.net_paid)

    @property
    def refund_due(self) -> int:
        """What the grantee still owes back: paid beyond the fixed amount and not received yet."""
        return max(0, self.net_paid - self.fixed) if self.fixed is not None else 0

    @property
    def refund_unordered(self) -> int:
        """The part of `refund_due` that no refund order covers yet."""
        return max(0, self.refund_due - self.refund_ordered)

    @property
    def committed(self) -> int:
        """Every payment, approved or waiting for approval: never above what is due (`prepare_payment`)."""
        return self.paid + self.waiting

    @property
    def room(self) -> int:
        """How much more may be requested or prepared: the amount due less every payment (approved or waiting)
        and the requests waiting for an answer."""
        return max(0, self.due - self.committed - self.requested)

    @property
    def closed(self) -> bool:
        """Settled: the amount is fixed and exactly that much was paid, with nothing waiting either way."""
        return (self.fixed is not None and self.net_paid == self.fixed and not self.waiting
                and not self.requested and not self.refund_ordered)


def balance_of(application: Application) -> Balance:
    """The balance of an award in three grouped queries."""

    payments = dict(application.payments.values_list("status").annotate(total=Sum("amount")).order_by())
    requested = (application.payment_requests.filter(status=PaymentRequestStatus.SUBMITTED)
                 .aggregate(total=Sum("amount"))["total"] or 0)
    refunds = dict(application.refund_orders.values_list("status").annotate(total=Sum("amount")).order_by())
    return Balance(decided=application.decided_amount or 0, fixed=application.final_amount,
                   paid=payments.get(PaymentStatus.APPROVED, 0), waiting=payments.get(PaymentStatus.PREPARED, 0),
                   requested=requested, refund_ordered=refunds.get(RefundStatus.ISSUED, 0),
                   refund_received=refunds.get(RefundStatus.RECEIVED, 0))


def paid_when_fixed(application: Application) -> int:
    """The payments approved by the time the amount was fixed: what the notice of the fixed amount counts as
    already paid (so that it reads the same whenever it is downloaded again)."""
    if application.fixed_at is None:
        return 0

    return (application.payments.filter(status=PaymentStatus.APPROVED, approved_at__lte=application.fixed_at)
            .aggregate(total=Sum("amount"))["total"] or 0)


def open_refund_orders(user) -> list:
    """Refund orders waiting for the refund, overdue ones first, then by due date."""

    today = timezone.localdate()
    rows = list(RefundOrder.objects.visible_to(user).filter(status=RefundStatus.ISSUED)
                .select_related("application__call", "application__applicant", "application__person")
                .order_by("due_on", "pk")[:OPEN_REFUND_LIMIT])
    return sorted(rows, key=lambda r: (not r.is_overdue(today), r.due_on, r.pk))
