"""The JET Programme's kinds and states, and the participant's year as a transition table (imports nothing of
its app). ../shared/DOMAIN.md "JET Programme": ALT, CIR, SEA; cohorts Group A (late July), Group B (early
August) and April; one-year appointments renewable to three years in principle and five at most."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable

MAX_YEARS = 5
USUAL_YEARS = 3
# Appointment years of the summer cohort end by the end of July: an April arrival's short first term ends on the
# first 31 July after arrival, so that from the second year on it runs with the summer cohort (August–July).
SUMMER_TERM_ENDS = (7, 31)


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
               guard="reappointed", fields=("contract_year",), system=True),
    # The reappointment round confirmed that the participant leaves: at the end of the current appointment.
    Transition("not_reappointed", {Status.ARRIVED, Status.IN_POST}, Status.LEAVING,
               label=_("Leaves: not reappointed"), fields=("leaving_on",), system=True),
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


# The board's order: who needs someone first — injured, needs help, not answered ("") and safe last.
URGENCY = {SafetyReply.INJURED: 0, SafetyReply.NEEDS_HELP: 1, "": 2, SafetyReply.SAFE: 3}


SAFETY_TRANSITIONS = TransitionTable(
    Transition("close", {SafetyStatus.OPEN}, SafetyStatus.CLOSED, "jet.close_safety_confirmation",
               pgettext_lazy("safety confirmation", "Close"), fields=("closed_at",)),
)


# Reappointment round (再任用) ---------------------------------------------------------------------------------

class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("reappointment round", "Open")
    CLOSED = "closed", pgettext_lazy("reappointment round", "Closed")


class Reappointment(models.TextChoices):
    """Where one participant's reappointment stands in a round."""

    AWAITING = "awaiting", _("Awaiting the participant's intention")
    INTENDS_TO_STAY = "intends_stay", _("Intends to re-contract")
    INTENDS_TO_LEAVE = "intends_leave", _("Intends to leave")
    HOST_AGREED = "agreed", _("Contracting organisation agrees")
    HOST_DECLINED = "declined", _("Contracting organisation declines")
    STAYS = "stays", _("Confirmed: stays")
    LEAVES = "leaves", _("Confirmed: leaves")


STATED = frozenset({Reappointment.AWAITING, Reappointment.INTENDS_TO_STAY, Reappointment.INTENDS_TO_LEAVE})

ROUND_TRANSITIONS = TransitionTable(
    Transition("close", {RoundStatus.OPEN}, RoundStatus.CLOSED, "jet.close_reappointment_round",
               pgettext_lazy("reappointment round", "Close"), fields=("closed_at",)),
)

REAPPOINTMENT_TRANSITIONS = TransitionTable(
    # The participant (or their supervisor for them) states an intention by the deadline, and may change it.
    Transition("intend_to_stay", STATED, Reappointment.INTENDS_TO_STAY, "jet.state_intention",
               _("Intends to re-contract"), guard="may_stay", fields=("stated_at", "stated_by")),
    Transition("intend_to_leave", STATED, Reappointment.INTENDS_TO_LEAVE, "jet.state_intention",
               _("Intends to leave"), guard="may_state", fields=("stated_at", "stated_by")),
    # The contracting organisation agrees (a fourth or fifth year with a recorded reason) or declines (reason).
    Transition("agree", {Reappointment.INTENDS_TO_STAY}, Reappointment.HOST_AGREED, "jet.decide_reappointment",
               pgettext_lazy("reappointment", "Agree"), guard="may_agree", fields=("decided_at", "reason")),
    Transition("decline", {Reappointment.INTENDS_TO_STAY}, Reappointment.HOST_DECLINED,
               "jet.decide_reappointment", pgettext_lazy("reappointment", "Decline"), guard="may_decline",
               fields=("decided_at", "reason")),
    # The coordinating body confirms: a stay, or a departure at the end of the appointment.
    Transition("confirm_stay", {Reappointment.HOST_AGREED}, Reappointment.STAYS, "jet.confirm_reappointment",
               _("Confirm the stay"), fields=("confirmed_at",)),
    Transition("confirm_leave", {Reappointment.INTENDS_TO_LEAVE, Reappointment.HOST_DECLINED},
               Reappointment.LEAVES, "jet.confirm_reappointment", _("Confirm the departure"),
               fields=("confirmed_at",)),
)


# Leaving (離任) --------------------------------------------------------------------------------------------------

class LeavingItem(models.TextChoices):
    """The leaving checklist: what a participant and their contracting organisation settle before departure."""

    PENSION = "pension", _("Pension lump-sum withdrawal payment: the form and documents prepared")
    RESIDENCE_CARD = "residence_card", _("Residence card: to hand in at the airport on departure")
    FORWARDING = "forwarding", _("Forwarding address given")
    RESIDENT_TAX = "resident_tax", _("Resident tax settled, or a tax representative named")
    FINAL_PAY = "final_pay", _("Final pay and the last payslip arranged")
    HOUSING = "housing", _("Housing handed back: keys, deposit, utilities")


class LeavingSide(models.TextChoices):
    PARTICIPANT = "participant", _("The participant")
    HOST = "host", _("The contracting organisation")


LEAVING_SIDES = {
    LeavingItem.PENSION: LeavingSide.PARTICIPANT, LeavingItem.RESIDENCE_CARD: LeavingSide.PARTICIPANT,
    LeavingItem.FORWARDING: LeavingSide.PARTICIPANT, LeavingItem.RESIDENT_TAX: LeavingSide.HOST,
    LeavingItem.FINAL_PAY: LeavingSide.HOST, LeavingItem.HOUSING: LeavingSide.HOST,
}
LEAVING_STATES = frozenset({Status.LEAVING, Status.DEPARTED})
