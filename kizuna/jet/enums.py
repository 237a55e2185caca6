"""The JET Programme's kinds and states, and the participant's year as a transition table (imports nothing of
its app). ../shared/DOMAIN.md "JET Programme": ALT, CIR, SEA; cohorts Group A (late July), Group B (early
August) and April; one-year appointments renewable to three years in principle and five at most."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable

MAX_YEARS = 5
USUAL_YEARS = 3


class Position(models.TextChoices):
    ALT = "alt", _("ALT (Assistant Language Teacher)")
    CIR = "cir", _("CIR (Coordinator for International Relations)")
    SEA = "sea", _("SEA (Sports Exchange Advisor)")


class Cohort(models.TextChoices):
    GROUP_A = "group_a", _("Group A (late July)")
    GROUP_B = "group_b", _("Group B (early August)")
    APRIL = "april", _("April arrival")
    OTHER = "other", pgettext_lazy("JET cohort", "Other date")


class Status(models.TextChoices):
    PLACED = "placed", _("Placed (before arrival)")
    ARRIVED = "arrived", _("Arrived")
    IN_POST = "in_post", _("In post")
    LEAVING = "leaving", _("Leaving at the end of the appointment")
    DEPARTED = "departed", _("Departed")
    WITHDRAWN = "withdrawn", pgettext_lazy("JET participant", "Withdrawn before arrival")


ACTIVE = frozenset({Status.ARRIVED, Status.IN_POST, Status.LEAVING})


class WorkplaceKind(models.TextChoices):
    ELEMENTARY = "elementary", _("Elementary school")
    JUNIOR_HIGH = "junior_high", _("Junior high school")
    HIGH = "high", _("High school")
    SPECIAL_NEEDS = "special_needs", _("Special needs school")
    BOARD = "board", _("Board of education")
    OFFICE = "office", pgettext_lazy("JET workplace", "Government office")
    ASSOCIATION = "association", _("International association")
    OTHER = "other", pgettext_lazy("JET workplace", "Other")


PARTICIPANT_TRANSITIONS = TransitionTable(
    Transition("arrive", {Status.PLACED}, Status.ARRIVED, "jet.manage_participant", _("Record the arrival"),
               guard="arrival_date_known", fields=("arrived_on",)),
    Transition("take_post", {Status.ARRIVED}, Status.IN_POST, "jet.manage_participant", _("In post"),
               fields=("contract_year",)),
    Transition("announce_leaving", {Status.ARRIVED, Status.IN_POST}, Status.LEAVING, "jet.manage_participant",
               _("Leaving at the end of the appointment"), fields=("leaving_on",)),
    Transition("stay_on", {Status.LEAVING}, Status.IN_POST, "jet.manage_participant", _("Stays on after all")),
    Transition("depart", {Status.LEAVING, Status.IN_POST, Status.ARRIVED}, Status.DEPARTED,
               "jet.manage_participant", _("Record the departure"), fields=("departed_on",)),
    Transition("withdraw", {Status.PLACED}, Status.WITHDRAWN, "jet.manage_participant",
               _("Withdrawn before arrival")),
    # A new appointment year begins for those who stay (run for everyone in post on the anniversary).
    Transition("renew", {Status.IN_POST}, Status.IN_POST, label=_("A new appointment year"),
               fields=("contract_year",), system=True),
)


# Safety confirmation (安否確認) ------------------------------------------------------------------------------

class DisasterKind(models.TextChoices):
    EARTHQUAKE = "earthquake", _("Earthquake")
    TYPHOON = "typhoon", _("Typhoon")
    OTHER = "other", pgettext_lazy("disaster", "Other")


class SafetyStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("safety confirmation", "Open")
    CLOSED = "closed", pgettext_lazy("safety confirmation", "Closed")


class SafetyReply(models.TextChoices):
    """A participant's answer; "" (the empty value) is "not answered yet"."""

    SAFE = "safe", pgettext_lazy("safety answer", "Safe")
    NEEDS_HELP = "needs_help", pgettext_lazy("safety answer", "Needs help")
    INJURED = "injured", pgettext_lazy("safety answer", "Injured")


SAFETY_TRANSITIONS = TransitionTable(
    Transition("close", {SafetyStatus.OPEN}, SafetyStatus.CLOSED, "jet.close_safety_confirmation",
               pgettext_lazy("safety confirmation", "Close"), fields=("closed_at",)),
)
