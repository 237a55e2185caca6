"""Kinds of sister-city affiliation, the fields of exchange, and the states of affiliations and of local
governments' proposals with their transition tables.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.workflow import Transition, TransitionTable

# Who holds affiliations and proposes them: prefectures, municipalities (and designated-city wards).
HOLDER_KINDS = LOCAL_GOVERNMENT_KINDS
PREFECTURE = OrgKind.PREFECTURE


class AffiliationType(models.TextChoices):
    SISTER = "sister", pgettext_lazy("affiliation type", "Sister")
    FRIENDSHIP = "friendship", pgettext_lazy("affiliation type", "Friendship")
    PARTNER = "partner", pgettext_lazy("affiliation type", "Partner")
    OTHER = "other", pgettext_lazy("affiliation type", "Other")


class ExchangeField(models.TextChoices):
    EDUCATION = "education", pgettext_lazy("exchange field", "Education and schools")
    CULTURE = "culture", pgettext_lazy("exchange field", "Culture and arts")
    SPORTS = "sports", pgettext_lazy("exchange field", "Sports")
    YOUTH = "youth", pgettext_lazy("exchange field", "Youth and citizens")
    ECONOMY = "economy", pgettext_lazy("exchange field", "Economy and trade")
    TOURISM = "tourism", pgettext_lazy("exchange field", "Tourism")
    ADMINISTRATION = "administration", pgettext_lazy("exchange field", "Administration and staff")
    ENVIRONMENT = "environment", pgettext_lazy("exchange field", "Environment")
    HEALTH = "health", pgettext_lazy("exchange field", "Health and welfare")
    AGRICULTURE = "agriculture", pgettext_lazy("exchange field", "Agriculture and fisheries")
    DISASTER = "disaster", pgettext_lazy("exchange field", "Disaster prevention")
    OTHER = "other", pgettext_lazy("exchange field", "Other")


class AffiliationStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("affiliation", "Active")
    LAPSED = "lapsed", pgettext_lazy("affiliation", "Lapsed")
    DISSOLVED = "dissolved", pgettext_lazy("affiliation", "Dissolved")


AFFILIATION_TRANSITIONS = TransitionTable(
    # A fixed-term affiliation whose term ended without renewal, or an affiliation no longer carried on.
    Transition("lapse", {AffiliationStatus.ACTIVE}, AffiliationStatus.LAPSED, "exchange.manage_affiliation",
               pgettext_lazy("affiliation", "Record as lapsed")),
    Transition("reinstate", {AffiliationStatus.LAPSED}, AffiliationStatus.ACTIVE, "exchange.manage_affiliation",
               pgettext_lazy("affiliation", "Record as active again"), fields=("renewed_on", "ends_on")),
    Transition("dissolve", {AffiliationStatus.ACTIVE, AffiliationStatus.LAPSED}, AffiliationStatus.DISSOLVED,
               "exchange.manage_affiliation", pgettext_lazy("affiliation", "Record as dissolved"),
               guard="dissolved_on", fields=("dissolved_on",)),
)


class ProposalKind(models.TextChoices):
    ADD = "add", pgettext_lazy("exchange proposal", "A new affiliation")
    CHANGE = "change", pgettext_lazy("exchange proposal", "A change to an affiliation")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("exchange proposal", "Submitted")
    RETURNED = "returned", pgettext_lazy("exchange proposal", "Returned for changes")
    APPROVED = "approved", pgettext_lazy("exchange proposal", "Approved")
    REJECTED = "rejected", pgettext_lazy("exchange proposal", "Rejected")


PROPOSAL_TRANSITIONS = TransitionTable(
    # Approving applies the proposed values to the registry (an effect of the services, audited).
    Transition("approve", {ProposalStatus.SUBMITTED}, ProposalStatus.APPROVED, "exchange.decide_proposal",
               pgettext_lazy("exchange proposal", "Approve and apply"), guard="not_own",
               fields=("decided_by", "decided_at", "reason")),
    Transition("return", {ProposalStatus.SUBMITTED}, ProposalStatus.RETURNED, "exchange.decide_proposal",
               pgettext_lazy("exchange proposal", "Return for changes"), guard="reason_given",
               fields=("decided_by", "decided_at", "reason")),
    Transition("reject", {ProposalStatus.SUBMITTED}, ProposalStatus.REJECTED, "exchange.decide_proposal",
               pgettext_lazy("exchange proposal", "Reject"), guard="reason_given",
               fields=("decided_by", "decided_at", "reason")),
    Transition("resubmit", {ProposalStatus.RETURNED}, ProposalStatus.SUBMITTED, "exchange.edit_proposal",
               pgettext_lazy("exchange proposal", "Send again")),
)
