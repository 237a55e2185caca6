"""Every write of counselling, logged without content; cases and sessions through their transition tables.

A participant in post asks for counselling by web mail or by video call, in English or Japanese, with a first
message. A counsellor takes the case from the queue and is then on it; the supervisor may add another. The
participant and the counsellors on the case write in a thread; the counsellors keep notes, record a topic and a
risk level, refer to an outside clinic and close the case. A video case's participant books sessions in the free
slots of the counsellors on their case, within the year's limit (April–March). A high risk level starts the
written escalation path (kizuna/counselling/enums.py `EscalationStep`): the supervisor is told at once, and each
step taken is logged with its time.

Mail about a case never carries its content: it says that something happened and links to the case. Reads of a
case by anyone but its participant are logged (`log_read_access`) and shown to the participant and the
supervisor. Cases are deleted a configurable time after the participant's departure (`purge_after_departure`).
"""

from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, create_logged, delete_logged, log_read_access, save_logged, unlogged
from kizuna.core.enums import Role
from kizuna.core.fiscal import fiscal_year_bounds, fiscal_year_of
from kizuna.core.models import Membership
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import transition
from kizuna.jet.enums import Status
from kizuna.jet.models import Participant

from .enums import (
    COUNTED,
    DEFAULT_VIDEO_SESSIONS,
    SESSION_TRANSITIONS,
    CaseStatus,
    Channel,
    EscalationStep,
    Language,
    Risk,
    Topic,
)
from .models import Allowance, Attachment, Case, CaseCounsellor, Escalation, Message, Note, Session, Slot

MAX_MESSAGE = 20_000  # characters of a message or a note
MAX_ATTACHMENT = 5 * 1024 * 1024  # bytes of a file sent with a message (sealed in the database)
BOOK_AHEAD = timedelta(hours=12)  # a slot is booked at least this long before it starts


def _refused(field: str, message: str, code: str) -> ValidationError:
    """A refusal shown next to its field, with a code for the API and the tests."""
    return ValidationError({field: ValidationError(message, code=code)})


def _current(case: Case) -> Case:
    """The case as it is now, locked: permissions that depend on its state (open, at high risk) are decided on
    it, not on the copy the caller read a moment ago."""
    return Case.objects.select_for_update(of=("self",)).select_related("participant__person").get(pk=case.pk)


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _refused(field, _("Write something first."), "empty")
    if len(value) > MAX_MESSAGE:
        raise _refused(field, _("At most %(n)s characters.") % {"n": f"{MAX_MESSAGE:,}"}, "too_long")
    return value


def _people_with_role(role) -> list:
    return [m.person for m in Membership.objects.active().filter(role=role).select_related("person")]


def _language_of(person) -> str:
    return getattr(person, "preferred_language", "") or "ja"


def _tell(people, template: str, case: Case) -> None:
    """Mail each person (in their language) that something happened on the case: never what."""
    for person in people:
        if person is not None and person.email:
            queue_mail(to=person.email, template=f"counselling/mail/{template}", language=_language_of(person),
                       context={"case_number": case.pk, "path": case.get_absolute_url()})


def _participant_of(user) -> Participant:
    participant = Participant.objects.filter(person=user).first()
    if participant is None:
        raise ValidationError(_("Only a JET participant asks for counselling."), code="not_participant")
    return participant


# -- cases -------------------------------------------------------------------------------------------------------

@transaction.atomic
def ask(*, by, channel: str, language: str, body: str) -> Case:
    """A participant asks for counselling with a first message; the counsellors are told a case waits."""
    require(by, "counselling.ask")
    if channel not in Channel.values:
        raise _refused("channel", _("Choose web mail or a video call."), "channel")
    if language not in Language.values:
        raise _refused("language", _("Choose English or Japanese."), "language")
    body = _text(body, "body")
    now = timezone.now()
    case = create_logged(Case, "counselling.case.create", by=by, participant=_participant_of(by), channel=channel,
                         language=language, last_message_at=now, awaiting_counsellor=True)
    create_logged(Message, "counselling.message.create", by=by, case=case, author=by, from_participant=True,
                  body=body)
    _tell(_people_with_role(Role.COUNSELLOR), "waiting", case)
    return case


