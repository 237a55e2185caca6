"""The reappointment round (再任用): every write, each state change through its transition table.

Headquarters opens the round for the appointment year that starts in the summer of `year`: every participant
who has arrived or is in post gets a row. By the intention deadline the participant (or their supervisor for
them) says whether they re-contract; the contracting organisation agrees or declines by its deadline (a reason
for a decline, and for agreeing to a fourth or fifth year: three years in principle, five at most); the
coordinating body's PA (or headquarters) confirms. A confirmed departure moves the participant to "leaving" at
the end of the current appointment; a confirmed stay lets the yearly `renew` give the next appointment year,
which is refused to anyone the round did not reappoint. Those who have not answered are reminded by mail.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, create_logged, update_logged
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from .enums import (
    MAX_YEARS,
    PARTICIPANT_TRANSITIONS,
    REAPPOINTMENT_TRANSITIONS,
    USUAL_YEARS,
    Reappointment,
    RoundStatus,
    Status,
)
from .models import MAX_PLACES_CHANGE, Participant, PlacesAdjustment, ReappointmentIntention, ReappointmentRound

IN_ROUND = (Status.ARRIVED, Status.IN_POST)  # those who state an intention (leavers have decided already)
REMIND_WITHIN = timedelta(days=14)  # reminders start this long before the intention deadline
REMIND_EVERY = timedelta(days=3)
LANGUAGES = ("ja", "en")


# -- guards ---------------------------------------------------------------------------------------------------

def _today():
    return timezone.localdate()


@REAPPOINTMENT_TRANSITIONS.guard("may_state")
def _may_state(row, *, by, **changes) -> None:
    _in_time(row)


@REAPPOINTMENT_TRANSITIONS.guard("may_stay")
def _may_stay(row, *, by, **changes) -> None:
    _in_time(row)
    if row.current_year >= MAX_YEARS:
        raise ValidationError({"intention": _("Five years is the most: a fifth-year participant cannot "
                                              "re-contract.")}, code="max_years")


def _in_time(row) -> None:
    rnd = row.round
    if not rnd.is_open:
        raise ValidationError(_("The reappointment round is closed."), code="closed")
    if _today() > rnd.intention_deadline:
        raise ValidationError(_("The deadline for intentions (%(day)s) has passed; ask your supervisor.")
                              % {"day": rnd.intention_deadline}, code="deadline")


def _may_decide(row) -> None:
    rnd = row.round
    if not rnd.is_open:
        raise ValidationError(_("The reappointment round is closed."), code="closed")
    if _today() > rnd.decision_deadline:
        raise ValidationError(_("The deadline for decisions (%(day)s) has passed; ask the coordinating body.")
                              % {"day": rnd.decision_deadline}, code="deadline")


@REAPPOINTMENT_TRANSITIONS.guard("may_agree")
def _may_agree(row, *, by, **changes) -> None:
    _may_decide(row)
    if row.next_year > MAX_YEARS:
        raise ValidationError(_("Five years is the most: a fifth-year participant cannot re-contract."),
                              code="max_years")
    if row.next_year > USUAL_YEARS and not row.reason.strip():
        raise ValidationError({"reason": _("A year %(n)s is only with a recorded reason: say why the participant "
                                           "stays beyond three years.") % {"n": row.next_year}}, code="reason")


@REAPPOINTMENT_TRANSITIONS.guard("may_decline")
def _may_decline(row, *, by, **changes) -> None:
    _may_decide(row)
    if not row.reason.strip():
        raise ValidationError({"reason": _("Say why the contracting organisation declines.")}, code="reason")


@PARTICIPANT_TRANSITIONS.guard("reappointed")
def _reappointed(participant, *, by, **changes) -> None:
    """A new appointment year only for a participant whose round (if any, for the year now ending) confirmed
    the stay."""
    ending = participant.contract_year - 1  # `changes` already holds the next year
    row = (ReappointmentIntention.objects.filter(participant=participant, current_year=ending)
           .order_by("-round__year").first())
    if row is not None and row.status != Reappointment.STAYS:
        raise ValidationError(_("The reappointment round did not confirm that this participant stays."),
                              code="not_reappointed")


@REAPPOINTMENT_TRANSITIONS.effect("confirm_leave")
def _leaves_at_the_end(row, *, by, note="") -> None:
    participant = Participant.objects.get(pk=row.participant_id)
    if participant.status in IN_ROUND:
        transition(participant, "not_reappointed", by=SYSTEM, leaving_on=row.appointment_ends_on,
                   note=f"reappointment round {row.round.year}")


# -- opening and closing --------------------------------------------------------------------------------------

def _check_deadlines(year, intention_deadline, decision_deadline, confirmation_deadline) -> None:
    problems = {}
    if not 2000 <= (year or 0) <= 2100:
        problems["year"] = _("Give the year the next appointments start, e.g. 2027.")
    elif ReappointmentRound.objects.filter(year=year).exists():
        problems["year"] = _("There is already a round for %(year)s.") % {"year": year}
    if intention_deadline and decision_deadline and decision_deadline < intention_deadline:
        problems["decision_deadline"] = _("The decisions come after the intentions.")
    if decision_deadline and confirmation_deadline and confirmation_deadline < decision_deadline:
        problems["confirmation_deadline"] = _("The confirmations come after the decisions.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def open_round(*, by, year: int, intention_deadline, decision_deadline, confirmation_deadline) -> ReappointmentRound:
    """Open the round: one row per participant who has arrived or is in post, mailed to state an intention."""
    require(by, "jet.open_reappointment_round")
    _check_deadlines(year, intention_deadline, decision_deadline, confirmation_deadline)
    rnd = create_logged(ReappointmentRound, "jet.reappointmentround.create", by=by, year=year,
                        intention_deadline=intention_deadline, decision_deadline=decision_deadline,
                        confirmation_deadline=confirmation_deadline, opened_by=by)
    participants = (Participant.objects.filter(status__in=IN_ROUND).select_related("host", "person")
                    .prefetch_related("appointments").order_by("pk"))
    for participant in participants:
        last = max(participant.appointments.all(), key=lambda a: a.year, default=None)
        if last is not None:
            _ask(rnd, participant, last, by=by)
    return rnd


def _ask(rnd, participant, last, *, by) -> ReappointmentIntention:
    """The participant's row in the round, for the appointment `last` that ends, and the mail asking them."""
    row = create_logged(ReappointmentIntention, "jet.reappointmentintention.create", by=by, round=rnd,
                        participant=participant, host=participant.host,
                        coordinating_body_id=participant.host.coordinating_body_id,
                        current_year=participant.contract_year, appointment_ends_on=last.ends_on)
    _mail(row, "ask")
    return row


