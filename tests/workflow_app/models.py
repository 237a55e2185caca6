from django.conf import settings
from django.db import models

from kizuna.core.policies import IsUser, Policy, VisibleQuerySet, register
from kizuna.core.rules import CLAIR_STAFF
from kizuna.core.workflow import state_constraint

from .enums import CLAIM_TRANSITIONS, Status


class Claim(models.Model):
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    amount = models.IntegerField("amount", default=0)
    comment = models.CharField("comment", max_length=200, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.DRAFT)

    transitions = CLAIM_TRANSITIONS
    audited = True
    audit_masked = ("comment",)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(amount__lte=1_000_000), name="claim_amount_cap"),
                       state_constraint("claim", Status)]

    def __str__(self):
        return f"Claim {self.pk}"


class ClaimPolicy(Policy):
    model = "workflow_app.Claim"
    view = "workflow_app.view_claim"
    actions = {
        "workflow_app.view_claim": IsUser("claimant") | CLAIR_STAFF,
        "workflow_app.submit_claim": IsUser("claimant"),
        "workflow_app.decide_claim": CLAIR_STAFF,
    }


register(ClaimPolicy())
