"""The claim's guard and effect, attached to its table by name."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .enums import CLAIM_TRANSITIONS

SENT: list = []


@CLAIM_TRANSITIONS.guard("amount_positive")
def amount_positive(claim, **kwargs):
    if claim.amount <= 0:
        raise ValidationError("The amount must be positive.", code="amount")


@CLAIM_TRANSITIONS.effect("submit")
def notify(claim, *, by, note=""):
    """Renders now (a failure refuses the step), delivers after the commit."""
    if note == "explode":
        raise RuntimeError("the effect failed")
    message = (claim.pk, claim.status, note)
    transaction.on_commit(lambda: SENT.append(message))
