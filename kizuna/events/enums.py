"""Kinds, formats, who may register, registration states and their transition table."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    TRAINING = "training", _("Training")
    CONFERENCE = "conference", _("Conference")
    CEREMONY = "ceremony", _("Ceremony")
    ORIENTATION = "orientation", pgettext_lazy("event kind", "Orientation")
    CAREER_FAIR = "career_fair", _("Career fair")
    TRADE_FAIR = "trade_fair", _("Trade fair")


# Events with joint booths: local governments take slots at trade fairs; companies too at career fairs.
FAIRS = frozenset({EventKind.TRADE_FAIR, EventKind.CAREER_FAIR})


class Format(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid")


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    LOCAL_GOVERNMENT = "local_government", _("Local-government staff")
    JET = "jet", _("JET participants")
    INVITED = "invited", _("Invited people only")


class QuestionType(models.TextChoices):
    """What a registration question asks for (a question saved before types existed is text)."""

    TEXT = "text", _("Text (one line)")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("One of several options")
    CHOICES = "choices", _("Several options")
    NUMBER = "number", _("Number")
    DATE = "date", pgettext_lazy("question type", "Date")
    YES_NO = "yes_no", _("Yes or no")
    FILE = "file", pgettext_lazy("question type", "File")


# Question types whose answer another question may be shown on (a condition names one of their answers).
CONDITION_TYPES = frozenset({QuestionType.CHOICE, QuestionType.CHOICES, QuestionType.YES_NO})
# Question types that list their options.
OPTION_TYPES = frozenset({QuestionType.CHOICE, QuestionType.CHOICES})


class Mode(models.TextChoices):
    FIRST_COME = "first_come", _("First come, first served")
    APPROVAL = "approval", _("Approval by staff")
    LOTTERY = "lottery", _("Lottery after applications close")


class Status(models.TextChoices):
    APPLIED = "applied", _("Applied (lottery)")
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Seat offered")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Offer lapsed")


# Registrations in these states hold a seat (counted in Event.seats_taken / Session.seats_taken).
HOLDS_SEAT = frozenset({Status.PENDING, Status.CONFIRMED, Status.OFFERED})
# One active registration per person and event.
ACTIVE = HOLDS_SEAT | {Status.WAITING, Status.APPLIED}

REGISTRATION_TRANSITIONS = TransitionTable(
    Transition("approve", {Status.PENDING}, Status.CONFIRMED, "events.decide_registration", _("approve")),
    Transition("decline", {Status.PENDING, Status.WAITING}, Status.DECLINED, "events.decide_registration",
               _("decline")),
    Transition("cancel", ACTIVE, Status.CANCELLED, "events.cancel_registration", _("cancel"),
               fields=("cancelled_at",)),
    # The lottery draw, run by organiser staff once applications have closed.
    Transition("win", {Status.APPLIED}, Status.CONFIRMED, "events.decide_registration", _("win the draw"),
               fields=("position",)),
    Transition("lose", {Status.APPLIED}, Status.WAITING, "events.decide_registration", _("wait after the draw"),
               fields=("position",)),
    # System steps: a freed seat is offered to the next person waiting, whoever freed it; an offer lapses when
    # its time is up.
    Transition("offer", {Status.WAITING}, Status.OFFERED, label=_("offer a seat"), fields=("offer_expires_at",),
               system=True),
    Transition("accept", {Status.OFFERED}, Status.CONFIRMED, "events.accept_offer", _("accept the offer"),
               guard="offer_open"),
    Transition("lapse", {Status.OFFERED}, Status.LAPSED, label=_("let the offer lapse"), guard="offer_expired",
               system=True),
)


class BoothStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SELECTED = "selected", _("Selected")
    REJECTED = "rejected", pgettext_lazy("exhibitor", "Not selected")
    WITHDRAWN = "withdrawn", pgettext_lazy("exhibitor", "Withdrawn")
    REPORTED = "reported", _("Reported")


BOOTH_TRANSITIONS = TransitionTable(
    Transition("select", {BoothStatus.APPLIED}, BoothStatus.SELECTED, "events.select_exhibitors", _("select"),
               guard="slot_free"),
    Transition("reject", {BoothStatus.APPLIED}, BoothStatus.REJECTED, "events.select_exhibitors", _("reject")),
    Transition("withdraw", {BoothStatus.APPLIED, BoothStatus.SELECTED}, BoothStatus.WITHDRAWN,
               "events.act_for_exhibitor", _("withdraw")),
    Transition("report", {BoothStatus.SELECTED}, BoothStatus.REPORTED, "events.act_for_exhibitor",
               _("report results"), guard="sound_numbers", fields=("visitors", "leads", "deals", "report")),
)


class MailGroup(models.TextChoices):
    """Who a mail to registrants goes to."""

    ALL = "all", pgettext_lazy("registrants", "Everyone registered")
    CONFIRMED = "confirmed", pgettext_lazy("registrants", "Confirmed")
    WAITING = "waiting", pgettext_lazy("registrants", "On the waiting list")
    ATTENDED = "attended", pgettext_lazy("registrants", "Attended")
    NOT_ATTENDED = "not_attended", pgettext_lazy("registrants", "Confirmed but did not attend")


class MailStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("mail", "Draft")
    SENDING = "sending", pgettext_lazy("mail", "Sending")
    SENT = "sent", pgettext_lazy("mail", "Sent")


MAIL_TRANSITIONS = TransitionTable(
    Transition("send", {MailStatus.DRAFT}, MailStatus.SENDING, "events.send_event_mail", _("send"),
               guard="has_recipients", fields=("recipients", "sent_by")),
    # The task worker has handed every mail over to the mail server.
    Transition("finish", {MailStatus.SENDING}, MailStatus.SENT, label=_("finish sending"), fields=("sent_at",),
               system=True),
)