def join_open_round(*, by, participant: Participant) -> ReappointmentIntention | None:
    """A participant who arrives while a round is open, with a first appointment that ends by the summer the
    round is for (an April arrival's short first term), joins it and is asked like the others: otherwise they
    would be in no round, and `renew` would take them into a second year unasked. None when no round applies."""
    rnd = ReappointmentRound.objects.filter(status=RoundStatus.OPEN).order_by("-year").first()
    last = participant.appointments.order_by("-year").first()
    if (rnd is None or last is None or participant.status not in IN_ROUND or last.ends_on.year > rnd.year
            or rnd.intentions.filter(participant=participant).exists()):
        return None
    return _ask(rnd, participant, last, by=by)


def close_round(*, by, rnd: ReappointmentRound) -> ReappointmentRound:
    """Closed, the round is a record: nothing more is stated, decided or confirmed."""
    return transition(rnd, "close", by=by, closed_at=timezone.now())


# -- the steps ------------------------------------------------------------------------------------------------

def state_intention(*, by, row: ReappointmentIntention, stay: bool) -> ReappointmentIntention:
    return transition(row, "intend_to_stay" if stay else "intend_to_leave", by=by, stated_at=timezone.now(),
                       stated_by=by)


def agree(*, by, row: ReappointmentIntention, reason: str = "") -> ReappointmentIntention:
    return transition(row, "agree", by=by, decided_at=timezone.now(), reason=reason.strip())


