"""Change requests (変更申請) after the grant decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import CHANGE_TRANSITIONS, ChangeStatus
from .applications import Application


class ChangeRequest(models.Model):
    transitions = CHANGE_TRANSITIONS

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")
    reason = models.TextField(_("what changes and why"))
    new_amount = models.PositiveBigIntegerField(_("new grant amount (yen), if it changes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ChangeStatus.choices,
                              default=ChangeStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["application", "pk"]
        constraints = [state_constraint("grants_changerequest", ChangeStatus)]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_status_display()}"
