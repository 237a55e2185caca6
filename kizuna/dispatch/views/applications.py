"""Applications to join the expert bank: the applicant's form and status, headquarters' list, vetting and
decisions; each page calls one service (kizuna/dispatch/applying.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import run_and_return
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required

from .. import applying, queries
from ..enums import APPLICATION_EDITABLE, APPLICATION_OPEN, ApplicationStatus, Programme
from ..forms import ApplicationForm, DecisionForm, VettingForm, application_initial
from ..models import ApplicationFile, ExpertApplication


def application_of(request, pk, **kwargs):
    return get_object_or_404(ExpertApplication.objects.visible_to(request.user).select_related("person", "expert"),
                             pk=pk)


def _application_form(request, initial=None):
    return ApplicationForm(request.POST or None, request.FILES or None, initial=initial,
                           field_choices=queries.field_choices(), prefectures=queries.prefectures())


def _save(request, form, application=None):
    """The POST of the form: saved as a draft, or submitted with the button that says so; the page again with
    the refusal beside the fields (400) otherwise."""
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            saved = applying.save_application(by=request.user, application=application,
                                              data=form.data_for_service(), files=form.cleaned_data["files"],
                                              submit=submit)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your application was submitted.") if submit
                             else _("Your application was saved as a draft."))
            return redirect(saved)
    return None


@permission_required("dispatch.apply_expert")
def apply(request):
    """Apply to the expert bank: the form, or the application in progress (one at a time)."""
    current = queries.own_applications(request.user).filter(status__in=APPLICATION_OPEN).first()
    if current is not None:
        return redirect("dispatch:application_edit" if current.status in APPLICATION_EDITABLE
                        else "dispatch:application", current.pk)
    form = _application_form(request, initial={"name": request.user.full_name,
                                               "name_kana": request.user.full_name_kana})
    if request.method == "POST":
        done = _save(request, form)
        if done:
            return done
    return render(request, "dispatch/application_form.html", {
        "form": form, "title": _("Apply to the expert bank"), "back": "/dispatch/",
        "past": queries.own_applications(request.user)}, status=400 if form.is_bound else 200)


@permission_required("dispatch.edit_expert_application", get_object=application_of)
def application_edit(request, pk, obj):
    form = _application_form(request, initial=application_initial(obj))
    if request.method == "POST":
        done = _save(request, form, obj)
        if done:
            return done
    return render(request, "dispatch/application_form.html", {
        "form": form, "title": _("Your application to the expert bank"), "back": obj.get_absolute_url(),
        "application": obj}, status=400 if form.is_bound else 200)


def _detail(request, obj, *, vetting=None, decision=None, status=200):
    user = request.user
    staff = user.has_perm("dispatch.review_expert_application", obj)
    actions = {t.action for t in ExpertApplication.transitions.available(obj, user)}
    return render(request, "dispatch/application.html", {
        "a": obj, "staff": staff, "actions": actions, "files": obj.files.all(),
        "can_edit": user.has_perm("dispatch.edit_expert_application", obj),
        "can_withdraw": "withdraw" in actions,
        "undecided": obj.status not in applying.DECIDED,
        "vetting": vetting or VettingForm(initial={k: getattr(obj, k) for k in applying.VETTING_FIELDS}),
        "decision": decision or DecisionForm(application=obj, initial={
            "programme": (obj.programmes or [""])[0], "hourly_fee": obj.fee_expectation})}, status=status)


@permission_required("dispatch.view_expert_application", get_object=application_of)
def application(request, pk, obj):
    return _detail(request, obj)


@permission_required("dispatch.review_expert_application", get_object=application_of)
@require_POST
def application_vet(request, pk, obj):
    form = VettingForm(request.POST)
    if form.is_valid():
        try:
            applying.vet_application(by=request.user, application=obj, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review notes were saved."))
            return redirect(obj)
    return _detail(request, obj, vetting=form, status=400)


@permission_required("dispatch.review_expert_application", get_object=application_of)
@require_POST
def application_review(request, pk, obj):
    return run_and_return(request, obj, lambda: applying.start_review(by=request.user, application=obj),
                          _("The review has started."))


@permission_required("dispatch.withdraw_expert_application", get_object=application_of)
@require_POST
def application_withdraw(request, pk, obj):
    """The applicant withdraws (after the page's confirmation); they may apply again later."""
    return run_and_return(request, obj, lambda: applying.withdraw_application(by=request.user, application=obj),
                          _("Your application was withdrawn. You may apply again at any time."))


@permission_required("dispatch.review_expert_application", get_object=application_of)
@require_POST
def application_decide(request, pk, obj):
    """Accept, return or decline, with the reason mailed to the applicant; refused beside the fields (400)."""
    form = DecisionForm(request.POST, application=obj)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if d["action"] == "accept":
                applying.accept_application(by=request.user, application=obj, programme=d["programme"],
                                            hourly_fee=d["hourly_fee"], reason=d["reason"])
                messages.success(request, _("The application was accepted; the expert is in the registry."))
            elif d["action"] == "return":
                applying.return_application(by=request.user, application=obj, reason=d["reason"])
                messages.success(request, _("The application was returned to the applicant."))
            else:
                applying.decline_application(by=request.user, application=obj, reason=d["reason"])
                messages.success(request, _("The application was declined."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(obj)
    return _detail(request, obj, decision=form, status=400)


@permission_required("dispatch.view_expert_applications")
def applications(request):
    status = request.GET.get("status", "")
    status = status if status in ApplicationStatus.values else ""
    programme = request.GET.get("programme", "")
    programme = programme if programme in Programme.values else ""
    counts = queries.application_counts(request.user)
    return render(request, "dispatch/applications.html", {
        "applications": queries.applications(request.user, status=status, programme=programme),
        "counts": [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices],
        "total": sum(counts.values()), "status": status, "programme": programme,
        "programmes": Programme.choices})


def application_file_of(request, pk, **kwargs):
    return get_object_or_404(ApplicationFile.objects.visible_to(request.user), pk=pk)


@permission_required("dispatch.view_application_file", get_object=application_file_of)
def application_file(request, pk, obj):
    """A reference or qualification, always downloaded (its type checked when it was added)."""
    response = FileResponse(obj.file.open("rb"), content_type=obj.content_type, as_attachment=True,
                            filename=obj.name)
    response["Cache-Control"] = "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
