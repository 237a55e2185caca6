"""Counselling in the API, without content: a participant's own cases, and the counsellors' queue and open
cases. Messages and notes are read in the pages only, where each read is logged."""

from ninja import Router
from ninja.pagination import paginate

from kizuna.core.api import pages_of
from kizuna.core.api_permissions import allowed
from kizuna.core.schemas import with_errors

from . import queries
from .schemas import CaseOut

router = Router(tags=["counselling"])


def _out(case, *, classified: bool) -> dict:
    return {"id": case.pk, "channel": case.channel, "language": case.language, "status": case.status,
            "topic": case.topic if classified else None, "risk": case.risk if classified else None,
            "opened_at": case.opened_at, "taken_at": case.taken_at, "closed_at": case.closed_at,
            "last_message_at": case.last_message_at, "awaiting_counsellor": case.awaiting_counsellor,
            "messages": case.message_count, "sessions_booked": case.booked}


# Paged first, then the page's cases only are counted (their messages and booked sessions)
OwnPages = pages_of(lambda request, cases: [_out(c, classified=False) for c in queries.with_counts(cases)])
QueuePages = pages_of(lambda request, cases: [_out(c, classified=c.status != "waiting")
                                              for c in queries.with_counts(cases)])


@router.get("/cases", response=with_errors(list[CaseOut], 401, 422),
            auth=allowed("counselling.view_own_cases"))
@paginate(OwnPages, page_size=50)
def counselling_own_cases(request):
    """The caller's own counselling cases (a participant), newest first, without their content."""
    return queries.own_cases(request.user)


@router.get("/queue", response=with_errors(list[CaseOut], 401, 403, 422),
            auth=allowed("counselling.view_queue"))
@paginate(QueuePages, page_size=50)
def counselling_queue(request):
    """For counsellors: the cases waiting for a counsellor (oldest first), then the open cases the caller is on."""
    return queries.queue(request.user)
