"""The people and bodies of the field: multicultural coexistence managers certified by CLAIR's training, the
profiles of the regional international associations and of the NGOs and NPOs of the 市民国際プラザ, and the
Plaza's consultations recorded as cases."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import CONSULTATION_TRANSITIONS, Channel, ConsultationStatus, Language, PortalField, Region, Source


def labels(choices, codes) -> list[str]:
    """The labels of codes of `choices`, in the reader's language (codes are never shown as they are)."""
    known = dict(choices.choices)
    return [str(known[code]) for code in codes if code in known]


def with_code(path: str, code: str) -> Q:
    """Records whose JSON list at `path` holds `code` (a field, a region, a language). The list is read as its JSON
    text, which both databases can search (`["health", "disaster"]` holds `"health"`); codes are plain words."""
    return Q(**{f"{path}__icontains": f'"{code}"'})


class ManagerQuerySet(VisibleQuerySet):
    def listed(self):
        """Listed in the public directory (with the person's consent)."""
        return self.filter(is_listed=True)


class Manager(models.Model):
    """A 多文化共生マネージャー: certified on completing CLAIR's training (from the training's registrations in
    the events app) or entered by headquarters for an earlier year."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="manager", verbose_name=_("account in Kizuna"))
    registration = models.OneToOneField("events.Registration", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="manager", verbose_name=_("training completed"))
    source = models.CharField(_("certified through"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name (kana)"), max_length=100, blank=True)
    name_romaji = models.CharField(_("name (romaji)"), max_length=100, blank=True)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="managers", verbose_name=_("organisation"))
    affiliation = models.CharField(_("affiliation (when not in the directory)"), max_length=200, blank=True)
    certified_year = models.PositiveSmallIntegerField(_("certified in fiscal year"), db_index=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    prefecture = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("prefecture"))
    email = models.EmailField(_("contact email (network only)"), blank=True)
    is_listed = models.BooleanField(_("listed in the public directory"), default=False, db_index=True)
    listed_since = models.DateTimeField(_("consent to the public listing given on"), null=True, blank=True)
    in_network = models.BooleanField(_("in the managers' network"), default=False, db_index=True)
    network_since = models.DateTimeField(_("consent to the network given on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ManagerQuerySet.as_manager()

    class Meta:
        verbose_name = _("multicultural coexistence manager")
        verbose_name_plural = _("multicultural coexistence managers")
        ordering = ["-certified_year", "name_kana", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(is_listed=False) | Q(listed_since__isnull=False),
                                   name="networks_manager_listing_consented"),
            models.CheckConstraint(condition=Q(in_network=False) | Q(network_since__isnull=False),
                                   name="networks_manager_network_consented"),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="networks_manager_source_valid"),
            models.CheckConstraint(condition=Q(certified_year__gte=1990, certified_year__lte=2100),
                                   name="networks_manager_year_sane"),
        ]
        indexes = [models.Index(fields=["prefecture", "is_listed"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_of("networks:manager", self.pk)

    @property
    def field_labels(self) -> list[str]:
        return labels(PortalField, self.fields)

    @property
    def works_at(self) -> str:
        return str(self.organisation) if self.organisation_id else self.affiliation


class DirectoryProfile(models.Model):
    """What an association's and an NGO's entries share: the organisation, fields, contact and the listing."""

    fields = models.JSONField(_("fields"), default=list, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_listed = models.BooleanField(_("listed in the public directory"), default=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_untracked = ("updated_at",)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def field_labels(self) -> list[str]:
        return labels(PortalField, self.fields)

    @property
    def name(self) -> str:
        org = self.organisation
        return org.name_en if get_language() == "en" and org.name_en else org.name


class AssociationProfile(DirectoryProfile):
    """A regional international association (地域国際化協会) recognised by the Minister: one per prefecture or
    designated city."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.PROTECT,
                                        related_name="association_profile", verbose_name=_("association"))
    recognised_on = models.DateField(_("recognised by the Minister on"), null=True, blank=True)
    area = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("area served"),
                             help_text=_("The prefecture or the designated city the association serves."))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional international association")
        verbose_name_plural = _("regional international associations")
        ordering = ["area__code", "pk"]

    def get_absolute_url(self) -> str:
        return path_of("networks:association", self.pk)


class NgoProfile(DirectoryProfile):
    """An NGO or NPO in the directory of the 市民国際プラザ."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.PROTECT, related_name="ngo_profile",
                                        verbose_name=_("NGO / NPO"))
    regions = models.JSONField(_("regions of activity"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    activities = models.TextField(_("activities"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("NGO / NPO")
        verbose_name_plural = _("NGOs and NPOs")
        ordering = ["organisation__name_kana", "organisation__name", "pk"]

    def get_absolute_url(self) -> str:
        return path_of("networks:ngo", self.pk)

    @property
    def region_labels(self) -> list[str]:
        return labels(Region, self.regions)

    @property
    def language_labels(self) -> list[str]:
        return labels(Language, self.languages)


class Consultation(models.Model):
    """A consultation the 市民国際プラザ received (from an NGO, a local government, a resident), handled as a case:
    received → in progress → answered → closed."""

    transitions = CONSULTATION_TRANSITIONS

    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("what was asked"))
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    received_on = models.DateField(_("received on"), db_index=True)
    asker_name = models.CharField(_("person asking"), max_length=200)
    asker_contact = models.CharField(_("contact of the person asking"), max_length=200, blank=True)
    ngo = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="plaza_consultations", verbose_name=_("NGO / NPO concerned"))
    field = models.CharField(_("field"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.RECEIVED, db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("handled by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Plaza consultation")
        verbose_name_plural = _("Plaza consultations")
        ordering = ["-received_on", "-pk"]
        constraints = [
            state_constraint("networks_consultation", ConsultationStatus),
            models.CheckConstraint(condition=~Q(status=ConsultationStatus.ANSWERED) | ~Q(answer=""),
                                   name="networks_consultation_answered_has_answer"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="networks_consultation_channel"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return path_of("networks:consultation", self.pk)

    @property
    def field_label(self) -> str:
        return next(iter(labels(PortalField, [self.field])), "")


class ConsultationNote(models.Model):
    """A note on a consultation: what was done, who was asked."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation note")
        verbose_name_plural = _("consultation notes")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
