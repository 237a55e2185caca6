"""Events in the API: the public list, one's own registrations, and for the organisers the roster and check-in."""

import calendar
import re
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from pydantic import BeforeValidator

from kizuna.core.api import pages_of
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.schemas import BoundedDate, with_errors

from . import queries, questions, roster, services
from .models import Event, Registration
from .schemas import MAX_ID, CheckInIn, CheckInOut, EventOut, RegisterIn, RegistrationOut, RosterRowOut

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
            "organisation": r.organisation.display_name if r.organisation else None, "status": r.status,
            "registered_at": r.created_at, "checked_in_at": r.checked_in_at,
            "sessions": [s.title for s in r.sessions.all()], "answers": r.answers or {},
            "answers_readable": _answers(r, asked)}
