"""The award (自治体国際交流表彰): a round is a grants call on an award scheme, a nomination becomes a grants
application when it reaches CLAIR; judges, conflicts, the weighted rubric and the decision are the grants review
engine's. What is the award's own: the round's rules, the nomination with its route through the prefecture, the
eligibility check, and the winners' citations."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kizuna.core.models import Organisation
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import DEFAULT_CHECKLIST, NOMINATION_TRANSITIONS, Eligibility, NominationStatus


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


def default_checklist() -> list:
    return list(DEFAULT_CHECKLIST)


class Round(models.Model):
    """One year's round of the award: its call (window, blind flag, at most N winners) and its own rules."""

    call = models.OneToOneField("grants.Call", verbose_name=_("call"), on_delete=models.PROTECT,
                                related_name="award_round")
    through_prefecture = models.BooleanField(
        _("a municipality's nomination goes through its prefecture"), default=True)
    checklist = models.JSONField(_("eligibility checklist"), default=default_checklist, blank=True)
    is_published = models.BooleanField(_("winners published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-call__fiscal_year"]

    def __str__(self) -> str:
        return str(self.call)

    def get_absolute_url(self) -> str:
        return path_of("awards:round", self.pk)

    @property
    def fiscal_year(self) -> int:
        return self.call.fiscal_year


class Nomination(models.Model):
    """A nomination (推薦): prepared by the proposing body, sent through its prefecture where the round says so,
    and once it reaches CLAIR judged as the grants application it carries."""

    transitions = NOMINATION_TRANSITIONS

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="nominations")
    proposer = models.ForeignKey(Organisation, verbose_name=_("proposed by"), on_delete=models.PROTECT,
                                 related_name="award_proposals")
    nominee = models.ForeignKey(Organisation, verbose_name=_("nominee"), on_delete=models.PROTECT,
                                related_name="award_nominations")
    title = models.CharField(_("project nominated"), max_length=200)
    summary = models.TextField(_("outline of the project"))
    started_year = models.PositiveSmallIntegerField(_("year the project began"))
    partners = models.TextField(_("partners (abroad and at home)"), blank=True)
    achievements = models.TextField(_("achievements and impact"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=NominationStatus.choices,
                              default=NominationStatus.DRAFT, db_index=True)
    prefecture = models.ForeignKey(Organisation, verbose_name=_("endorsing prefecture"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="award_endorsements")
    sent_at = models.DateTimeField(_("sent to the prefecture at"), null=True, blank=True)
    return_note = models.TextField(_("why it was returned"), blank=True)
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    endorsed_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)
    nominated_at = models.DateTimeField(_("nominated at"), null=True, blank=True)
    application = models.OneToOneField("grants.Application", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="nomination")
    eligibility = models.CharField(_("eligibility"), max_length=12, choices=Eligibility.choices,
                                   default=Eligibility.UNCHECKED)
    checks = models.JSONField(_("checklist answers"), default=dict, blank=True)
    ineligible_reason = models.TextField(_("why it is not eligible"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    citation_en = models.TextField(_("citation (English)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "pk"]
        constraints = [state_constraint("awards_nomination", NominationStatus)]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("awards:nomination", self.pk)

    @property
    def citation(self) -> str:
        """The winner's citation (表彰理由), kept on the application's decision; in English where written."""
        ja = self.application.conditions if self.application_id else ""
        return self.citation_en if _english() and self.citation_en else ja

    @property
    def nominee_name(self) -> str:
        return self.nominee.name_en if _english() and self.nominee.name_en else self.nominee.name
