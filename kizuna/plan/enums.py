from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable


class KPISource(models.TextChoices):
    QUERY = "query", _("Measured by Kizuna")
    MANUAL = "manual", _("Entered by staff")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum over the year")
    LATEST = "latest", _("Latest figure")
    AVERAGE = "average", _("Average")


class TargetBasis(models.TextChoices):
    """Where a KPI's target comes from. The FY2026 plan states almost no numbers: most targets in Kizuna's
    plan file are demo values, and pages say so instead of passing them off as CLAIR's."""

    PLAN = "plan", _("Stated in the plan")
    CLAIR = "clair", _("Set by CLAIR")
    DEMO = "demo", _("Demo value set by Kizuna, not by CLAIR")


APPS = ("grants", "events", "dispatch", "requests", "jet", "alumni", "library", "newsletter", "signage",
        "exchange", "core", "social", "secondments")


class FigureStatus(models.TextChoices):
    """A figure entered by hand counts once a second person has signed it off."""

    ENTERED = "entered", _("Awaiting sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")
    RETURNED = "returned", pgettext_lazy("a figure sent back to the person who entered it", "Returned")


FIGURE_TRANSITIONS = TransitionTable(
    Transition("sign_off", {FigureStatus.ENTERED}, FigureStatus.SIGNED_OFF, "plan.sign_off_figure",
               pgettext_lazy("button", "Sign off"), guard="second_person", fields=("signed_off_by", "signed_off_at")),
    Transition("return", {FigureStatus.ENTERED}, FigureStatus.RETURNED, "plan.sign_off_figure",
               pgettext_lazy("button: send a figure back", "Return"), guard="second_person",
               fields=("signed_off_by", "signed_off_at", "return_reason")),
)


class ProgrammeProgress(models.TextChoices):
    """How a programme stands in a quarter, as its responsible division or office judges it."""

    ON_TRACK = "on_track", pgettext_lazy("programme progress", "On track")
    AT_RISK = "at_risk", pgettext_lazy("programme progress", "At risk")
    BEHIND = "behind", pgettext_lazy("programme progress", "Behind")
