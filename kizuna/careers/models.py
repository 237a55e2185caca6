"""Internship offers by companies and local governments, and JET participants' applications to them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import APPLICATION_TRANSITIONS, LIVE, OFFER_TRANSITIONS, ApplicationStatus, OfferStatus


class Offer(models.Model):
    """An internship (インターンシップ研修) a company or a local government offers JET participants."""

    transitions = OFFER_TRANSITIONS

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="internship_offers",
                                     verbose_name=_("offered by"))
    title = models.CharField(pgettext_lazy("internship", "title"), max_length=200)
    description = models.TextField(_("what the intern will do"))
    place = models.CharField(pgettext_lazy("internship", "where"), max_length=200, help_text=_("A city, or “online”."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    places = models.PositiveSmallIntegerField(_("places"))
    languages = models.CharField(_("working languages"), max_length=100, blank=True)
    apply_by = models.DateTimeField(_("applications close"))
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.DRAFT,
                              db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("internship offer")
        verbose_name_plural = _("internship offers")
        ordering = ["apply_by", "pk"]
        constraints = [
            state_constraint("careers_offer", OfferStatus),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="careers_offer_ends_after_start"),
            models.CheckConstraint(condition=Q(places__gte=1), name="careers_offer_places_min1"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("careers:offer", self.pk)


class Application(models.Model):
    """A participant's application to an offer, with its state from sent to completed."""

    transitions = APPLICATION_TRANSITIONS

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="applications",
                              verbose_name=_("internship offer"))
    participant = models.ForeignKey("jet.Participant", on_delete=models.PROTECT, related_name="internship_applications",
                                    verbose_name=_("JET participant"))
    motivation = models.TextField(_("why this internship"))
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("internship application")
        verbose_name_plural = _("internship applications")
        ordering = ["offer", "created_at", "pk"]
        constraints = [
            state_constraint("careers_application", ApplicationStatus),
            models.UniqueConstraint(fields=["offer", "participant"], condition=Q(status__in=sorted(LIVE)),
                                    name="careers_one_live_application_per_offer"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} — {self.participant}"

    def get_absolute_url(self) -> str:
        return path_of("careers:application", self.pk)
