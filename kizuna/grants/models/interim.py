"""Interim reports (中間報告) that a call asks of its grantees on set dates, between the decision and the
performance report."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import INTERIM_OPEN, INTERIM_TRANSITIONS, InterimStatus
from .applications import Application


class InterimReport(models.Model):
    transitions = INTERIM_TRANSITIONS

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interim_reports")
    number = models.PositiveSmallIntegerField(_("interim report number"))
    due_on = models.DateField(pgettext_lazy("report", "due on"))
    status = models.CharField(_("status"), max_length=10, choices=InterimStatus.choices, default=InterimStatus.DUE)
    progress = models.TextField(_("progress of the project"), blank=True)
    spent_to_date = models.PositiveBigIntegerField(_("spent so far (yen)"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    comment = models.TextField(_("comments"), blank=True)
    # The day the grantee was last reminded: a reminder run repeated that day mails nobody twice.
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("interim report")
        verbose_name_plural = _("interim reports")
        ordering = ["application", "number"]
        constraints = [
            state_constraint("grants_interimreport", InterimStatus),
            models.UniqueConstraint(fields=["application", "number"], name="grants_interim_number_unique"),
            # Submitted (or answered) means submitted by someone.
            models.CheckConstraint(condition=Q(status=InterimStatus.DUE) | Q(submitted_by__isnull=False),
                                   name="grants_interim_submitted_by"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="grants_interim_open_due")]

    def __str__(self) -> str:
        return _("%(application)s — interim report %(number)d") % {"application": self.application,
                                                                    "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("grants:application", kwargs={"pk": self.application_id}) + f"#interim-{self.number}"

    @property
    def is_open(self) -> bool:
        """The grantee still owes it (due, or returned for correction)."""
        return self.status in INTERIM_OPEN

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())