def decline(*, by, row: ReappointmentIntention, reason: str) -> ReappointmentIntention:
    return transition(row, "decline", by=by, decided_at=timezone.now(), reason=reason.strip())


def confirm(*, by, row: ReappointmentIntention) -> ReappointmentIntention:
    """The coordinating body confirms what the row says: a stay (agreed) or a departure (intended or declined)."""
    action = "confirm_stay" if row.status == Reappointment.HOST_AGREED else "confirm_leave"
    return transition(row, action, by=by, confirmed_at=timezone.now())


@transaction.atomic
def confirm_all_agreed(*, by, rnd: ReappointmentRound) -> int:
    """Confirm every agreed stay the person may confirm in the round, all or none. Returns how many."""
    require(by, "jet.confirm_reappointments", rnd)
    rows = (ReappointmentIntention.objects.visible_to(by, "jet.confirm_reappointment")
            .filter(round=rnd, status=Reappointment.HOST_AGREED).order_by("pk"))
    done = 0
    for row in rows:
        confirm(by=by, row=row)
        done += 1
    return done


# -- new places -----------------------------------------------------------------------------------------------

@transaction.atomic
def adjust_places(*, by, rnd: ReappointmentRound, host_id: int | None, change: int | None,
                  reason: str) -> PlacesAdjustment:
    """Record a change to a contracting organisation's new places for the year after the round (more or fewer
    than its confirmed departures), agreed with headquarters, with its reason. The outcome adds it up; the new
    places of an organisation never go below none."""
    require(by, "jet.adjust_places", rnd)
    problems = {}
    host = rnd.intentions.filter(host_id=host_id).values_list("host_id", flat=True).first() if host_id else None
    if host is None:
        problems["host"] = _("Choose a contracting organisation of the round.")
    if not change or abs(change) > MAX_PLACES_CHANGE:
        problems["change"] = _("Give a change between -%(n)s and +%(n)s places, not zero.") % {"n": MAX_PLACES_CHANGE}
    if not reason.strip():
        problems["reason"] = _("Say why the new places change (what was agreed with the contracting "
                               "organisation).")
    if problems:
        raise ValidationError(problems)
    return create_logged(PlacesAdjustment, "jet.placesadjustment.create", by=by, round=rnd, host_id=host,
                         change=change, reason=reason.strip(), recorded_by=by)


# -- reminders ------------------------------------------------------------------------------------------------

def _language(participant) -> str:
    language = getattr(participant.person, "preferred_language", "") if participant.person_id else ""
    return language if language in LANGUAGES else "en"


def _mail(row: ReappointmentIntention, template: str) -> None:
    queue_mail(to=row.participant.email, template=f"jet/reappointment/mail/{template}",
               language=_language(row.participant),
               context={"row": row, "round": row.round, "participant": row.participant,
                        "path": row.get_absolute_url()})


@transaction.atomic
def remind_due(*, now=None) -> int:
    """The schedule (daily): participants who have not stated an intention are reminded from REMIND_WITHIN before
    the deadline, every REMIND_EVERY, until the deadline. A system step. Returns the number of reminders."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = list(ReappointmentIntention.objects.filter(
        round__status=RoundStatus.OPEN, status=Reappointment.AWAITING,
        round__intention_deadline__gte=today, round__intention_deadline__lte=today + REMIND_WITHIN)
        .filter(Q(last_reminded_at=None) | Q(last_reminded_at__lte=now - REMIND_EVERY))
        .select_related("round", "participant__person").order_by("pk"))
    if not rows:
        return 0
    update_logged(ReappointmentIntention.objects.filter(pk__in=[r.pk for r in rows]),
                  "jet.reappointmentintention.remind", by=SYSTEM, reminders=F("reminders") + 1,
                  last_reminded_at=now)
    for row in rows:
        _mail(row, "remind")
    return len(rows)
