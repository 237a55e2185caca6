"""Applications to join the expert bank (人材バンク): a person applies, headquarters vets, acceptance makes the
person's entry in the registry (Expert)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import APPLICATION_OPEN, APPLICATION_TRANSITIONS, ApplicationStatus, Programme


class ExpertApplicationQuerySet(VisibleQuerySet):
    """`visible_to(user)`: the applicant's own, and every application for headquarters (rules.py)."""


class ExpertApplication(models.Model):
    transitions = APPLICATION_TRANSITIONS

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="expert_applications",
                               verbose_name=pgettext_lazy("expert application", "applicant"))
    status = models.CharField(_("status"), max_length=16, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT, db_index=True)
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name in kana"), max_length=100, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    career = models.TextField(_("career"), blank=True)
    programmes = models.JSONField(_("programmes"), default=list, blank=True)
    fields = models.JSONField(_("fields of expertise"), default=list, blank=True)
    languages = models.JSONField(_("languages (ISO 639-1)"), default=list, blank=True)
    regions = models.JSONField(_("regions covered (prefecture codes; empty = anywhere)"), default=list, blank=True)
    onsite = models.BooleanField(_("goes on site"), default=True)
    online = models.BooleanField(_("works online"), default=True)
    fee_expectation = models.PositiveIntegerField(_("fee per hour expected (yen)"), null=True, blank=True)
    profile = models.TextField(_("profile to publish"), blank=True)
    references = models.TextField(_("references and qualifications"), blank=True)
    consent = models.BooleanField(_("consents to the profile being published"), default=False)
    # Headquarters' vetting: never shown to the applicant.
    review_notes = models.TextField(_("review notes"), blank=True)
    identity_checked = models.BooleanField(_("identity checked"), default=False)
    references_checked = models.BooleanField(_("references checked"), default=False)
    conflict_checked = models.BooleanField(_("no conflict of interest"), default=False)
    # The reason of the last decision (returned, accepted, declined), mailed to the applicant.
    decision_reason = models.TextField(_("reason"), blank=True)
    expert = models.ForeignKey("dispatch.Expert", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="applications", verbose_name=_("expert"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExpertApplicationQuerySet.as_manager()

    # Headquarters' notes are not the applicant's to read, not even in the record's history.
    audit_masked = ("review_notes",)

    class Meta:
        verbose_name = _("expert application")
        verbose_name_plural = _("expert applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            state_constraint("expertapplication", ApplicationStatus),
            models.UniqueConstraint(fields=["person"], condition=Q(status__in=sorted(APPLICATION_OPEN)),
                                    name="one_open_expert_application"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return path_of("dispatch:application", self.pk)

    @property
    def programme_labels(self) -> list[str]:
        labels = dict(Programme.choices)
        return [str(labels.get(p, p)) for p in self.programmes]


class ApplicationFile(models.Model):
    """A reference or qualification (PDF, PNG, JPEG) of an application, stored after its content was checked."""

    application = models.ForeignKey(ExpertApplication, on_delete=models.PROTECT, related_name="files",
                                    verbose_name=_("expert application"))
    file = models.FileField(upload_to="dispatch/applications/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_of("dispatch:application_file", self.pk)
