"""Requests in the API: own requests, one request, office queues (staff), published research (public)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from kizuna.core.api import pages_of
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import current_fiscal_year
from kizuna.core.models import Organisation
from kizuna.core.schemas import refused, with_errors

from . import inbound, queries, reports, services, sla
from .enums import Kind
from .models import Request
from .schemas import MAX_ID, MailIn, MailReplyOut, MessageIn, RequestDetailOut, RequestOut, ResearchOut
from .schemas import RequestReportOut as ReportOut

router = Router(tags=["requests"])
ID = Path(..., ge=1, le=MAX_ID)


def _request(request, request_id, **kwargs):
    return get_object_or_404(Request.objects.visible_to(request.user).select_related(
        "requester", "office").prefetch_related("pauses"), pk=parse_id(request_id))


def _office(request, office_id, **kwargs):
    return get_object_or_404(Organisation, pk=parse_id(office_id), kind=OrgKind.OVERSEAS_OFFICE)


def _out(r) -> dict:
    return {"id": r.pk, "kind": r.kind, "status": r.status, "title": r.title, "requester": str(r.requester),
            "office": str(r.office) if r.office_id else None, "country": r.country, "submitted_at": r.submitted_at,
            "overdue": r.overdue,
            "targets": [{"label": t.label, "due": t.due, "due_office_time": t.local, "due_jst": t.jst,
                         "state": t.state} for t in r.targets]}


@router.get("/mine", response=with_errors(list[RequestOut], 401, 403, 422),
            auth=allowed("requests.view_own_requests"))
def requests_list_own(request):
    """The requests of the caller's organisations, newest first, with their deadlines."""
    return [_out(r) for r in queries.own_requests(request.user)]


# Pages of a queue: only the rows of the page get their targets computed.
QueuePages = pages_of(lambda request, ids: [_out(r) for r in queries.listed_rows(ids)])


@router.get("/offices/{office_id}/queue", response=with_errors(list[RequestOut]),
            auth=allowed("requests.view_queue", get_object=_office))
@paginate(QueuePages, page_size=50)
def requests_office_queue(request, office_id: int = ID):
    """An office's active queue (office staff and headquarters), oldest first, 50 a page."""
    return queries.queue(request.user, loaded(request))


RESEARCH_FIELDS = ("country", "theme", "public_title", "public_title_en", "public_summary", "public_summary_en",
                   "answered_at")


@router.get("/research", response=with_errors(list[ResearchOut], 401, 422),
            auth=allowed("requests.view_research"))
def requests_list_research(request, response: HttpResponse, q: str = Query("", max_length=100),
                           country: str = Query("", max_length=2), theme: str = Query("", max_length=100),
                           page: int = Query(1, ge=1, le=10_000), page_size: int = Query(20, ge=1, le=200)):
    """Published research answers, searchable by words (best first, with a highlight; a search lists its best
    200), country and theme: `page_size` a page (20 unless asked, at most 200); the `X-Total-Count` header says
    how many there are in all."""
    found = queries.published_research(query=q, country=country, theme=theme, fields=RESEARCH_FIELDS)
    response["X-Total-Count"] = str(found.count())
    start = (page - 1) * page_size
    return [{"id": r.pk, "country": r.country, "theme": r.theme, "title": r.public_title,
             "title_en": r.public_title_en, "summary": r.public_summary, "summary_en": r.public_summary_en,
             "answered_at": r.answered_at, "highlight": getattr(r, "search_highlight", None)}
            for r in found[start:start + page_size]]


ANY_KIND = Query(None, description="One kind of request (all unless asked)")


@router.get("/reports", response=with_errors(ReportOut, 401, 403, 422), auth=allowed("requests.view_reports"))
def requests_reports(request, year: int = Query(None, ge=2000, le=2100), quarter: int = Query(None, ge=1, le=4),
                     office: int = Query(None, ge=1, le=MAX_ID), kind: Kind = ANY_KIND):
    """Reports per office and kind for a fiscal year (this one unless asked) or one of its quarters: volume, SLA
    attainment, time to the first response and to the resolution (median and mean, working hours), satisfaction
    by month, time spent. Headquarters see every office, an office's staff their own (another office: 422)."""
    offices = list(queries.visible_offices(request.user))
    if office is not None:
        offices = [o for o in offices if o.pk == office]
        if not offices:
            raise refused(ValidationError(_("Choose an overseas office whose reports you may see.")))
    report = reports.build(offices=offices, year=year or current_fiscal_year(), quarter=quarter,
                           kind=kind.value if kind else "")
    return {"year": report.year, "quarter": report.quarter, "start": report.start, "end": report.end,
            "total": report.total.as_dict(), "by_office": [f.as_dict() for f in report.by_office],
            "by_kind": [f.as_dict() for f in report.by_kind],
            "months": [{"month": m.month, "ratings": m.rated, "rating_mean": m.rating_mean,
                        "satisfied_pct": m.satisfied_pct} for m in report.months]}


@router.post("/inbound", response=with_errors(MailReplyOut, 401, 403, 422), auth=allowed("requests.feed_mail"))
def requests_feed_mail(request, payload: MailIn):
    """A reply by mail to a request's reply address (requests+<request>-<mac>@…), fed by the mail server: added
    to the request as the sender's message with its files. Refused (422, nothing saved) when the address is not a
    request's or was altered, the sender is not one of the requester's people, or a file is refused."""
    try:
        message = inbound.feed(payload.message.encode("utf-8", "surrogateescape"))
    except inbound.NotAReply as reason:
        raise refused(ValidationError(str(reason))) from None
    return {"request_id": message.request_id, "message_id": message.pk, "body": message.body,
            "files": [a.name for a in message.attachments.all()]}


@router.get("/{request_id}", response=with_errors(RequestDetailOut),
            auth=allowed("requests.view_request", get_object=_request))
def requests_get(request, request_id: int = ID):
    return _detail(request, loaded(request))


def _detail(request, r) -> dict:
    r = sla.annotate([r])[0]
    staff = request.user.has_perm("requests.note_request", r)
    thread = r.messages.visible_to(request.user).select_related("author")
    return {**_out(r), "description": r.description, "starts_on": r.starts_on, "ends_on": r.ends_on,
            "questions": r.questions, "for_promotion": r.for_promotion, "deliverable": r.deliverable,
            "rating": r.rating, "time_spent_minutes": queries.minutes_spent(r) if staff else None,
            "messages": [{"author": m.author.full_name or m.author.email, "body": m.body, "internal": m.internal,
                          "via_mail": m.via_mail, "minutes": m.minutes if staff else None,
                          "created_at": m.created_at} for m in thread]}


@router.post("/{request_id}/messages", response=with_errors(RequestDetailOut),
             auth=allowed("requests.reply_request", get_object=_request))
def requests_post_message(request, payload: MessageIn, request_id: int = ID):
    """A reply on the request (the requester and the office are told as on the page), or an internal note
    (staff only); staff may record the minutes they spent (1 to 1,440). Answers the request as it is now."""
    r = loaded(request)
    try:
        services.post_message(by=request.user, request=r, body=payload.body, internal=payload.internal,
                              minutes=payload.minutes)
    except ValidationError as error:
        raise refused(error) from None
    except PermissionDenied:
        raise HttpError(403, _("Only the staff working on the request write internal notes.")) from None
    r.refresh_from_db()
    return _detail(request, r)

