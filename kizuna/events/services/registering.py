"""Registering, cancelling, the waiting list and its time-limited offers, with exact seat counts.

The seats are counted on the event and on each session (`seats_taken`, never above `capacity`: a database
constraint). Every change of a counter is one statement in the database (`_count`: `seats_taken = seats_taken ± 1`,
a seat taken only where one is free), in the same transaction as the registration whose seat it is and with its
audit entry (old and new count):

- **Registering** reads and checks everything first without holding anything (open, who may attend, registered
  already, the answers), writes the registration in the state it will most likely have, and only then takes the
  seat with one conditional update of the event's row (then of its sessions'), and writes the entries: the
  event's row is held only from that update to the commit, two statements, so many people register at once. The
  update also tells whether the event was edited since it was read (`updated_at`); if so, the registration is made
  again the careful way: the event's row locked first, everything checked under the lock (`_register_locked`).
- **Full** (the update took nothing): the registration waits holding the event's row *shared* until its commit.
  People going on the waiting list together do not wait for each other, and a seat cannot be freed meanwhile
  (freeing locks the row for update): the seat freed next is offered to them (`promote_waiting`). A seat freed
  just before makes them register again the careful way, so they get it.
- **Everything else** that moves seats (cancel, decline, an offer lapsing, an offer made, a draw, colleagues
  registered together, a capacity raised) locks the event's row for update first and changes the counters through
  `_take`, the same statements. Approving, accepting an offer and checking in move between states that all hold a
  seat: no counter changes.
- The one active registration per person and event is the database's too (a unique constraint): two requests
  of one person at once register once.
"""

from datetime import timedelta

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import created, log_actions, save_logged
from kizuna.core.policies import require
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import SYSTEM, transition

from .. import questions
from ..enums import ACTIVE, HOLDS_SEAT, Audience, Mode, QuestionType, Status
from ..models import AnswerFile, Event, Registration, Session
from ..rules import may_attend
from . import mail

# The same person registered twice at the same moment, one of them the careful way (the event's row locked
# before the registration is written) and the other not: PostgreSQL refuses one of the two.
DEADLOCK = "40P01"


def _clean_answers(event: Event, answers: dict | None, *, files: bool = True) -> dict:
    """The one check of the answers to an event's questions, for every way of registering (the page, colleagues,
    the API): each answer typed and checked for its question's type; a question hidden by its condition is
    neither required nor kept. A file question's value is the upload (stored by `_log_new`). Problems are refused
    together, each under its question's form field (`questions.field_name`)."""
    asked = [q for q in questions.questions_of(event) if files or q["type"] != QuestionType.FILE]
    kept, problems = questions.clean(asked, answers or {})
    if problems:
        found = {q["key"]: q for q in asked}
        raise ValidationError({questions.field_name(key): _required(found[key], error)
                               for key, error in problems.items()})
    return kept


def _required(question: dict, error: ValidationError) -> ValidationError:
    """A missing answer names its question (the API and a list of problems read it without the form)."""
    if error.code != "required":
        return error
    return ValidationError(_("Please answer “%(question)s”.") % {"question": questions.label(question)},
                           code="answers_missing")


def _is_upload(value) -> bool:
    return hasattr(value, "read") and hasattr(value, "size")


def _store_answer_files(registration: Registration, uploads: dict, *, by) -> None:
    """The files given in answer (checked already by `_clean_answers`), one `AnswerFile` each."""
    for key, upload in uploads.items():
        content_type = check_upload(upload)
        upload.seek(0)
        answer_file = AnswerFile(registration=registration, question=key, name=upload.name[:200],
                                 content_type=content_type, size=upload.size)
        answer_file.file.save(upload.name, upload, save=False)
        save_logged(answer_file, "events.answer_file.add", by=by)


def _sessions_of(event: Event, session_ids) -> list[Session]:
    """The chosen sessions, in id order (none chosen: all of them)."""
    qs = Session.objects.filter(event=event).order_by("pk")
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


