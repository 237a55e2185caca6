"""Staff shape events: create and edit them, their sessions, their registration questions and invitees.

Every change that touches seats runs with the event row locked (as registering does), is checked against the
seats already taken, and offers newly freed seats to the waiting list. Refusals leave everything unchanged."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, delete_logged, log_action, save_logged
from kizuna.core.enums import CLAIR_KINDS, OrgKind
from kizuna.core.models import User
from kizuna.core.policies import require

from ..enums import ACTIVE, Audience
from ..models import Event, Registration, Session
from ..series import EVENT, check_series
from .questions import set_questions  # noqa: F401 - the questions' service, where staff look for it
from .registering import promote_waiting

# The fields staff edit on the event form (seat counters and authorship are never taken from a form).
EDITABLE = ("organiser", "programme", "kpi_series", "kind", "format", "title", "title_en", "title_kana",
            "description", "description_en", "venue_name", "venue_address", "venue_timezone", "country",
            "online_url", "starts_at", "ends_at", "audience", "mode", "opens_at", "closes_at", "capacity",
            "waiting_list", "offer_hours", "fee", "contact", "gives_certificate", "guests_may_register", "is_public",
            "is_published")


# Who organises events: CLAIR (headquarters, branches, overseas offices) and the JETAA chapters.
ORGANISING_KINDS = CLAIR_KINDS | {OrgKind.JETAA_CHAPTER}


def _check_organiser(by, organiser) -> None:
    if organiser.kind not in ORGANISING_KINDS:
        raise ValidationError(_("Events are organised by headquarters, a branch, an overseas office or a JETAA "
                                "chapter."), code="bad_organiser")
    require(by, "events.manage_event", Event(organiser=organiser))  # an event of that organiser


def _check_dates(event: Event) -> None:
    errors = {}
    if event.ends_at < event.starts_at:
        errors["ends_at"] = ValidationError(_("The event cannot end before it starts."), code="ends_before_start")
    if event.opens_at and event.closes_at and event.closes_at <= event.opens_at:
        errors["closes_at"] = ValidationError(_("Registration must close after it opens."),
                                              code="closes_before_opening")
    if event.closes_at and event.closes_at > event.ends_at:
        errors["closes_at"] = ValidationError(_("Registration cannot close after the event has ended."),
                                              code="closes_after_end")
    if errors:
        raise ValidationError(errors)


def _check_guests(event: Event) -> None:
    """People without an account register only for public events open to anyone."""
    if event.guests_may_register and not (event.is_public and event.audience == Audience.ANYONE):
        raise ValidationError({"guests_may_register": ValidationError(
            _("Registration without an account is for public events that anyone may attend."),
            code="guests_need_public")})


def create_event(*, by, organiser, sessions: list[dict] = (), invitees=(), **fields) -> Event:
    """An event run by headquarters, a branch, an overseas office or a JETAA chapter, with its sessions."""
    require(by, "events.add_event")
    _check_organiser(by, organiser)
    event = Event(organiser=organiser, created_by=by, **fields)
    _check_dates(event)
    _check_guests(event)
    check_series(event.kpi_series, EVENT, event.starts_at)
    event.full_clean(exclude=["created_by"])
    with transaction.atomic():
        save_logged(event, "events.event.create", by=by)
        for s in sessions:
            create_logged(Session, "events.session.create", by=by, event=event, **s)
        if invitees:
            _invite(event, invitees, by=by)
    return event


def _invitee_ids(event: Event) -> list[int]:
    return sorted(event.invitees.values_list("pk", flat=True))


def _invite(event: Event, people, *, by) -> None:
    before = _invitee_ids(event)
    event.invitees.add(*people)
    log_action(event, "events.event.invite", by=by, changes={"invitees": [before, _invitee_ids(event)]})


def _offer_freed_seats(event: Event) -> int:
    """After a capacity grew: offer seats to the people waiting, as long as they fit (event locked)."""
    offered = 0
    while promote_waiting(event=event) is not None:
        offered += 1
    return offered


def update_event(*, by, event: Event, **fields) -> Event:
    """Change an event's details. Refused: capacity below the seats taken, sessions left outside the new dates,
    a new registration mode once people have registered, an organiser one may not act for."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    require(by, "events.manage_event", event)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if "organiser" in fields and fields["organiser"].pk != locked.organiser_id:
            _check_organiser(by, fields["organiser"])
        before_capacity = locked.capacity
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, fields[name])
        _check_dates(locked)
        _check_guests(locked)
        if "kpi_series" in changed or "starts_at" in changed:
            check_series(locked.kpi_series, EVENT, locked.starts_at)
        errors = {}
        if locked.capacity is not None and locked.capacity < locked.seats_taken:
            errors["capacity"] = ValidationError(
                _("The capacity cannot be lower than the %(n)s seats already taken.") % {"n": locked.seats_taken},
                code="capacity_below_taken")
        outside = [str(s) for s in locked.sessions.all()
                   if s.starts_at < locked.starts_at or s.ends_at > locked.ends_at]
        if outside:
            errors["starts_at"] = ValidationError(
                _("These sessions would fall outside the event's dates: %(sessions)s. Move them first.")
                % {"sessions": ", ".join(outside)}, code="sessions_outside")
        if "mode" in changed and Registration.objects.filter(event=locked, status__in=ACTIVE).exists():
            errors["mode"] = ValidationError(_("The registration mode cannot change once people have registered."),
                                             code="mode_locked")
        if errors:
            raise ValidationError(errors)
        locked.full_clean(exclude=["created_by"])
        if not changed:
            return locked
        # Only what changed is written: the seat counters on this locked row stay as they are.
        save_logged(locked, "events.event.update", by=by, fields=[*changed, "updated_at"])
        grew = before_capacity is not None and (locked.capacity is None or locked.capacity > before_capacity)
        if grew:
            _offer_freed_seats(locked)
    return locked


