"""Moving a dispatch on: one POST view per action, each calling one service."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.permissions import permission_required

from .. import services
from ..forms import ReportForm, SurveyForm
from ..models import Expert
from ._common import dispatch_of


@permission_required("dispatch.assign_expert", get_object=dispatch_of)
@require_POST
def offer(request, pk, obj):
    value = request.POST.get("expert", "")
    found = (Expert.objects.visible_to(request.user).filter(pk=int(value)).first()
             if value.isdigit() and len(value) < 10 else None)
    if found is None:
        messages.error(request, _("Choose an expert."))
        return redirect(obj)
    return run_and_return(request, obj, lambda: services.offer_expert(by=request.user, dispatch=obj, expert=found),
                          _("The dispatch was offered to %(name)s.") % {"name": found.name})


@permission_required("dispatch.respond_offer", get_object=dispatch_of)
@require_POST
def respond(request, pk, obj):
    accept = request.POST.get("accept") == "1"
    said = _("Thank you: the dates are confirmed to everyone.") if accept else _("You declined the offer.")
    return run_and_return(request, obj,
                          lambda: services.respond_offer(by=request.user, dispatch=obj, accept=accept), said)


@permission_required("dispatch.file_report", get_object=dispatch_of)
@require_POST
def report(request, pk, obj):
    form = ReportForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    d = form.cleaned_data
    return run_and_return(request, obj, lambda: services.file_report(by=request.user, dispatch=obj, report=d["report"],
                                                                     hours=d["hours"], travel_costs=d["travel_costs"],
                                                                     allowance=d["allowance"]),
                          _("Your report was filed."))


@permission_required("dispatch.answer_survey", get_object=dispatch_of)
@require_POST
def survey(request, pk, obj):
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.answer_survey(
        by=request.user, dispatch=obj, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]),
        _("Thank you for your answers."))


@permission_required("dispatch.cancel_dispatch", get_object=dispatch_of)
@require_POST
def cancel(request, pk, obj):
    return run_and_return(request, obj, lambda: services.cancel_dispatch(by=request.user, dispatch=obj),
                          _("The dispatch was cancelled."))

