"""Settling an award (精算): refund orders (返還請求) when more was paid than the fixed amount, and the grantee's
payment requests (請求書) that headquarters accept (preparing the payment) or return."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged
from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from ..checks import yen
from ..enums import (
    DECIDED,
    PAYMENT_REQUEST_TRANSITIONS,
    REFUND_TRANSITIONS,
    PaymentKind,
    PaymentRequestStatus,
    Status,
)
from ..models import Application, PaymentRequest, RefundOrder
from ..queries import balance_of
from ..tasks import send_refund_letter
from .after import check_advance_allowed, prepare_payment
from .letters import recipients, take_letter_numbers

REFUND_DAYS = 30  # a refund order's default time to pay (納付期限)


def default_refund_due(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=REFUND_DAYS)


# Refund orders (返還請求)

@transaction.atomic
def issue_refund_order(*, by, application: Application, due_on: date | None = None, note: str = "") -> RefundOrder:
    """Order the grantee to pay back what was paid beyond the fixed amount (the amount is that gap, not typed),
    by `due_on` (30 days by default); its letter (返還請求書) is numbered and mailed after the commit."""
    require(by, "grants.order_refund", application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.FIXED:
        raise ValidationError(_("A refund is ordered once the final amount is fixed."), code="state")
    balance = balance_of(application)
    if balance.waiting:
        raise ValidationError(_("A payment is waiting for approval: approve it before ordering a refund, so that "
                                "the refund counts it."), code="waiting")
    if not balance.refund_unordered:
        raise ValidationError(_("Nothing is to be refunded: the payments are not above the fixed amount (or a "
                                "refund order already covers the difference)."), code="nothing")
    today = timezone.localdate()
    due_on = due_on or default_refund_due(today)
    if due_on <= today:
        raise ValidationError({"due_on": ValidationError(_("The due date must be after today."), code="past")})
    now = timezone.now()
    (number,) = take_letter_numbers(fiscal_year_of(today), 1, by=by)
    refund = create_logged(RefundOrder, "grants.refundorder.issue", by=by, application=application,
                           amount=balance.refund_unordered, due_on=due_on, note=note.strip(), issued_at=now,
                           issued_by=by, **number)
    pk = refund.pk
    transaction.on_commit(lambda: send_refund_letter.enqueue(refund_id=pk))
    return refund


@REFUND_TRANSITIONS.guard("received_in_full")
def _received_in_full(refund, *, by, **changes) -> None:
    errors = {}
    if refund.received_on is None:
        errors["received_on"] = ValidationError(_("Enter the day the refund was received."), code="required")
    elif refund.received_on > timezone.localdate():
        errors["received_on"] = ValidationError(_("The day received cannot be in the future."), code="future")
    if refund.received_amount != refund.amount:
        errors["received_amount"] = ValidationError(
            _("The refund is recorded when all of it has come in: %(amount)s.") % {"amount": yen(refund.amount)},
            code="partial")
    if errors:
        raise ValidationError(errors)


@REFUND_TRANSITIONS.guard("reason_given")
def _cancel_reason_given(refund, *, by, **changes) -> None:
    if not (refund.cancel_reason or "").strip():
        raise ValidationError({"cancel_reason": ValidationError(_("Say why the refund order is cancelled."),
                                                                code="reason")})


def receive_refund(*, by, refund: RefundOrder, received_on: date | None, received_amount: int | None
                   ) -> RefundOrder:
    """Record that the refund came in, in full, on `received_on`."""
    return transition(refund, "receive", by=by, received_on=received_on, received_amount=received_amount,
                      recorded_by=by, recorded_at=timezone.now())


def cancel_refund(*, by, refund: RefundOrder, reason: str) -> RefundOrder:
    """Cancel a refund order issued in error (a new one may be issued for what is still owed)."""
    return transition(refund, "cancel", by=by, note=reason, cancel_reason=reason.strip(), recorded_by=by,
                      recorded_at=timezone.now())


# Payment requests (請求書)

def requestable_kinds(application: Application) -> list[str]:
    """What the grantee may ask for now: an advance while the project runs (if the scheme pays advances), the
    settlement once the amount is fixed (a JET claim's, once decided)."""
    if application.status == Status.FIXED or (application.call.scheme.claims_for_participants
                                              and application.status in DECIDED):
        return [PaymentKind.SETTLEMENT]
    if application.status in DECIDED and application.call.scheme.advance_payments:
        return [PaymentKind.ADVANCE]
    return []


@transaction.atomic
def request_payment(*, by, application: Application, kind: str, amount: int, note: str = "") -> PaymentRequest:
    """The grantee asks for a payment of `kind`, never more than is still due: the amount due less every payment
    (approved or prepared) and the requests waiting for an answer."""
    require(by, "grants.request_payment", application)
    application = Application.objects.select_for_update().select_related("call__scheme").get(pk=application.pk)
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": ValidationError(_("Choose the kind of payment."), code="kind")})
    if kind not in requestable_kinds(application):
        if kind == PaymentKind.ADVANCE:
            check_advance_allowed(application, kind)
        raise ValidationError({"kind": ValidationError(
            _("The settlement is asked for once the final amount is fixed.") if kind == PaymentKind.SETTLEMENT
            else _("A payment is asked for after the grant decision."), code="state")})
    room = balance_of(application).room
    if amount < 1 or amount > room:
        raise ValidationError({"amount": ValidationError(
            _("At most %(room)s can be asked for now (the amount due less what is paid, prepared or already "
              "asked for).") % {"room": yen(room)}, code="over")})
    return create_logged(PaymentRequest, "grants.paymentrequest.submit", by=by, application=application,
                         kind=kind, amount=amount, note=note.strip(), submitted_by=by)


@PAYMENT_REQUEST_TRANSITIONS.guard("reason_given")
def _return_reason_given(request, *, by, **changes) -> None:
    if not (request.reason or "").strip():
        raise ValidationError({"reason": ValidationError(_("Say why the request is returned."), code="reason")})


@PAYMENT_REQUEST_TRANSITIONS.effect("accept", "return")
def _mail_the_grantee(request, *, by, note=""):
    to = recipients(request.application)
    if to:
        template = ("grants/mail/payment_request_accepted" if request.status == PaymentRequestStatus.ACCEPTED
                    else "grants/mail/payment_request_returned")
        queue_mail(to=to, template=template, context={"application": request.application,
                                                      "payment_request": request})


@transaction.atomic
def accept_payment_request(*, by, request: PaymentRequest) -> PaymentRequest:
    """Accept the request: its payment is prepared by the person accepting (a second person approves it)."""
    require(by, "grants.answer_payment_request", request)
    if request.status != PaymentRequestStatus.SUBMITTED:
        # said before a payment is prepared; the transition below says it again under its lock
        return transition(request, "accept", by=by)
    payment = prepare_payment(by=by, application=request.application, kind=request.kind, amount=request.amount)
    return transition(request, "accept", by=by, payment=payment, answered_by=by, answered_at=timezone.now())


def return_payment_request(*, by, request: PaymentRequest, reason: str) -> PaymentRequest:
    return transition(request, "return", by=by, note=reason, reason=reason.strip(), answered_by=by,
                      answered_at=timezone.now())


def answer_payment_request(*, by, request: PaymentRequest, accept: bool, reason: str = "") -> PaymentRequest:
    if accept:
        return accept_payment_request(by=by, request=request)
    return return_payment_request(by=by, request=request, reason=reason)
