"""Afterwards: the event's materials for its participants, survey answers, and certificates of completion
verifiable by a code."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet

from .events import Event, Registration


class Material(models.Model):
    """Slides, a recording or a document of the event for those who held a seat (and its organisers): a file
    checked by its content, or a link (a recording on a video service). Shown from `available_from` on: the
    event's end, unless the organisers share it before."""

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slides")
        RECORDING = "recording", _("Recording")
        DOCUMENT = "document", _("Document")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SLIDES)
    file = models.FileField(_("file"), upload_to="events/materials/%Y/%m/", blank=True)
    name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    available_from = models.DateTimeField(_("shown to participants from"))
    added_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["event", "added_at", "pk"]
        constraints = [models.CheckConstraint(condition=~models.Q(file="") | ~models.Q(url=""),
                                              name="events_material_file_or_link")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("events:material", self.pk)


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
