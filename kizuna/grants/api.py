"""Grants in the API: calls (public), own applications, assigned reviews, the board and decisions (staff)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import HttpError

from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.rules import working_orgs
from kizuna.core.schemas import refused, with_errors

from . import queries, services
from .checks import budget_of
from .models import Application, Assignment, InterimReport, PaymentRequest
from .schemas import (
    MAX_ID,
    ApplicationDetailOut,
    ApplicationOut,
    BoardOut,
    CallDetailOut,
    CallOut,
    CostLineIn,
    CostLineOut,
    DecisionsIn,
    DraftChangeIn,
    DraftIn,
    GrantMessageIn,
    GrantMessageOut,
    GrantPaymentRequestIn,
    GrantPaymentRequestOut,
    GrantPaymentRequestReturnIn,
    GrantSettlementOut,
    IncomeLineIn,
    IncomeLineOut,
    InterimAnswerIn,
    InterimReportIn,
    InterimReportOut,
    ReviewOut,
    ScoredOut,
    ScoresIn,
)
from .services.deciding import awarded_total

router = Router(tags=["grants"])
ID = Path(..., ge=1, le=MAX_ID)


# Loaders of the permission checks: they read path ids as strings (before ninja validates them) and only from
# what the caller may open, so that a forbidden record is a 404 like a missing one.

def _call(request, call_id, **kwargs):
    return get_object_or_404(queries.calls(request.user), pk=parse_id(call_id))


def _application(request, application_id, **kwargs):
    return get_object_or_404(Application.objects.visible_to(request.user)
                             .select_related("call__scheme", "applicant", "person", "beneficiary"),
                             pk=parse_id(application_id))


def _own_assignment(request, application_id, **kwargs):
    """The caller's assignment on the application: what they score."""
    return get_object_or_404(Assignment.objects.visible_to(request.user).select_related("application__call__scheme"),
                             application_id=parse_id(application_id), reviewer_id=request.user.pk)


def _interim(request, application_id, report_id, **kwargs):
    return get_object_or_404(InterimReport.objects.visible_to(request.user).select_related("application__call"),
                             application_id=parse_id(application_id), pk=parse_id(report_id))


def _interim_out(report) -> dict:
    return {"id": report.pk, "number": report.number, "due_on": report.due_on, "status": report.status,
            "overdue": report.is_overdue(), "progress": report.progress, "spent_to_date": report.spent_to_date,
            "submitted_at": report.submitted_at, "answered_at": report.answered_at, "comment": report.comment}


def _call_out(call) -> dict:
    return {"id": call.pk, "title": call.title, "fiscal_year": call.fiscal_year, "opens_at": call.opens_at,
            "closes_at": call.closes_at, "envelope": call.envelope, "is_open": call.is_open(),
            "scheme": call.scheme}


def _application_out(a, user) -> dict:
    """The application as the API shows it; who applies only where `grants.view_applicant` allows."""
    shown = user.has_perm("grants.view_applicant", a)
    applicant = a.applicant_name if shown else None
    claimed_for = str(a.beneficiary) if shown and a.beneficiary_id else None
    return {"id": a.pk, "call_id": a.call_id, "title": a.title, "applicant": applicant, "claimed_for": claimed_for,
            "status": a.status, "requested_amount": a.requested_amount, "decided_amount": a.decided_amount,
            "final_amount": a.final_amount, "round_number": a.round_number, "submitted_at": a.submitted_at}


def _detail(a, user) -> dict:
    lines, incomes = list(a.lines.visible_to(user)), list(a.income_lines.visible_to(user))
    budget = budget_of(a, lines, incomes, list(a.partners.all()))
    return {**_application_out(a, user), "summary": a.summary, "answers": a.answers, "lines": lines,
            "income_lines": incomes,
            "budget": {"total_cost": budget.total_cost, "eligible_cost": budget.eligible_cost,
                       "other_income": budget.other_income, "grant": budget.grant,
                       "total_income": budget.total_income, "difference": budget.difference, "most": budget.most}}