# -- the counters ---------------------------------------------------------------------------------------------

def _count(model, pks: list[int], delta: int, *, read_at=None) -> dict:
    """One statement: `seats_taken` of the rows `pks` of `model` (events or sessions) moved by `delta`, a seat
    taken only where one is free. Returns {pk: seats taken now} of the rows changed (locked until the commit);
    with `read_at` (an event's `updated_at` as it was read), {pk: (seats taken now, not edited since)}."""
    table = connection.ops.quote_name(model._meta.db_table)
    free = " AND (capacity IS NULL OR seats_taken < capacity)" if delta > 0 else ""
    marks = ", ".join(["%s"] * len(pks))
    same = ", updated_at = %s" if read_at else ""
    params = [delta, *pks, *([connection.ops.adapt_datetimefield_value(read_at)] if read_at else [])]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET seats_taken = seats_taken + %s WHERE id IN ({marks}){free} "  # noqa: S608 - the model's own table
                       f"RETURNING id, seats_taken{same}", params)
        rows = cursor.fetchall()
    return {row[0]: (row[1], bool(row[2])) if read_at else row[1] for row in rows}


def _seize_sessions(event: Event, sessions: list[Session]) -> bool:
    """A seat in each of the sessions, the event's seat taken already (whoever changes a session's counter
    holds the event's row first). False when one is full: then the event's seat is given back too."""
    taken = _count(Session, [s.pk for s in sessions], +1) if sessions else {}
    if len(taken) < len(sessions):
        event.seats_taken = _count(Event, [event.pk], -1)[event.pk]
        if taken:
            _count(Session, list(taken), -1)
        return False
    for s in sessions:
        s.seats_taken = taken[s.pk]
    return True


def _seize(event: Event, sessions: list[Session]) -> bool:
    """A seat in the event and in each of the sessions; their `seats_taken` set to the counts now (the rows
    held until the commit). False when one of them is full: then nothing is taken."""
    found = _count(Event, [event.pk], +1)
    if not found:
        return False
    event.seats_taken = found[event.pk]
    return _seize_sessions(event, sessions)


def _seat_entries(event: Event, sessions: list[Session], delta: int, *, registration: Registration) -> list[dict]:
    """The entries of a seat taken (+1) or freed (-1): each counter's old and new value, with the registration."""
    verb = "take_seat" if delta > 0 else "free_seat"
    return [{"obj": obj, "action": f"events.{obj._meta.model_name}.{verb}", "data": {"registration": registration.pk},
             "changes": {"seats_taken": [obj.seats_taken - delta, obj.seats_taken]}} for obj in (event, *sessions)]


def _take(event: Event, sessions: list[Session], delta: int, *, by, registration: Registration) -> None:
    """Take (+1) or free (-1) the registration's seat in the event and its sessions, the event's row locked by
    the caller; `event` and `sessions` are left with the counts as they are now."""
    if delta > 0:
        if not _seize(event, sessions):
            raise ValidationError(_("This event or session is full and has no waiting list."), code="full")
    else:
        event.seats_taken = _count(Event, [event.pk], -1)[event.pk]
        taken = _count(Session, [s.pk for s in sessions], -1) if sessions else {}
        for s in sessions:
            s.seats_taken = taken[s.pk]
    log_actions(_seat_entries(event, sessions, delta, registration=registration), by=by)


# -- registering ----------------------------------------------------------------------------------------------

def _check_open(event: Event, now) -> None:
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."), code="not_published")
    if event.opens_at and event.opens_at > now:
        raise ValidationError(_("Registration has not opened yet."), code="not_open_yet")
    if (event.closes_at or event.starts_at) <= now:
        raise ValidationError(_("Registration for this event has closed."), code="closed")


def _check_eligible(event: Event, person) -> None:
    if not may_attend(person, event):
        raise ValidationError(_("%(person)s may not register for this event (it is for: %(audience)s).")
                              % {"person": person, "audience": event.get_audience_display()}, code="not_eligible")