def _on_case(case: Case) -> list:
    return [a.counsellor for a in case.assignments.select_related("counsellor")]


@transaction.atomic
def take(*, by, case: Case) -> Case:
    """A counsellor takes a waiting case: they are on it from now on, and it leaves the queue."""
    case = transition(case, "take", by=by, taken_at=timezone.now())
    create_logged(CaseCounsellor, "counselling.casecounsellor.create", by=by, case=case, counsellor=by)
    _tell([case.participant.person], "taken", case)
    return case


@transaction.atomic
def add_counsellor(*, by, case: Case, counsellor) -> CaseCounsellor:
    """The supervisor puts another counsellor on the case (a second opinion, a hand-over, a waiting case)."""
    case = _current(case)
    require(by, "counselling.assign_counsellor", case)
    if not Membership.objects.active().filter(person=counsellor, role=Role.COUNSELLOR).exists():
        raise _refused("counsellor", _("Choose a counsellor."), "not_counsellor")
    if case.assignments.filter(counsellor=counsellor).exists():
        raise _refused("counsellor", _("This counsellor is already on the case."), "already_on")
    if case.status == CaseStatus.WAITING:
        case = transition(case, "take", by=counsellor, taken_at=timezone.now())
    assignment = create_logged(CaseCounsellor, "counselling.casecounsellor.create", by=by, case=case,
                               counsellor=counsellor)
    _tell([counsellor], "assigned", case)
    return assignment


def _checked_attachment(upload) -> str:
    if upload.size > MAX_ATTACHMENT:
        raise _refused("attachment", _("“%(name)s” is %(size)s MB; an attachment can be at most 5 MB.")
                       % {"name": upload.name, "size": f"{upload.size / 1024 / 1024:.1f}"}, "too_big")
    try:
        return check_upload(upload)
    except ValidationError as error:
        raise _refused("attachment", error.messages[0], "file_kind") from None


@transaction.atomic
def write(*, by, case: Case, body: str, attachment=None) -> Message:
    """A message in the case's thread, from the participant or a counsellor on the case, with a file if any (its
    name and content sealed like the message); the other side is told."""
    case = _current(case)
    require(by, "counselling.write_message", case)
    body = _text(body, "body")
    kind = _checked_attachment(attachment) if attachment is not None else None
    from_participant = case.participant.person_id == by.pk
    message = create_logged(Message, "counselling.message.create", by=by, case=case, author=by,
                            from_participant=from_participant, body=body)
    if attachment is not None:
        attachment.seek(0)
        create_logged(Attachment, "counselling.attachment.create", by=by, message=message,
                      name=attachment.name[:200], content_type=kind, size=attachment.size, content=attachment.read())
    Case.objects.filter(pk=case.pk).update(last_message_at=message.sent_at, awaiting_counsellor=from_participant)
    if from_participant:
        _tell(_on_case(case) if case.status == CaseStatus.OPEN else [], "message_to_counsellor", case)
    else:
        _tell([case.participant.person], "message_to_participant", case)
    return message


@transaction.atomic
def add_note(*, by, case: Case, body: str) -> Note:
    case = _current(case)
    require(by, "counselling.work_case", case)
    return create_logged(Note, "counselling.note.create", by=by, case=case, author=by, body=_text(body, "body"))


@transaction.atomic
def classify(*, by, case: Case, topic: str, risk: str) -> Case:
    """Record the case's topic and risk level. Raising it to high starts the escalation path: the supervisor is
    told at once, and the first step is logged."""
    case = _current(case)
    require(by, "counselling.work_case", case)
    if topic not in ["", *Topic.values]:
        raise _refused("topic", _("Choose a topic."), "topic")
    if risk not in Risk.values:
        raise _refused("risk", _("Choose a risk level."), "risk")
    raised = risk == Risk.HIGH and case.risk != Risk.HIGH
    case.topic, case.risk = topic, risk
    save_logged(case, "counselling.case.classify", by=by, fields=["topic", "risk"])
    if raised:
        _tell(_people_with_role(Role.COUNSELLING_SUPERVISOR), "emergency", case)
        create_logged(Escalation, "counselling.escalation.create", by=by, case=case, step=EscalationStep.SUPERVISOR,
                      taken_by=by)
    return case