@router.get("/calls", response=with_errors(list[CallOut], 401, 422), auth=allowed("grants.view_calls"))
def grants_list_calls(request):
    """Published calls, newest first."""
    return [_call_out(c) for c in queries.calls(request.user)]


@router.get("/calls/{call_id}", response=with_errors(CallDetailOut, 401, 404, 422),
            auth=allowed("grants.view_call", get_object=_call))
def grants_get_call(request, call_id: int = ID):
    call = loaded(request)
    return {**_call_out(call), "questions": list(call.questions.visible_to(request.user))}


@router.get("/applications", response=with_errors(list[ApplicationOut], 401, 403, 422),
            auth=allowed("grants.view_own_applications"))
def grants_list_applications(request):
    """The applications of the caller's organisations, and their own claims."""
    return [{"id": a.pk, "call_id": a.call_id, "title": a.title, "applicant": a.applicant_name,
             "claimed_for": a.claimed_for, "status": a.status, "requested_amount": a.requested_amount,
             "decided_amount": a.decided_amount, "final_amount": a.final_amount, "round_number": a.round_number,
             "submitted_at": a.submitted_at}
            for a in queries.own_entries(request.user, queries.own_application_rows(request.user))]


@router.get("/applications/{application_id}", response=with_errors(ApplicationDetailOut),
            auth=allowed("grants.view_application", get_object=_application))
def grants_get_application(request, application_id: int = ID):
    """An application; `applicant` is null where the caller may not see who applies (a blind review)."""
    return _detail(loaded(request), request.user)


@router.post("/calls/{call_id}/applications", response=with_errors(ApplicationDetailOut, 401, 403, 404, 422),
             auth=allowed("grants.start_application", get_object=_call))
def grants_start_application(request, payload: DraftIn, call_id: int = ID):
    """Start a draft for one of the caller's organisations (`applicant_id`), or for themself where the scheme
    takes individuals. Colleagues of the organisation can edit it; refused after the closing time. On a JET
    subsidy's call, a participant's claim for themself: `applicant_id` and `title` are set by the claim (their
    contracting organisation files it)."""
    call = loaded(request)
    if call.scheme.claims_for_participants:
        try:
            claim = services.start_claim(by=request.user, call=call)
        except ValidationError as error:
            raise refused(error) from None
        return _detail(_application(request, str(claim.pk)), request.user)
    applicant = None
    if payload.applicant_id is not None:
        applicant = next((o for o in working_orgs(request.user) if o.pk == payload.applicant_id), None)
        if applicant is None:
            raise HttpError(422, _("You can only apply for an organisation you work for."))
    try:
        a = services.start_application(by=request.user, call=call, applicant=applicant, title=payload.title,
                                       summary=payload.summary, theme=payload.theme)
    except ValidationError as error:
        raise refused(error) from None
    except PermissionDenied:
        raise HttpError(422, _("You can only apply for an organisation you work for.")) from None
    return _detail(_application(request, str(a.pk)), request.user)


@router.patch("/applications/{application_id}", response=with_errors(ApplicationDetailOut, 401, 403, 404, 422),
              auth=allowed("grants.change_application", get_object=_application))
def grants_update_application(request, payload: DraftChangeIn, application_id: int = ID):
    """Change a draft (or an application returned for more information): title, summary, theme, the requested
    amount, answers to the call's questions. Fields left out keep their value. Held to the rules when it is
    submitted; refused once submitted."""
    try:
        application = services.update_application(by=request.user, application=loaded(request),
                                                   **payload.dict(exclude_unset=True))
    except ValidationError as error:
        raise refused(error) from None
    return _detail(application, request.user)


@router.post("/applications/{application_id}/lines", response=with_errors(CostLineOut, 401, 403, 404, 422),
             auth=allowed("grants.change_application", get_object=_application))
def grants_add_cost_line(request, payload: CostLineIn, application_id: int = ID):
    """Add a line to the cost breakdown of a draft (or of an application returned for more information)."""
    try:
        return services.add_cost_line(by=request.user, application=loaded(request), **payload.dict())
    except ValidationError as error:
        raise refused(error) from None