def _check_person(event: Event, person, *, registered: bool | None = None) -> None:
    """May `person` register (`registered`: whether they are already, when the caller read it)?"""
    _check_eligible(event, person)
    if registered is None:
        registered = Registration.objects.filter(event=event, person=person, status__in=ACTIVE).exists()
    if registered:
        raise ValidationError(_("%(person)s is already registered for this event.") % {"person": person},
                              code="already_registered")


def _seated(event: Event) -> Status:
    return Status.PENDING if event.mode == Mode.APPROVAL else Status.CONFIRMED


def _full(event: Event) -> None:
    if not event.waiting_list:
        raise ValidationError(_("This event or session is full and has no waiting list."), code="full")


def _insert(*, event, person, by, sessions, status, answers, organisation, **guest) -> tuple[Registration, dict]:
    """The registration's row and its sessions (logged by `_log_new`), and the files given in answer (stored
    by it)."""
    uploads = {key: value for key, value in answers.items() if _is_upload(value)}
    stored = {key: value.name[:200] if key in uploads else value for key, value in answers.items()}
    registration = Registration(event=event, person=person, registered_by=by, status=status, answers=stored,
                                organisation=organisation, **guest)
    registration.save()
    if sessions:
        registration.sessions.set(sessions)
    return registration, uploads


def _log_new(registration: Registration, uploads: dict, *, event, sessions, by) -> Registration:
    """The entries of a new registration as it is now, of its sessions and of the seat it took when it holds one
    (`event` and `sessions` with their counters as they are now), in one insert; then its file answers."""
    entries = [{"obj": registration, "action": "events.registration.register", "changes": created(registration),
                "kind": LogEntry.Action.CREATE}]
    if sessions:
        entries.append({"obj": registration, "action": "events.registration.choose_sessions",
                        "changes": {"sessions": [[], [s.pk for s in sessions]]}})
    if registration.status in HOLDS_SEAT:
        entries += _seat_entries(event, sessions, +1, registration=registration)
    log_actions(entries, by=by)
    _store_answer_files(registration, uploads, by=by)
    return registration


def _register_locked(*, event, person, by, sessions, answers, organisation, **guest) -> Registration:
    """Register with the event's row locked for update by the caller (colleagues together, and the careful way
    when the event changed while registering)."""
    _check_person(event, person)
    if event.mode == Mode.LOTTERY:
        status = Status.APPLIED  # no seat until the draw
    elif _seize(event, sessions):
        status = _seated(event)
    else:
        _full(event)
        status = Status.WAITING
    registration, uploads = _insert(event=event, person=person, by=by, sessions=sessions, status=status,
                                    answers=answers, organisation=organisation, **guest)
    return _log_new(registration, uploads, event=event, sessions=sessions, by=by)


class _LookAgain(Exception):
    """The event changed between reading it and holding its row (an edit, a seat freed): register the careful
    way."""


def _hold_shared(event: Event, sessions: list[Session]) -> bool:
    """Hold the event's row shared until the commit: others may hold it so too (people going on the waiting list
    together), but nobody frees a seat meanwhile (that locks it for update). Whether the event and the sessions
    are full still (a seat freed just before: not); an event edited since it was read: look again."""
    lock = " FOR SHARE" if connection.features.has_select_for_update else ""  # SQLite: one writer at a time
    table = connection.ops.quote_name(Event._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seats_taken, capacity, updated_at = %s FROM {table} WHERE id = %s{lock}",  # noqa: S608 - the model's own table
                       [connection.ops.adapt_datetimefield_value(event.updated_at), event.pk])
        event.seats_taken, event.capacity, same = cursor.fetchone()
    if not same:
        raise _LookAgain
    current = list(Session.objects.filter(pk__in=[s.pk for s in sessions])) if sessions else []
    return not _fits(event, current)


