"""Kinds of request, their states and the transition table."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kizuna.core.workflow import Transition, TransitionTable

HOUR = 3600
DAY = int(8.5 * HOUR)  # one working day of 9:00-17:30


class Kind(models.TextChoices):
    VISIT = "visit", _("Arranging visits and appointments")
    ATTEND = "attend", _("Attending or accompanying")
    BRIEFING = "briefing", _("Briefing")
    EVENT = "event", _("Event and booth support")
    REMOTE = "remote", _("Support without travelling")
    RESEARCH = "research", _("Research request (調査依頼)")


# What the form asks for each kind, beyond title and description.
KIND_NEEDS = {
    Kind.VISIT: ("country", "starts_on", "ends_on", "people", "purpose"),
    Kind.ATTEND: ("country", "starts_on", "ends_on", "people", "purpose"),
    Kind.BRIEFING: ("country", "starts_on", "people", "purpose"),
    Kind.EVENT: ("country", "starts_on", "ends_on", "purpose"),
    Kind.REMOTE: ("country", "purpose"),
    Kind.RESEARCH: ("country", "questions", "theme", "wanted_by"),
}

# Targets in working seconds of the office: (first response, resolution).
TARGETS = {
    Kind.VISIT: (DAY, 15 * DAY),
    Kind.ATTEND: (DAY, 15 * DAY),
    Kind.BRIEFING: (DAY, 10 * DAY),
    Kind.EVENT: (DAY, 20 * DAY),
    Kind.REMOTE: (DAY, 10 * DAY),
    Kind.RESEARCH: (3 * DAY, 40 * DAY),  # "allow about two months"
}


class Status(models.TextChoices):
    AWAITING_BRANCH = "awaiting_branch", _("Awaiting the branch")
    AWAITING_HQ = "awaiting_hq", _("Awaiting headquarters")
    OPEN = "open", _("Open at the office")
    WAITING = "waiting", _("Waiting for the requester")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE = {Status.AWAITING_BRANCH, Status.AWAITING_HQ, Status.OPEN, Status.WAITING}
AT_OFFICE = {Status.OPEN, Status.WAITING}


def _effects():
    from . import effects

    return effects


def _notify(name):
    def effect(obj, *, by, note=""):
        getattr(_effects(), name)(obj, by=by, note=note)

    effect.__name__ = name
    return effect


def _guard(name):
    def guard(obj, *, by, **changes):
        getattr(_effects(), name)(obj, by=by, **changes)

    guard.__name__ = name
    return guard


REQUEST_TRANSITIONS = TransitionTable(
    Transition("endorse", {Status.AWAITING_BRANCH}, Status.AWAITING_HQ, "requests.endorse_request",
               _("Endorse"), effects=[_notify("mail_hq")]),
    Transition("accept", {Status.AWAITING_HQ}, Status.OPEN, "requests.accept_request", _("Accept and assign"),
               guard=_guard("needs_office"), effects=[_notify("mail_office")]),
    Transition("decline", {Status.AWAITING_BRANCH, Status.AWAITING_HQ, Status.OPEN}, Status.DECLINED,
               "requests.decline_request", _("Decline"), guard=_guard("needs_reason"),
               effects=[_notify("mail_requester")]),
    Transition("wait", {Status.OPEN}, Status.WAITING, "requests.work_request", _("Wait for the requester"),
               effects=[_notify("mail_requester")]),
    Transition("resume", {Status.WAITING}, Status.OPEN, "requests.resume_request", _("Resume")),
    Transition("hand_over", {Status.OPEN}, Status.OPEN, "requests.hand_over_request",
               _("Hand over"), guard=_guard("needs_office"), effects=[_notify("mail_office")]),
    Transition("answer", {Status.OPEN}, Status.ANSWERED, "requests.work_request", _("Answer and close"),
               guard=_guard("needs_deliverable"), effects=[_notify("mail_requester")]),
    Transition("rate", {Status.ANSWERED}, Status.CLOSED, "requests.rate_request", _("Rate"),
               guard=_guard("needs_rating")),
    Transition("withdraw", ACTIVE, Status.WITHDRAWN, "requests.withdraw_request", _("Withdraw")),
)
