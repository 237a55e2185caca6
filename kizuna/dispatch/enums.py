"""Programmes of expert dispatch, the states of a dispatch request and their transitions."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable


class Programme(models.TextChoices):
    PROMOTION = "promotion", _("Promotion adviser")
    REGIONAL = "regional", _("Regional internationalisation adviser")
    COOPERATION = "cooperation", _("International cooperation expert")
    PA_LECTURER = "pa_lecturer", _("PA training lecturer")


class Format(models.TextChoices):
    ONSITE = "onsite", pgettext_lazy("expert format", "On site")
    ONLINE = "online", _("Online")


@dataclass(frozen=True)
class ProgrammeRules:
    """The rules of one dispatch programme.

    `per_body_per_year`: dispatches a host may have in a fiscal year (None: no limit). `fee_hours_cap`: hours
    of fee paid at most per dispatch (None: all hours). `max_months`: longest dispatch (None: no limit).
    `clair_share`: CLAIR's share in percent of each cost (`travel`, `allowance`, `fee`); the host bears the
    rest. `stated`: what ../shared/DOMAIN.md ("Dispatch") states of the programme. What it does not state is an
    assumption of Kizuna, marked so beside the figure, and a deployment may set CLAIR's shares otherwise in the
    Django setting KIZUNA_DISPATCH_CLAIR_SHARES ({"cooperation": {"fee": 50}, ...}; see costs.py).
    """

    clair_share: dict
    per_body_per_year: int | None = None
    fee_hours_cap: int | None = None
    max_months: int | None = None
    stated: str = ""


PROGRAMME_RULES = {
    Programme.REGIONAL: ProgrammeRules(
        clair_share={"travel": 100, "allowance": 100, "fee": 100}, per_body_per_year=2, fee_hours_cap=4,
        stated="on site or online; at most 2 dispatches per body per fiscal year; CLAIR pays travel, allowance, "
               "and a fee capped at 4 hours"),
    Programme.PROMOTION: ProgrammeRules(
        clair_share={"travel": 100, "allowance": 100, "fee": 100},  # assumed: DOMAIN.md states no split
        stated="tourism and local-products experts supporting a municipality from planning onwards"),
    Programme.COOPERATION: ProgrammeRules(
        clair_share={"travel": 100, "allowance": 100, "fee": 50},  # assumed figures: DOMAIN.md says only "costs split"
        max_months=3, stated="sent abroad for at most 3 months (usually 10 days to 1 month); costs split"),
    Programme.PA_LECTURER: ProgrammeRules(
        clair_share={"travel": 100, "allowance": 100, "fee": 100},  # assumed: DOMAIN.md states no split
        stated="PA training lecturers sent to prefectures"),
}

# The figures other modules name directly.
REGIONAL_ADVISER_LIMIT = PROGRAMME_RULES[Programme.REGIONAL].per_body_per_year
FEE_HOURS_CAP = PROGRAMME_RULES[Programme.REGIONAL].fee_hours_cap
COOPERATION_MAX_MONTHS = PROGRAMME_RULES[Programme.COOPERATION].max_months
# Reminders: the expert is reminded this many days before the visit; the report is due this many days after
# the last day (assumptions: DOMAIN.md states neither).
VISIT_REMINDER_DAYS = 3
REPORT_DUE_DAYS = 14
REPORT_REMINDER_EVERY_DAYS = 7


class Status(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    OFFERED = "offered", _("Offered to an expert")
    CONFIRMED = "confirmed", _("Confirmed")
    REPORTED = "reported", _("Reported")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


COUNTED = [Status.REQUESTED, Status.OFFERED, Status.CONFIRMED, Status.REPORTED, Status.COMPLETED]


DISPATCH_TRANSITIONS = TransitionTable(
    Transition("offer", {Status.REQUESTED}, Status.OFFERED, "dispatch.assign_expert", _("Offer to the expert"),
               guard="needs_available_expert", fields=("expert", "fee")),
    Transition("accept", {Status.OFFERED}, Status.CONFIRMED, "dispatch.respond_offer", _("Accept")),
    Transition("decline", {Status.OFFERED}, Status.REQUESTED, "dispatch.respond_offer",
               pgettext_lazy("expert offer", "Decline"), fields=("expert", "fee")),
    Transition("report", {Status.CONFIRMED}, Status.REPORTED, "dispatch.file_report", _("File the report"),
               guard="needs_report", fields=("report", "report_hours", "travel_costs", "allowance", "fee",
                                             "cost_clair", "cost_host")),
    # An engagement of several visits is reported through its visits: once none is planned any more and one at
    # least was reported, the system moves it on with the visits' totals (services.settle_visits).
    Transition("visits_done", {Status.CONFIRMED}, Status.REPORTED, label=_("All visits reported"), system=True,
               guard="needs_reported_visits", fields=("report", "report_hours", "travel_costs", "allowance", "fee",
                                                      "cost_clair", "cost_host")),
    Transition("survey", {Status.REPORTED}, Status.COMPLETED, "dispatch.answer_survey",
               _("Answer the satisfaction survey"), guard="needs_rating", fields=("rating", "survey_comment")),
    Transition("cancel", {Status.REQUESTED, Status.OFFERED, Status.CONFIRMED}, Status.CANCELLED,
               "dispatch.cancel_dispatch", pgettext_lazy("dispatch", "Cancel")),
)


class VisitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("visit", "Planned")
    REPORTED = "reported", pgettext_lazy("visit", "Reported")
    CANCELLED = "cancelled", pgettext_lazy("visit", "Cancelled")


# States of the engagement in which its series of visits may still be planned.
PLANNING = {Status.REQUESTED, Status.OFFERED, Status.CONFIRMED}
MAX_VISITS = 60  # visits of one engagement (a cooperation expert abroad for 3 months at most: fewer days)

VISIT_TRANSITIONS = TransitionTable(
    Transition("report", {VisitStatus.PLANNED}, VisitStatus.REPORTED, "dispatch.file_visit_report",
               _("File the visit report"), guard="needs_visit_report",
               fields=("report", "report_hours", "travel_costs", "allowance", "fee")),
    Transition("cancel", {VisitStatus.PLANNED}, VisitStatus.CANCELLED, "dispatch.cancel_visit",
               pgettext_lazy("visit", "Cancel the visit")),
)


# --- applications to join the expert bank (人材バンク) -------------------------------------------------------------

# The fields of expertise an applicant chooses from (with those the registry already holds, queries.field_choices):
# the themes CLAIR's programmes dispatch for (DOMAIN.md "Dispatch", "Areas"). The 人材バンク's own 32 fields are not
# in DOMAIN.md; a deployment extends this list.
EXPERTISE_FIELDS = [
    "多文化共生", "防災", "国際交流", "姉妹都市", "観光", "特産品", "海外販路開拓", "インバウンド", "上下水道",
    "廃棄物", "環境", "保健・医療", "福祉", "教育", "地方行政", "都市計画", "農業", "メンタルヘルス", "研修",
    "多言語情報", "日本語教育",
]


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("expert application", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("expert application", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("expert application", "Under review")
    RETURNED = "returned", pgettext_lazy("expert application", "Returned for more information")
    RESUBMITTED = "resubmitted", pgettext_lazy("expert application", "Resubmitted")
    ACCEPTED = "accepted", pgettext_lazy("expert application", "Accepted")
    DECLINED = "declined", pgettext_lazy("expert application", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("expert application", "Withdrawn")


# The applicant edits a draft and an application returned for more information; one open application a person.
APPLICATION_EDITABLE = {ApplicationStatus.DRAFT, ApplicationStatus.RETURNED}
APPLICATION_OPEN = {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW,
                    ApplicationStatus.RETURNED, ApplicationStatus.RESUBMITTED}
MAX_APPLICATION_FILES = 10

APPLICATION_TRANSITIONS = TransitionTable(
    Transition("submit", {ApplicationStatus.DRAFT}, ApplicationStatus.SUBMITTED,
               "dispatch.submit_expert_application", pgettext_lazy("expert application", "Submit"),
               guard="complete_application", fields=("submitted_at",)),
    Transition("resubmit", {ApplicationStatus.RETURNED}, ApplicationStatus.RESUBMITTED,
               "dispatch.submit_expert_application", pgettext_lazy("expert application", "Resubmit"),
               guard="complete_application", fields=("submitted_at",)),
    Transition("review", {ApplicationStatus.SUBMITTED, ApplicationStatus.RESUBMITTED},
               ApplicationStatus.UNDER_REVIEW, "dispatch.review_expert_application",
               pgettext_lazy("expert application", "Start the review")),
    Transition("return", {ApplicationStatus.UNDER_REVIEW}, ApplicationStatus.RETURNED,
               "dispatch.review_expert_application", pgettext_lazy("expert application", "Return for more information"),
               guard="needs_reason", fields=("decision_reason",)),
    Transition("accept", {ApplicationStatus.UNDER_REVIEW}, ApplicationStatus.ACCEPTED,
               "dispatch.review_expert_application", pgettext_lazy("expert application", "Accept"),
               guard="checks_done", fields=("decision_reason", "expert", "decided_at")),
    Transition("decline", {ApplicationStatus.UNDER_REVIEW}, ApplicationStatus.DECLINED,
               "dispatch.review_expert_application", pgettext_lazy("expert application", "Decline"),
               guard="needs_reason", fields=("decision_reason", "decided_at")),
    # The applicant changes their mind at any point before the decision; they may apply again later.
    Transition("withdraw", APPLICATION_OPEN, ApplicationStatus.WITHDRAWN,
               "dispatch.withdraw_expert_application", pgettext_lazy("expert application", "Withdraw"),
               fields=("decided_at",)),
)
