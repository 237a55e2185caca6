"""Afterwards: survey answers, and certificates of completion verifiable by a code."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kizuna.core.policies import VisibleQuerySet

from .events import Registration


class SurveyResponse(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="survey_response")
    answers = models.JSONField(_("answers"), default=dict)
    satisfaction = models.PositiveSmallIntegerField(_("overall satisfaction (1-5)"))
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.CheckConstraint(condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                                              name="events_satisfaction_1_to_5")]

    def __str__(self) -> str:
        return str(self.registration)


def certificate_code() -> str:
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=certificate_code,
                            editable=False)
    issued_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate of completion")
        verbose_name_plural = _("certificates of completion")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("events:verify", kwargs={"code": self.code})
