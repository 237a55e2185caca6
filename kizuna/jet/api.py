"""The JET Programme in the API: the roster each caller may see (headquarters all, a PA their coordinating
body's, a contracting organisation its own), one participant, and the participant's own record."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kizuna.core.api import Pages
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.schemas import with_errors

from . import queries
from .enums import MAX_YEARS, Cohort, Position, Status
from .models import Participant
from .schemas import MAX_ID, ParticipantDetailOut, ParticipantOut

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


class RosterPages(Pages):
    def paginate_queryset(self, queryset, pagination, **params):
        found = super().paginate_queryset(queryset, pagination, **params)
        return {**found, "items": [_out(p) for p in found["items"]]}


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
