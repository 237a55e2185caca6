"""The people and bodies of the field: how a multicultural coexistence manager came to be certified, the ways a
consultation reaches the 市民国際プラザ and its states with their transition table.

The fields of multicultural coexistence are the portal's (`kizuna.library.enums.PortalField`), the regions and
languages the library's: one list of each for the whole of Kizuna.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import OrgKind
from kizuna.core.workflow import Transition, TransitionTable
from kizuna.library.enums import Language, PortalField, Region

__all__ = ["PortalField", "Language", "Region", "Source", "Channel", "ConsultationStatus", "CONSULTATION_TRANSITIONS",
           "OPEN", "AREA_KINDS"]

# The area an association serves: a prefecture or a designated city (a municipality of that type).
AREA_KINDS = frozenset({OrgKind.PREFECTURE, OrgKind.MUNICIPALITY})


class Source(models.TextChoices):
    TRAINING = "training", _("Completed the training in Kizuna")
    MANUAL = "manual", _("Entered by headquarters (earlier years)")


class Channel(models.TextChoices):
    PHONE = "phone", pgettext_lazy("consultation channel", "Telephone")
    EMAIL = "email", pgettext_lazy("consultation channel", "Email")
    VISIT = "visit", pgettext_lazy("consultation channel", "Visit")
    WEB = "web", pgettext_lazy("consultation channel", "Web form")


class ConsultationStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("consultation", "Received")
    IN_PROGRESS = "in_progress", pgettext_lazy("consultation", "In progress")
    ANSWERED = "answered", pgettext_lazy("consultation", "Answered")
    CLOSED = "closed", pgettext_lazy("consultation", "Closed")


# Waiting for the Plaza: what the home page counts for headquarters.
OPEN = frozenset({ConsultationStatus.RECEIVED, ConsultationStatus.IN_PROGRESS})

CONSULTATION_TRANSITIONS = TransitionTable(
    Transition("take", {ConsultationStatus.RECEIVED}, ConsultationStatus.IN_PROGRESS, "networks.work_consultation",
               pgettext_lazy("consultation", "Take it on"), fields=("handled_by",)),
    Transition("answer", {ConsultationStatus.IN_PROGRESS}, ConsultationStatus.ANSWERED,
               "networks.work_consultation", pgettext_lazy("consultation", "Record the answer"),
               guard="answer_given", fields=("answer", "answered_at", "handled_by")),
    Transition("reopen", {ConsultationStatus.ANSWERED, ConsultationStatus.CLOSED}, ConsultationStatus.IN_PROGRESS,
               "networks.work_consultation", pgettext_lazy("consultation", "Reopen"), fields=("closed_at",)),
    Transition("close", {ConsultationStatus.RECEIVED, ConsultationStatus.IN_PROGRESS, ConsultationStatus.ANSWERED},
               ConsultationStatus.CLOSED, "networks.work_consultation", pgettext_lazy("consultation", "Close"),
               fields=("closed_at",)),
)
