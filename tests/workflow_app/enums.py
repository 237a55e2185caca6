"""A claim that moves draft → submitted → approved / returned: the workflow helper's test subject."""

from django.core.exceptions import ValidationError
from django.db import models

from kizuna.core.workflow import Transition, TransitionTable

SENT: list = []


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"


def amount_positive(claim, **kwargs):
    if claim.amount <= 0:
        raise ValidationError("The amount must be positive.", code="amount")


def notify(claim, by, note):
    SENT.append((claim.pk, claim.status, note))


CLAIM_TRANSITIONS = TransitionTable(
    Transition("submit", {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, "workflow_app.submit_claim",
               label="Submit", guard=amount_positive, effects=[notify]),
    Transition("return", {Status.SUBMITTED}, Status.RETURNED, "workflow_app.decide_claim", label="Return"),
    Transition("approve", {Status.SUBMITTED}, Status.APPROVED, "workflow_app.decide_claim", label="Approve"),
)
