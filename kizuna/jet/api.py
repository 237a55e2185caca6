"""The JET Programme in the API: the roster each caller may see (headquarters all, a PA their coordinating
body's, a contracting organisation its own), one participant, and the participant's own record."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kizuna.core.api import Pages, pages_of
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.schemas import refused, with_errors

from . import queries, queries_reappointment, queries_safety, reappointment
from .enums import MAX_YEARS, Cohort, Position, Reappointment, SafetyReply, Status
from .models import Participant
from .schemas import (
    MAX_ID,
    DecisionIn,
    IntentionIn,
    ParticipantDetailOut,
    ParticipantOut,
    ReappointmentIntentionOut,
    ReappointmentRoundOut,
    SafetyAnswerOut,
    SafetyConfirmationOut,
)

router = Router(tags=["jet"])
ID = Path(..., ge=1, le=MAX_ID)


def _participant(request, participant_id, **kwargs):
    return get_object_or_404(Participant.objects.visible_to(request.user).select_related(
        "host__organisation", "host__coordinating_body"), pk=parse_id(participant_id))


def _out(p: Participant) -> dict:
    return {"id": p.pk, "jet_number": p.jet_number, "family_name": p.family_name, "given_names": p.given_names,
            "name_katakana": p.name_katakana, "position": p.position, "nationality": p.nationality,
            "recruiting_country": p.recruiting_country, "cohort": p.cohort, "status": p.status,
            "contract_year": p.contract_year, "contracting_organisation": str(p.host.organisation),
            "contracting_organisation_code": p.host.organisation.code or None,
            "coordinating_body": str(p.host.coordinating_body), "expected_arrival": p.expected_arrival,
            "arrived_on": p.arrived_on, "leaving_on": p.leaving_on, "departed_on": p.departed_on}


RosterPages = pages_of(lambda request, participants: [_out(p) for p in queries.with_bodies(participants)])


@router.get("/participants", response=with_errors(list[ParticipantOut], 401, 403, 422),
            auth=allowed("jet.view_roster"))
@paginate(RosterPages, page_size=50)
def jet_list_participants(request, q: str = Query("", max_length=100), status: Status | None = None,
                          position: Position | None = None, cohort: Cohort | None = None,
                          year: int | None = Query(None, ge=1, le=MAX_YEARS), all: bool = False):
    """The participants the caller may see, by contracting organisation and name; `q` matches a name (kana or
    romaji too) or a JET number; without `all` or a `status`, only those placed or in the programme."""
    filters = queries.RosterFilters(
        q=q, status=status or "", position=position or "", cohort=cohort or "", year=year, active_only=not all)
    return queries.roster(request.user, filters)


@router.get("/participants/{participant_id}", response=with_errors(ParticipantDetailOut),
            auth=allowed("jet.view_participant", get_object=_participant))
def jet_get_participant(request, participant_id: int = ID):
    p = loaded(request)
    return {**_out(p), "email": p.email, "workplaces": [w.name for w in p.workplaces.all()],
            "appointments": [{"year": a.year, "starts_on": a.starts_on, "ends_on": a.ends_on}
                             for a in p.appointments.order_by("year")]}


def _confirmation(request, confirmation_id, **kwargs):
    return get_object_or_404(queries_safety.confirmations(request.user), pk=parse_id(confirmation_id))


def _confirmation_out(user, c) -> dict:
    counts = queries_safety.counts(user, c)
    return {"id": c.pk, "title": c.title, "kind": c.kind, "status": c.status, "started_at": c.started_at,
            "closed_at": c.closed_at, "asked": counts["asked"], "answered": counts["answered"],
            "safe": counts[SafetyReply.SAFE], "needs_help": counts[SafetyReply.NEEDS_HELP],
            "injured": counts[SafetyReply.INJURED], "not_answered": counts["none"]}


# Pages of confirmations: only the page's confirmations get their answers counted.
ConfirmationPages = pages_of(lambda request, found: [_confirmation_out(request.user, c) for c in found])


def _answer_out(row) -> dict:
    return {"participant_id": row.participant_id, "jet_number": row.participant.jet_number,
            "family_name": row.participant.family_name, "given_names": row.participant.given_names,
            "contracting_organisation": str(row.host.organisation), "answer": row.answer,
            "location": row.location, "note": row.note, "answered_at": row.answered_at, "reminders": row.reminders}


@router.get("/safety", response=with_errors(list[SafetyConfirmationOut], 401, 403, 422),
            auth=allowed("jet.view_safety_confirmations"))
@paginate(ConfirmationPages, page_size=20)
def jet_list_safety_confirmations(request):
    """The safety confirmations the caller may see, newest first, with the counts of the answers they may see."""
    return queries_safety.confirmations(request.user).order_by("-started_at", "-pk")


@router.get("/safety/{confirmation_id}/answers", response=with_errors(list[SafetyAnswerOut]),
            auth=allowed("jet.view_safety_confirmation", get_object=_confirmation))
@paginate(pages_of(lambda request, rows: [_answer_out(row) for row in rows]), page_size=100)
def jet_safety_answers(request, confirmation_id: int = ID, answer: SafetyReply | None = None,
                       not_answered: bool = False):
    """The answers of one confirmation the caller may see, the most urgent first (injured, needs help, not
    answered, safe); `answer` or `not_answered` narrows them."""
    which = queries_safety.NOT_ANSWERED if not_answered else (answer or "")
    return queries_safety.answers(request.user, loaded(request), which)


def _round(request, round_id, **kwargs):
    return get_object_or_404(queries_reappointment.rounds(request.user), pk=parse_id(round_id))


@router.get("/reappointment", response=with_errors(list[ReappointmentRoundOut], 401, 403, 422),
            auth=allowed("jet.view_reappointment_rounds"))
@paginate(Pages, page_size=20)
def jet_list_reappointment_rounds(request):
    """The reappointment rounds the caller may see (headquarters all; others those with a row of theirs)."""
    return [{"id": r.pk, "year": r.year, "status": r.status, "intention_deadline": r.intention_deadline,
             "decision_deadline": r.decision_deadline, "confirmation_deadline": r.confirmation_deadline,
             "opened_at": r.opened_at, "closed_at": r.closed_at}
            for r in queries_reappointment.rounds(request.user).order_by("-year")]


@router.get("/reappointment/{round_id}/intentions", response=with_errors(list[ReappointmentIntentionOut]),
            auth=allowed("jet.view_reappointment_round", get_object=_round))
@paginate(pages_of(lambda request, rows: [_intention_out(row) for row in rows]), page_size=100)
def jet_reappointment_intentions(request, round_id: int = ID, status: Reappointment | None = None):
    """The participants of one round the caller may see, by contracting organisation; `status` narrows them."""
    return queries_reappointment.intentions(request.user, loaded(request), status or "")


def _intention_out(row) -> dict:
    return {"id": row.pk, "participant_id": row.participant_id, "jet_number": row.participant.jet_number,
            "family_name": row.participant.family_name, "given_names": row.participant.given_names,
            "contracting_organisation": str(row.host.organisation), "coordinating_body": str(row.coordinating_body),
            "current_year": row.current_year, "appointment_ends_on": row.appointment_ends_on,
            "status": row.status, "reason": row.reason, "stated_at": row.stated_at, "decided_at": row.decided_at,
            "confirmed_at": row.confirmed_at}


def _intention(request, intention_id, **kwargs):
    return get_object_or_404(queries_reappointment.intentions_of(request.user), pk=parse_id(intention_id))


def _stepped(request, step) -> dict:
    """Run a step of the reappointment round on the loaded row; a refusal (a deadline, a missing reason, a step
    the row's state does not allow) is a 422 with its reasons, and nothing changes."""
    try:
        row = step(loaded(request))
    except ValidationError as error:
        raise refused(error) from None
    return _intention_out(get_object_or_404(queries_reappointment.intentions_of(request.user), pk=row.pk))


@router.get("/reappointment/intentions/{intention_id}", response=with_errors(ReappointmentIntentionOut),
            auth=allowed("jet.view_reappointment_intention", get_object=_intention))
def jet_get_reappointment_intention(request, intention_id: int = ID):
    """One participant's row of a round: their intention, the contracting organisation's decision, the
    confirmation."""
    return _intention_out(loaded(request))


@router.post("/reappointment/intentions/{intention_id}/intention", response=with_errors(ReappointmentIntentionOut),
             auth=allowed("jet.state_intention", get_object=_intention))
def jet_state_intention(request, payload: IntentionIn, intention_id: int = ID):
    """The participant (or their supervisor for them) says whether they re-contract, by the intention
    deadline; said again, it changes until the contracting organisation decides."""
    return _stepped(request, lambda row: reappointment.state_intention(by=request.user, row=row,
                                                                       stay=payload.stay))


@router.post("/reappointment/intentions/{intention_id}/decision", response=with_errors(ReappointmentIntentionOut),
             auth=allowed("jet.decide_reappointment", get_object=_intention))
def jet_decide_reappointment(request, payload: DecisionIn, intention_id: int = ID):
    """The contracting organisation agrees to a stay or declines it, by the decision deadline: a reason is
    required to decline, and to agree to a fourth or fifth year."""
    step = reappointment.agree if payload.agree else reappointment.decline
    return _stepped(request, lambda row: step(by=request.user, row=row, reason=payload.reason))


@router.post("/reappointment/intentions/{intention_id}/confirmation",
             response=with_errors(ReappointmentIntentionOut),
             auth=allowed("jet.confirm_reappointment", get_object=_intention))
def jet_confirm_reappointment(request, intention_id: int = ID):
    """The coordinating body (or headquarters) confirms what the row says: an agreed stay, or a departure
    (intended, or declined by the contracting organisation)."""
    return _stepped(request, lambda row: reappointment.confirm(by=request.user, row=row))

