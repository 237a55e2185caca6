from django.db import models
from django.utils.translation import gettext_lazy as _


class KPISource(models.TextChoices):
    QUERY = "query", _("Measured by Kizuna")
    MANUAL = "manual", _("Entered by staff")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum over the year")
    LATEST = "latest", _("Latest figure")
    AVERAGE = "average", _("Average")
