"""A claim that moves draft → submitted → approved / returned, and expires as a system step: the workflow
helper's test subject. Like every app's enums, this module imports nothing else of its app."""

from django.db import models

from kizuna.core.workflow import Transition, TransitionTable


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"
    EXPIRED = "expired", "Expired"


CLAIM_TRANSITIONS = TransitionTable(
    Transition("submit", {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, "workflow_app.submit_claim",
               "Submit", guard="amount_positive", fields=("amount", "comment")),
    Transition("return", {Status.SUBMITTED}, Status.RETURNED, "workflow_app.decide_claim", "Return"),
    Transition("approve", {Status.SUBMITTED}, Status.APPROVED, "workflow_app.decide_claim", "Approve",
               fields=("comment",)),
    Transition("expire", {Status.DRAFT}, Status.EXPIRED, label="Expire", system=True),
)
