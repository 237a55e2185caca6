"""Joint booths at fairs abroad: one booth, many municipalities, each in a slot with its cost share."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.models import Organisation
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import BOOTH_TRANSITIONS, BoothStatus
from .events import Event


class Booth(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("fair"), on_delete=models.PROTECT, related_name="booths")
    name = models.CharField(_("booth"), max_length=200)
    description = models.TextField(_("what is offered"), blank=True)
    slots = models.PositiveSmallIntegerField(_("slots for co-exhibitors"))
    slots_taken = models.PositiveSmallIntegerField(_("slots taken"), default=0, editable=False)
    cost_share = models.PositiveIntegerField(_("cost share per slot (yen)"), default=0)
    applications_close = models.DateTimeField(_("applications close"))
    checklist = models.JSONField(_("checklist for each co-exhibitor"), default=list, blank=True,
                                 help_text=_('A list of {"key", "label", "due" (YYYY-MM-DD)}.'))
    kpi_series = models.SlugField(_("plan KPI series"), max_length=40, blank=True,
                                  help_text=_("e.g. nyc: counts towards events.booth_participants.nyc"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("joint booth")
        verbose_name_plural = _("joint booths")
        constraints = [models.CheckConstraint(condition=Q(slots_taken__lte=F("slots")),
                                              name="events_booth_slots_not_exceeded")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_of("events:booth", self.pk)


class Exhibitor(models.Model):
    """A municipality's application for a slot, its checklist and its report after the fair."""

    transitions = BOOTH_TRANSITIONS

    booth = models.ForeignKey(Booth, on_delete=models.PROTECT, related_name="exhibitors")
    organisation = models.ForeignKey(Organisation, verbose_name=_("co-exhibitor"), on_delete=models.PROTECT,
                                     related_name="booth_applications")
    exhibits = models.TextField(_("what we will show"))
    status = models.CharField(_("status"), max_length=10, choices=BoothStatus.choices, default=BoothStatus.APPLIED,
                              db_index=True)
    checklist_done = models.JSONField(_("checklist items done"), default=list, blank=True)
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    leads = models.PositiveIntegerField(_("business leads"), null=True, blank=True)
    deals = models.PositiveIntegerField(_("deals"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-exhibitor")
        verbose_name_plural = _("co-exhibitors")
        ordering = ["booth", "created_at", "pk"]
        constraints = [state_constraint("exhibitor", BoothStatus),
                       models.UniqueConstraint(fields=["booth", "organisation"],
                                               condition=~Q(status=BoothStatus.WITHDRAWN),
                                               name="events_one_application_per_booth")]

    def __str__(self) -> str:
        return f"{self.booth} — {self.organisation}"

    def get_absolute_url(self) -> str:
        return path_of("events:exhibitor", self.pk)


class Lead(models.Model):
    """A visitor whose code a co-exhibitor scanned at the booth: a business contact to follow up. A visitor who
    shows their code to a booth shares their name, organisation and email address with that co-exhibitor."""

    class Interest(models.TextChoices):
        HIGH = "high", pgettext_lazy("interest", "High")
        MEDIUM = "medium", pgettext_lazy("interest", "Medium")
        LOW = "low", pgettext_lazy("interest", "Low")

    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="captured_leads")
    registration = models.ForeignKey("events.Registration", on_delete=models.PROTECT, related_name="leads")
    interest = models.CharField(_("interest"), max_length=8, choices=Interest.choices, default=Interest.MEDIUM)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scanned_at = models.DateTimeField(_("scanned at"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-scanned_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["exhibitor", "registration"], name="events_one_lead_each")]

    def __str__(self) -> str:
        return f"{self.exhibitor} — {self.registration.person}"
