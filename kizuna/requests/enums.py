"""Kinds of request, their states and the transition table."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable

HOUR = 3600
MAX_MINUTES = 24 * 60  # time spent recorded with one staff message: at most a day
DAY = int(8.5 * HOUR)  # one working day of 9:00-17:30


class Kind(models.TextChoices):
    VISIT = "visit", _("Arranging visits and appointments")
    ATTEND = "attend", _("Attending or accompanying")
    BRIEFING = "briefing", _("Briefing")
    EVENT = "event", _("Event and booth support")
    REMOTE = "remote", _("Support without travelling")
    RESEARCH = "research", _("Research request (調査依頼)")


@dataclass(frozen=True)
class KindRules:
    """How one kind of request is filed, routed and timed.

    `needs`: what the form asks beyond title and description. `via_branch`: the request goes to the
    requester's branch, which endorses it, then headquarters accepts it and assigns an office; otherwise it
    goes straight to the office that covers its country. `first_response` and `resolution`: targets in
    working seconds of the office (its hours and public holidays; the clock stops while the request waits
    for the requester). `stated`: whether ../shared/DOMAIN.md states the figure; the other figures are
    Kizuna's working assumptions, kept here so that they can be seen and changed in one place.
    """

    needs: tuple[str, ...]
    via_branch: bool
    first_response: int
    resolution: int
    stated: str = ""


# DOMAIN.md, "Overseas-office requests": support abroad (visits, attending, briefings, booths, support without
# travelling) goes to the office; "Research requests (調査依頼): municipality → its branch → HQ (企画調査課) → an
# office researches → answer back through the branch; allow about two months." Only the research route and
# its two months are stated; the other targets (a first response within a working day, resolution in two to
# four working weeks) are assumptions.
KIND_RULES = {
    Kind.VISIT: KindRules(("country", "starts_on", "ends_on", "people", "purpose"), False, DAY, 15 * DAY),
    Kind.ATTEND: KindRules(("country", "starts_on", "ends_on", "people", "purpose"), False, DAY, 15 * DAY),
    Kind.BRIEFING: KindRules(("country", "starts_on", "people", "purpose"), False, DAY, 10 * DAY),
    Kind.EVENT: KindRules(("country", "starts_on", "ends_on", "purpose"), False, DAY, 20 * DAY),
    Kind.REMOTE: KindRules(("country", "purpose"), False, DAY, 10 * DAY),
    # About two months: 42 working days (8.5 weeks) of the office.
    Kind.RESEARCH: KindRules(("country", "questions", "theme", "wanted_by"), True, 3 * DAY, 42 * DAY,
                             stated="route through the branch and headquarters; about two months"),
}

# What a kind may also say, never required: whether remote support is for an exhibition or PR (plan area 1).
KIND_OPTIONS = {Kind.REMOTE: ("for_promotion",)}

# The two views of KIND_RULES the forms, services and targets read.
KIND_NEEDS = {kind: rules.needs for kind, rules in KIND_RULES.items()}
TARGETS = {kind: (rules.first_response, rules.resolution) for kind, rules in KIND_RULES.items()}


class Status(models.TextChoices):
    AWAITING_BRANCH = "awaiting_branch", _("Awaiting the branch")
    AWAITING_HQ = "awaiting_hq", _("Awaiting headquarters")
    OPEN = "open", _("Open at the office")
    WAITING = "waiting", _("Waiting for the requester")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", pgettext_lazy("request", "Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE = {Status.AWAITING_BRANCH, Status.AWAITING_HQ, Status.OPEN, Status.WAITING}
AT_OFFICE = {Status.OPEN, Status.WAITING}


REQUEST_TRANSITIONS = TransitionTable(
    Transition("endorse", {Status.AWAITING_BRANCH}, Status.AWAITING_HQ, "requests.endorse_request",
               _("Endorse")),
    Transition("accept", {Status.AWAITING_HQ}, Status.OPEN, "requests.accept_request", _("Accept and assign"),
               guard="needs_office", fields=("office", "assignee", "routed_at")),
    Transition("decline", {Status.AWAITING_BRANCH, Status.AWAITING_HQ, Status.OPEN}, Status.DECLINED,
               "requests.decline_request", pgettext_lazy("request", "Decline"), guard="needs_reason",
               fields=("reason",)),
    Transition("wait", {Status.OPEN}, Status.WAITING, "requests.work_request", _("Wait for the requester"),
               fields=("first_response_at",)),
    Transition("resume", {Status.WAITING}, Status.OPEN, "requests.resume_request", _("Resume")),
    Transition("hand_over", {Status.OPEN}, Status.OPEN, "requests.hand_over_request",
               _("Hand over"), guard="needs_office", fields=("office", "assignee")),
    Transition("answer", {Status.OPEN}, Status.ANSWERED, "requests.work_request", _("Answer and close"),
               guard="needs_deliverable", fields=("deliverable", "answered_at", "first_response_at")),
    Transition("rate", {Status.ANSWERED}, Status.CLOSED, "requests.rate_request", _("Rate"),
               guard="needs_rating", fields=("rating", "rating_comment")),
    Transition("withdraw", ACTIVE, Status.WITHDRAWN, "requests.withdraw_request", pgettext_lazy("request", "Withdraw")),
)
