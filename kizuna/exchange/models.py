"""The sister-city registry (姉妹(友好)都市提携): foreign partners, the affiliations of Japanese local governments
with them, the local governments' proposals that CLAIR approves, and the "looking for a partner" list.

A foreign partner is its own record here rather than a core Organisation of kind FOREIGN_GOVERNMENT: the
registry needs what Organisation does not have (the country, the name in the local language, the region, the
Wikidata id) and must hold one record per partner city whether or not anyone there ever signs in. A partner
that also works with CLAIR as an organisation (a contact, an event) may point at that Organisation
(`organisation`, one to one), so there is still one record of the partner in the registry."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.countries import country_name
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import (
    AFFILIATION_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    AffiliationStatus,
    AffiliationType,
    ProposalKind,
    ProposalStatus,
)

WIKIDATA = RegexValidator(r"^Q[1-9]\d{0,11}$", _("A Wikidata id is Q followed by digits, e.g. Q28848."))
LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


def org_name(organisation) -> str:
    """A Japanese local government's name in the reader's language (its English name when there is one)."""
    if (get_language() or "ja").startswith("ja"):
        return organisation.name
    return organisation.name_en or organisation.name


def _document_path(instance, filename: str) -> str:
    return f"exchange/agreements/{instance.local_government_id}/{filename[-80:]}"


class ForeignPartner(models.Model):
    """A foreign local government (a city, a state, a province) that is or may be a partner."""

    country = models.CharField(_("country"), max_length=2, db_index=True)
    name = models.CharField(_("name (local language)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True,
                               help_text=_("As Japanese sources write it, e.g. セントポール市."))
    region = models.CharField(_("region or state"), max_length=200, blank=True)
    wikidata_id = models.CharField(_("Wikidata id"), max_length=13, blank=True, validators=[WIKIDATA])
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=LATITUDE)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=LONGITUDE)
    organisation = models.OneToOneField("core.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="foreign_partner", verbose_name=_("organisation in Kizuna"),
                                        limit_choices_to={"kind": "foreign_gov"})
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("foreign partner")
        verbose_name_plural = _("foreign partners")
        ordering = ["country", "name_en", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["country", "name"], name="exchange_partner_unique_name")]

    def __str__(self) -> str:
        if (get_language() or "ja").startswith("ja") and self.name_ja:
            return self.name_ja
        return self.name_en or self.name

    def get_absolute_url(self) -> str:
        return path_of("exchange:partner", self.pk)

    @property
    def country_label(self) -> str:
        return country_name(self.country)


class AffiliationQuerySet(VisibleQuerySet):
    def counted(self):
        """Affiliations that meet CLAIR's three conditions (the others are kept but not counted)."""
        return self.filter(heads_signed=True, several_fields=True, assembly_approved=True)

    def active(self):
        return self.filter(status=AffiliationStatus.ACTIVE)


