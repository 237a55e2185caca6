"""One visit of an engagement: a dispatch may be a series of visits (dates and topics), each with its report."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import VISIT_TRANSITIONS, VisitStatus


class VisitQuerySet(VisibleQuerySet):
    """`visible_to(user)`: seen with the dispatch it belongs to (rules.py)."""


class Visit(models.Model):
    transitions = VISIT_TRANSITIONS

    dispatch = models.ForeignKey("dispatch.Dispatch", on_delete=models.PROTECT, related_name="visits",
                                 verbose_name=_("dispatch"))
    day = models.DateField(_("date"))
    topic = models.CharField(_("topic of the visit"), max_length=200)
    hours = models.DecimalField(_("hours planned"), max_digits=4, decimal_places=1, default=2)
    status = models.CharField(_("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.PLANNED,
                              db_index=True)
    report = models.TextField(_("what was done"), blank=True)
    report_hours = models.DecimalField(_("hours worked"), max_digits=4, decimal_places=1, null=True, blank=True)
    travel_costs = models.PositiveIntegerField(_("travel costs (yen)"), default=0)
    allowance = models.PositiveIntegerField(_("allowance (yen)"), default=0)
    fee = models.PositiveIntegerField(pgettext_lazy("expert fee", "fee (yen)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["day", "pk"]
        constraints = [
            state_constraint("visit", VisitStatus),
            models.UniqueConstraint(fields=["dispatch", "day"], name="one_visit_per_engagement_day"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="visit_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.topic}"

    def get_absolute_url(self) -> str:
        return self.dispatch.get_absolute_url() + f"#visit-{self.pk}"
