"""Registering without an account: the public form, the confirmation from the mailbox, and the registration's
signed link (see, change the answers, accept an offered seat, cancel)."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import run_and_return
from kizuna.core.forms import add_service_errors
from kizuna.core.i18n import speak
from kizuna.core.permissions import public
from kizuna.core.ratelimit import client_address

from .. import links, questions, services
from ..enums import ACTIVE, Status
from ..forms import AnswersForm, GuestForm
from ..services import guests
from ._common import event_of
from .registering import OUTCOME


def _welcoming_event(request, pk):
    event = event_of(request, pk)
    if not guests.guests_welcome(event):
        raise Http404(_("This event takes registrations from people with an account only."))
    return event


@public("events.register_as_guest")
@require_http_methods(["GET", "POST"])
def guest_register(request, pk):
    """The public form (also shown on the event's page to visitors who are not signed in)."""
    event = _welcoming_event(request, pk)
    form = GuestForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guests.ask_to_register(event=event, name=data["name"], email=data["email"], language=data["language"],
                                   affiliation=data["affiliation"], answers=form.answers(),
                                   session_ids=form.session_ids(), client=client_address(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "events/guest_check_mail.html",
                          {"event": event, "email": data["email"].strip().lower()})
    return render(request, "events/guest_register.html", {"event": event, "form": form},
                  status=400 if form.errors else 200)


@public("events.register_as_guest")
@require_http_methods(["GET", "POST"])
def guest_confirm(request, pk, token):
    """The link in the confirmation mail: a page that says what will be registered, and a button that does it
    (a mail scanner opening the link registers nobody)."""
    event = _welcoming_event(request, pk)
    try:
        asked = guests.read_request(event, token)
    except ValidationError as error:
        return render(request, "events/guest_confirm.html", {"event": event, "problem": error.messages[0]},
                      status=400)
    speak(request, asked["language"])
    if request.method == "POST":
        try:
            registration = guests.confirm(event=event, token=token)
        except ValidationError as error:
            return render(request, "events/guest_confirm.html", {
                "event": event, "asked": asked, "problem": " ".join(error.messages)}, status=400)
        messages.success(request, str(OUTCOME[registration.status]))
        return redirect(links.registration_path(registration))
    sessions = list(event.sessions.filter(pk__in=asked["session_ids"]))
    return render(request, "events/guest_confirm.html", {
        "event": event, "asked": asked, "sessions": sessions, "answers": _answers_shown(event, asked["answers"])})


def _answers_shown(event, answers: dict) -> list[tuple[str, str]]:
    """The answered questions as a person reads them (labels and options in the reader's language)."""
    return [(a["label"], a["text"]) for a in questions.readable(questions.questions_of(event), answers)]


def _linked(pk, token):
    registration = guests.registration_of_link(pk, token)
    if registration is None:
        raise Http404
    return registration


@public("events.use_registration_link")
@require_http_methods(["GET", "POST"])
def guest_registration(request, pk, token):
    """The registration made without an account, opened by its link: status, check-in code, online link, the
    answers (changeable until the event starts), accepting an offered seat, cancelling."""
    registration = _linked(pk, token)
    speak(request, registration.person.preferred_language or "ja")
    event = registration.event
    changeable = registration.status in ACTIVE and event.starts_at > timezone.now()
    form = AnswersForm(request.POST or None, registration=registration) if changeable else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.change_answers(by=registration.person, registration=registration, answers=form.answers(),
                                    affiliation=form.affiliation())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answers were saved."))
            return redirect(request.path)
    qr = (segno.make(registration.code, error="m").svg_inline(scale=6, title=_("Check-in code"))
          if registration.is_confirmed else "")
    return render(request, "events/guest_registration.html", {
        "registration": registration, "event": event, "qr": qr, "form": form, "token": token,
        "answers": _answers_shown(event, registration.answers or {}),
        "can_cancel": registration.status in registration.transitions["cancel"].sources,
        "can_accept": registration.status == Status.OFFERED},
        status=400 if form is not None and form.errors else 200)


@public("events.use_registration_link")
@require_POST
def guest_cancel(request, pk, token):
    registration = _linked(pk, token)
    return run_and_return(request, request.path.rsplit("cancel/", 1)[0], lambda: services.cancel_registration(
        by=registration.person, registration=registration), _("The registration was cancelled."))


@public("events.use_registration_link")
@require_POST
def guest_accept(request, pk, token):
    registration = _linked(pk, token)
    return run_and_return(request, request.path.rsplit("accept/", 1)[0], lambda: services.accept_offer(
        by=registration.person, registration=registration), _("You took the seat: you are registered."))
