"""Working on a request: one POST view per action, each calling one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required

from .. import services
from ..forms import AnswerForm, MessageForm, NoteForm, OfficeForm, PublishForm, RatingForm, ReasonForm
from ._common import request_of
from .lists import detail_page


def _files(form):
    return form.cleaned_data.get("file") or []


@permission_required("requests.reply_request", get_object=request_of)
@require_POST
def message(request, pk, obj):
    """A message is written at length: refused, the page comes back with the errors beside their fields and the
    words kept (a file is chosen again: browsers do not keep one)."""
    form = MessageForm(request.POST, request.FILES, auto_id="msg_%s", staff=services.THREAD.is_staff(request.user, obj))
    if form.is_valid():
        try:
            services.post_message(by=request.user, request=obj, body=form.cleaned_data["body"],
                                  internal=form.is_note, minutes=form.cleaned_data.get("minutes"),
                                  files=_files(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message was added."))
            return redirect(obj)
    return detail_page(request, obj, message_form=form)


@permission_required("requests.endorse_request", get_object=request_of)
@require_POST
def endorse(request, pk, obj):
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return run_and_return(request, obj, lambda: services.endorse_request(by=request.user, request=obj, note=note),
                          _("The request was endorsed and sent to headquarters."))


@permission_required("requests.accept_request", get_object=request_of)
@require_POST
def accept(request, pk, obj):
    return _to_office(request, obj, services.accept_request, _("The request was accepted and assigned to the office."))


@permission_required("requests.hand_over_request", get_object=request_of)
@require_POST
def hand_over(request, pk, obj):
    return _to_office(request, obj, services.hand_over_request, _("The request was handed over."))


def _to_office(request, obj, service, success):
    """Accepting and handing over both send the request to an office (and optionally one of its staff)."""
    form = OfficeForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    assignee = form.cleaned_data["assignee"]
    return run_and_return(request, obj, lambda: service(
        by=request.user, request=obj, office=form.cleaned_data["office"],
        assignee=assignee.person if assignee else None, note=form.cleaned_data["note"]), success)


@permission_required("requests.decline_request", get_object=request_of)
@require_POST
def decline(request, pk, obj):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.decline_request(by=request.user, request=obj,
                                                                         reason=form.cleaned_data["reason"]),
                          _("The request was declined."))


@permission_required("requests.work_request", get_object=request_of)
@require_POST
def wait(request, pk, obj):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.wait_for_requester(by=request.user, request=obj,
                                                                            question=form.cleaned_data["reason"]),
                          _("The requester was asked; the clock is stopped."))


@permission_required("requests.resume_request", get_object=request_of)
@require_POST
def resume(request, pk, obj):
    return run_and_return(request, obj, lambda: services.resume_request(by=request.user, request=obj),
                          _("Work on the request resumed."))


@permission_required("requests.work_request", get_object=request_of)
@require_POST
def answer(request, pk, obj):
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.answer_request(
        by=request.user, request=obj, deliverable=form.cleaned_data["deliverable"], files=_files(form)),
        _("The answer was sent to the requester."))


@permission_required("requests.rate_request", get_object=request_of)
@require_POST
def rate(request, pk, obj):
    form = RatingForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.rate_request(
        by=request.user, request=obj, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]),
        _("Thank you for your rating."))


@permission_required("requests.withdraw_request", get_object=request_of)
@require_POST
def withdraw(request, pk, obj):
    reason = request.POST.get("reason", "")[:2000]
    return run_and_return(request, obj, lambda: services.withdraw_request(by=request.user, request=obj,
                                                                          reason=reason),
                          _("The request was withdrawn."))


@permission_required("requests.publish_request", get_object=request_of)
@require_POST
def publish(request, pk, obj):
    form = PublishForm(request.POST, attachments=services.publishable_attachments(obj))
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    d = form.cleaned_data
    return run_and_return(request, obj, lambda: services.publish_research(
        by=request.user, request=obj, publish=d["publish"], title=d["title"], title_en=d["title_en"],
        summary=d["summary"], summary_en=d["summary_en"], answer=d["answer"], files=d.get("files", ())),
        _("The public version was saved."))
