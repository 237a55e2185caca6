"""Registering, cancelling, the waiting list and its time-limited offers. Every seat is taken and freed under
a row lock on the event (and so on its sessions) in one transaction: no overbooking, ever."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.workflow import SYSTEM, transition

from ..enums import ACTIVE, HOLDS_SEAT, Mode, Status
from ..models import Event, Registration, Session
from ..rules import may_attend
from . import mail


def _clean_answers(event: Event, answers: dict | None) -> dict:
    from ..forms import question_label

    answers = answers or {}
    clean, missing = {}, []
    for q in event.questions:
        value = str(answers.get(q["key"], "")).strip()[:2000]
        if q.get("required") and not value:
            missing.append(question_label(q))
        clean[q["key"]] = value
    if missing:
        raise ValidationError(_("Please answer: %(questions)s.") % {"questions": ", ".join(missing)},
                              code="answers_missing")
    return clean


def _sessions_of(event: Event, session_ids) -> list[Session]:
    """The chosen sessions, locked (none chosen: all of them)."""
    qs = Session.objects.select_for_update().filter(event=event).order_by("pk")
    if session_ids:
        chosen = list(qs.filter(pk__in=session_ids))
        if len(chosen) != len(set(session_ids)):
            raise ValidationError(_("A chosen session does not belong to this event."), code="bad_session")
        return chosen
    return list(qs)


def _fits(event: Event, sessions: list[Session]) -> bool:
    if event.capacity is not None and event.seats_taken >= event.capacity:
        return False
    return all(s.capacity is None or s.seats_taken < s.capacity for s in sessions)


def _take(event: Event, sessions: list[Session], delta: int) -> None:
    event.seats_taken += delta
    event.save(update_fields=["seats_taken"])
    for s in sessions:
        s.seats_taken += delta
        s.save(update_fields=["seats_taken"])


def _check_open(event: Event, now) -> None:
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."), code="not_published")
    if event.opens_at and event.opens_at > now:
        raise ValidationError(_("Registration has not opened yet."), code="not_open_yet")
    if (event.closes_at or event.starts_at) <= now:
        raise ValidationError(_("Registration for this event has closed."), code="closed")


def _register_locked(*, event, person, by, sessions, answers, organisation, now) -> Registration:
    if not may_attend(person, event):
        raise ValidationError(_("%(person)s may not register for this event (it is for: %(audience)s).")
                              % {"person": person, "audience": event.get_audience_display()}, code="not_eligible")
    if Registration.objects.filter(event=event, person=person, status__in=ACTIVE).exists():
        raise ValidationError(_("%(person)s is already registered for this event.") % {"person": person},
                              code="already_registered")
    if event.mode == Mode.LOTTERY:
        status = Status.APPLIED  # no seat until the draw
    elif _fits(event, sessions):
        status = Status.PENDING if event.mode == Mode.APPROVAL else Status.CONFIRMED
        _take(event, sessions, +1)
    elif event.waiting_list:
        status = Status.WAITING
    else:
        raise ValidationError(_("This event or session is full and has no waiting list."), code="full")
    registration = Registration.objects.create(event=event, person=person, registered_by=by, status=status,
                                               answers=answers, organisation=organisation)
    if sessions:
        registration.sessions.set(sessions)
    return registration


def register(*, by, event: Event, answers: dict | None = None, session_ids=(), person=None,
             organisation=None) -> Registration:
    """Register `person` (default: `by`). Confirmed, pending approval, or waiting when full."""
    person = person or by
    answers = _clean_answers(event, answers)
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            _check_open(locked, now)
            sessions = _sessions_of(locked, session_ids)
            registration = _register_locked(event=locked, person=person, by=by, sessions=sessions,
                                            answers=answers, organisation=organisation, now=now)
            mail.registered(registration)
    except IntegrityError as error:  # the database's last word: one active registration, no overbooking
        raise ValidationError(_("This registration could not be saved (already registered or full)."),
                              code="conflict") from error
    return registration


def register_colleagues(*, by, event: Event, organisation, people: list, answers: dict | None = None):
    """An organisation registers several of its staff at once: all of them, or none (with every reason)."""
    from kizuna.core.rules import is_working_member

    if not is_working_member(by, organisation):
        raise PermissionDenied("events.register_colleagues")
    members = set(organisation.memberships.active().values_list("person_id", flat=True))
    strangers = [str(p) for p in people if p.pk not in members]
    if strangers:
        raise ValidationError(_("Not members of %(org)s: %(people)s.")
                              % {"org": organisation, "people": ", ".join(strangers)}, code="not_members")
    answers = _clean_answers(event, answers)
    now = timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(locked, now)
        sessions = _sessions_of(locked, ())
        done, problems = [], []
        for person in people:
            try:
                with transaction.atomic():
                    done.append(_register_locked(event=locked, person=person, by=by, sessions=sessions,
                                                 answers=answers, organisation=organisation, now=now))
            except ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise ValidationError([ValidationError(m, code="colleagues_refused") for m in problems])
        for registration in done:
            mail.registered(registration)
    return done


def _free_seat_and_promote(event: Event, registration: Registration, by) -> None:
    """Called with the event locked, after `registration` stopped holding its seat."""
    _take(event, _sessions_of(event, registration.sessions.values_list("pk", flat=True)), -1)
    promote_waiting(event=event, by=by)


def promote_waiting(*, event: Event, by) -> Registration | None:
    """Offer a freed seat to the first person waiting who fits (event locked by the caller)."""
    waiting_list = (Registration.objects.filter(event=event, status=Status.WAITING)
                    .order_by(F("position").asc(nulls_last=True), "created_at", "pk"))
    for waiting in waiting_list:
        sessions = _sessions_of(event, waiting.sessions.values_list("pk", flat=True))
        if not _fits(event, sessions):
            continue
        _take(event, sessions, +1)
        offered = transition(waiting, "offer", by=SYSTEM,  # a system step, whoever freed the seat
                             offer_expires_at=timezone.now() + timedelta(hours=event.offer_hours))
        mail.offered(offered)
        return offered
    return None


def _leave(registration: Registration, action: str, *, by, note="", **changes) -> Registration:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        held = Registration.objects.get(pk=registration.pk).status in HOLDS_SEAT
        done = transition(registration, action, by=by, note=note, **changes)
        if held:
            _free_seat_and_promote(event, done, by)
    return done


def cancel_registration(*, by, registration: Registration, note: str = "") -> Registration:
    return _leave(registration, "cancel", by=by, note=note, cancelled_at=timezone.now())


def decline_registration(*, by, registration: Registration, note: str = "") -> Registration:
    done = _leave(registration, "decline", by=by, note=note)
    mail.declined(done)
    return done


def approve_registration(*, by, registration: Registration, note: str = "") -> Registration:
    done = transition(registration, "approve", by=by, note=note)
    mail.confirmed(done)
    return done


def accept_offer(*, by, registration: Registration) -> Registration:
    if registration.offer_expires_at and registration.offer_expires_at <= timezone.now():
        raise ValidationError(_("This offer has lapsed; the seat went to the next person waiting."),
                              code="offer_lapsed")
    done = transition(registration, "accept", by=by)
    mail.confirmed(done)
    return done


def expire_offers(*, now=None) -> int:
    """Let lapsed offers go and offer their seats to the next people waiting (system steps). Returns how many
    lapsed."""
    now = now or timezone.now()
    count = 0
    for registration in Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now):
        _leave(registration, "lapse", by=SYSTEM, note="offer lapsed")
        count += 1
    return count
