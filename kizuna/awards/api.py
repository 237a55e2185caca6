"""The award in the API: rounds, the panel's ranking and the eligibility check (CLAIR staff), a judge's
nominations to score (blind where the round is), and the published winners (public)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Path, Router

from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.schemas import refused, with_errors
from kizuna.grants.enums import SchemeKind
from kizuna.grants.queries import my_assignments
from kizuna.grants.schemas import MAX_ID

from . import queries, services
from .models import Nomination, Round
from .schemas import EligibilityIn, JudgingOut, PanelRowOut, RoundOut, WinnerOut

router = Router(tags=["awards"])
ID = Path(..., ge=1, le=MAX_ID)


def _round(request, round_id, **kwargs):
    return get_object_or_404(queries.rounds(request.user), pk=parse_id(round_id))


def _nomination(request, nomination_id, **kwargs):
    return get_object_or_404(queries.nominations(request.user).select_related("round"), pk=parse_id(nomination_id))


def _round_out(r) -> dict:
    call = r.call
    return {"id": r.pk, "fiscal_year": call.fiscal_year, "title": call.title, "opens_at": call.opens_at.isoformat(),
            "closes_at": call.closes_at.isoformat(), "blind": call.blind_review, "most_winners": call.most_winners,
            "through_prefecture": r.through_prefecture, "is_published": r.is_published}


@router.get("/rounds", response=with_errors(list[RoundOut], 401, 422), auth=allowed("awards.view_rounds"))
def awards_list_rounds(request):
    """The rounds the caller may see, the latest year first."""
    return [_round_out(r) for r in queries.rounds(request.user).order_by("-call__fiscal_year")]


def _result(nomination) -> str:
    return {"awarded": "winner", "rejected": "not_selected"}.get(nomination.application.status, "under_judging")


@router.get("/rounds/{round_id}/panel", response=with_errors(list[PanelRowOut], 401, 403, 404, 422),
            auth=allowed("awards.view_panel", get_object=_round))
def awards_panel(request, round_id: int = ID):
    """The panel's ranking: nominations that reached CLAIR by mean weighted score (ineligible ones last), each
    with the judges' declared conflicts and the result."""
    return [{"id": r.nomination.pk, "title": r.nomination.title, "nominee": r.nomination.nominee.name,
             "proposer": r.nomination.proposer.name, "eligibility": r.nomination.eligibility,
             "ineligible_reason": r.nomination.ineligible_reason, "score": r.score, "judges_scored": r.scored,
             "conflicts": [{"judge": str(a.reviewer), "note": a.conflict_note} for a in r.conflicts],
             "result": _result(r.nomination)} for r in queries.panel(loaded(request))]


@router.post("/nominations/{nomination_id}/eligibility",
             response=with_errors(PanelRowOut, 401, 403, 404, 422),
             auth=allowed("awards.check_eligibility", get_object=_nomination))
def awards_check_eligibility(request, payload: EligibilityIn, nomination_id: int = ID):
    """Record headquarters' eligibility check: `checks` answers the round's checklist (each item by its words);
    eligible needs every item ticked, not eligible needs a `reason`."""
    try:
        n = services.check_eligibility(by=request.user, nomination=loaded(request), checks=payload.checks,
                                       eligible=payload.eligible, reason=payload.reason)
    except ValidationError as error:
        raise refused(error) from None
    n = Nomination.objects.select_related("nominee", "proposer", "application").get(pk=n.pk)
    return {"id": n.pk, "title": n.title, "nominee": n.nominee.name, "proposer": n.proposer.name,
            "eligibility": n.eligibility, "ineligible_reason": n.ineligible_reason, "score": None,
            "judges_scored": 0, "conflicts": [], "result": _result(n)}


@router.get("/judging", response=with_errors(list[JudgingOut], 401, 403, 422), auth=allowed("grants.view_reviews"))
def awards_judging(request):
    """The caller's nominations to judge (their grants review assignments on award rounds). `nominee` is null
    where the caller may not see who is nominated: in a blind round, and before they declared no conflict."""
    assignments = list(my_assignments(request.user).filter(application__call__scheme__kind=SchemeKind.AWARD))
    shown = [a.application_id for a in assignments if a.applicant_shown]
    nominees = dict(Nomination.objects.filter(application_id__in=shown).values_list("application_id",
                                                                                    "nominee__name"))
    rounds = dict(Round.objects.filter(call_id__in={a.application.call_id for a in assignments})
                  .values_list("call_id", "pk"))
    return [{"application_id": a.application_id, "round_id": rounds.get(a.application.call_id, 0),
             "title": a.application.title, "nominee": nominees.get(a.application_id), "status": a.status}
            for a in assignments]


@router.get("/winners", response=with_errors(list[WinnerOut], 401, 422), auth=allowed("awards.view_winners"))
def awards_list_winners(request):
    """The published winners of every year with the panel's citations (public)."""
    return [{"fiscal_year": n.round.call.fiscal_year, "nominee": n.nominee.name, "nominee_en": n.nominee.name_en,
             "title": n.title, "citation": n.application.conditions, "citation_en": n.citation_en}
            for n in queries.winners()]
