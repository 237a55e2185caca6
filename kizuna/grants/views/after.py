"""After the decision: performance report, final amount, payments (two people), change requests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import run_and_return
from kizuna.core.permissions import permission_required

from .. import queries, services
from ..forms import (
    ChangeDecisionForm,
    ChangeRequestForm,
    InterimAnswerForm,
    InterimReportForm,
    InterimScheduleForm,
    PaymentForm,
    ReportForm,
    ReturnForm,
)
from ._common import add_errors, application_of, change_of, form_page, interim_of, payment_of


@permission_required("grants.report_application", get_object=application_of)
def report(request, pk, obj):
    form = ReportForm(request.POST or None, lines=obj.lines.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_report(by=request.user, application=obj, actuals=form.actuals(),
                                   outcomes=form.cleaned_data["outcomes"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The performance report was submitted."))
            return redirect(obj)
    return form_page(request, form=form, title=_("Performance report"), back=obj.get_absolute_url(),
                     intro=str(obj))


@permission_required("grants.accept_report", get_object=application_of)
@require_POST
def report_return(request, pk, obj):
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return run_and_return(request, obj,
                          lambda: services.return_report(by=request.user, application=obj, comment=comment),
                          _("The report was returned for correction."))


@permission_required("grants.accept_report", get_object=application_of)
@require_POST
def fix_amount(request, pk, obj):
    return run_and_return(request, obj, lambda: services.fix_amount(by=request.user, application=obj),
                          _("The report was accepted and the final amount fixed."))


@permission_required("grants.prepare_payment", get_object=application_of)
@require_POST
def payment_prepare(request, pk, obj):
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of payment and a whole amount in yen."))
        return redirect(obj)
    return run_and_return(request, obj,
                          lambda: services.prepare_payment(by=request.user, application=obj, **form.cleaned_data),
                          _("The payment was prepared; another person must approve it."))


@permission_required("grants.approve_payment", get_object=payment_of)
@require_POST
def payment_approve(request, pk, payment_pk, obj):
    return run_and_return(request, obj.application, lambda: services.approve_payment(by=request.user, payment=obj),
                          _("The payment was approved."))


@permission_required("grants.request_change", get_object=application_of)
def change_request(request, pk, obj):
    form = ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_change(by=request.user, application=obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The change request was sent."))
            return redirect(obj)
    return form_page(request, form=form, title=_("Change request"), back=obj.get_absolute_url(), intro=str(obj))


@permission_required("grants.decide_change", get_object=change_of)
@require_POST
def change_decide(request, pk, change_pk, obj):
    form = ChangeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve or refuse the change."))
        return redirect(obj.application)
    return run_and_return(request, obj.application,
                          lambda: services.decide_change(by=request.user, change=obj, **form.cleaned_data),
                          _("The change request was answered."))


@permission_required("grants.schedule_interim", get_object=application_of)
def interim_add(request, pk, obj):
    form = InterimScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_interim_report(by=request.user, application=obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The interim report was scheduled."))
            return redirect(obj)
    return form_page(request, form=form, title=_("Ask for an interim report"), back=obj.get_absolute_url(),
                     intro=str(obj))


@permission_required("grants.submit_interim", get_object=interim_of)
def interim_submit(request, pk, report_pk, obj):
    form = InterimReportForm(request.POST or None, initial={"progress": obj.progress,
                                                            "spent_to_date": obj.spent_to_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_interim_report(by=request.user, report=obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The interim report was submitted."))
            return redirect(obj.application)
    intro = _("%(application)s — due on %(due)s") % {"application": obj.application, "due": obj.due_on}
    if obj.comment:
        intro = f"{intro}. " + _("Returned with: %(comment)s") % {"comment": obj.comment}
    return form_page(request, form=form, title=_("Interim report %(number)d") % {"number": obj.number},
                     back=obj.application.get_absolute_url(), intro=intro)


@permission_required("grants.answer_interim", get_object=interim_of)
@require_POST
def interim_answer(request, pk, report_pk, obj):
    form = InterimAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Accept the interim report or return it for correction."))
        return redirect(obj.application)
    return run_and_return(request, obj.application,
                          lambda: services.answer_interim_report(by=request.user, report=obj, **form.cleaned_data),
                          _("The interim report was answered."))


@permission_required("grants.view_interim_reports")
def interim_reports(request):
    """Interim reports still owed or waiting for an answer, across calls: the overdue ones first."""
    today = timezone.localdate()
    rows = queries.open_interim_reports(request.user)
    return render(request, "grants/interim_reports.html", {
        "rows": rows, "today": today, "overdue": sum(1 for r in rows if r.is_overdue(today))})
