"""Events (seminars, trainings, conferences, fairs), their sessions and registrations."""

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kizuna.core.models import Organisation
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import ACTIVE, HOLDS_SEAT, REGISTRATION_TRANSITIONS, Audience, EventKind, Format, Mode, Status

JST = ZoneInfo("Asia/Tokyo")


class EventQuerySet(VisibleQuerySet):
    def public(self):
        """Published public events: what feeds, calendars and open data publish (everyone may see them)."""
        return self.filter(is_published=True, is_public=True)


class Event(models.Model):
    organiser = models.ForeignKey(Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT,
                                  related_name="organised_events")
    programme = models.ForeignKey("plan.Programme", verbose_name=_("plan programme"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="events")
    kpi_series = models.SlugField(_("plan KPI series"), max_length=40, blank=True, db_index=True,
                                  help_text=_("e.g. economic_seminar: counts towards events.sessions.* and "
                                              "events.participants.* of the plan."))
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, db_index=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, db_index=True)
    title = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_kana = models.CharField(_("title (kana)"), max_length=200, blank=True)
    description = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    venue_timezone = models.CharField(_("venue time zone"), max_length=64, default="Asia/Tokyo")
    prefecture = models.ForeignKey(Organisation, verbose_name=_("prefecture (area)"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    country = models.CharField(_("country"), max_length=2, default="JP", db_index=True)
    online_url = models.URLField(_("online link (confirmed registrants only)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    audience = models.CharField(_("who may register"), max_length=20, choices=Audience.choices,
                                default=Audience.ANYONE, db_index=True)
    invitees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("invited people"), blank=True,
                                      related_name="event_invitations")
    series = models.ForeignKey(
        "self", verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="series_events",
        help_text=_("The first event of a series of the same event on other dates; its copies point to it."))
    co_organisers = models.ManyToManyField(
        Organisation, verbose_name=_("co-organisers"), blank=True, related_name="co_organised_events",
        help_text=_("Bodies that run the event with its organiser (JIAM, KRILA, a university, a host city): shown "
                    "on the event, and their staff see its roster."))
    mode = models.CharField(_("registration mode"), max_length=12, choices=Mode.choices, default=Mode.FIRST_COME)
    opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("Empty: no limit."))
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    offer_hours = models.PositiveSmallIntegerField(_("hours to accept a freed seat"), default=48)
    questions = models.JSONField(_("questions for registrants"), default=list, blank=True,
                                 help_text=_('A list of {"key", "label", "required"}.'))
    survey_questions = models.JSONField(
        _("survey questions"), default=list, blank=True,
        help_text=_('A list of {"key", "label", "kind": "rating" (1-5) or "text"}; overall satisfaction is '
                    'always asked.'))
    guests_may_register = models.BooleanField(
        _("registration without an account"), default=False,
        help_text=_("For public events open to anyone (seminars abroad, webinars): people register with their name "
                    "and email address, confirm it from a mail, and see, change or cancel their registration "
                    "through a signed link."))
    gives_certificate = models.BooleanField(_("certificate of completion for attendees"), default=False)
    fee = models.PositiveIntegerField(_("fee (yen)"), default=0)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_public = models.BooleanField(_("public (listed, in feeds and open data)"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    audit_untracked = ("updated_at",)  # a stamp of every save; the save's own entry says what changed

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                                   name="events_event_no_overbooking"),
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="events_event_ends_after_start"),
        ]
        indexes = [models.Index(fields=["starts_at", "id"], condition=Q(is_published=True, is_public=True),
                                name="events_public_list_idx")]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return path_of("events:event", self.pk)

    @property
    def display_title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    @property
    def display_description(self) -> str:
        return self.description_en if get_language() == "en" and self.description_en else self.description

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.venue_timezone)

    def in_venue_zone(self, moment):
        return moment.astimezone(self.zone)

    def in_jst(self, moment):
        return moment.astimezone(JST)

    @property
    def shows_two_zones(self) -> bool:
        return self.venue_timezone != "Asia/Tokyo"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.is_published and (self.opens_at is None or self.opens_at <= now)
                and (self.closes_at or self.starts_at) > now)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.seats_taken


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                                   name="events_session_no_overbooking"),
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")),
                                   name="events_session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.seats_taken


def new_code() -> str:
    return secrets.token_hex(6).upper()


class RegistrationQuerySet(VisibleQuerySet):
    def holding(self):
        return self.filter(status__in=HOLDS_SEAT)


class Registration(models.Model):
    transitions = REGISTRATION_TRANSITIONS

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    sessions = models.ManyToManyField(Session, verbose_name=_("sessions"), blank=True,
                                      related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_registrations")
    organisation = models.ForeignKey(Organisation, verbose_name=_("on behalf of"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="event_registrations")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    affiliation = models.CharField(_("organisation (as given)"), max_length=200, blank=True,
                                   help_text=_("What someone registering without an account wrote as their "
                                               "organisation."))
    by_link = models.BooleanField(
        _("registered without an account"), default=False,
        help_text=_("Registered through the public form: the person sees, changes or cancels it through the signed "
                    "link in their mail."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    code = models.CharField(_("check-in code"), max_length=12, unique=True, default=new_code, editable=False)
    position = models.PositiveIntegerField(_("place in the draw"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            state_constraint("registration", Status),
            models.UniqueConstraint(fields=["event", "person"], condition=Q(status__in=sorted(ACTIVE)),
                                    name="events_one_active_registration"),
            models.CheckConstraint(condition=~Q(status=Status.OFFERED) | Q(offer_expires_at__isnull=False),
                                   name="events_offer_has_deadline"),
        ]
        # The plan's participants figures count the checked-in registrations of a series' events
        # (bench/README.md, "Plan results and drill-down"): 30 ms → 2 ms for 21,000 of them.
        indexes = [models.Index(fields=["event", "checked_in_at"], name="events_reg_event_checked_in")]

    def __str__(self) -> str:
        return f"{self.event} — {self.person}"

    def get_absolute_url(self) -> str:
        return path_of("events:registration", self.pk)

    @property
    def is_confirmed(self) -> bool:
        return self.status == Status.CONFIRMED

    @property
    def organisation_shown(self) -> str:
        """The organisation registered for, else what someone without an account wrote as theirs."""
        return self.organisation.display_name if self.organisation_id else self.affiliation

class AnswerFile(models.Model):
    """The file a registrant gave in answer to a file question (checked by its content); the answer itself in
    `Registration.answers` is the file's name. Seen by the registrant and whoever sees the event's roster."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answer_files")
    question = models.CharField(_("question"), max_length=40)
    file = models.FileField(_("file"), upload_to="events/answers/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("file answer")
        verbose_name_plural = _("file answers")
        ordering = ["registration", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "question"],
                                               name="events_one_file_per_answer")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_of("events:answer_file", self.pk)
