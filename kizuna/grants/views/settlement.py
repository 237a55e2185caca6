"""Settling an award: the notice of the fixed amount, refund orders (返還請求) and payment requests (請求書)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return, submit_form
from kizuna.core.downloads import pdf_response
from kizuna.core.permissions import permission_required

from .. import queries, services
from ..checks import yen
from ..enums import PaymentRequestStatus, RefundStatus
from ..forms import (
    PaymentRequestAnswerForm,
    PaymentRequestForm,
    RefundCancelForm,
    RefundOrderForm,
    RefundReceiveForm,
)
from ..models import PaymentRequest, RefundOrder
from ..services.letters import amount_letter_pdf, refund_letter_pdf
from ..services.settlement import default_refund_due, requestable_kinds
from ._common import application_of


def refund_of(request, pk, refund_pk, **kwargs):
    return get_object_or_404(RefundOrder.objects.visible_to(request.user)
                             .select_related("application__call__scheme", "application__applicant",
                                             "application__person"), application_id=pk, pk=refund_pk)


def payment_request_of(request, pk, request_pk, **kwargs):
    return get_object_or_404(PaymentRequest.objects.visible_to(request.user).select_related("application__call"),
                             application_id=pk, pk=request_pk)


def _form_page(request, *, form, title, back, intro, submit_label):
    """The one-form page (core/form.html) with a button that says what it does."""
    return render(request, "core/form.html", {"form": form, "title": title, "back": back, "intro": intro,
                                              "submit_label": submit_label},
                  status=400 if form.is_bound and form.errors else 200)



@permission_required("grants.download_letter", get_object=application_of)
def amount_letter(request, pk, obj):
    """The notice of the fixed amount (額の確定通知書)."""
    if obj.final_amount is None:
        messages.error(request, _("There is no notice of the fixed amount yet: the amount has not been fixed."))
        return redirect(obj)
    return pdf_response(amount_letter_pdf(obj), f"grant-fixed-amount-{obj.pk}.pdf")


@permission_required("grants.order_refund", get_object=application_of)
def refund_issue(request, pk, obj):
    form = RefundOrderForm(request.POST or None, initial={"due_on": default_refund_due()})
    if request.method == "POST" and (done := submit_form(
            request, form, lambda **data: services.issue_refund_order(by=request.user, application=obj, **data),
            _("The refund order was issued; its letter is mailed to the grantee."), obj)):
        return done
    balance = queries.balance_of(obj)
    intro = _("%(application)s — paid %(paid)s, fixed at %(fixed)s: a refund of %(amount)s is ordered.") % {
        "application": obj, "paid": yen(balance.paid), "fixed": yen(balance.fixed or 0),
        "amount": yen(balance.refund_unordered)}
    return _form_page(request, form=form, title=_("Order a refund"), back=obj.get_absolute_url(), intro=intro,
                      submit_label=_("Issue the refund order"))


@permission_required("grants.view_refundorder", get_object=refund_of)
def refund_letter(request, pk, refund_pk, obj):
    """The refund order's letter (返還請求書)."""
    return pdf_response(refund_letter_pdf(obj), f"grant-refund-{obj.pk}.pdf")


@permission_required("grants.record_refund", get_object=refund_of)
def refund_receive(request, pk, refund_pk, obj):
    form = RefundReceiveForm(request.POST or None, initial={"received_on": timezone.localdate(),
                                                            "received_amount": obj.amount})
    if request.method == "POST" and (done := submit_form(
            request, form, lambda **data: services.receive_refund(by=request.user, refund=obj, **data),
            _("The refund was recorded as received."), obj.application)):
        return done
    intro = _("%(refund)s, to be paid by %(due)s") % {"refund": obj, "due": obj.due_on}
    return _form_page(request, form=form, title=_("Record the refund received"),
                      back=obj.application.get_absolute_url(), intro=intro,
                      submit_label=_("Record the refund received"))


@permission_required("grants.record_refund", get_object=refund_of)
def refund_cancel(request, pk, refund_pk, obj):
    form = RefundCancelForm(request.POST or None)
    if request.method == "POST" and (done := submit_form(
            request, form, lambda cancel_reason: services.cancel_refund(by=request.user, refund=obj,
                                                                        reason=cancel_reason),
            _("The refund order was cancelled."), obj.application)):
        return done
    return _form_page(request, form=form, title=_("Cancel the refund order"),
                      back=obj.application.get_absolute_url(), intro=str(obj),
                      submit_label=pgettext("refund order", "Cancel the refund order"))


@permission_required("grants.view_refund_orders")
def refunds(request):
    """Refund orders waiting for the refund, across calls: the overdue ones first."""
    today = timezone.localdate()
    rows = queries.open_refund_orders(request.user)
    return render(request, "grants/refunds.html", {
        "rows": rows, "today": today, "overdue": sum(1 for r in rows if r.is_overdue(today))})


@permission_required("grants.request_payment", get_object=application_of)
def payment_request(request, pk, obj):
    kinds = requestable_kinds(obj)
    form = PaymentRequestForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and (done := submit_form(
            request, form, lambda **data: services.request_payment(by=request.user, application=obj, **data),
            _("The payment request was sent to CLAIR."), obj)):
        return done
    balance = queries.balance_of(obj)
    intro = (_("%(application)s — at most %(room)s can be asked for now.") % {
        "application": obj, "room": yen(balance.room)} if kinds
        else _("No payment can be asked for at this stage of the application."))
    return _form_page(request, form=form, title=_("Request a payment"), back=obj.get_absolute_url(), intro=intro,
                      submit_label=_("Send the payment request"))


@permission_required("grants.answer_payment_request", get_object=payment_request_of)
@require_POST
def payment_request_answer(request, pk, request_pk, obj):
    form = PaymentRequestAnswerForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj.application, form)
    return run_and_return(request, obj.application,
                          lambda: services.answer_payment_request(by=request.user, request=obj, **form.cleaned_data),
                          _("The payment request was answered."))


def settlement_context(obj, user) -> dict:
    """What the application's page shows and offers to settle a decided grant: the balance, the notice of the
    fixed amount, refund orders and payment requests, each with what this person may do on it."""
    if not obj.call.scheme.pays_money or not user.has_perm("grants.view_settlement", obj):
        return {}
    balance = queries.balance_of(obj)
    today = timezone.localdate()
    kinds = requestable_kinds(obj)
    return {
        "balance": balance,
        "can_amount_letter": obj.final_amount is not None and user.has_perm("grants.download_letter", obj),
        "refunds": [(r, r.is_overdue(today),
                     r.status == RefundStatus.ISSUED and user.has_perm("grants.record_refund", r))
                    for r in obj.refund_orders.visible_to(user).order_by("pk")],
        "can_order_refund": bool(balance.refund_unordered) and user.has_perm("grants.order_refund", obj),
        "payment_requests": [(r, r.status == PaymentRequestStatus.SUBMITTED
                              and user.has_perm("grants.answer_payment_request", r))
                             for r in obj.payment_requests.visible_to(user).select_related("submitted_by")
                             .order_by("pk")],
        "can_request_payment": bool(kinds) and balance.room > 0 and user.has_perm("grants.request_payment", obj),
        "payment_request_answer_form": PaymentRequestAnswerForm(),
    }
