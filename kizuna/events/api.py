"""Events in the API: the public list, one's own registrations, and for the organisers the roster and check-in."""

import calendar
import re
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import BeforeValidator

from kizuna.core.api import pages_of
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.ratelimit import client_address
from kizuna.core.schemas import BoundedDate, refused, with_errors

from . import queries, questions, roster, services
from .models import Event, EventMail, Exhibitor, Registration
from .schemas import (
    MAX_ID,
    AskedOut,
    CheckInIn,
    CheckInOut,
    EventOut,
    GuestRegistrationIn,
    LeadIn,
    LeadOut,
    LeadRowOut,
    RegisterIn,
    RegistrantMailIn,
    RegistrantMailOut,
    RegistrationOut,
    RosterRowOut,
)
from .services import guests, leads, mailing

router = Router(tags=["events"])


def _month_end(value):
    """YYYY-MM-DD; a day past the month's end (02-30) means the month's last day."""
    found = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])-(\d{2})", value) if isinstance(value, str) else None
    if found:
        year, month, day = (int(x) for x in found.groups())
        last = calendar.monthrange(year, month)[1] if year else 31
        if 28 < day <= 31 and day > last:
            return f"{year:04d}-{month:02d}-{last:02d}"
    return value


FilterDate = Annotated[BoundedDate, BeforeValidator(_month_end)]


def _event_out(e) -> dict:
    return {"id": e.pk, "title": e.title, "title_en": e.title_en, "kind": e.kind, "format": e.format,
            "audience": e.audience, "organiser": e.organiser.name, "starts_at": e.starts_at, "ends_at": e.ends_at,
            "venue_timezone": e.venue_timezone, "venue_name": e.venue_name, "capacity": e.capacity,
            "seats_left": e.seats_left, "url": _site(e.get_absolute_url()), "questions": questions.questions_of(e)}


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _answers(r, asked: list[dict] | None = None) -> list[dict]:
    """The registration's answers as they read (`asked`: its event's questions, else read off its event; its
    answer files read with it)."""
    files = {f.question: f for f in r.answer_files.all()}
    return [{"key": a["key"], "question": a["label"], "type": a["type"], "value": a["value"], "text": a["text"],
             "file_url": _site(a["file"].get_absolute_url()) if a["file"] else None}
            for a in questions.readable(questions.questions_of(r.event) if asked is None else asked, r.answers, files)]


def _registration_out(r) -> dict:
    return {"id": r.pk, "event_id": r.event_id, "event_title": r.event.title, "status": r.status,
            "code": r.code if r.is_confirmed else None,
            "online_url": (r.event.online_url or None) if r.is_confirmed else None,
            "offer_expires_at": r.offer_expires_at, "answers": _answers(r)}


@router.get("/events", response=with_errors(list[EventOut], 401, 422), auth=allowed("events.view_events"))
def events_list(request, area: str = Query("", max_length=6), organiser: int | None = Query(None, ge=1, le=MAX_ID),
                format: str = Query("", max_length=10), kind: str = Query("", max_length=20),
                audience: str = Query("", max_length=20), date_from: FilterDate | None = None,
                date_to: FilterDate | None = None):
    """Upcoming events this caller may see (public ones for anonymous callers), soonest first. Dates are
    YYYY-MM-DD (JST), from 2000-01-01 to 2100-12-31; a day past the month's end (02-30) means its last day."""
    filters = queries.EventFilters(area=area, organiser=organiser, format=format, kind=kind, audience=audience,
                                   date_from=date_from, date_to=date_to)
    return [_event_out(e) for e in queries.events(request.user, filters)[:500]]


@router.get("/registrations", response=with_errors(list[RegistrationOut], 401, 403, 422),
            auth=allowed("events.view_own_registrations"))
def events_own_registrations(request):
    """One's registrations (and those one made for colleagues), newest first. The code and the online link
    are given only for confirmed registrations."""
    found = queries.own_registrations(request.user).prefetch_related("answer_files")
    return [_registration_out(r) for r in found[:500]]


