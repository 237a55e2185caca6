"""Platforms of CLAIR's social-media accounts, and the states of posts and of promotion requests with their
transition tables.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import pgettext_lazy

from kizuna.core.enums import CLAIR_KINDS, LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.workflow import Transition, TransitionTable

# Who holds accounts: headquarters and the overseas offices.
HOLDER_KINDS = frozenset({OrgKind.HEADQUARTERS, OrgKind.OVERSEAS_OFFICE})
# Who asks for a promotion: local governments and associations, and CLAIR (a branch organising an event).
REQUESTER_KINDS = frozenset({*LOCAL_GOVERNMENT_KINDS, OrgKind.ASSOCIATION, *CLAIR_KINDS})
# Who may be featured by a post: a local government.
FEATURED_KINDS = LOCAL_GOVERNMENT_KINDS


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    WECHAT = "wechat", "WeChat"
    X = "x", "X"
    IJAMP = "ijamp", "iJAMP"
    OTHER = "other", pgettext_lazy("social platform", "The office's own channel")


class PostStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("social post", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("social post", "In review")
    APPROVED = "approved", pgettext_lazy("social post", "Approved")
    POSTED = "posted", pgettext_lazy("social post", "Posted")
    CANCELLED = "cancelled", pgettext_lazy("social post", "Cancelled")


# Planned and not yet out: what the calendar shows as coming.
PLANNED = frozenset({PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.APPROVED})

POST_TRANSITIONS = TransitionTable(
    Transition("submit", {PostStatus.DRAFT}, PostStatus.IN_REVIEW, "social.draft_post",
               pgettext_lazy("social post", "Send for review"), guard="complete", fields=("submitted_by",)),
    # Four eyes: the approver is not the person who sent the post for review.
    Transition("approve", {PostStatus.IN_REVIEW}, PostStatus.APPROVED, "social.approve_post",
               pgettext_lazy("social post", "Approve"), guard="four_eyes", fields=("approved_by", "approved_at")),
    Transition("return", {PostStatus.IN_REVIEW, PostStatus.APPROVED}, PostStatus.DRAFT, "social.approve_post",
               pgettext_lazy("social post", "Return to draft"), fields=("approved_by", "approved_at")),
    Transition("mark_posted", {PostStatus.APPROVED}, PostStatus.POSTED, "social.draft_post",
               pgettext_lazy("social post", "Mark as posted"), guard="posted_details",
               fields=("posted_url", "posted_at")),
    Transition("cancel", PLANNED, PostStatus.CANCELLED, "social.draft_post",
               pgettext_lazy("social post", "Cancel the post")),
)


class PromotionStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("promotion request", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("promotion request", "Accepted")
    DECLINED = "declined", pgettext_lazy("promotion request", "Declined")


PROMOTION_TRANSITIONS = TransitionTable(
    # Accepting plans a draft post on the chosen account of the office (an effect of the services).
    Transition("accept", {PromotionStatus.SUBMITTED}, PromotionStatus.ACCEPTED, "social.decide_promotion",
               pgettext_lazy("promotion request", "Accept and plan a post"), guard="office_account",
               fields=("account", "decided_by", "decided_at")),
    Transition("decline", {PromotionStatus.SUBMITTED}, PromotionStatus.DECLINED, "social.decide_promotion",
               pgettext_lazy("promotion request", "Decline"), guard="reason_given",
               fields=("reason", "decided_by", "decided_at")),
)
