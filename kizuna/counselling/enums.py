"""Channels, topics, risk levels and the states of a counselling case and of a video session, with their
transition tables (imports nothing of its app). ../shared/DOMAIN.md "JET Programme": counselling by web mail is
free and unlimited, by video call limited in sessions per year (seven in recent years)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable

DEFAULT_VIDEO_SESSIONS = 7  # a year (April–March), unless headquarters sets another figure for the year
SESSION_MINUTES = 50


class Channel(models.TextChoices):
    MAIL = "mail", _("Web mail")
    VIDEO = "video", _("Video call")


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    JAPANESE = "ja", "日本語"


class Topic(models.TextChoices):
    WORK = "work", pgettext_lazy("counselling topic", "Work and the workplace")
    RELATIONSHIPS = "relationships", pgettext_lazy("counselling topic", "Relationships")
    MENTAL_HEALTH = "mental_health", pgettext_lazy("counselling topic", "Mental health")
    PHYSICAL_HEALTH = "physical_health", pgettext_lazy("counselling topic", "Physical health")
    DAILY_LIFE = "daily_life", pgettext_lazy("counselling topic", "Daily life in Japan")
    HARASSMENT = "harassment", pgettext_lazy("counselling topic", "Harassment")
    CAREER = "career", pgettext_lazy("counselling topic", "Career and leaving")
    OTHER = "other", pgettext_lazy("counselling topic", "Other")


class Risk(models.TextChoices):
    LOW = "low", pgettext_lazy("risk", "Low")
    MEDIUM = "medium", pgettext_lazy("risk", "Medium")
    HIGH = "high", pgettext_lazy("risk", "High (emergency)")


class CaseStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a counsellor")
    OPEN = "open", pgettext_lazy("counselling case", "Open")
    CLOSED = "closed", pgettext_lazy("counselling case", "Closed")


CASE_TRANSITIONS = TransitionTable(
    Transition("take", {CaseStatus.WAITING}, CaseStatus.OPEN, "counselling.take_case",
               pgettext_lazy("counselling case", "Take the case"), fields=("taken_at",)),
    Transition("close", {CaseStatus.OPEN}, CaseStatus.CLOSED, "counselling.work_case",
               pgettext_lazy("counselling case", "Close the case"), fields=("closed_at",)),
    Transition("reopen", {CaseStatus.CLOSED}, CaseStatus.OPEN, "counselling.work_case",
               pgettext_lazy("counselling case", "Reopen the case"), fields=("closed_at",)),
)


class SessionStatus(models.TextChoices):
    BOOKED = "booked", pgettext_lazy("video session", "Booked")
    HELD = "held", pgettext_lazy("video session", "Held")
    MISSED = "missed", pgettext_lazy("video session", "Missed")
    CANCELLED = "cancelled", pgettext_lazy("video session", "Cancelled")


# Sessions that count against the year's limit: a session cancelled in time gives its place back.
COUNTED = frozenset({SessionStatus.BOOKED, SessionStatus.HELD, SessionStatus.MISSED})

SESSION_TRANSITIONS = TransitionTable(
    Transition("hold", {SessionStatus.BOOKED}, SessionStatus.HELD, "counselling.record_session",
               pgettext_lazy("video session", "Record as held")),
    Transition("miss", {SessionStatus.BOOKED}, SessionStatus.MISSED, "counselling.record_session",
               pgettext_lazy("video session", "Record as missed")),
    Transition("cancel", {SessionStatus.BOOKED}, SessionStatus.CANCELLED, "counselling.cancel_session",
               pgettext_lazy("video session", "Cancel the session"), guard="before_start"),
)


class EscalationStep(models.TextChoices):
    """The written path of an emergency (risk level high), in order: each step taken is logged with its time."""

    CONTACTED = "contacted", _("1. The counsellor reached the participant directly")
    SUPERVISOR = "supervisor", _("2. The counselling supervisor was informed")
    EMERGENCY_SERVICES = "emergency", _("3. Emergency services (119/110) or a clinic were called")
    EMERGENCY_CONTACT = "family", _("4. The participant's emergency contact was told, with their consent")
    FOLLOW_UP = "follow_up", _("5. Follow-up agreed and dated")