@transaction.atomic
def escalate(*, by, case: Case, step: str, note: str = "") -> Escalation:
    """Log a step of the escalation path taken in an emergency."""
    case = _current(case)
    require(by, "counselling.escalate", case)
    if step not in EscalationStep.values:
        raise _refused("step", _("Choose a step of the escalation path."), "step")
    if len(note or "") > MAX_MESSAGE:
        raise _refused("note", _("At most %(n)s characters.") % {"n": f"{MAX_MESSAGE:,}"}, "too_long")
    return create_logged(Escalation, "counselling.escalation.create", by=by, case=case, step=step,
                         taken_by=by, note=(note or "").strip())


@transaction.atomic
def refer(*, by, case: Case, clinic: str) -> Case:
    """Refer the participant to an outside clinic (its name is sealed like the messages)."""
    case = _current(case)
    require(by, "counselling.work_case", case)
    case.referred_to = _text(clinic, "clinic")
    case.referred_at = timezone.now()
    save_logged(case, "counselling.case.refer", by=by, fields=["referred_to", "referred_at"])
    return case


def close(*, by, case: Case) -> Case:
    return transition(case, "close", by=by, closed_at=timezone.now())


def reopen(*, by, case: Case) -> Case:
    return transition(case, "reopen", by=by, closed_at=None)


def opened_by(*, by, case: Case) -> None:
    """A read of the case's content by anyone but its participant goes into the access log."""
    if case.participant.person_id != by.pk:
        log_read_access(case, by=by)


# -- video sessions ----------------------------------------------------------------------------------------------

def allowance(fiscal_year: int) -> int:
    found = Allowance.objects.filter(fiscal_year=fiscal_year).values_list("video_sessions", flat=True).first()
    return DEFAULT_VIDEO_SESSIONS if found is None else found


@transaction.atomic
def set_allowance(*, by, fiscal_year: int, video_sessions: int) -> Allowance:
    require(by, "counselling.set_allowance")
    if not 0 <= video_sessions <= 52:
        raise _refused("video_sessions", _("Between 0 and 52 sessions."), "range")
    row = Allowance.objects.select_for_update().filter(fiscal_year=fiscal_year).first()
    if row is None:
        return create_logged(Allowance, "counselling.allowance.create", by=by, fiscal_year=fiscal_year,
                             video_sessions=video_sessions)
    row.video_sessions = video_sessions
    save_logged(row, "counselling.allowance.update", by=by, fields=["video_sessions"])
    return row


def sessions_used(participant, fiscal_year: int) -> int:
    return Session.objects.filter(case__participant=participant, fiscal_year=fiscal_year,
                                  status__in=COUNTED).count()


@transaction.atomic
def add_slot(*, by, starts_at: datetime) -> Slot:
    require(by, "counselling.manage_slots")
    if starts_at <= timezone.now():
        raise _refused("starts_at", _("Choose a time in the future."), "past")
    if Slot.objects.filter(counsellor=by, starts_at=starts_at).exists():
        raise _refused("starts_at", _("You already offer this time."), "duplicate")
    return create_logged(Slot, "counselling.slot.create", by=by, counsellor=by, starts_at=starts_at)


@transaction.atomic
def remove_slot(*, by, slot: Slot) -> None:
    require(by, "counselling.remove_slot", slot)
    if slot.sessions.exists():
        raise ValidationError(_("A session was booked in this slot: cancel the session instead."), code="booked")
    delete_logged(slot, "counselling.slot.delete", by=by)


def free_slots(case: Case):
    """The future free slots of the counsellors on the case, bookable now."""
    return (Slot.objects.filter(counsellor__in=case.assignments.values("counsellor"),
                                starts_at__gte=timezone.now() + BOOK_AHEAD)
            .exclude(sessions__status__in=COUNTED).select_related("counsellor").order_by("starts_at"))


