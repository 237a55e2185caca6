"""Kinds of the programmes CLAIR holds for delegations, the roles of a delegation's members, and the states of a
delegation with their transition table.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.workflow import Transition, TransitionTable

# Who handles a delegation: headquarters or an overseas office.
HANDLER_KINDS = frozenset({OrgKind.HEADQUARTERS, OrgKind.OVERSEAS_OFFICE})
# What a delegation comes from: a foreign local government or a Japanese one.
GOVERNMENT_KINDS = frozenset({OrgKind.FOREIGN_GOVERNMENT, *LOCAL_GOVERNMENT_KINDS})
# Who receives a visit: a Japanese local government (or a foreign one, for a conference held abroad).
HOST_KINDS = GOVERNMENT_KINDS


class ProgrammeKind(models.TextChoices):
    TRILATERAL = "trilateral", _("Japan-China-Korea Trilateral Local Government Exchange Conference")
    JAPAN_FRANCE = "japan_france", _("Japan-France Local Government Exchange Conference")
    JAPAN_KOREA = "japan_korea", _("Japan-Korea Joint Seminar")
    EXECUTIVE_SEMINAR = "executive_seminar", _(
        "Exchange and Cooperation Seminar for Foreign Local Government Executives")
    OTHER = "other", pgettext_lazy("delegation programme", "Other conference or seminar")


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    DEPUTY = "deputy", _("Deputy head of delegation")
    MEMBER = "member", pgettext_lazy("delegation", "Member")
    INTERPRETER = "interpreter", _("Interpreter")
    SECRETARIAT = "secretariat", _("Secretariat")
    ACCOMPANYING = "accompanying", _("Accompanying person")


class DelegationStatus(models.TextChoices):
    INVITED = "invited", pgettext_lazy("delegation", "Invited")
    CONFIRMED = "confirmed", pgettext_lazy("delegation", "Confirmed")
    ARRIVED = "arrived", pgettext_lazy("delegation", "Arrived")
    DEPARTED = "departed", pgettext_lazy("delegation", "Departed")
    CANCELLED = "cancelled", pgettext_lazy("delegation", "Cancelled")


# Expected or in Japan: what the handling office still looks after.
EXPECTED = frozenset({DelegationStatus.INVITED, DelegationStatus.CONFIRMED, DelegationStatus.ARRIVED})

DELEGATION_TRANSITIONS = TransitionTable(
    Transition("confirm", {DelegationStatus.INVITED}, DelegationStatus.CONFIRMED, "delegations.manage_delegation",
               pgettext_lazy("delegation", "Confirm the delegation"), guard="has_head"),
    Transition("arrive", {DelegationStatus.CONFIRMED}, DelegationStatus.ARRIVED, "delegations.manage_delegation",
               pgettext_lazy("delegation", "Record the arrival")),
    Transition("depart", {DelegationStatus.ARRIVED}, DelegationStatus.DEPARTED, "delegations.manage_delegation",
               pgettext_lazy("delegation", "Record the departure")),
    Transition("cancel", {DelegationStatus.INVITED, DelegationStatus.CONFIRMED}, DelegationStatus.CANCELLED,
               "delegations.manage_delegation", pgettext_lazy("delegation", "Cancel the delegation"),
               guard="reason_given", fields=("cancel_reason",)),
)
