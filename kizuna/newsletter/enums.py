"""Kinds, states and the transition tables of the mail magazine and the offices' newsletters.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable
from kizuna.library.enums import Language  # one list of publication languages for the library and the mail

__all__ = ["Language", "ListKind", "SubscriptionStatus", "Source", "CampaignStatus", "DeliveryState",
           "BounceKind", "SUBSCRIPTION_TRANSITIONS", "CAMPAIGN_TRANSITIONS", "SOFT_BOUNCE_LIMIT", "SOFT_BOUNCE_DAYS"]

# After this many soft bounces (a full mailbox, a server down), each within SOFT_BOUNCE_DAYS of the one before,
# an address is treated as bounced.
SOFT_BOUNCE_LIMIT = 3
SOFT_BOUNCE_DAYS = 30


class ListKind(models.TextChoices):
    MAGAZINE = "magazine", _("CLAIR mail magazine")
    OFFICE = "office", _("Overseas office newsletter")
    CHAPTER = "chapter", _("JETAA chapter list")


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("subscription", "Awaiting confirmation")
    ACTIVE = "active", pgettext_lazy("subscription", "Subscribed")
    UNSUBSCRIBED = "unsubscribed", pgettext_lazy("subscription", "Unsubscribed")
    BOUNCED = "bounced", pgettext_lazy("subscription", "Bouncing")
    COMPLAINED = "complained", pgettext_lazy("subscription", "Marked as spam")


class Source(models.TextChoices):
    FORM = "form", _("Subscribe page")
    IMPORT = "import", _("Imported list")
    MEMBER = "member", _("Kizuna account")
    STAFF = "staff", _("Added by staff")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("mail issue", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("mail issue", "Scheduled")
    SENDING = "sending", pgettext_lazy("mail issue", "Sending")
    SENT = "sent", pgettext_lazy("mail issue", "Sent")
    CANCELLED = "cancelled", pgettext_lazy("mail issue", "Cancelled")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("mail delivery", "Queued")
    SENDING = "sending", pgettext_lazy("mail delivery", "Being handed over")
    SENT = "sent", pgettext_lazy("mail delivery", "Sent")
    SKIPPED = "skipped", pgettext_lazy("mail delivery", "Skipped (no longer subscribed)")
    FAILED = "failed", pgettext_lazy("mail delivery", "Refused by the mail server")


class BounceKind(models.TextChoices):
    HARD = "hard", _("Hard bounce")
    SOFT = "soft", _("Soft bounce")
    COMPLAINT = "complaint", _("Complaint")


# A subscription's steps. The visitor's own steps (confirm, unsubscribe, change back) are taken through the
# signed link in their mail, which is the authority: they run as system steps with the link recorded.
SUBSCRIPTION_TRANSITIONS = TransitionTable(
    Transition("confirm", {SubscriptionStatus.PENDING}, SubscriptionStatus.ACTIVE,
               label=_("Confirmed by the reader"), system=True, fields=("confirmed_at",)),
    Transition("unsubscribe", {SubscriptionStatus.PENDING, SubscriptionStatus.ACTIVE}, SubscriptionStatus.UNSUBSCRIBED,
               label=_("Unsubscribed by the reader"), system=True, fields=("unsubscribed_at", "unsubscribed_from")),
    Transition("resubscribe", {SubscriptionStatus.UNSUBSCRIBED}, SubscriptionStatus.ACTIVE,
               label=_("Subscribed again by the reader"), system=True,
               fields=("confirmed_at", "unsubscribed_at", "unsubscribed_from", "consent_at")),
    Transition("bounce", {SubscriptionStatus.ACTIVE}, SubscriptionStatus.BOUNCED,
               label=_("Stopped: the address bounces"), system=True),
    Transition("complain", {SubscriptionStatus.ACTIVE, SubscriptionStatus.BOUNCED}, SubscriptionStatus.COMPLAINED,
               label=_("Stopped: the reader marked it as spam"), system=True),
    Transition("remove", {SubscriptionStatus.PENDING, SubscriptionStatus.ACTIVE}, SubscriptionStatus.UNSUBSCRIBED,
               "newsletter.manage_subscription", pgettext_lazy("subscription", "Remove from the list"),
               fields=("unsubscribed_at",)),
    Transition("reactivate", {SubscriptionStatus.BOUNCED}, SubscriptionStatus.ACTIVE, "newsletter.manage_subscription",
               _("Send again (the address was fixed)"), fields=("soft_bounces",)),
)

CAMPAIGN_TRANSITIONS = TransitionTable(
    Transition("schedule", {CampaignStatus.DRAFT}, CampaignStatus.SCHEDULED, "newsletter.send_campaign",
               pgettext_lazy("mail issue", "Schedule"), guard="complete", fields=("scheduled_at",)),
    Transition("unschedule", {CampaignStatus.SCHEDULED}, CampaignStatus.DRAFT, "newsletter.send_campaign",
               pgettext_lazy("mail issue", "Back to draft")),
    Transition("cancel", {CampaignStatus.DRAFT, CampaignStatus.SCHEDULED}, CampaignStatus.CANCELLED,
               "newsletter.send_campaign", pgettext_lazy("mail issue", "Cancel")),
    Transition("start", {CampaignStatus.SCHEDULED}, CampaignStatus.SENDING, label=_("Sending started"),
               system=True, guard="complete", fields=("started_at", "recipients")),
    Transition("finish", {CampaignStatus.SENDING}, CampaignStatus.SENT, label=_("Sending finished"), system=True,
               fields=("finished_at",)),
)
