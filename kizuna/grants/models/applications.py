"""Applications (交付申請), their cost breakdown (経費内訳) and every submission round."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kizuna.core.models import Organisation
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import APPLICATION_TRANSITIONS, Status
from .schemes import Call


class Application(models.Model):
    transitions = APPLICATION_TRANSITIONS

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(Organisation, verbose_name=_("applicant"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="grant_applications")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applicant (person)"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="grant_claims")
    partners = models.ManyToManyField(Organisation, verbose_name=_("joint partners"), blank=True,
                                      related_name="grant_partnerships")
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    theme = models.CharField(_("field / theme"), max_length=100, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    requested_amount = models.PositiveBigIntegerField(_("requested amount (yen)"), default=0)
    decided_amount = models.PositiveBigIntegerField(_("decided amount (yen)"), null=True, blank=True)
    final_amount = models.PositiveBigIntegerField(_("final amount (yen)"), null=True, blank=True)
    conditions = models.TextField(_("conditions of the grant"), blank=True)
    outcomes = models.TextField(_("outcomes (performance report)"), blank=True)
    reported_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    round_number = models.PositiveSmallIntegerField(_("round"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = VisibleQuerySet.as_manager()  # who sees which: the ApplicationPolicy (rules.py)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "pk"]
        constraints = [
            state_constraint("grants_application", Status),
            models.CheckConstraint(condition=Q(applicant__isnull=False) ^ Q(person__isnull=False),
                                   name="grants_application_one_applicant"),
            models.CheckConstraint(condition=Q(decided_amount__isnull=True)
                                   | Q(decided_amount__lte=F("requested_amount")),
                                   name="grants_decided_not_above_requested"),
            models.CheckConstraint(condition=Q(final_amount__isnull=True)
                                   | Q(final_amount__lte=F("decided_amount")),
                                   name="grants_final_not_above_decided"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:application", kwargs={"pk": self.pk})

    @property
    def applicant_name(self) -> str:
        return str(self.applicant or self.person)

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class CostLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=100)
    description = models.CharField(_("description"), max_length=300)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    eligible = models.BooleanField(_("eligible"), default=True)
    actual_amount = models.PositiveBigIntegerField(_("actual amount (yen)"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return f"{self.category}: {self.description}"


class ApplicationRound(models.Model):
    """One submission, kept as it was sent, with the comments it was returned with."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(default=dict)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    comment = models.TextField(_("comments"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission round")
        verbose_name_plural = _("submission rounds")
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="grants_round_unique")]

    def __str__(self) -> str:
        return f"{self.application} #{self.number}"