class Affiliation(models.Model):
    """A sister (friendship) affiliation of a Japanese local government with a foreign partner."""

    transitions = AFFILIATION_TRANSITIONS

    local_government = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="affiliations",
                                         verbose_name=_("Japanese local government"))
    partner = models.ForeignKey(ForeignPartner, on_delete=models.PROTECT, related_name="affiliations",
                                verbose_name=_("foreign partner"))
    affiliation_type = models.CharField(_("type of affiliation"), max_length=10, choices=AffiliationType.choices,
                                        default=AffiliationType.SISTER)
    signed_on = models.DateField(_("affiliation date"), db_index=True,
                                 help_text=_("The day the agreement was signed."))
    signatories = models.CharField(_("signatories"), max_length=300, blank=True,
                                   help_text=_("Who signed, e.g. the mayors of both cities."))
    assembly_approved_on = models.DateField(_("assembly approval (date)"), null=True, blank=True)
    exchange_fields = models.JSONField(_("fields of exchange"), default=list, blank=True)
    ends_on = models.DateField(_("end of the term"), null=True, blank=True,
                               help_text=_("Only for a fixed-term affiliation."))
    renewed_on = models.DateField(_("renewed on"), null=True, blank=True)
    document = models.FileField(_("agreement (document)"), upload_to=_document_path, blank=True)
    heads_signed = models.BooleanField(_("the heads signed an agreement"), default=True)
    several_fields = models.BooleanField(_("exchange in more than one field"), default=True)
    assembly_approved = models.BooleanField(_("the assembly approved it (budget or resolution)"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=AffiliationStatus.choices,
                              default=AffiliationStatus.ACTIVE, db_index=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    note = models.TextField(pgettext_lazy("affiliation", "note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("sister-city affiliation")
        verbose_name_plural = _("sister-city affiliations")
        ordering = ["local_government__code", "signed_on", "pk"]
        constraints = [
            state_constraint("exchange_affiliation", AffiliationStatus),
            models.CheckConstraint(condition=Q(affiliation_type__in=AffiliationType.values),
                                   name="exchange_affiliation_type_valid"),
            models.CheckConstraint(condition=~Q(status=AffiliationStatus.DISSOLVED) | Q(dissolved_on__isnull=False),
                                   name="exchange_dissolved_has_date"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("signed_on")),
                                   name="exchange_ends_after_signed"),
        ]
        indexes = [models.Index(fields=["status", "signed_on"])]

    def __str__(self) -> str:
        return f"{self.local_government.name} – {self.partner}"

    def get_absolute_url(self) -> str:
        return path_of("exchange:affiliation", self.pk)

    @property
    def government_name(self) -> str:
        """The Japanese local government's name in the reader's language."""
        return org_name(self.local_government)

    @property
    def counted(self) -> bool:
        return self.heads_signed and self.several_fields and self.assembly_approved


class Proposal(models.Model):
    """A local government's proposal to add an affiliation to the registry or to change one, with the values
    proposed; CLAIR headquarters approve it (which applies it), return it for changes or reject it."""

    transitions = PROPOSAL_TRANSITIONS

    kind = models.CharField(_("proposal"), max_length=6, choices=ProposalKind.choices, default=ProposalKind.ADD)
    local_government = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("Japanese local government"))
    affiliation = models.ForeignKey(Affiliation, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="proposals", verbose_name=_("affiliation changed"))
    partner = models.ForeignKey(ForeignPartner, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("foreign partner"))
    partner_country = models.CharField(_("country"), max_length=2, blank=True)
    partner_name = models.CharField(_("partner's name (local language)"), max_length=200, blank=True)
    partner_name_en = models.CharField(_("partner's name (English)"), max_length=200, blank=True)
    partner_region = models.CharField(_("region or state"), max_length=200, blank=True)
    partner_latitude = models.DecimalField(_("partner's latitude"), max_digits=9, decimal_places=6, null=True,
                                           blank=True, validators=LATITUDE,
                                           help_text=_("For the map, e.g. 44.9537 (north is positive)."))
    partner_longitude = models.DecimalField(_("partner's longitude"), max_digits=9, decimal_places=6, null=True,
                                            blank=True, validators=LONGITUDE,
                                            help_text=_("e.g. -93.09 (west is negative)."))
    affiliation_type = models.CharField(_("type of affiliation"), max_length=10, choices=AffiliationType.choices,
                                        default=AffiliationType.SISTER)
    signed_on = models.DateField(_("affiliation date"))
    signatories = models.CharField(_("signatories"), max_length=300, blank=True)
    assembly_approved_on = models.DateField(_("assembly approval (date)"), null=True, blank=True)
    exchange_fields = models.JSONField(_("fields of exchange"), default=list, blank=True)
    ends_on = models.DateField(_("end of the term"), null=True, blank=True)
    renewed_on = models.DateField(_("renewed on"), null=True, blank=True)
    document = models.FileField(_("agreement (document)"), upload_to=_document_path, blank=True)
    heads_signed = models.BooleanField(_("the heads signed an agreement"), default=True)
    several_fields = models.BooleanField(_("exchange in more than one field"), default=True)
    assembly_approved = models.BooleanField(_("the assembly approved it (budget or resolution)"), default=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True,
                                    help_text=_("Only to record that the affiliation was dissolved."))
    note = models.TextField(_("note to CLAIR"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.SUBMITTED, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation proposal")
        verbose_name_plural = _("affiliation proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            state_constraint("exchange_proposal", ProposalStatus),
            models.CheckConstraint(condition=Q(kind=ProposalKind.ADD) | Q(affiliation__isnull=False),
                                   name="exchange_change_names_affiliation"),
        ]

    def __str__(self) -> str:
        partner = self.partner or self.partner_name_en or self.partner_name
        return f"{self.local_government.name} – {partner}"

    def get_absolute_url(self) -> str:
        return path_of("exchange:proposal", self.pk)


class PartnerWanted(models.Model):
    """A local government looking for a partner (the 提携希望 list): its own entry, published when it says so."""

    local_government = models.OneToOneField("core.Organisation", on_delete=models.PROTECT,
                                            related_name="partner_wanted", verbose_name=_("Japanese local government"))
    wished_countries = models.JSONField(_("wished countries"), default=list, blank=True)
    wished_regions = models.CharField(_("wished regions"), max_length=300, blank=True,
                                      help_text=_("e.g. a coastal city in Northern Europe."))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_on = models.DateField(_("population as of"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    outline = models.TextField(_("outline of the local government"), blank=True)
    url = models.URLField(_("website"), blank=True)
    wished_traits = models.TextField(_("wished partner traits"), blank=True)
    pr_notes = models.TextField(_("PR notes"), blank=True)
    is_published = models.BooleanField(_("shown on the public list"), default=True)
    updated_at = models.DateTimeField(_("date modified"), auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("looking-for-a-partner entry")
        verbose_name_plural = _("looking-for-a-partner entries")
        ordering = ["local_government__code", "pk"]

    def __str__(self) -> str:
        return str(self.local_government.name)

    def get_absolute_url(self) -> str:
        return path_of("exchange:wanted", self.pk)
