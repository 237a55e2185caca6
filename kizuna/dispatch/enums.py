"""Programmes of expert dispatch, the states of a dispatch request and their transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kizuna.core.workflow import Transition, TransitionTable

REGIONAL_ADVISER_LIMIT = 2  # dispatches per body per fiscal year
FEE_HOURS_CAP = 4
COOPERATION_MAX_MONTHS = 3


class Programme(models.TextChoices):
    PROMOTION = "promotion", _("Promotion adviser")
    REGIONAL = "regional", _("Regional internationalisation adviser")
    COOPERATION = "cooperation", _("International cooperation expert")
    PA_LECTURER = "pa_lecturer", _("PA training lecturer")


class Format(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")


# Who pays what (share of CLAIR in percent) per programme and cost: travel, fee. The rest is the host's.
COST_SHARES = {
    Programme.REGIONAL: {"travel": 100, "fee": 100},
    Programme.PROMOTION: {"travel": 100, "fee": 100},
    Programme.PA_LECTURER: {"travel": 100, "fee": 100},
    Programme.COOPERATION: {"travel": 100, "fee": 50},
}


class Status(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    OFFERED = "offered", _("Offered to an expert")
    CONFIRMED = "confirmed", _("Confirmed")
    REPORTED = "reported", _("Reported")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


COUNTED = [Status.REQUESTED, Status.OFFERED, Status.CONFIRMED, Status.REPORTED, Status.COMPLETED]


def _hook(name):
    def call(obj, *, by, **kwargs):
        from . import effects

        getattr(effects, name)(obj, by=by, **kwargs)

    call.__name__ = name
    return call


DISPATCH_TRANSITIONS = TransitionTable(
    Transition("offer", {Status.REQUESTED}, Status.OFFERED, "dispatch.assign_expert", _("Offer to the expert"),
               guard=_hook("needs_available_expert"), effects=[_hook("mail_offer")]),
    Transition("accept", {Status.OFFERED}, Status.CONFIRMED, "dispatch.respond_offer", _("Accept"),
               effects=[_hook("mail_confirmation")]),
    Transition("decline", {Status.OFFERED}, Status.REQUESTED, "dispatch.respond_offer", _("Decline")),
    Transition("report", {Status.CONFIRMED}, Status.REPORTED, "dispatch.file_report", _("File the report"),
               guard=_hook("needs_report")),
    Transition("survey", {Status.REPORTED}, Status.COMPLETED, "dispatch.answer_survey",
               _("Answer the satisfaction survey"), guard=_hook("needs_rating")),
    Transition("cancel", {Status.REQUESTED, Status.OFFERED, Status.CONFIRMED}, Status.CANCELLED,
               "dispatch.cancel_dispatch", _("Cancel")),
)
