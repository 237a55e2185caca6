"""Dispatch pages to read and fill: my dispatches, asking for an expert, a dispatch, the registry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.permissions import permission_required

from .. import matching, queries, services, statements
from ..enums import PLANNING, Programme, Status, VisitStatus
from ..forms import DatesForm, DispatchForm, ProfileForm, ReportForm, SurveyForm
from ..models import Dispatch, ReportFile, Visit
from ._common import dispatch_of, expert_of


def _form_page(request, form, title, back):
    return render(request, "core/form.html", {"form": form, "title": title, "back": back},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("dispatch.view_own_dispatches")
def mine(request):
    return render(request, "dispatch/mine.html", {
        "dispatches": queries.own_dispatches(request.user),
        "profile": getattr(request.user, "expert_profile", None),
        "applications": queries.own_applications(request.user).exists(),
        "can_request": request.user.has_perm("dispatch.request_dispatch")})


@permission_required("dispatch.request_dispatch")
def new(request):
    form = DispatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        host, programme = data.pop("host"), data.pop("programme")
        try:
            dispatch = services.request_dispatch(by=request.user, host=host, programme=programme, data=data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            notice = services.fee_notice(dispatch)
            if notice:
                messages.warning(request, notice)
            return redirect(dispatch)
    return _form_page(request, form, _("Ask for an expert"), "/dispatch/")


@permission_required("dispatch.view_dispatch", get_object=dispatch_of)
def detail(request, pk, obj):
    user = request.user
    actions = {t.action for t in Dispatch.transitions.available(obj, user)}
    visits = _visits(user, obj)
    if any(v.status != VisitStatus.CANCELLED for v, _actions in visits):
        actions.discard("report")  # each visit of the series is reported on its own
    matches = matching.rank(obj, limit=matching.SHOWN) if "offer" in actions else []
    return render(request, "dispatch/detail.html", {
        "d": obj, "actions": actions, "matches": matches, "fee_notice": services.fee_notice(obj),
        "report_form": ReportForm(initial={"hours": obj.hours}), "survey_form": SurveyForm(), "visits": visits,
        "can_plan": obj.status in PLANNING and user.has_perm("dispatch.plan_visits", obj),
        "files": ReportFile.objects.visible_to(user).filter(dispatch=obj).select_related("visit"),
        "can_add_files": obj.status in services.FILES_OPEN and user.has_perm("dispatch.add_report_files", obj)})


def _visits(user, dispatch) -> list:
    """(visit, the actions the person may take on it) for the engagement's visits."""
    found = []
    for visit in dispatch.visits.all():
        visit.dispatch = dispatch
        found.append((visit, {t.action for t in Visit.transitions.available(visit, user)
                              if t.action != "report" or dispatch.status == Status.CONFIRMED}))
    return found


@permission_required("dispatch.view_board")
def board(request):
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    return render(request, "dispatch/board.html", {"dispatches": queries.board(request.user, status=status),
                                                   "statuses": Status.choices, "status": status})


@permission_required("dispatch.view_experts")
def experts(request):
    programme = request.GET.get("programme", "")
    programme = programme if programme in Programme.values else ""
    q = request.GET.get("q", "")[:100]
    return render(request, "dispatch/experts.html", {
        "experts": queries.experts(request.user, programme=programme, q=q), "programmes": Programme.choices,
        "programme": programme, "q": q})


@permission_required("dispatch.view_expert", get_object=expert_of)
def expert(request, pk, obj):
    return render(request, "dispatch/expert.html", {
        "e": obj, "dates": obj.dates.all(), "can_edit": request.user.has_perm("dispatch.edit_expert", obj),
        "dates_form": DatesForm(),
        "statement_months": (statements.months_of(request.user, obj)
                             if request.user.has_perm("dispatch.view_statement", obj) else None)})


@permission_required("dispatch.edit_expert", get_object=expert_of)
def expert_edit(request, pk, obj):
    form = ProfileForm(request.POST or None, initial={
        "fields_": ", ".join(obj.fields), "languages": ", ".join(obj.languages), "regions": ", ".join(obj.regions),
        "onsite": obj.onsite, "online": obj.online, "bio": obj.bio})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(by=request.user, expert=obj, data=form.data_for_service())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect(obj)
    return _form_page(request, form, _("Edit the profile"), obj.get_absolute_url())


@permission_required("dispatch.edit_expert", get_object=expert_of)
@require_POST
def expert_dates(request, pk, obj):
    form = DatesForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.set_dates(by=request.user, expert=obj, days=form.days(),
                                                                   available=form.cleaned_data["available"]),
                          _("Your availability was saved."))
