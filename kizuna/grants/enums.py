"""States of applications, review assignments, change requests and payments, and their transition tables.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import MunicipalityType, OrgKind
from kizuna.core.workflow import Transition, TransitionTable


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")
    DATE = "date", _("Date")
    FILE = "file", _("File")


class SchemeKind(models.TextChoices):
    """A grant pays money; an award (表彰) honours its winners and pays nothing: no ceilings, floor, rate or cost
    lines, and a decision awards ¥0."""

    GRANT = "grant", _("Grant (money)")
    AWARD = "award", _("Award (no money)")


class ApplicantKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", pgettext_lazy("applicant kind", "Person")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for more information")
    AWARDED = "awarded", _("Grant decided")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPORTED = "reported", _("Performance report submitted")
    REPORT_RETURNED = "report_returned", _("Performance report returned")
    FIXED = "fixed", _("Final amount fixed")


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the declaration")
    ACTIVE = "active", _("No conflict declared")
    CONFLICT = "conflict", _("Conflict of interest")
    SCORED = "scored", _("Scored")


ASSIGNMENT_TRANSITIONS = TransitionTable(
    Transition("declare_no_conflict", {AssignmentStatus.PENDING}, AssignmentStatus.ACTIVE, "grants.declare_conflict",
               _("Declare no conflict of interest"), fields=("conflict_note", "declared_at")),
    Transition("declare_conflict", {AssignmentStatus.PENDING}, AssignmentStatus.CONFLICT,
               "grants.declare_conflict", _("Declare a conflict of interest"), guard="conflict_described",
               fields=("conflict_note", "declared_at")),
    # Scores sent again replace the earlier ones while the application is under review.
    Transition("score", {AssignmentStatus.ACTIVE, AssignmentStatus.SCORED}, AssignmentStatus.SCORED,
               "grants.score_application", _("Score"), guard="under_review", fields=("comment", "weighted_score")),
)


class ReviewerKind(models.TextChoices):
    INTERNAL = "internal", _("Internal (CLAIR staff)")
    EXTERNAL = "external", _("External reviewer")


class IncomeSource(models.TextChoices):
    """Where the money of a project's budget (収支予算書) comes from, besides the grant asked for."""

    OWN_FUNDS = "own_funds", _("Own funds (一般財源)")
    NATIONAL_SUBSIDY = "national_subsidy", _("A national subsidy (国庫補助金)")
    OTHER_SUBSIDY = "other_subsidy", _("Other subsidies and grants")
    FEES = "fees", _("Fees and participants' charges")
    DONATIONS = "donations", _("Donations and sponsorship")
    OTHER = "other", pgettext_lazy("income source", "Other income")


class AttachmentStage(models.TextChoices):
    APPLICATION = "application", _("Application")
    REPORT = "report", _("Performance report")


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Advance payment (概算払)")
    SETTLEMENT = "settlement", _("Settlement (精算)")


class PaymentStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared, waiting for a second person's approval")
    APPROVED = "approved", _("Approved")


PAYMENT_TRANSITIONS = TransitionTable(
    # The two-person rule: the guard refuses the person who prepared the payment.
    Transition("approve", {PaymentStatus.PREPARED}, PaymentStatus.APPROVED, "grants.approve_payment", _("Approve"),
               guard="second_person", fields=("approved_by", "approved_at")),
)


