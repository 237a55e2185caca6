"""JET learning in the API: the enrolments each caller may see (the participant their own; the contracting
organisation, the PAs of its coordinating body and headquarters as for the participant's record)."""

from ninja import Query, Router
from ninja.pagination import paginate

from kizuna.core.api import pages_of
from kizuna.core.api_permissions import allowed
from kizuna.core.schemas import with_errors

from . import queries
from .enums import EnrolmentStatus
from .models import Enrolment
from .schemas import MAX_ID, EnrolmentOut

router = Router(tags=["learning"])


def _out(e: Enrolment) -> dict:
    return {"id": e.pk, "course_id": e.course_id, "course": e.course.title_en, "course_kind": e.course.kind,
            "participant_id": e.participant_id, "participant": str(e.participant),
            "jet_number": e.participant.jet_number,
            "contracting_organisation": str(e.participant.host.organisation), "status": e.status,
            "enrolled_at": e.enrolled_at, "due_on": e.due_on, "access_until": e.access_until,
            "completed_at": e.completed_at, "score": e.score}


EnrolmentPages = pages_of(lambda request, enrolments: [_out(e) for e in enrolments])


@router.get("/enrolments", response=with_errors(list[EnrolmentOut], 401, 422),
            auth=allowed("learning.view_enrolments"))
@paginate(EnrolmentPages, page_size=50)
def learning_list_enrolments(request, course: int | None = Query(None, ge=1, le=MAX_ID),
                             status: EnrolmentStatus | None = None):
    """The enrolments the caller may see, by course and participant; filter by `course` and `status`."""
    return queries.enrolments(request.user, course=course, status=status or "")