def _register_at_once(*, event, person, by, sessions, answers, organisation, **guest) -> Registration:
    """Register holding the event's row only from the seat to the commit (the event read and checked by the
    caller): the registration is written first in the state it will most likely have, then the seat is taken
    with one statement, then the state set right when it was not that, and the entries written."""
    with transaction.atomic():
        lottery = event.mode == Mode.LOTTERY
        likely = (Status.APPLIED if lottery
                  else _seated(event) if event.capacity is None or event.seats_taken < event.capacity
                  else Status.WAITING)
        registration, uploads = _insert(event=event, person=person, by=by, sessions=sessions, status=likely,
                                        answers=answers, organisation=organisation, **guest)
        if lottery:
            _hold_shared(event, [])  # no seat until the draw
        else:
            taken = _count(Event, [event.pk], +1, read_at=event.updated_at)  # the seat, as late as can be
            if taken:
                event.seats_taken, same = taken[event.pk]
                if not same:
                    raise _LookAgain
                full = not _seize_sessions(event, sessions)  # the event's row held: no need to look again
            else:
                full = True
                if not _hold_shared(event, sessions):
                    raise _LookAgain  # a seat was freed just now: this registration takes it
            if full:
                _full(event)
            registration.status = Status.WAITING if full else _seated(event)
            if registration.status != likely:
                registration.save(update_fields=["status"])
        if event.audience == Audience.INVITED:  # the invitation may have been withdrawn meanwhile
            _check_eligible(event, person)
        return _log_new(registration, uploads, event=event, sessions=sessions, by=by)


def register(*, by, event: Event, answers: dict | None = None, session_ids=(), person=None,
             organisation=None, **guest) -> Registration:
    """Register `person` (default: `by`). Confirmed, pending approval, or waiting when full. `guest`: the
    `affiliation` and `by_link` of a registration made without an account (services/guests.py)."""
    person = person or by
    answers = _clean_answers(event, answers)
    now = timezone.now()
    # One read of the event, whether the person is registered already and whether it has sessions.
    current = Event.objects.annotate(
        registered=Exists(Registration.objects.filter(event=OuterRef("pk"), person=person, status__in=ACTIVE)),
        has_sessions=Exists(Session.objects.filter(event=OuterRef("pk")))).get(pk=event.pk)
    _check_open(current, now)
    sessions = _sessions_of(current, session_ids) if session_ids or current.has_sessions else []
    _check_person(current, person, registered=current.registered)
    values = {"event": current, "person": person, "by": by, "sessions": sessions, "answers": answers,
              "organisation": organisation, **guest}
    try:
        try:
            registration = _register_at_once(**values)
        except _LookAgain:
            with transaction.atomic():
                locked = Event.objects.select_for_update().get(pk=event.pk)
                _check_open(locked, now)
                registration = _register_locked(**{**values, "event": locked,
                                                   "sessions": _sessions_of(locked, session_ids)})
    except (IntegrityError, OperationalError) as error:  # the database's last word: one active registration
        if isinstance(error, OperationalError) and getattr(error.__cause__, "sqlstate", None) != DEADLOCK:
            raise
        raise ValidationError(_("This registration could not be saved (already registered or full)."),
                              code="conflict") from error
    # Rendered once the seat is taken and the event's row let go; sent after the commit of the caller's
    # transaction, as every mail is.
    mail.registered(registration)
    return registration


def register_colleagues(*, by, event: Event, organisation, people: list, answers: dict | None = None):
    """An organisation registers several of its staff at once: all of them, or none (with every reason)."""
    require(by, "events.register_colleagues", organisation)
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
                                                 answers=answers, organisation=organisation))
            except ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise ValidationError([ValidationError(m, code="colleagues_refused") for m in problems])
    for registration in done:  # after the event's row is let go, as `register` does
        mail.registered(registration)
    return done


# -- seats freed and offered ----------------------------------------------------------------------------------

