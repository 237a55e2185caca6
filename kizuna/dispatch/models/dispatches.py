"""A request for an expert, through offer, visit, report and survey."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import DISPATCH_TRANSITIONS, Format, Programme, Status


class DispatchQuerySet(VisibleQuerySet):
    """`visible_to(user)`: the host's working members, the expert named on it and CLAIR staff (rules.py)."""


class Dispatch(models.Model):
    transitions = DISPATCH_TRANSITIONS

    host = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="dispatches",
                             verbose_name=_("host"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("programme"), max_length=16, choices=Programme.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED,
                              db_index=True)
    theme = models.CharField(_("theme"), max_length=200)
    field = models.CharField(_("field of expertise"), max_length=100, blank=True)
    language = models.CharField(_("language (ISO 639-1)"), max_length=8, default="ja")
    format = models.CharField(_("format"), max_length=8, choices=Format.choices, default=Format.ONSITE)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    hours = models.DecimalField(_("hours planned"), max_digits=5, decimal_places=1, default=2)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    expert = models.ForeignKey("dispatch.Expert", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="dispatches", verbose_name=_("expert"))
    report = models.TextField(_("what was done"), blank=True)
    report_hours = models.DecimalField(_("hours worked"), max_digits=5, decimal_places=1, null=True, blank=True)
    travel_costs = models.PositiveIntegerField(_("travel costs (yen)"), default=0)
    allowance = models.PositiveIntegerField(_("allowance (yen)"), default=0,
                                            help_text=_("The daily allowance (日当) for the days of the visit."))
    fee = models.PositiveIntegerField(pgettext_lazy("expert fee", "fee (yen)"), default=0)
    cost_clair = models.PositiveIntegerField(_("paid by CLAIR (yen)"), default=0)
    cost_host = models.PositiveIntegerField(_("paid by the host (yen)"), default=0)
    rating = models.PositiveSmallIntegerField(_("host satisfaction (1–5)"), null=True, blank=True)
    survey_comment = models.TextField(_("host comment"), blank=True)
    visit_reminded_on = models.DateField(_("expert reminded of the visit on"), null=True, blank=True)
    report_reminded_on = models.DateField(_("last reminded of the report on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["host", "programme", "fiscal_year"])]
        constraints = [
            state_constraint("dispatch", Status),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="dispatch_ends_after_start"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="dispatch_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.theme}"

    def get_absolute_url(self) -> str:
        return path_of("dispatch:detail", self.pk)
