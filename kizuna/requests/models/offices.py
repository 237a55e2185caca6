"""The working hours of an overseas office, from which its targets are counted."""

from datetime import time

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kizuna.core.enums import OrgKind
from kizuna.core.policies import VisibleQuerySet


class OfficeHours(models.Model):
    office = models.OneToOneField("core.Organisation", on_delete=models.CASCADE, related_name="office_hours",
                                  limit_choices_to={"kind": OrgKind.OVERSEAS_OFFICE}, verbose_name=_("office"))
    opens = models.TimeField(_("opens"), default=time(9, 0))
    closes = models.TimeField(_("closes"), default=time(17, 30))
    weekdays = models.JSONField(_("working weekdays (Monday = 0)"), default=list)
    holiday_country = models.CharField(_("country of its public holidays"), max_length=2, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="office_closes_after_opens")]

    def __str__(self) -> str:
        return f"{self.office}: {self.opens}–{self.closes}"