@router.put("/applications/{application_id}/lines/{line_id}",
            response=with_errors(CostLineOut, 401, 403, 404, 422),
            auth=allowed("grants.change_application", get_object=_application))
def grants_update_cost_line(request, payload: CostLineIn, application_id: int = ID, line_id: int = ID):
    """Change a line of the cost breakdown; refused once the application is submitted."""
    line = get_object_or_404(loaded(request).lines.visible_to(request.user), pk=line_id)
    try:
        return services.update_cost_line(by=request.user, line=line, **payload.dict())
    except ValidationError as error:
        raise refused(error) from None


@router.post("/applications/{application_id}/income", response=with_errors(IncomeLineOut, 401, 403, 404, 422),
             auth=allowed("grants.change_application", get_object=_application))
def grants_add_income_line(request, payload: IncomeLineIn, application_id: int = ID):
    """Add a line to the budget's income side (own funds, another subsidy, fees, donations, other) of a draft;
    a source the scheme excludes is refused."""
    try:
        return services.add_income_line(by=request.user, application=loaded(request), **payload.dict())
    except ValidationError as error:
        raise refused(error) from None


@router.put("/applications/{application_id}/income/{line_id}",
            response=with_errors(IncomeLineOut, 401, 403, 404, 422),
            auth=allowed("grants.change_application", get_object=_application))
def grants_update_income_line(request, payload: IncomeLineIn, application_id: int = ID, line_id: int = ID):
    """Change a line of the budget's income side; refused once the application is submitted."""
    line = get_object_or_404(loaded(request).income_lines.visible_to(request.user), pk=line_id)
    try:
        return services.update_income_line(by=request.user, line=line, **payload.dict())
    except ValidationError as error:
        raise refused(error) from None


@router.get("/applications/{application_id}/interim-reports",
            response=with_errors(list[InterimReportOut], 401, 404, 422),
            auth=allowed("grants.view_application", get_object=_application))
def grants_list_interim_reports(request, application_id: int = ID):
    """The interim reports (中間報告) asked of an awarded project, with their due dates and states (the grantee's
    business and CLAIR's: a reviewer gets an empty list)."""
    return [_interim_out(r) for r in loaded(request).interim_reports.visible_to(request.user)]


@router.post("/applications/{application_id}/interim-reports/{report_id}/submit",
             response=with_errors(InterimReportOut, 401, 403, 404, 422),
             auth=allowed("grants.submit_interim", get_object=_interim))
def grants_submit_interim_report(request, payload: InterimReportIn, application_id: int = ID,
                                 report_id: int = ID):
    """Send an interim report that is due (or was returned for correction)."""
    try:
        return _interim_out(services.submit_interim_report(by=request.user, report=loaded(request),
                                                           **payload.dict()))
    except ValidationError as error:
        raise refused(error) from None


@router.post("/applications/{application_id}/interim-reports/{report_id}/answer",
             response=with_errors(InterimReportOut, 401, 403, 404, 422),
             auth=allowed("grants.answer_interim", get_object=_interim))
def grants_answer_interim_report(request, payload: InterimAnswerIn, application_id: int = ID,
                                 report_id: int = ID):
    """Headquarters accept a submitted interim report, or return it with what to correct."""
    try:
        return _interim_out(services.answer_interim_report(by=request.user, report=loaded(request),
                                                           **payload.dict()))
    except ValidationError as error:
        raise refused(error) from None


@router.post("/applications/{application_id}/scores", response=with_errors(ScoredOut, 401, 403, 404, 422),
             auth=allowed("grants.score_application", get_object=_own_assignment))
def grants_score_application(request, payload: ScoresIn, application_id: int = ID):
    """The caller's scores (1–5) on every criterion of the scheme's rubric, once they declared no conflict of
    interest; sent again, they replace the earlier ones while the application is under review."""
    a = loaded(request).application
    try:
        assignment = services.score_application(
            by=request.user, application=a, scores={s.criterion_id: s.value for s in payload.scores},
            comments={s.criterion_id: s.comment for s in payload.scores}, comment=payload.comment)
    except ValidationError as error:
        raise refused(error) from None
    return {"assignment_id": assignment.pk, "application_id": a.pk, "status": assignment.status,
            "weighted_score": round(assignment.weighted_score, 2)}