def _sessions_held(event: Event, registration: Registration) -> list[Session]:
    """The sessions the registration is for, in id order: exactly those (a registration made before a session
    was added is not for it, and never held a seat in it)."""
    return list(Session.objects.filter(event=event, pk__in=registration.sessions.values("pk")).order_by("pk"))


def take_seat(event: Event, registration: Registration, *, by) -> None:
    """`registration` now holds a seat (event locked by the caller): in the event and in its sessions."""
    _take(event, _sessions_held(event, registration), +1, by=by, registration=registration)


def _free_seat_and_promote(event: Event, registration: Registration, by) -> None:
    """Called with the event locked, after `registration` stopped holding its seat."""
    _take(event, _sessions_held(event, registration), -1, by=by, registration=registration)
    promote_waiting(event=event)


def promote_waiting(*, event: Event) -> Registration | None:
    """Offer a freed seat to the first person waiting who fits (event locked by the caller, its `seats_taken`
    current). A system step, whoever freed the seat: the seat is taken for the offer by the system too."""
    waiting_list = (Registration.objects.filter(event=event, status=Status.WAITING)
                    .order_by(F("position").asc(nulls_last=True), "created_at", "pk"))
    for waiting in waiting_list:
        sessions = _sessions_held(event, waiting)
        if not _fits(event, sessions):
            continue
        _take(event, sessions, +1, by=SYSTEM, registration=waiting)
        return transition(waiting, "offer", by=SYSTEM,
                          offer_expires_at=timezone.now() + timedelta(hours=event.offer_hours))
    return None


def _leave(registration: Registration, action: str, *, by, note="", **changes) -> Registration:
    """A step out of the registration (cancel, decline, lapse): its seat, if it held one, freed in the same
    transaction and offered to the next person waiting."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        held = Registration.objects.get(pk=registration.pk).status in HOLDS_SEAT
        done = transition(registration, action, by=by, note=note, **changes)
        if held:
            _free_seat_and_promote(event, done, by)
    return done


def change_answers(*, by, registration: Registration, answers: dict | None, affiliation: str | None = None
                   ) -> Registration:
    """The registrant changes their answers (and, registered without an account, their organisation) while the
    registration is active and the event has not started."""
    require(by, "events.change_registration", registration)
    if registration.status not in ACTIVE or registration.event.starts_at <= timezone.now():
        raise ValidationError(_("This registration can no longer be changed."), code="not_changeable")
    # The files given stay as they are (a file is given when registering); the other answers are checked anew.
    file_keys = {q["key"] for q in questions.questions_of(registration.event) if q["type"] == QuestionType.FILE}
    kept_files = {key: value for key, value in (registration.answers or {}).items() if key in file_keys}
    registration.answers = {**_clean_answers(registration.event, answers, files=False), **kept_files}
    fields = ["answers"]
    if affiliation is not None:
        registration.affiliation = affiliation.strip()[:200]
        fields.append("affiliation")
    save_logged(registration, "events.registration.change_answers", by=by, fields=fields)
    return registration


def cancel_registration(*, by, registration: Registration, note: str = "") -> Registration:
    return _leave(registration, "cancel", by=by, note=note, cancelled_at=timezone.now())


def decline_registration(*, by, registration: Registration, note: str = "") -> Registration:
    return _leave(registration, "decline", by=by, note=note)


def approve_registration(*, by, registration: Registration, note: str = "") -> Registration:
    return transition(registration, "approve", by=by, note=note)


def accept_offer(*, by, registration: Registration) -> Registration:
    """Take the offered seat while the offer is open (the guard `offer_open`)."""
    return transition(registration, "accept", by=by)


def expire_offers() -> int:
    """Let lapsed offers go and offer their seats to the next people waiting (system steps). Returns how many
    lapsed. An offer taken meanwhile is left as it is (the step refuses it)."""
    count = 0
    for registration in Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=timezone.now()):
        try:
            _leave(registration, "lapse", by=SYSTEM, note="offer lapsed")
        except ValidationError:  # accepted (or its offer renewed) since the list was read
            continue
        count += 1
    return count
