import rules
from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from kizuna.core.rules import is_clair_staff

from .enums import CLAIM_TRANSITIONS, Status


@rules.predicate
def is_claimant(user, claim):
    return claim is not None and claim.claimant_id == user.pk


rules.add_perm("workflow_app.submit_claim", is_claimant)
rules.add_perm("workflow_app.decide_claim", is_clair_staff)


class Claim(models.Model):
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    amount = models.IntegerField(default=0)
    comment = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)

    transitions = CLAIM_TRANSITIONS

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(amount__lte=1_000_000), name="claim_amount_cap")]

    def __str__(self):
        return f"Claim {self.pk}"


auditlog.register(Claim)
