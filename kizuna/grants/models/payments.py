"""Payments (概算払 advance, 精算 settlement) with the two-person rule."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import PAYMENT_TRANSITIONS, PaymentKind, PaymentStatus
from .applications import Application


class Payment(models.Model):
    transitions = PAYMENT_TRANSITIONS

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("kind"), max_length=12, choices=PaymentKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices,
                              default=PaymentStatus.PREPARED)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["application", "pk"]
        constraints = [
            state_constraint("grants_payment", PaymentStatus),
            # Approved means approved by someone: the status and the approver never disagree.
            models.CheckConstraint(condition=Q(status=PaymentStatus.PREPARED, approved_by__isnull=True)
                                   | Q(status=PaymentStatus.APPROVED, approved_by__isnull=False),
                                   name="grants_payment_approved_by_approver"),
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                                   name="grants_payment_two_people"),
            models.CheckConstraint(condition=Q(amount__gte=1), name="grants_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount:,}"
