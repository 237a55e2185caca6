"""Grants in the API: calls (public), own applications, assigned reviews, the board and decisions (staff)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Path, Router
from ninja.errors import HttpError

from kizuna.core.api_auth import api_permission, optional_auth
from kizuna.core.schemas import with_errors

from . import queries, services
from .models import Application
from .schemas import (
    MAX_ID,
    ApplicationDetailOut,
    ApplicationOut,
    BoardOut,
    CallDetailOut,
    CallOut,
    DecisionsIn,
    ReviewOut,
)
from .services.deciding import awarded_total

router = Router(tags=["grants"])
ID = Path(..., ge=1, le=MAX_ID)


def _call(request, call_id, **kwargs):
    return get_object_or_404(queries.calls(request.user), pk=call_id)


def _application(request, application_id, **kwargs):
    return get_object_or_404(Application.objects.visible_to(request.user)
                             .select_related("applicant", "person"), pk=application_id)


def _call_out(call) -> dict:
    return {"id": call.pk, "title": call.title, "fiscal_year": call.fiscal_year, "opens_at": call.opens_at,
            "closes_at": call.closes_at, "envelope": call.envelope, "is_open": call.is_open(),
            "scheme": call.scheme}


def _application_out(a) -> dict:
    return {"id": a.pk, "call_id": a.call_id, "title": a.title, "applicant": a.applicant_name,
            "status": a.status, "requested_amount": a.requested_amount, "decided_amount": a.decided_amount,
            "final_amount": a.final_amount, "round_number": a.round_number, "submitted_at": a.submitted_at}


def _refusal(error: ValidationError):
    return HttpError(422, " ".join(error.messages))


@router.get("/calls", response=with_errors(list[CallOut], 401, 422), auth=optional_auth)
@api_permission("grants.view_calls")
def grants_list_calls(request):
    """Published calls, newest first."""
    return [_call_out(c) for c in queries.calls(request.user)]


@router.get("/calls/{call_id}", response=with_errors(CallDetailOut, 401, 404, 422), auth=optional_auth)
@api_permission("grants.view_call", get_object=_call)
def grants_get_call(request, call_id: int = ID):
    call = _call(request, call_id)
    return {**_call_out(call), "questions": list(call.questions.all())}


@router.get("/applications", response=with_errors(list[ApplicationOut], 401, 403, 422))
@api_permission("grants.view_own_applications")
def grants_list_applications(request):
    """The applications of the caller's organisations, and their own claims."""
    return [_application_out(a) for a in queries.own_applications(request.user)]


@router.get("/applications/{application_id}", response=with_errors(ApplicationDetailOut))
@api_permission("grants.view_application", get_object=_application)
def grants_get_application(request, application_id: int = ID):
    a = _application(request, application_id)
    hide = a.call.blind_review and not (request.user.has_perm("grants.change_application", a)
                                        or request.user.has_perm("grants.view_board"))
    out = _application_out(a)
    if hide:
        out["applicant"] = None
    return {**out, "summary": a.summary, "answers": a.answers, "lines": list(a.lines.all())}


@router.post("/applications/{application_id}/submit", response=with_errors(ApplicationOut))
@api_permission("grants.submit_application", get_object=_application)
def grants_submit_application(request, application_id: int = ID):
    """Submit (or resubmit) a draft; refused with every broken rule named, or after the closing time."""
    try:
        a = services.submit_application(by=request.user, application=_application(request, application_id))
    except ValidationError as error:
        raise _refusal(error) from None
    return _application_out(a)


@router.get("/reviews", response=with_errors(list[ReviewOut], 401, 403, 422))
@api_permission("grants.view_reviews")
def grants_list_reviews(request):
    """The caller's review assignments. The applicant is hidden in blind reviews and before the declaration."""
    out = []
    for r in queries.my_assignments(request.user):
        shown = r.status in ("active", "scored") and not r.application.call.blind_review
        out.append({"id": r.pk, "application_id": r.application_id, "title": r.application.title,
                    "applicant": r.application.applicant_name if shown else None, "status": r.status})
    return out


def _board(request, call) -> dict:
    awarded = awarded_total(call)
    ranking = [{"application_id": r.application.pk, "title": r.application.title,
                "applicant": r.application.applicant_name, "status": r.application.status, "score": r.score,
                "reviews": r.reviews, "requested_amount": r.application.requested_amount,
                "decided_amount": r.application.decided_amount} for r in queries.ranking(request.user, call)]
    return {"call_id": call.pk, "envelope": call.envelope, "awarded": awarded, "left": call.envelope - awarded,
            "ranking": ranking}


@router.get("/calls/{call_id}/decisions", response=with_errors(BoardOut))
@api_permission("grants.view_board", get_object=_call)
def grants_get_board(request, call_id: int = ID):
    """The ranking by weighted score with requested and decided amounts and the budget left."""
    return _board(request, _call(request, call_id))


@router.post("/calls/{call_id}/decisions", response=with_errors(BoardOut, 400, 401, 403, 404, 422))
@api_permission("grants.decide_application", get_object=_call)
def grants_decide(request, payload: DecisionsIn, call_id: int = ID):
    """Decide a batch: all or nothing, never above the call's envelope."""
    call = _call(request, call_id)
    try:
        services.decide_applications(by=request.user, call=call,
                                     awards={a.application_id: a.amount for a in payload.awards},
                                     rejections=payload.rejections, conditions=payload.conditions)
    except ValidationError as error:
        raise _refusal(error) from None
    except PermissionDenied:
        raise HttpError(403, "forbidden") from None
    return _board(request, call)