def save_session(*, by, event: Event, session: Session | None = None, title: str, title_en: str = "",
                 starts_at, ends_at, capacity: int | None = None) -> Session:
    """Add a session to the event or change one: inside the event's dates, capacity not below its seats taken."""
    require(by, "events.manage_event", event)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if session is None:
            session = Session(event=locked)
        else:
            session = Session.objects.select_for_update().get(pk=session.pk, event=locked)
        before_capacity = session.capacity if session.pk else None
        session.title, session.title_en = title.strip(), title_en.strip()
        session.starts_at, session.ends_at, session.capacity = starts_at, ends_at, capacity
        errors = {}
        if ends_at < starts_at:
            errors["ends_at"] = ValidationError(_("The session cannot end before it starts."),
                                                code="ends_before_start")
        # Forms give minutes: a session may start in the very minute the event starts.
        if starts_at < locked.starts_at.replace(second=0, microsecond=0) or ends_at > locked.ends_at:
            errors["starts_at"] = ValidationError(
                _("A session must lie within the event's dates (%(start)s – %(end)s).")
                % {"start": f"{locked.in_venue_zone(locked.starts_at):%Y-%m-%d %H:%M}",
                   "end": f"{locked.in_venue_zone(locked.ends_at):%Y-%m-%d %H:%M}"}, code="session_outside")
        if capacity is not None and capacity < session.seats_taken:
            errors["capacity"] = ValidationError(
                _("The capacity cannot be lower than the %(n)s seats already taken.") % {"n": session.seats_taken},
                code="capacity_below_taken")
        if errors:
            raise ValidationError(errors)
        session.full_clean(exclude=["event"])
        if session.pk:
            save_logged(session, "events.session.update", by=by,
                        fields=["title", "title_en", "starts_at", "ends_at", "capacity"])
        else:
            save_logged(session, "events.session.create", by=by)
        if before_capacity is not None and (capacity is None or capacity > before_capacity):
            _offer_freed_seats(locked)
    return session


def delete_session(*, by, session: Session) -> None:
    """Only a session nobody has chosen may go (registrations keep the sessions they chose)."""
    require(by, "events.manage_event", session.event)
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=session.event_id)
        chosen = session.registrations.filter(status__in=ACTIVE).count()
        if chosen:
            raise ValidationError(_("%(n)s registrations are for this session: it cannot be deleted.")
                                  % {"n": chosen}, code="session_in_use")
        delete_logged(session, "events.session.delete", by=by)


def _require_invite_only(event: Event) -> None:
    if event.audience != Audience.INVITED:
        raise ValidationError(_("This event is not for invited people only: anyone it is for may register."),
                              code="not_invite_only")


