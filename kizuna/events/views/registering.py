"""Registering, one's registrations, cancelling, accepting an offered seat; staff approve or decline."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kizuna.core.actions import flash_errors
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required
from kizuna.core.rules import working_orgs

from .. import queries, questions, services
from ..enums import Status
from ..forms import ColleaguesForm, RegistrationForm
from ..models import AnswerFile
from ._common import act, event_of, registration_of, visible_or_404
from .finding import detail_page

OUTCOME = {
    Status.CONFIRMED: gettext_lazy("You are registered. A confirmation with a calendar file is on its way."),
    Status.PENDING: gettext_lazy("Your registration was received; staff will approve it."),
    Status.WAITING: gettext_lazy("The event is full: you are on the waiting list."),
    Status.APPLIED: gettext_lazy("Your application was received: seats are drawn by lot after applications close."),
}


@require_POST
@permission_required("events.register", get_object=event_of)
def register(request, pk, obj):
    """Register with the answers to the event's questions; refused answers are shown beside their fields on the
    event's page (400), and nothing is saved."""
    form = RegistrationForm(request.POST, request.FILES, event=obj)
    if form.is_valid():
        try:
            registration = services.register(by=request.user, event=obj, answers=form.answers(),
                                             session_ids=form.session_ids())
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # about the event (closed, full, registered already)
                flash_errors(request, error)
                return redirect(obj)
            add_service_errors(form, error)
        else:
            messages.success(request, str(OUTCOME[registration.status]))
            return redirect(registration)
    return detail_page(request, obj, form, status=400)


@permission_required("events.view_own_registrations")
def my_registrations(request):
    return render(request, "events/my_registrations.html",
                  {"registrations": list(queries.own_registrations(request.user))})


@permission_required("events.view_registration", get_object=registration_of)
def registration_detail(request, pk, obj):
    qr = segno.make(obj.code, error="m").svg_inline(scale=6, title=_("Check-in code")) if obj.is_confirmed else ""
    return render(request, "events/registration_detail.html", {
        "registration": obj, "event": obj.event, "qr": qr,
        "can_cancel": obj.status in obj.transitions["cancel"].sources
        and request.user.has_perm("events.cancel_registration", obj),
        "can_accept": obj.status == Status.OFFERED and request.user.has_perm("events.accept_offer", obj),
        "can_manage": request.user.has_perm("events.manage_event", obj.event),
        "answered": hasattr(obj, "survey_response"), "answers": answers_of(obj)})


def answers_of(registration) -> list[dict]:
    """The registration's answers as they read, with the files given in answer."""
    files = {f.question: f for f in registration.answer_files.all()}
    return questions.readable(questions.questions_of(registration.event), registration.answers, files)


def answer_file_of(request, pk, **kwargs):
    return visible_or_404(request, AnswerFile.objects.all(), pk)


@permission_required("events.view_answer_file", get_object=answer_file_of)
def answer_file(request, pk, obj):
    """A file given in answer to a registration question, for the registrant and those who see the roster."""
    return FileResponse(obj.file.open("rb"), as_attachment=True, filename=obj.name,
                        content_type=obj.content_type or "application/octet-stream")


@permission_required("events.view_registration", get_object=registration_of)
def registration_qr(request, pk, obj):
    if not obj.is_confirmed:
        return HttpResponse(_("No code: this registration is not confirmed."), status=404)
    return HttpResponse(segno.make(obj.code, error="m").svg_inline(scale=8), content_type="image/svg+xml")


@require_POST
@permission_required("events.cancel_registration", get_object=registration_of)
def registration_cancel(request, pk, obj):
    return act(request, obj, _("The registration was cancelled."), services.cancel_registration, registration=obj)


@require_POST
@permission_required("events.accept_offer", get_object=registration_of)
def registration_accept(request, pk, obj):
    return act(request, obj, _("You took the seat: you are registered."), services.accept_offer, registration=obj)


@require_POST
@permission_required("events.decide_registration", get_object=registration_of)
def registration_approve(request, pk, obj):
    return act(request, obj, _("Approved."), services.approve_registration, registration=obj)


@require_POST
@permission_required("events.decide_registration", get_object=registration_of)
def registration_decline(request, pk, obj):
    return act(request, obj, _("Declined."), services.decline_registration, registration=obj)


def _colleagues_org(request, pk, org_pk, **kwargs):


    if not request.user.is_authenticated:
        return None
    event_of(request, pk)
    orgs = {o.pk: o for o in working_orgs(request.user)}
    if org_pk not in orgs:

        raise Http404
    return get_object_or_404(type(orgs[org_pk]), pk=org_pk)


@permission_required("events.register_colleagues", get_object=_colleagues_org)
def register_colleagues(request, pk, org_pk, obj):

    event = event_of(request, pk)
    form = ColleaguesForm(request.POST or None, organisation=obj)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.register_colleagues(by=request.user, event=event, organisation=obj,
                                                people=list(form.cleaned_data["people"]))
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # about the event (closed, full, registered already)
                flash_errors(request, error)
                return redirect(obj)
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s colleagues registered.") % {"n": len(done)})
            return redirect("events:mine")
    return render(request, "events/colleagues.html", {"event": event, "organisation": obj, "form": form},
                  status=400 if form.errors else 200)
