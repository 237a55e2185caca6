"""Settling a grant after its final amount (額の確定): refund orders (返還請求) for what was paid beyond it, and
the grantee's payment requests (請求書) for advances (概算払) and the settlement (精算)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import (
    PAYMENT_REQUEST_TRANSITIONS,
    REFUND_TRANSITIONS,
    PaymentKind,
    PaymentRequestStatus,
    RefundStatus,
)
from .applications import Application, document_number
from .payments import Payment


class RefundOrder(models.Model):
    """An order to pay back what was paid beyond the fixed amount, with its numbered letter (返還請求書)."""

    transitions = REFUND_TRANSITIONS

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="refund_orders")
    amount = models.PositiveBigIntegerField(_("amount to refund (yen)"))
    due_on = models.DateField(_("to be paid by"))
    status = models.CharField(_("status"), max_length=10, choices=RefundStatus.choices,
                              default=RefundStatus.ISSUED)
    note = models.TextField(_("note to the grantee"), blank=True)
    letter_year = models.PositiveSmallIntegerField(_("fiscal year of the letter's number"))
    letter_number = models.PositiveIntegerField(_("letter number"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(pgettext_lazy("refund", "received on"), null=True, blank=True)
    received_amount = models.PositiveBigIntegerField(_("amount received (yen)"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("refund order")
        verbose_name_plural = _("refund orders")
        ordering = ["application", "pk"]
        constraints = [
            state_constraint("grants_refundorder", RefundStatus),
            models.CheckConstraint(condition=Q(amount__gte=1), name="grants_refund_positive"),
            # Received means received on a day, in full.
            models.CheckConstraint(condition=~Q(status=RefundStatus.RECEIVED)
                                   | Q(received_on__isnull=False, received_amount=models.F("amount")),
                                   name="grants_refund_received_in_full"),
            models.UniqueConstraint(fields=["letter_year", "letter_number"], name="grants_refund_letter_unique"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="grants_refund_open_due")]

    def __str__(self) -> str:
        return _("Refund order %(number)s (¥%(amount)s)") % {"number": self.document_number,
                                                              "amount": f"{self.amount:,}"}

    def get_absolute_url(self) -> str:
        return reverse("grants:application", kwargs={"pk": self.application_id}) + f"#refund-{self.pk}"

    @property
    def document_number(self) -> str:
        return document_number(self.letter_number)

    def is_overdue(self, today=None) -> bool:
        return self.status == RefundStatus.ISSUED and self.due_on < (today or timezone.localdate())


class PaymentRequest(models.Model):
    """The grantee's request for a payment (請求書); headquarters accept it (which prepares the payment that a
    second person approves) or return it with the reason."""

    transitions = PAYMENT_REQUEST_TRANSITIONS

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payment_requests")
    kind = models.CharField(_("kind"), max_length=12, choices=PaymentKind.choices)
    amount = models.PositiveBigIntegerField(_("amount requested (yen)"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PaymentRequestStatus.choices,
                              default=PaymentRequestStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reason = models.TextField(_("reason for returning"), blank=True)
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="request")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment request")
        verbose_name_plural = _("payment requests")
        ordering = ["application", "pk"]
        constraints = [
            state_constraint("grants_paymentrequest", PaymentRequestStatus),
            models.CheckConstraint(condition=Q(amount__gte=1), name="grants_paymentrequest_positive"),
            # Accepted means a payment was prepared from it.
            models.CheckConstraint(condition=~Q(status=PaymentRequestStatus.ACCEPTED) | Q(payment__isnull=False),
                                   name="grants_paymentrequest_accepted_payment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount:,}"

    def get_absolute_url(self) -> str:
        return reverse("grants:application", kwargs={"pk": self.application_id}) + f"#payment-request-{self.pk}"