def add_invitees(*, by, event: Event, emails: list[str]) -> list:
    """Invite people by their e-mail address: all of them, or none when any address is unknown."""

    require(by, "events.manage_event", event)
    _require_invite_only(event)
    wanted = {e.strip().lower() for e in emails if e.strip()}
    if not wanted:
        raise ValidationError(_("Give at least one e-mail address."), code="no_emails")
    found = {u.email.lower(): u for u in User.objects.filter(email__in=wanted, is_active=True)}
    unknown = sorted(wanted - set(found))
    if unknown:
        raise ValidationError(_("No account has these addresses: %(emails)s. Nobody was invited.")
                              % {"emails": ", ".join(unknown)}, code="unknown_emails")
    with transaction.atomic():
        _invite(event, found.values(), by=by)
    return list(found.values())


COPIED = (*[name for name in EDITABLE if name not in ("is_published",)], "questions", "survey_questions")


def copy_event(*, by, event: Event, starts_at) -> Event:
    """The same event on another date, as a draft to check and publish: its details, questions, sessions and
    co-organisers, every time moved by as much as the start (registration opening and closing too); nobody is
    registered or invited. The copy joins the original's series (the first event of it)."""
    require(by, "events.manage_event", event)
    require(by, "events.add_event")
    if starts_at is None:
        raise ValidationError({"starts_at": ValidationError(_("Give the new start."), code="required")})
    shift = starts_at - event.starts_at
    fields = {name: getattr(event, name) for name in COPIED}
    for name in ("starts_at", "ends_at", "opens_at", "closes_at"):
        if fields[name] is not None:
            fields[name] = fields[name] + shift
    sessions = [{"title": s.title, "title_en": s.title_en, "starts_at": s.starts_at + shift,
                 "ends_at": s.ends_at + shift, "capacity": s.capacity} for s in event.sessions.order_by("starts_at")]
    with transaction.atomic():
        copy = create_event(by=by, sessions=sessions, is_published=False, **fields)
        copy.series_id = event.series_id or event.pk
        save_logged(copy, "events.event.copy", by=by, fields=["series"], data={"copied_from": event.pk})
        organisers = list(event.co_organisers.all())
        if organisers:
            copy.co_organisers.add(*organisers)
            log_action(copy, "events.event.co_organise", by=by,
                       changes={"co_organisers": [[], _co_organiser_ids(copy)]})
    return copy


def _co_organiser_ids(event: Event) -> list[int]:
    return sorted(event.co_organisers.values_list("pk", flat=True))


def add_co_organiser(*, by, event: Event, organisation) -> None:
    """A body that runs the event with its organiser: shown on the event, and its staff see the roster."""
    require(by, "events.manage_event", event)
    if organisation.pk == event.organiser_id:
        raise ValidationError({"organisation": ValidationError(_("%(org)s already organises the event.")
                                                               % {"org": organisation}, code="organiser")})
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        before = _co_organiser_ids(event)
        if organisation.pk in before:
            raise ValidationError({"organisation": ValidationError(_("%(org)s already co-organises the event.")
                                                                   % {"org": organisation}, code="already")})
        event.co_organisers.add(organisation)
        log_action(event, "events.event.co_organise", by=by,
                   changes={"co_organisers": [before, _co_organiser_ids(event)]})


def remove_co_organiser(*, by, event: Event, organisation) -> None:
    require(by, "events.manage_event", event)
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        before = _co_organiser_ids(event)
        event.co_organisers.remove(organisation)
        log_action(event, "events.event.co_organise", by=by,
                   changes={"co_organisers": [before, _co_organiser_ids(event)]})


def remove_invitee(*, by, event: Event, person) -> None:
    """Take someone off the invitation list, unless they hold an active registration."""
    require(by, "events.manage_event", event)
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        if Registration.objects.filter(event=event, person=person, status__in=ACTIVE).exists():
            raise ValidationError(_("%(person)s is registered: cancel the registration first.") % {"person": person},
                                  code="invitee_registered")
        before = _invitee_ids(event)
        event.invitees.remove(person)
        log_action(event, "events.event.uninvite", by=by, changes={"invitees": [before, _invitee_ids(event)]})