@transaction.atomic
def book(*, by, case: Case, slot: Slot) -> Session:
    """The participant books a session in a free slot of a counsellor on their case, within the year's limit.
    The participant's record is locked so that two bookings at once cannot both take the last session."""
    case = _current(case)
    require(by, "counselling.book_session", case)
    participant = Participant.objects.select_for_update().get(pk=case.participant_id)
    slot = Slot.objects.select_for_update().get(pk=slot.pk)
    if not free_slots(case).filter(pk=slot.pk).exists():
        raise _refused("slot", _("This time is no longer free: choose another."), "taken")
    year = fiscal_year_of(timezone.localtime(slot.starts_at).date())
    limit = allowance(year)
    if sessions_used(participant, year) >= limit:
        raise _refused("slot", _("You have had the %(n)s video sessions of this year (April to March). "
                                         "Web mail stays open without a limit.") % {"n": limit}, "limit")
    session = create_logged(Session, "counselling.session.create", by=by, case=case, slot=slot, fiscal_year=year)
    _tell([*_on_case(case), participant.person], "booked", case)
    return session


@SESSION_TRANSITIONS.guard("before_start")
def _before_start(session, *, by, **changes) -> None:
    if session.slot.starts_at <= timezone.now():
        raise ValidationError(_("The session has started: record it as held or missed instead."), code="started")


def cancel_session(*, by, session: Session) -> Session:
    session = transition(session, "cancel", by=by)
    _tell([*_on_case(session.case), session.case.participant.person], "cancelled", session.case)
    return session


def record_session(*, by, session: Session, held: bool) -> Session:
    return transition(session, "hold" if held else "miss", by=by)


# -- retention ---------------------------------------------------------------------------------------------------

def purge_after_departure(*, today=None) -> int:
    """Delete the cases of participants who departed more than KIZUNA_COUNSELLING_RETENTION_DAYS ago, with their
    messages, notes, sessions and escalation steps. The log keeps that the case existed and was deleted."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.KIZUNA_COUNSELLING_RETENTION_DAYS)
    expired = list(Case.objects.filter(participant__status=Status.DEPARTED, participant__departed_on__lt=cutoff))
    for case in expired:
        with transaction.atomic(), unlogged("retention: the case and everything under it, logged once as a whole"):
            delete_logged(case, "counselling.case.delete", by=SYSTEM,
                          data={"reason": "retention", "retention_days": settings.KIZUNA_COUNSELLING_RETENTION_DAYS})
    return len(expired)


# -- statistics without content -------------------------------------------------------------------------------

def statistics(fiscal_year: int) -> dict:
    """Cases and sessions of the year by month, channel, topic and position: counts only."""
    start, end = fiscal_year_bounds(fiscal_year)
    cases = Case.objects.filter(opened_at__date__gte=start, opened_at__date__lte=end)
    by_month = Counter({row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row["n"]
                        for row in cases.annotate(month=TruncMonth("opened_at")).values("month")
                        .annotate(n=Count("pk")).order_by()})
    sessions = Session.objects.filter(fiscal_year=fiscal_year)
    sessions_by_month = Counter()
    for row in (sessions.filter(status__in=COUNTED).annotate(month=TruncMonth("slot__starts_at")).values("month")
                .annotate(n=Count("pk")).order_by()):
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        sessions_by_month[month] = row["n"]

    def counts(field):
        return {row[field]: row["n"] for row in cases.values(field).annotate(n=Count("pk")).order_by()}

    months = []
    day = start
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return {
        "cases": cases.count(),
        "months": [(m, by_month.get(m, 0), sessions_by_month.get(m, 0)) for m in months],
        "channel": counts("channel"), "topic": counts("topic"), "position": counts("participant__position"),
        "risk_high": cases.filter(risk=Risk.HIGH).count(),
        "sessions": {row["status"]: row["n"] for row in sessions.values("status").annotate(n=Count("pk")).order_by()},
    }
