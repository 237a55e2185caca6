"""Who is seconded from where to which part of CLAIR, the states of a secondment with their transition table, the
divisions of headquarters, and the topics of the expert training curriculum (programme 6-2).

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.workflow import Transition, TransitionTable

# Who seconds staff: a prefecture, a municipality or a ward.
HOME_KINDS = LOCAL_GOVERNMENT_KINDS
# Where the seconded staff work: headquarters or an overseas office.
POSTING_KINDS = frozenset({OrgKind.HEADQUARTERS, OrgKind.OVERSEAS_OFFICE})
# How long a secondment usually lasts (years), for the form's default end.
USUAL_YEARS = 2
# Secondments ending within this many days are on headquarters' home page.
ENDING_SOON_DAYS = 90


class Division(models.TextChoices):
    """Headquarters' divisions as the plan names them (kizuna/plan/data/fy2026.toml)."""

    GENERAL_AFFAIRS = "general_affairs", pgettext_lazy("CLAIR division", "General Affairs Division")
    RESEARCH_PLANNING = "research_planning", pgettext_lazy("CLAIR division", "Research and Planning Division")
    ECONOMIC_EXCHANGE = "economic_exchange", pgettext_lazy("CLAIR division", "Economic Exchange Division")
    MULTICULTURAL = "multicultural", pgettext_lazy("CLAIR division", "Multicultural Coexistence Division")
    EXCHANGE_COOPERATION = "exchange_cooperation", pgettext_lazy("CLAIR division",
                                                                  "Exchange and Cooperation Division")
    JET = "jet", pgettext_lazy("CLAIR division", "JET Programme Department")


class SecondmentStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("secondment", "Planned")
    SERVING = "serving", pgettext_lazy("secondment", "Serving")
    COMPLETED = "completed", pgettext_lazy("secondment", "Completed")
    ENDED_EARLY = "ended_early", pgettext_lazy("secondment", "Ended early")


# At CLAIR or done: the secondments that have begun.
BEGUN = frozenset({SecondmentStatus.SERVING, SecondmentStatus.COMPLETED, SecondmentStatus.ENDED_EARLY})
ENDED = frozenset({SecondmentStatus.COMPLETED, SecondmentStatus.ENDED_EARLY})

SECONDMENT_TRANSITIONS = TransitionTable(
    Transition("start", {SecondmentStatus.PLANNED}, SecondmentStatus.SERVING, "secondments.manage_secondment",
               pgettext_lazy("secondment", "Record the arrival"), guard="can_start", fields=("started_on",)),
    Transition("complete", {SecondmentStatus.SERVING}, SecondmentStatus.COMPLETED, "secondments.manage_secondment",
               pgettext_lazy("secondment", "Record the completion"), guard="can_end", fields=("ended_on",)),
    Transition("end_early", {SecondmentStatus.SERVING}, SecondmentStatus.ENDED_EARLY,
               "secondments.manage_secondment", pgettext_lazy("secondment", "End early"), guard="reason_given",
               fields=("ended_on", "end_reason")),
)


class Topic(models.TextChoices):
    """The subjects of the expert training (programme 6-2)."""

    WORLD_AFFAIRS = "world_affairs", _("World affairs")
    WORLD_ECONOMY = "world_economy", _("World economy")
    TRADITIONAL_ARTS = "traditional_arts", _("Japanese traditional arts and customs")
    PRESENTATION = "presentation", _("Presentation")
    PROTOCOL = "protocol", _("International protocol")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")
    ECONOMIC_EXCHANGE = "economic_exchange", _("Basics of economic exchange")
    OTHER = "other", pgettext_lazy("training topic", "Other")