@router.post("/applications/{application_id}/submit", response=with_errors(ApplicationOut),
             auth=allowed("grants.submit_application", get_object=_application))
def grants_submit_application(request, application_id: int = ID):
    """Submit (or resubmit) a draft; refused with every broken rule named, or after the closing time."""
    try:
        a = services.submit_application(by=request.user, application=loaded(request))
    except ValidationError as error:
        raise refused(error) from None
    return _application_out(a, request.user)


@router.get("/reviews", response=with_errors(list[ReviewOut], 401, 403, 422), auth=allowed("grants.view_reviews"))
def grants_list_reviews(request):
    """The caller's review assignments. `applicant` is null where the caller may not see who applies: in blind
    reviews, and before they declared no conflict of interest."""
    return [{"id": r.pk, "application_id": r.application_id, "title": r.application.title,
             "applicant": r.application.applicant_name if r.applicant_shown else None, "status": r.status}
            for r in queries.my_assignments(request.user)]


def _board(request, call) -> dict:
    awarded = awarded_total(call)
    ranking = [{"application_id": r.application.pk, "title": r.application.title,
                "applicant": r.application.applicant_name, "status": r.application.status, "score": r.score,
                "reviews": r.reviews, "requested_amount": r.application.requested_amount,
                "decided_amount": r.application.decided_amount} for r in queries.ranking(request.user, call)]
    return {"call_id": call.pk, "envelope": call.envelope, "awarded": awarded, "left": call.envelope - awarded,
            "ranking": ranking}


@router.get("/calls/{call_id}/decisions", response=with_errors(BoardOut),
            auth=allowed("grants.view_board", get_object=_call))
def grants_get_board(request, call_id: int = ID):
    """The ranking by weighted score with requested and decided amounts and the budget left."""
    return _board(request, loaded(request))


@router.post("/calls/{call_id}/decisions", response=with_errors(BoardOut, 400, 401, 403, 404, 422),
             auth=allowed("grants.decide_application", get_object=_call))
def grants_decide(request, payload: DecisionsIn, call_id: int = ID):
    """Decide a batch: all or nothing, never above the call's envelope."""
    call = loaded(request)
    try:
        services.decide_applications(by=request.user, call=call,
                                     awards={a.application_id: a.amount for a in payload.awards},
                                     rejections=payload.rejections, conditions=payload.conditions)
    except ValidationError as error:
        raise refused(error) from None
    except PermissionDenied:
        raise HttpError(403, "forbidden") from None
    return _board(request, call)


def _message_out(m) -> dict:
    return {"id": m.pk, "author": m.author.full_name or m.author.email, "body": m.body, "internal": m.internal,
            "created_at": m.created_at}


@router.get("/applications/{application_id}/messages", response=with_errors(list[GrantMessageOut], 401, 404, 422),
            auth=allowed("grants.view_messages", get_object=_application), url_name="grants_application_messages")
def grants_list_messages(request, application_id: int = ID):
    """The application's thread with CLAIR, oldest first: the applicant's side reads every message but CLAIR's
    internal notes; CLAIR staff read them all; a reviewer reads none (404)."""
    return [_message_out(m) for m in loaded(request).messages.visible_to(request.user).select_related("author")]


@router.post("/applications/{application_id}/messages",
             response=with_errors(GrantMessageOut, 401, 403, 404, 422),
             auth=allowed("grants.write_message", get_object=_application), url_name="grants_application_messages")
def grants_post_message(request, payload: GrantMessageIn, application_id: int = ID):
    """Write on the thread (the other side is told by mail), or, for headquarters, an internal note (mailed to
    nobody). An empty message is refused (422)."""
    try:
        message = services.post_application_message(by=request.user, application=loaded(request),
                                                    body=payload.body, internal=payload.internal)
    except ValidationError as error:
        raise refused(error) from None
    except PermissionDenied:
        raise HttpError(403, _("Only CLAIR headquarters write internal notes.")) from None
    return _message_out(message)


