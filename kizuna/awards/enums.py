"""States of a nomination for the award, its eligibility, and the transition table of the nomination.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import OrgKind
from kizuna.core.workflow import Transition, TransitionTable

# Who nominates: local governments and the regional international associations.
NOMINATING_KINDS = frozenset({OrgKind.PREFECTURE, OrgKind.MUNICIPALITY, OrgKind.ASSOCIATION})
# The six criteria of the award, weighted (the scheme's rubric: grants.Criterion rows).
CRITERIA = (
    ("先駆性", "Pioneering", 1),
    ("独創性", "Originality", 1),
    ("継続性", "Continuity", 1),
    ("活動性", "Activity", 1),
    ("連携・協働", "Collaboration", 1),
    ("波及効果", "Impact", 1),
)
# What headquarters check before a nomination goes to the judges (the round may set its own list).
DEFAULT_CHECKLIST = [
    "推薦書の記載事項がそろっている",
    "地方公共団体又は地域国際化協会が主体の取組である",
    "3年以上継続している取組である",
    "同一の取組で過去に受賞していない",
]


class NominationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("nomination", "Draft")
    WITH_PREFECTURE = "with_prefecture", _("Sent to the prefecture for endorsement")
    RETURNED = "returned", pgettext_lazy("nomination", "Returned by the prefecture")
    NOMINATED = "nominated", _("Nominated to CLAIR")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination", "Withdrawn")


class Eligibility(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    ELIGIBLE = "eligible", pgettext_lazy("award eligibility", "Eligible")
    INELIGIBLE = "ineligible", pgettext_lazy("award eligibility", "Not eligible")


NOMINATION_TRANSITIONS = TransitionTable(
    # A municipality's nomination goes through its prefecture where the round says so.
    Transition("send", {NominationStatus.DRAFT, NominationStatus.RETURNED}, NominationStatus.WITH_PREFECTURE,
               "awards.send_nomination", _("Send to the prefecture"), guard="routed",
               fields=("prefecture", "sent_at")),
    Transition("return", {NominationStatus.WITH_PREFECTURE}, NominationStatus.RETURNED,
               "awards.endorse_nomination", pgettext_lazy("nomination", "Return to the municipality"),
               guard="note_given", fields=("return_note",)),
    Transition("endorse", {NominationStatus.WITH_PREFECTURE}, NominationStatus.NOMINATED,
               "awards.endorse_nomination", _("Endorse and nominate to CLAIR"),
               fields=("application", "endorsed_by", "endorsed_at", "nominated_at")),
    Transition("nominate", {NominationStatus.DRAFT, NominationStatus.RETURNED}, NominationStatus.NOMINATED,
               "awards.send_nomination", _("Nominate to CLAIR"), guard="direct",
               fields=("application", "nominated_at")),
    Transition("withdraw", {NominationStatus.DRAFT, NominationStatus.RETURNED, NominationStatus.WITH_PREFECTURE},
               NominationStatus.WITHDRAWN, "awards.send_nomination", pgettext_lazy("nomination", "Withdraw")),
)

OPEN = frozenset({NominationStatus.DRAFT, NominationStatus.RETURNED})
