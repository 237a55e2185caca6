"""The JET Programme's people and places: contracting organisations (任用団体) with their coordinating body
(取りまとめ団体) and workplaces, and the participants with their appointment years."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.countries import is_country_code
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import MAX_YEARS, PARTICIPANT_TRANSITIONS, Cohort, Position, Status, WorkplaceKind

JET_NUMBER = re.compile(r"^20\d{9}$")


def validate_jet_number(value: str) -> None:
    """A JET number has 11 digits and starts with "20" (DOMAIN.md)."""
    if not JET_NUMBER.match(value or ""):
        raise ValidationError(_("A JET number has 11 digits and starts with 20 (e.g. 20260012345)."),
                              code="jet_number")


def validate_country(value: str) -> None:
    if not is_country_code(value):
        raise ValidationError(_("Choose a country."), code="country")


class JetHost(models.Model):
    """A contracting organisation (任用団体): a prefecture, a municipality or a private school corporation that
    employs participants, with the coordinating body (a prefecture or designated city) whose PAs support them."""

    organisation = models.OneToOneField("core.Organisation", on_delete=models.PROTECT, related_name="jet_host",
                                        verbose_name=_("contracting organisation"))
    coordinating_body = models.ForeignKey("core.Organisation", on_delete=models.PROTECT,
                                          related_name="jet_hosts_coordinated", verbose_name=_("coordinating body"))
    is_active = models.BooleanField(_("takes participants"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("contracting organisation")
        verbose_name_plural = _("contracting organisations")
        ordering = ["organisation__code", "organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return path_of("jet:host", self.pk)


class Workplace(models.Model):
    """A school or office where a participant works: a record of the contracting organisation."""

    host = models.ForeignKey(JetHost, on_delete=models.CASCADE, related_name="workplaces",
                             verbose_name=_("contracting organisation"))
    name = models.CharField(pgettext_lazy("place", "name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=WorkplaceKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["host", "name"]
        constraints = [models.UniqueConstraint(fields=["host", "name"], name="jet_workplace_name_per_host"),
                       models.CheckConstraint(condition=Q(kind__in=WorkplaceKind.values),
                                              name="jet_workplace_kind_valid")]

    def __str__(self) -> str:
        return self.name


def participant_name(family_name: str, given_names: str) -> str:
    """A participant as lists name them: the family name as in the passport in capitals, then the given names."""
    return f"{family_name.upper()} {given_names}"


class Participant(models.Model):
    transitions = PARTICIPANT_TRANSITIONS
    # Emergency contacts are personal data of third parties: the log says they changed, not what they say.
    audit_masked = ("emergency_name", "emergency_relation", "emergency_phone", "emergency_email")

    jet_number = models.CharField(_("JET number"), max_length=11, unique=True, validators=[validate_jet_number])
    person = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="jet_participant", verbose_name=_("account"))
    family_name = models.CharField(_("family name (as in the passport)"), max_length=100)
    given_names = models.CharField(_("given names (as in the passport)"), max_length=150)
    name_katakana = models.CharField(_("name in katakana"), max_length=150, blank=True)
    email = models.EmailField(_("email address"))
    position = models.CharField(_("position"), max_length=3, choices=Position.choices)
    nationality = models.CharField(_("nationality"), max_length=2, validators=[validate_country])
    recruiting_country = models.CharField(_("recruiting country"), max_length=2, validators=[validate_country])
    cohort = models.CharField(_("arrival group"), max_length=8, choices=Cohort.choices)
    expected_arrival = models.DateField(_("expected arrival"))
    host = models.ForeignKey(JetHost, on_delete=models.PROTECT, related_name="participants",
                             verbose_name=_("contracting organisation"))
    workplaces = models.ManyToManyField(Workplace, blank=True, related_name="participants",
                                        verbose_name=_("workplaces"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLACED,
                              db_index=True)
    contract_year = models.PositiveSmallIntegerField(
        _("appointment year"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_YEARS)])
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    leaving_on = models.DateField(_("leaves on"), null=True, blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    emergency_name = models.CharField(_("emergency contact"), max_length=150, blank=True)
    emergency_relation = models.CharField(_("relation"), max_length=60, blank=True)
    emergency_phone = models.CharField(_("phone"), max_length=40, blank=True)
    emergency_email = models.EmailField(_("email of the emergency contact"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("JET participant")
        verbose_name_plural = _("JET participants")
        ordering = ["family_name", "given_names", "pk"]
        indexes = [models.Index(fields=["host", "status"]), models.Index(fields=["status", "position"])]
        constraints = [
            state_constraint("jet_participant", Status),
            models.CheckConstraint(condition=Q(position__in=Position.values), name="jet_participant_position_valid"),
            models.CheckConstraint(condition=Q(cohort__in=Cohort.values), name="jet_participant_cohort_valid"),
            models.CheckConstraint(condition=Q(contract_year__gte=1, contract_year__lte=MAX_YEARS),
                                   name="jet_participant_year_1_to_5"),
        ]

    def __str__(self) -> str:
        return participant_name(self.family_name, self.given_names)

    def get_absolute_url(self) -> str:
        return path_of("jet:participant", self.pk)


class Appointment(models.Model):
    """One appointment year (任用期間): the first starts the day after arrival, each later one a year on."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="appointments")
    year = models.PositiveSmallIntegerField(_("appointment year"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment year")
        verbose_name_plural = _("appointment years")
        ordering = ["participant", "year"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "year"], name="jet_one_appointment_per_year"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="jet_appointment_ends_after_start"),
            models.CheckConstraint(condition=Q(year__gte=1, year__lte=MAX_YEARS), name="jet_appointment_year_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.year} ({self.starts_on}–{self.ends_on})"


class Transfer(models.Model):
    """A participant moving to another contracting organisation (rare, and recorded)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="transfers")
    from_host = models.ForeignKey(JetHost, on_delete=models.PROTECT, related_name="+")
    to_host = models.ForeignKey(JetHost, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("from"))
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-on"]
        constraints = [models.CheckConstraint(condition=~Q(from_host=F("to_host")), name="jet_transfer_moves")]

    def __str__(self) -> str:
        return f"{self.participant}: {self.from_host} → {self.to_host}"


# Safety confirmation (安否確認) ------------------------------------------------------------------------------
# Imported here, with the models they serve, so that this part stays apart from the rest of the module.
import secrets  # noqa: E402

from django.utils import timezone  # noqa: E402

from .enums import SAFETY_TRANSITIONS, URGENCY, DisasterKind, SafetyReply, SafetyStatus  # noqa: E402


def _new_secret() -> str:
    return secrets.token_urlsafe(24)


class SafetyConfirmation(models.Model):
    """After an earthquake or typhoon: every participant placed in the area is asked whether they are safe.
    Started by headquarters or by a PA for their coordinating body's area (`body`); closed, it stays as a record."""

    transitions = SAFETY_TRANSITIONS
    # The secret salts the signed links of this confirmation only; it is never shown or logged.
    audit_masked = ("secret",)

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of event"), max_length=12, choices=DisasterKind.choices)
    status = models.CharField(_("status"), max_length=8, choices=SafetyStatus.choices, default=SafetyStatus.OPEN)
    areas = models.ManyToManyField("core.Organisation", related_name="+",
                                   verbose_name=pgettext_lazy("disaster area", "area"))
    body = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("coordinating body"),
                             help_text=_("Set when a PA starts the confirmation for their coordinating body."))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    started_at = models.DateTimeField(pgettext_lazy("safety time", "started"), default=timezone.now)
    closed_at = models.DateTimeField(pgettext_lazy("safety time", "closed"), null=True, blank=True)
    secret = models.CharField(max_length=64, default=_new_secret, editable=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety confirmation")
        verbose_name_plural = _("safety confirmations")
        ordering = ["-started_at", "-pk"]
        constraints = [
            state_constraint("jet_safetyconfirmation", SafetyStatus),
            models.CheckConstraint(condition=Q(kind__in=DisasterKind.values), name="jet_safety_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("jet:safety_board", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == SafetyStatus.OPEN


class SafetyAnswer(models.Model):
    """One participant asked in one confirmation, and their answer ("" until they answer). The contracting
    organisation and coordinating body are kept as they were when asked: the board and its scope stay stable."""

    # Where a participant is and what they wrote are personal: the log says they changed, not what they say.
    audit_masked = ("location", "note")
    # The board's order, kept on the row so that a page is a range of one index: derived (from the answer, and
    # from the organisation and participant when asked), not logged.
    audit_untracked = ("urgency", "listed_code", "listed_name")

    confirmation = models.ForeignKey(SafetyConfirmation, on_delete=models.CASCADE, related_name="answers",
                                     verbose_name=_("safety confirmation"))
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="safety_answers",
                                    verbose_name=_("JET participant"))
    host = models.ForeignKey(JetHost, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("contracting organisation"))
    coordinating_body = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                          verbose_name=_("coordinating body"))
    answer = models.CharField(_("answer"), max_length=12, choices=SafetyReply.choices, blank=True, default="")
    location = models.CharField(_("where you are"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    answered_at = models.DateTimeField(pgettext_lazy("safety time", "answered"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("supervisors told"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency"), default=URGENCY[""], editable=False)
    listed_code = models.CharField(_("code of the contracting organisation"), max_length=20, blank=True,
                                   editable=False)
    listed_name = models.CharField(_("family name"), max_length=100, blank=True, editable=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety answer")
        verbose_name_plural = _("safety answers")
        ordering = ["confirmation", "participant__family_name", "pk"]
        indexes = [models.Index(fields=["confirmation", "answer"]),
                   models.Index(fields=["confirmation", "urgency", "listed_code", "listed_name", "id"],
                                name="jet_safety_board_order")]
        constraints = [
            models.UniqueConstraint(fields=["confirmation", "participant"], name="jet_one_answer_per_confirmation"),
            models.CheckConstraint(condition=Q(answer__in=["", *SafetyReply.values]), name="jet_safety_answer_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.confirmation}: {self.participant}"


# Reappointment round (再任用) ---------------------------------------------------------------------------------
from .enums import REAPPOINTMENT_TRANSITIONS, ROUND_TRANSITIONS, Reappointment, RoundStatus  # noqa: E402


class ReappointmentRound(models.Model):
    """Each year's round: participants state whether they re-contract for the appointment year that starts in
    the summer of `year`, their contracting organisations agree or decline, the coordinating bodies confirm.
    Headquarters opens and closes it; its outcome gives next year's new places per contracting organisation."""

    transitions = ROUND_TRANSITIONS

    year = models.PositiveSmallIntegerField(_("year the next appointments start"), unique=True)
    intention_deadline = models.DateField(_("intentions by"))
    decision_deadline = models.DateField(_("decisions of the contracting organisations by"))
    confirmation_deadline = models.DateField(_("confirmations by"))
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(pgettext_lazy("reappointment round", "opened"), default=timezone.now)
    closed_at = models.DateTimeField(pgettext_lazy("reappointment round", "closed"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reappointment round")
        verbose_name_plural = _("reappointment rounds")
        ordering = ["-year"]
        constraints = [
            state_constraint("jet_reappointmentround", RoundStatus),
            models.CheckConstraint(condition=Q(decision_deadline__gte=F("intention_deadline"),
                                               confirmation_deadline__gte=F("decision_deadline")),
                                   name="jet_round_deadlines_in_order"),
        ]

    def __str__(self) -> str:
        return str(_("Reappointment round %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return path_of("jet:reappointment_round", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def takes_intentions(self) -> bool:
        return self.is_open and timezone.localdate() <= self.intention_deadline

    @property
    def takes_decisions(self) -> bool:
        return self.is_open and timezone.localdate() <= self.decision_deadline


class ReappointmentIntention(models.Model):
    """One participant in one round: their intention, their contracting organisation's decision (with its
    reason) and the coordinating body's confirmation. The contracting organisation, coordinating body, year
    and end of the current appointment are kept as they were when the round opened."""

    transitions = REAPPOINTMENT_TRANSITIONS

    round = models.ForeignKey(ReappointmentRound, on_delete=models.CASCADE, related_name="intentions",
                              verbose_name=_("reappointment round"))
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="reappointments",
                                    verbose_name=_("JET participant"))
    host = models.ForeignKey(JetHost, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("contracting organisation"))
    coordinating_body = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                          verbose_name=_("coordinating body"))
    current_year = models.PositiveSmallIntegerField(_("appointment year now"))
    appointment_ends_on = models.DateField(_("current appointment ends on"))
    status = models.CharField(_("status"), max_length=14, choices=Reappointment.choices,
                              default=Reappointment.AWAITING, db_index=True)
    stated_at = models.DateTimeField(_("intention stated"), null=True, blank=True)
    stated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("stated by"))
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reappointment intention")
        verbose_name_plural = _("reappointment intentions")
        ordering = ["round", "host", "participant__family_name", "pk"]
        indexes = [models.Index(fields=["round", "status"])]
        constraints = [
            state_constraint("jet_reappointmentintention", Reappointment),
            models.UniqueConstraint(fields=["round", "participant"], name="jet_one_intention_per_round"),
            models.CheckConstraint(condition=Q(current_year__gte=1, current_year__lte=MAX_YEARS),
                                   name="jet_intention_year_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.participant}"

    def get_absolute_url(self) -> str:
        return path_of("jet:reappointment_intention", self.pk)

    @property
    def next_year(self) -> int:
        return self.current_year + 1


MAX_PLACES_CHANGE = 50  # one adjustment moves a contracting organisation's new places by at most this many


class PlacesAdjustment(models.Model):
    """A change headquarters agreed with a contracting organisation to its new places for the year after a
    round (more or fewer than its confirmed departures), with the reason: the outcome adds the adjustments."""

    round = models.ForeignKey(ReappointmentRound, on_delete=models.CASCADE, related_name="adjustments",
                              verbose_name=_("reappointment round"))
    host = models.ForeignKey(JetHost, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("contracting organisation"))
    change = models.SmallIntegerField(_("change to the new places"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(pgettext_lazy("adjustment", "recorded"), default=timezone.now)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("adjustment of new places")
        verbose_name_plural = _("adjustments of new places")
        ordering = ["round", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(change=0) & Q(change__gte=-MAX_PLACES_CHANGE,
                                                              change__lte=MAX_PLACES_CHANGE),
                                   name="jet_adjustment_change_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.host} {self.change:+d}"



# Leaving (離任) --------------------------------------------------------------------------------------------------

from .enums import LeavingItem, LeavingSide  # noqa: E402


class LeavingTask(models.Model):
    """One item of a leaving participant's checklist, done by them or by their contracting organisation."""

    audit_masked = ("detail",)  # the forwarding address is personal data

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="leaving_tasks",
                                    verbose_name=_("JET participant"))
    item = models.CharField(_("item"), max_length=16, choices=LeavingItem.choices)
    side = models.CharField(_("done by"), max_length=12, choices=LeavingSide.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("done by"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("leaving task")
        verbose_name_plural = _("leaving tasks")
        ordering = ["participant", "side", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="jet_leaving_item_once"),
            models.CheckConstraint(condition=Q(item__in=LeavingItem.values), name="jet_leaving_item_valid"),
            models.CheckConstraint(condition=Q(side__in=LeavingSide.values), name="jet_leaving_side_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.get_item_display()}"


class AlumniConsent(models.Model):
    """The participant's answer, on leaving, to joining the alumni network (JETAA): asked once, changeable."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="alumni_consent",
                                       verbose_name=_("JET participant"))
    consents = models.BooleanField(_("joins the alumni network"))
    answered_at = models.DateTimeField(_("answered on"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent to the alumni network")
        verbose_name_plural = _("consents to the alumni network")

    def __str__(self) -> str:
        return f"{self.participant}: {'yes' if self.consents else 'no'}"