def _event(request, event_id, **kwargs):
    return get_object_or_404(Event.objects.visible_to(request.user), pk=parse_id(event_id))


@router.post("/events/{event_id}/guest-registrations", response=with_errors(AskedOut, 404, 422),
             auth=allowed("events.register_as_guest"))
def events_register_as_guest(request, payload: GuestRegistrationIn, event_id: int = Path(..., ge=1, le=MAX_ID)):
    """Register without an account for an event that allows it: the person gets a mail with a link to confirm,
    and is registered (or waitlisted) only when they do. Refused with the reasons (422) when the form would be:
    closed, full without a waiting list, answers missing, too many asks in the last hour."""
    try:
        guests.ask_to_register(event=_event(request, event_id), name=payload.name, email=payload.email,
                               language=payload.language, affiliation=payload.affiliation, answers=payload.answers,
                               session_ids=payload.session_ids, client=client_address(request))
    except ValidationError as error:
        raise refused(error) from None
    return {"detail": _("We sent a mail to %(email)s: the registration is made once its link is opened and "
                        "confirmed.") % {"email": payload.email.strip().lower()}}


@router.post("/events/{event_id}/registrations", response=with_errors(RegistrationOut, 400, 401, 403, 404, 422),
             auth=allowed("events.register", get_object=_event))
def events_register(request, payload: RegisterIn, event_id: int = Path(..., ge=1, le=MAX_ID)):
    """Register oneself with the answers to the event's questions (`questions` of the event): confirmed, pending
    approval, applied to the draw, or waiting when full. Answers that do not fit their question are refused
    (422) each at `["body", "answers", key]`; a refusal about the event (closed, full, registered already) is a
    400. Nothing is saved when refused."""
    try:
        registration = services.register(by=request.user, event=loaded(request), answers=payload.answers,
                                          session_ids=payload.session_ids)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise NinjaValidationError([
                {"type": e.code or "invalid", "loc": ["body", "answers", field.removeprefix("q_")],
                 "msg": e.messages[0]} for field, errors in error.error_dict.items() for e in errors]) from None
        raise HttpError(400, " ".join(error.messages)) from None
    return _registration_out(Registration.objects.select_related("event").get(pk=registration.pk))


@router.post("/events/{event_id}/check-in", response=with_errors(CheckInOut, 400, 401, 403, 404, 422),
             auth=allowed("events.check_in", get_object=_event))
def events_check_in(request, payload: CheckInIn, event_id: int = Path(..., ge=1, le=MAX_ID)):
    """Check a person in by their code; `outcome` says checked_in, unknown, cancelled, not_confirmed or
    already."""
    result = services.check_in(by=request.user, event=loaded(request), code=payload.code)
    return {"ok": result.ok, "outcome": result.outcome, "message": result.message,
            "registration_id": result.registration.pk if result.registration else None}


@router.get("/events/{event_id}/roster", response=with_errors(list[RosterRowOut], 401, 404, 422),
            auth=allowed("events.view_roster", get_object=_event))
@paginate(pages_of(lambda request, records: [_roster_row(r, questions.questions_of(loaded(request)))
                                              for r in records]), page_size=100)
def events_roster(request, event_id: int = Path(..., ge=1, le=MAX_ID)):
    """The roster, for the organisers and the co-organisers' staff: every registration in the order made, with
    its state, the sessions chosen and the answers to the event's questions (keyed by the question's key), 100 a
    page."""
    return roster.registrations(loaded(request))


def _roster_row(r, asked: list[dict]) -> dict:
    return {"id": r.pk, "code": r.code, "name": r.person.full_name or r.person.email,
            "name_kana": r.person.full_name_kana, "email": r.person.email, "organisation_id": r.organisation_id,
            "organisation": r.organisation.display_name if r.organisation else None,
            "affiliation": r.affiliation, "without_account": r.by_link, "status": r.status,
            "registered_at": r.created_at, "checked_in_at": r.checked_in_at,
            "sessions": [s.title for s in r.sessions.all()], "answers": r.answers or {},
            "answers_readable": _answers(r, asked)}


