from django.db import models
from django.utils.translation import gettext_lazy as _


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
