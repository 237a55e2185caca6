"""Counselling for JET participants: cases with their messages and notes (sealed at rest), the counsellors on
each case, video sessions booked in the counsellors' free slots, the yearly limit of sessions, and the steps of
an emergency's escalation.

Nothing here names what a case is about in clear: message bodies, notes, the clinic a participant is referred
to and the notes of escalation steps are `SealedTextField`s (kizuna/core/sealed.py), masked in the audit trail,
and no record's name (`__str__`, written into log entries) carries content.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.sealed import SealedBinaryField, SealedTextField
from kizuna.core.workflow import state_constraint

from .enums import (
    CASE_TRANSITIONS,
    COUNTED,
    DEFAULT_VIDEO_SESSIONS,
    SESSION_MINUTES,
    SESSION_TRANSITIONS,
    CaseStatus,
    Channel,
    EscalationStep,
    Language,
    Risk,
    SessionStatus,
    Topic,
)


class Case(models.Model):
    transitions = CASE_TRANSITIONS
    audit_masked = ("referred_to",)
    audit_untracked = ("last_message_at", "awaiting_counsellor")

    participant = models.ForeignKey("jet.Participant", on_delete=models.PROTECT, related_name="counselling_cases",
                                    verbose_name=_("JET participant"))
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(_("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.WAITING,
                              db_index=True)
    topic = models.CharField(pgettext_lazy("counselling", "topic"), max_length=16, choices=Topic.choices,
                             blank=True)
    risk = models.CharField(_("risk level"), max_length=6, choices=Risk.choices, default=Risk.LOW)
    referred_to = SealedTextField(_("referred to (outside clinic)"), blank=True)
    referred_at = models.DateTimeField(_("referred on"), null=True, blank=True)
    opened_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    taken_at = models.DateTimeField(_("taken on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    awaiting_counsellor = models.BooleanField(_("awaiting the counsellor's reply"), default=True)
    counsellors = models.ManyToManyField(settings.AUTH_USER_MODEL, through="CaseCounsellor", related_name="+",
                                         verbose_name=_("counsellors"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("counselling case")
        verbose_name_plural = _("counselling cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["status", "opened_at"]), models.Index(fields=["participant", "status"])]
        constraints = [
            state_constraint("counselling_case", CaseStatus),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="counselling_case_channel_valid"),
            models.CheckConstraint(condition=Q(risk__in=Risk.values), name="counselling_case_risk_valid"),
            models.CheckConstraint(condition=Q(topic__in=["", *Topic.values]), name="counselling_case_topic_valid"),
            models.CheckConstraint(condition=~Q(status=CaseStatus.CLOSED) | Q(closed_at__isnull=False),
                                   name="counselling_closed_case_has_date"),
        ]

    def __str__(self) -> str:
        return _("Counselling case %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return path_of("counselling:case", self.pk)


class CaseCounsellor(models.Model):
    """A counsellor on a case: who took it, and whoever the supervisor adds."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("counsellor"))
    added_at = models.DateTimeField(_("added on"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("counsellor on a case")
        verbose_name_plural = _("counsellors on cases")
        ordering = ["case", "added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "counsellor"], name="counselling_counsellor_once")]

    def __str__(self) -> str:
        return f"{self.case}: {self.counsellor}"


class Message(models.Model):
    audit_masked = ("body",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_participant = models.BooleanField(_("from the participant"))
    body = SealedTextField(pgettext_lazy("counselling", "message"))
    sent_at = models.DateTimeField(_("sent on"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("counselling message")
        verbose_name_plural = _("counselling messages")
        ordering = ["case", "sent_at", "pk"]

    def __str__(self) -> str:
        return _("Message %(number)s of %(case)s") % {"number": self.pk, "case": self.case}


class Attachment(models.Model):
    """A file sent with a message (a letter, a receipt, a photo): its name and content sealed like the message."""

    audit_masked = ("name", "content")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    name = SealedTextField(_("file name"))
    content_type = models.CharField(_("kind of file"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = SealedBinaryField(_("content"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("counselling", "attachment")
        verbose_name_plural = pgettext_lazy("counselling", "attachments")
        ordering = ["message", "pk"]

    def __str__(self) -> str:
        return _("Attachment %(number)s of %(message)s") % {"number": self.pk, "message": self.message}


class Note(models.Model):
    """A counsellor's case note: read by the counsellors on the case and the supervisor only."""

    audit_masked = ("body",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = SealedTextField(_("case note"))
    written_at = models.DateTimeField(_("written on"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["case", "written_at", "pk"]

    def __str__(self) -> str:
        return _("Note %(number)s of %(case)s") % {"number": self.pk, "case": self.case}


class Escalation(models.Model):
    """A step of the written escalation path of an emergency, with who took it and when: its own log."""

    audit_masked = ("note",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    step = models.CharField(_("step"), max_length=10, choices=EscalationStep.choices)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("taken by"))
    at = models.DateTimeField(_("taken on"), auto_now_add=True)
    note = SealedTextField(_("note"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["case", "at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(step__in=EscalationStep.values),
                                              name="counselling_escalation_step_valid")]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_step_display()}"


class Slot(models.Model):
    """A time a counsellor is free for a video session."""

    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("counsellor"))
    starts_at = models.DateTimeField(_("starts at"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("free slot")
        verbose_name_plural = _("free slots")
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["counsellor", "starts_at"], name="counselling_slot_once")]

    def __str__(self) -> str:
        return f"{self.counsellor}: {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=SESSION_MINUTES)


class Session(models.Model):
    """A video session booked by the participant in a free slot of a counsellor on their case."""

    transitions = SESSION_TRANSITIONS

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("time"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices,
                              default=SessionStatus.BOOKED)
    booked_at = models.DateTimeField(_("booked on"), auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("video session")
        verbose_name_plural = _("video sessions")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            state_constraint("counselling_session", SessionStatus),
            models.UniqueConstraint(fields=["slot"], condition=Q(status__in=sorted(COUNTED)),
                                    name="counselling_one_session_a_slot"),
        ]

    def __str__(self) -> str:
        return _("Video session of %(case)s") % {"case": self.case}


class Allowance(models.Model):
    """The number of video sessions a participant may have in a fiscal year (April–March), set by headquarters."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    video_sessions = models.PositiveSmallIntegerField(_("video sessions a year"), default=DEFAULT_VIDEO_SESSIONS)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("counselling allowance")
        verbose_name_plural = _("counselling allowances")
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}: {self.video_sessions}"