# Settling: the balance and refund orders, the grantee's payment requests (請求書).

def _payment_request(request, application_id, request_id, **kwargs):
    return get_object_or_404(PaymentRequest.objects.visible_to(request.user).select_related("application__call"),
                             application_id=parse_id(application_id), pk=parse_id(request_id))


def _refund_out(refund) -> dict:
    return {"id": refund.pk, "document_number": refund.document_number, "amount": refund.amount,
            "due_on": refund.due_on, "status": refund.status, "overdue": refund.is_overdue(),
            "issued_at": refund.issued_at, "received_on": refund.received_on,
            "received_amount": refund.received_amount, "cancel_reason": refund.cancel_reason}


def _payment_request_out(r) -> dict:
    return {"id": r.pk, "kind": r.kind, "amount": r.amount, "note": r.note, "status": r.status,
            "submitted_at": r.submitted_at, "answered_at": r.answered_at, "reason": r.reason,
            "payment_id": r.payment_id}


@router.get("/applications/{application_id}/settlement", response=with_errors(GrantSettlementOut, 401, 404, 422),
            auth=allowed("grants.view_settlement", get_object=_application))
def grants_get_settlement(request, application_id: int = ID):
    """Where the award's money stands (decided, fixed, paid, refunds) with its refund orders (返還請求): the
    grantee's business and CLAIR's."""
    application = loaded(request)
    b = queries.balance_of(application)
    return {"decided": b.decided, "fixed": b.fixed, "paid": b.paid, "waiting": b.waiting, "requested": b.requested,
            "to_pay": b.to_pay, "refund_due": b.refund_due, "refund_ordered": b.refund_ordered,
            "refund_received": b.refund_received, "room": b.room, "closed": b.closed,
            "refund_orders": [_refund_out(r) for r in application.refund_orders.visible_to(request.user)]}


@router.get("/applications/{application_id}/payment-requests",
            response=with_errors(list[GrantPaymentRequestOut], 401, 404, 422),
            auth=allowed("grants.view_application", get_object=_application), url_name="grants_payment_requests")
def grants_list_payment_requests(request, application_id: int = ID):
    """The grantee's payment requests (請求書) on the application (a reviewer gets an empty list)."""
    return [_payment_request_out(r) for r in loaded(request).payment_requests.visible_to(request.user)]


@router.post("/applications/{application_id}/payment-requests",
             response=with_errors(GrantPaymentRequestOut, 401, 403, 404, 422),
             auth=allowed("grants.request_payment", get_object=_application), url_name="grants_payment_requests")
def grants_request_payment(request, payload: GrantPaymentRequestIn, application_id: int = ID):
    """Ask for an advance (概算払, while the project runs, where the scheme pays advances) or the settlement (精算,
    once the amount is fixed); never more than is still due."""
    try:
        return _payment_request_out(services.request_payment(by=request.user, application=loaded(request),
                                                             **payload.dict()))
    except ValidationError as error:
        raise refused(error) from None


@router.post("/applications/{application_id}/payment-requests/{request_id}/accept",
             response=with_errors(GrantPaymentRequestOut, 401, 403, 404, 422),
             auth=allowed("grants.answer_payment_request", get_object=_payment_request))
def grants_accept_payment_request(request, application_id: int = ID, request_id: int = ID):
    """Headquarters accept a payment request: its payment is prepared (a second person approves it)."""
    try:
        return _payment_request_out(services.accept_payment_request(by=request.user, request=loaded(request)))
    except ValidationError as error:
        raise refused(error) from None


@router.post("/applications/{application_id}/payment-requests/{request_id}/return",
             response=with_errors(GrantPaymentRequestOut, 401, 403, 404, 422),
             auth=allowed("grants.answer_payment_request", get_object=_payment_request))
def grants_return_payment_request(request, payload: GrantPaymentRequestReturnIn, application_id: int = ID,
                                  request_id: int = ID):
    """Headquarters return a payment request with the reason."""
    try:
        return _payment_request_out(services.return_payment_request(by=request.user, request=loaded(request),
                                                                    reason=payload.reason))
    except ValidationError as error:
        raise refused(error) from None
