"""Delegations to the conferences and seminars CLAIR holds: the programme (linked to its event), the delegations
per country or local government with the office that handles them, their members (roles, names in their script
and in Latin letters, travel, hotel, interpretation, and the sensitive dietary and accessibility needs), and the
visits to host local governments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.countries import country_name
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint
from kizuna.library.enums import Language

from .enums import DELEGATION_TRANSITIONS, DelegationStatus, MemberRole, ProgrammeKind


class Programme(models.Model):
    """A conference or invitation seminar that receives delegations: one event of kizuna/events."""

    event = models.OneToOneField("events.Event", on_delete=models.PROTECT, related_name="delegation_programme",
                                 verbose_name=_("event"))
    kind = models.CharField(pgettext_lazy("delegation programme", "kind"), max_length=20,
                            choices=ProgrammeKind.choices)
    co_host = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("co-hosting local government"))
    notes = models.TextField(_("notes for the handling staff"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation programme")
        verbose_name_plural = _("delegation programmes")
        ordering = ["-event__starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=ProgrammeKind.values),
                                              name="delegations_programme_kind_valid")]

    def __str__(self) -> str:
        return str(self.event)

    def get_absolute_url(self) -> str:
        return path_of("delegations:programme", self.pk)

    @property
    def zone_name(self) -> str:
        return self.event.venue_timezone or "Asia/Tokyo"


class Delegation(models.Model):
    """The delegation of a country or of a local government (foreign or Japanese) to a programme, handled by
    headquarters or an overseas office."""

    transitions = DELEGATION_TRANSITIONS

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="delegations",
                                  verbose_name=_("delegation programme"))
    name = models.CharField(pgettext_lazy("delegation", "name"), max_length=200,
                            help_text=_("As the delegation calls itself, e.g. 中国代表团 or 대한민국 대표단."))
    name_en = models.CharField(_("name (English)"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    government = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="delegations", verbose_name=_("local government sending it"))
    handled_by = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="delegations_handled",
                                   verbose_name=_("handled by"))
    status = models.CharField(_("status"), max_length=10, choices=DelegationStatus.choices,
                              default=DelegationStatus.INVITED, db_index=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    notes = models.TextField(_("notes for the handling staff"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["programme", "country", "name", "pk"]
        constraints = [
            state_constraint("delegations_delegation", DelegationStatus),
            models.UniqueConstraint(fields=["programme", "name"], name="delegations_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_of("delegations:delegation", self.pk)

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class Member(models.Model):
    """A member of a delegation. Dietary and accessibility needs are sensitive: only the handling staff see them."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="members",
                                   verbose_name=_("delegation"))
    order = models.PositiveSmallIntegerField(_("order in the list"), default=0)
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    position = models.CharField(_("title or position"), max_length=200, blank=True,
                                help_text=_("As on the badge, e.g. 市长 or Mayor."))
    name = models.CharField(_("name in their script"), max_length=100,
                            help_text=_("As the member writes it: 王伟, 김민수, Jean Dupont."))
    name_latin = models.CharField(_("name in Latin letters"), max_length=100,
                                  help_text=_("As in the passport: WANG Wei."))
    name_kana = models.CharField(_("Japanese reading"), max_length=100, blank=True)
    arrival_at = models.DateTimeField(_("arrives at"), null=True, blank=True)
    arrival_flight = models.CharField(_("arrival flight"), max_length=20, blank=True)
    departure_at = models.DateTimeField(_("leaves at"), null=True, blank=True)
    departure_flight = models.CharField(_("departure flight"), max_length=20, blank=True)
    hotel = models.CharField(_("hotel"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=20, blank=True)
    interpretation = models.CharField(_("interpretation into"), max_length=7, choices=Language.choices, blank=True)
    dietary = models.TextField(_("dietary needs"), blank=True)
    accessibility = models.TextField(_("accessibility needs"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    # The history says that the needs changed, not what they are.
    audit_masked = ("dietary", "accessibility")

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["delegation", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=MemberRole.values), name="delegations_member_role_valid"),
            models.CheckConstraint(
                condition=Q(arrival_at__isnull=True) | Q(departure_at__isnull=True) | Q(departure_at__gte=F(
                    "arrival_at")), name="delegations_member_leaves_after_arriving"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.name_latin})" if self.name != self.name_latin else self.name

    def get_absolute_url(self) -> str:
        return reverse("delegations:delegation", args=[self.delegation_id]) + f"#member-{self.pk}"

    @property
    def has_needs(self) -> bool:
        return bool(self.dietary.strip() or self.accessibility.strip())


class Visit(models.Model):
    """A visit of a delegation (or some of its members) to a host local government."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="visits",
                                   verbose_name=_("delegation"))
    host = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="delegation_visits",
                             verbose_name=_("host local government"))
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    purpose = models.TextField(_("purpose"))
    members = models.ManyToManyField(Member, blank=True, related_name="visits", verbose_name=_("who goes"),
                                     help_text=_("None chosen: the whole delegation."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit to a host local government")
        verbose_name_plural = _("visits to host local governments")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                                              name="delegations_visit_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.host} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return path_of("delegations:visit", self.pk)
