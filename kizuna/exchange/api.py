"""The sister-city registry in the API. Public read (no token needed): the registry with its filters, one
affiliation, the partners, the counts and the map data. Proposals: local governments' staff list theirs and
propose; headquarters decide."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from kizuna.core.api import Pages
from kizuna.core.api_permissions import MAX_ID, allowed, loaded, parse_id
from kizuna.core.models import Organisation
from kizuna.core.schemas import refused, with_errors

from . import queries, services
from .enums import HOLDER_KINDS, AffiliationStatus, AffiliationType, ProposalStatus
from .models import Affiliation, ForeignPartner, Proposal
from .schemas import AffiliationOut, CountsOut, MapOut, PartnerOut, ProposalDecisionIn, ProposalIn, ProposalOut

router = Router(tags=["exchange"])


@router.get("/affiliations", response=with_errors(list[AffiliationOut], 401, 422),
            auth=allowed("exchange.view_registry"))
@paginate(Pages, page_size=100)
def exchange_list_affiliations(request, prefecture: str = Query("", max_length=6), country: str = Query(
        "", max_length=2), type: AffiliationType | None = None, status: AffiliationStatus | None = None,  # noqa: A002
        counted: bool = False, q: str = Query("", max_length=100)):
    """The registry by local-government code and date, narrowed by the prefecture's code, the partner's country
    (alpha-2), the type, the state, only those counted (meeting CLAIR's three conditions), and words (names in
    any language, readings, romaji, countries: then best first)."""
    filters = queries.Filters(prefecture=prefecture, country=country.upper(), affiliation_type=type or "",
                              status=status or "", counted=counted, q=q.strip())
    return queries.registry(filters)


def _affiliation(request, affiliation_id, **kwargs):
    return get_object_or_404(queries.affiliations(Affiliation.objects.visible_to(request.user)),
                             pk=parse_id(affiliation_id))


@router.get("/affiliations/{affiliation_id}", response=with_errors(AffiliationOut, 401, 404, 422),
            auth=allowed("exchange.view_affiliation", get_object=_affiliation))
def exchange_get_affiliation(request, affiliation_id: int = Path(..., ge=1, le=MAX_ID)):
    """One affiliation."""
    return loaded(request)


@router.get("/partners", response=with_errors(list[PartnerOut], 401, 422), auth=allowed("exchange.view_registry"))
@paginate(Pages, page_size=100)
def exchange_list_partners(request, country: str = Query("", max_length=2)):
    """The foreign partners, by country and name."""
    qs = ForeignPartner.objects.visible_to(request.user).order_by("country", "name_en", "name", "pk")
    return qs.filter(country=country.upper()) if country else qs


@router.get("/counts", response=with_errors(CountsOut, 401), auth=allowed("exchange.view_registry"))
def exchange_counts(request):
    """The counts the public pages show: in force, counted (meeting the three conditions) or not, by country
    (counted) and by year (counted, in force on 31 December)."""
    found = queries.totals()
    return {"recorded": found.recorded, "in_force": found.in_force, "counted": found.counted,
            "not_counted": found.not_counted, "governments": found.governments, "countries": found.countries,
            "by_country": {g.key: g.counted for g in queries.by_country()}, "by_year": queries.by_year()}


@router.get("/map", response=with_errors(MapOut, 401), auth=allowed("exchange.view_registry"))
def exchange_map(request):
    """The partners abroad and the Japanese local governments with affiliations in force, with coordinates."""
    # the same bytes as /exchange/map/data.json, serialised once per version of the registry
    return HttpResponse(queries.map_data_json(), content_type="application/json")


# -- proposals -----------------------------------------------------------------------------------------------------

@router.get("/proposals", response=with_errors(list[ProposalOut], 401, 403, 422),
            auth=allowed("exchange.view_proposals"))
@paginate(Pages, page_size=50)
def exchange_list_proposals(request, status: ProposalStatus | None = None):
    """The proposals the caller may see (their local governments' or, for headquarters, all), newest first."""
    qs = Proposal.objects.visible_to(request.user).select_related("local_government").order_by("-created_at", "-pk")
    return qs.filter(status=status) if status else qs


@router.post("/proposals", response=with_errors(ProposalOut, 401, 403, 422), auth=allowed("exchange.propose"),
             url_name="exchange_list_proposals")
def exchange_propose(request, payload: ProposalIn):
    """Propose a new affiliation for a local government (by its code) the caller may propose for, or a change
    to one of its affiliations (`affiliation_id`)."""
    values = payload.dict()
    code = values.pop("local_government_code")
    government = Organisation.objects.filter(code=code, kind__in=HOLDER_KINDS).first()
    if government is None:
        raise HttpError(422, _("No local government has the code %(code)s.") % {"code": code})
    affiliation = None
    affiliation_id = values.pop("affiliation_id")
    if affiliation_id:
        affiliation = Affiliation.objects.filter(pk=affiliation_id, local_government=government).first()
        if affiliation is None:
            raise HttpError(422, _("This affiliation belongs to another local government."))
        for name in services.PARTNER_FIELDS:
            values.pop(name, None)
    try:
        return services.propose(by=request.user, local_government=government, affiliation=affiliation, **values)
    except ValidationError as error:
        raise refused(error) from None
    except PermissionDenied:
        raise HttpError(403, "forbidden") from None


def _proposal(request, proposal_id, **kwargs):
    return get_object_or_404(Proposal.objects.visible_to(request.user).select_related("local_government"),
                             pk=parse_id(proposal_id))


@router.get("/proposals/{proposal_id}", response=with_errors(ProposalOut, 401, 404, 422),
            auth=allowed("exchange.view_proposal", get_object=_proposal))
def exchange_get_proposal(request, proposal_id: int = Path(..., ge=1, le=MAX_ID)):
    """One proposal."""
    return loaded(request)


@router.post("/proposals/{proposal_id}/decision", response=with_errors(ProposalOut, 401, 404, 422),
             auth=allowed("exchange.decide_proposal", get_object=_proposal))
def exchange_decide_proposal(request, payload: ProposalDecisionIn, proposal_id: int = Path(..., ge=1, le=MAX_ID)):
    """Headquarters: approve (which applies it to the registry), return for changes or reject (with a reason)."""
    proposal = loaded(request)
    try:
        if payload.action == "approve":
            return services.approve_proposal(by=request.user, proposal=proposal, note=payload.reason)
        return services.DECISIONS[payload.action](by=request.user, proposal=proposal, reason=payload.reason)
    except ValidationError as error:
        raise refused(error) from None
