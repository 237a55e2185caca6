"""Lottery draws: the seed and the applicants are recorded so that anyone can re-run the draw and check it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kizuna.core.policies import VisibleQuerySet

from .events import Event


class Draw(models.Model):
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="draw")
    seed = models.CharField(_("seed"), max_length=64)
    applicants = models.JSONField(_("applicant registration ids, in id order"))
    order = models.JSONField(_("registration ids in drawn order"))
    seats = models.PositiveIntegerField(_("seats drawn"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("lottery draw")
        verbose_name_plural = _("lottery draws")

    def __str__(self) -> str:
        return f"{self.event} ({self.drawn_at:%Y-%m-%d})"