APPLICATION_TRANSITIONS = TransitionTable(
    Transition("submit", {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, "grants.submit_application",
               _("Submit"), guard="submittable", fields=("round_number", "submitted_at")),
    Transition("return", {Status.SUBMITTED}, Status.RETURNED, "grants.return_application",
               _("Return for more information")),
    Transition("withdraw", {Status.DRAFT, Status.RETURNED, Status.SUBMITTED}, Status.WITHDRAWN,
               "grants.withdraw_application", pgettext_lazy("grant application", "Withdraw")),
    # A claim for a JET participant is decided within its scheme's rules (counted again at the decision).
    Transition("award", {Status.SUBMITTED}, Status.AWARDED, "grants.decide_application", _("Award"),
               guard="claim_rules",
               fields=("decided_amount", "decided_at", "decided_by", "conditions", "letter_year", "letter_number")),
    Transition("reject", {Status.SUBMITTED}, Status.REJECTED, "grants.decide_application", _("Reject"),
               fields=("decided_at", "decided_by", "letter_year", "letter_number")),
    Transition("report", {Status.AWARDED, Status.REPORT_RETURNED}, Status.REPORTED, "grants.report_application",
               _("Submit the performance report"), fields=("outcomes", "reported_at")),
    Transition("return_report", {Status.REPORTED}, Status.REPORT_RETURNED, "grants.accept_report",
               _("Return the report for correction")),
    # The notice of the fixed amount (額の確定通知書) takes the next number of the letters' register.
    Transition("fix_amount", {Status.REPORTED}, Status.FIXED, "grants.accept_report",
               _("Accept the report and fix the amount"),
               fields=("final_amount", "fixed_at", "fixed_by", "fixed_letter_year", "fixed_letter_number")),
    # Run by the approval of a change request that changes the amount; the call's envelope still holds.
    Transition("change_amount", {Status.AWARDED}, Status.AWARDED, "grants.decide_change",
               _("Change the decided amount"), guard="within_envelope", fields=("decided_amount",)),
)

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
DECIDED = frozenset({Status.AWARDED, Status.REPORTED, Status.REPORT_RETURNED, Status.FIXED})
SUBMITTED_OR_LATER = frozenset(set(Status) - {Status.DRAFT, Status.WITHDRAWN})


class InterimStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("report", "Due")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", pgettext_lazy("report", "Accepted")


INTERIM_OPEN = frozenset({InterimStatus.DUE, InterimStatus.RETURNED})

INTERIM_TRANSITIONS = TransitionTable(
    Transition("submit", INTERIM_OPEN, InterimStatus.SUBMITTED, "grants.submit_interim",
               _("Submit the interim report"), guard="progress_described",
               fields=("progress", "spent_to_date", "submitted_at", "submitted_by")),
    Transition("accept", {InterimStatus.SUBMITTED}, InterimStatus.ACCEPTED, "grants.answer_interim",
               _("Accept the interim report"), fields=("answered_at", "answered_by", "comment")),
    Transition("return", {InterimStatus.SUBMITTED}, InterimStatus.RETURNED, "grants.answer_interim",
               _("Return the interim report for correction"), guard="comment_given",
               fields=("answered_at", "answered_by", "comment")),
)


class RefundStatus(models.TextChoices):
    """A refund order (返還請求): the grant paid beyond the fixed amount, to be paid back by a due date."""

    ISSUED = "issued", _("Issued, waiting for the refund")
    RECEIVED = "received", _("Refund received")
    CANCELLED = "cancelled", pgettext_lazy("refund order", "Cancelled")


REFUND_TRANSITIONS = TransitionTable(
    # The whole amount at once: a refund paid in part is recorded when the rest has come in.
    Transition("receive", {RefundStatus.ISSUED}, RefundStatus.RECEIVED, "grants.record_refund",
               _("Record the refund received"), guard="received_in_full",
               fields=("received_on", "received_amount", "recorded_by", "recorded_at")),
    Transition("cancel", {RefundStatus.ISSUED}, RefundStatus.CANCELLED, "grants.record_refund",
               pgettext_lazy("refund order", "Cancel the refund order"), guard="reason_given",
               fields=("cancel_reason", "recorded_by", "recorded_at")),
)


class PaymentRequestStatus(models.TextChoices):
    """The grantee's request for a payment (請求書): an advance (概算払) or the settlement (精算)."""

    SUBMITTED = "submitted", _("Waiting for headquarters")
    ACCEPTED = "accepted", pgettext_lazy("payment request", "Accepted: payment prepared")
    RETURNED = "returned", pgettext_lazy("payment request", "Returned")


PAYMENT_REQUEST_TRANSITIONS = TransitionTable(
    # Accepting prepares the payment (services.settlement); a second person still approves it.
    Transition("accept", {PaymentRequestStatus.SUBMITTED}, PaymentRequestStatus.ACCEPTED,
               "grants.answer_payment_request", pgettext_lazy("payment request", "Accept"),
               fields=("payment", "answered_by", "answered_at")),
    Transition("return", {PaymentRequestStatus.SUBMITTED}, PaymentRequestStatus.RETURNED,
               "grants.answer_payment_request", pgettext_lazy("payment request", "Return"), guard="reason_given",
               fields=("reason", "answered_by", "answered_at")),
)


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


CHANGE_TRANSITIONS = TransitionTable(
    Transition("approve", {ChangeStatus.PENDING}, ChangeStatus.APPROVED, "grants.decide_change", _("Approve"),
               fields=("decided_by", "decided_at", "answer")),
    Transition("reject", {ChangeStatus.PENDING}, ChangeStatus.REJECTED, "grants.decide_change", _("Refuse"),
               guard="answer_given", fields=("decided_by", "decided_at", "answer")),
)


# The applicant kinds a ceiling can be set for, most specific first as `Scheme.ceiling_for` looks them up: the
# type of local government, then the organisation's kind, then the default.
CEILING_KEYS = [
    *[(t.value, t.label) for t in MunicipalityType if t.value],
    *[(k.value, k.label) for k in (OrgKind.MUNICIPALITY, OrgKind.ASSOCIATION, OrgKind.NGO, OrgKind.CONTRACTING)],
    ("default", _("Any other applicant (default)")),
]