def _mail_out(mail) -> dict:
    if not hasattr(mail, "delivered"):  # one mail just written or sent; a list counts them in its own query
        mail = mailing.with_progress(EventMail.objects.filter(pk=mail.pk)).get()
    return {"id": mail.pk, "event_id": mail.event_id, "group": mail.group, "subject": mail.subject,
            "body": mail.body, "subject_en": mail.subject_en, "body_en": mail.body_en, "status": mail.status,
            "recipients": mail.recipients, "delivered": mail.delivered, "refused": mail.refused,
            "sent_at": mail.sent_at}


@router.get("/events/{event_id}/mails", response=with_errors(list[RegistrantMailOut], 401, 404, 422),
            auth=allowed("events.mail_registrants", get_object=_event), url_name="events_mails")
def events_mails(request, event_id: int = Path(..., ge=1, le=MAX_ID)):
    """The organisers' mails to the event's registrants, newest first, with how many were handed over."""
    return [_mail_out(m) for m in mailing.with_progress(loaded(request).mails.all())[:200]]


@router.post("/events/{event_id}/mails", response=with_errors(RegistrantMailOut, 401, 404, 422),
             auth=allowed("events.mail_registrants", get_object=_event), url_name="events_mails")
def events_write_mail(request, payload: RegistrantMailIn, event_id: int = Path(..., ge=1, le=MAX_ID)):
    """Save a draft to one group of registrants (all, confirmed, waiting, attended, not_attended)."""
    try:
        mail = mailing.save_mail(by=request.user, event=loaded(request), **payload.dict())
    except ValidationError as error:
        raise refused(error) from None
    return _mail_out(mail)


def _mail(request, mail_id, **kwargs):
    return get_object_or_404(EventMail.objects.visible_to(request.user), pk=parse_id(mail_id))


@router.post("/mails/{mail_id}/send", response=with_errors(RegistrantMailOut, 401, 404, 422),
             auth=allowed("events.send_event_mail", get_object=_mail))
def events_send_mail(request, mail_id: int = Path(..., ge=1, le=MAX_ID)):
    """Send a draft now to everyone in its group; the task worker hands the mails over."""
    try:
        mail = mailing.send(by=request.user, mail=loaded(request))
    except ValidationError as error:
        raise refused(error) from None
    return _mail_out(mail)


def _exhibitor(request, exhibitor_id, **kwargs):
    return get_object_or_404(Exhibitor.objects.visible_to(request.user).select_related("booth"),
                             pk=parse_id(exhibitor_id))


@router.post("/exhibitors/{exhibitor_id}/leads", response=with_errors(LeadOut, 401, 403, 404, 422),
             auth=allowed("events.capture_leads", get_object=_exhibitor), url_name="events_leads")
def events_capture_lead(request, payload: LeadIn, exhibitor_id: int = Path(..., ge=1, le=MAX_ID)):
    """A visitor's code scanned at the co-exhibitor's booth; `outcome` says captured, updated (scanned before:
    interest and note updated), unknown or not_confirmed."""
    found = leads.capture_lead(by=request.user, exhibitor=loaded(request), code=payload.code,
                               interest=payload.interest, note=payload.note)
    return {"ok": found.ok, "outcome": found.outcome, "message": found.message,
            "lead_id": found.lead.pk if found.lead else None}


@router.get("/exhibitors/{exhibitor_id}/leads", response=with_errors(list[LeadRowOut], 401, 404, 422),
            auth=allowed("events.view_leads", get_object=_exhibitor), url_name="events_leads")
@paginate(pages_of(lambda request, records: [_lead_row(r) for r in records]), page_size=100)
def events_leads(request, exhibitor_id: int = Path(..., ge=1, le=MAX_ID)):
    """The co-exhibitor's leads, newest first, 100 a page."""
    return leads.leads_of(loaded(request))


def _lead_row(lead) -> dict:
    person = lead.registration.person
    return {"id": lead.pk, "name": person.full_name or person.email,
            "organisation": lead.registration.organisation_shown, "email": person.email, "interest": lead.interest,
            "note": lead.note, "scanned_at": lead.scanned_at}
