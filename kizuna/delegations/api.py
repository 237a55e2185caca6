"""Delegations in the API (CLAIR staff): the delegations by programme, state and country, one delegation, its
members (their needs for the handling staff only), and adding a member (bad input refused, nothing saved)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kizuna.core.api import Pages
from kizuna.core.api_permissions import MAX_ID, allowed, loaded, parse_id
from kizuna.core.schemas import refused, with_errors

from . import queries, services
from .enums import DelegationStatus
from .models import Delegation
from .schemas import DelegationOut, MemberIn, MemberOut

router = Router(tags=["delegations"])

ID = Path(..., ge=1, le=MAX_ID)


@router.get("/", response=with_errors(list[DelegationOut], 401, 403, 422),
            auth=allowed("delegations.view_programmes"))
@paginate(Pages, page_size=50)
def delegations_list(request, programme: int | None = Query(None, ge=1, le=MAX_ID),
                     status: DelegationStatus | None = None, country: str = Query("", max_length=2)):
    """Delegations by programme, then country and name; narrowed by a programme, a state and a country code."""
    qs = queries.delegations(request.user)
    if programme:
        qs = qs.filter(programme_id=programme)
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = qs.filter(country=country.upper())
    return qs


def _delegation(request, delegation_id, **kwargs):
    return get_object_or_404(queries.delegations(request.user), pk=parse_id(delegation_id))


@router.get("/{delegation_id}", response=with_errors(DelegationOut, 401, 404, 422),
            auth=allowed("delegations.view_delegation", get_object=_delegation))
def delegations_get(request, delegation_id: int = ID):
    """One delegation."""
    return loaded(request)


def member_out(member, needs: bool) -> dict:
    out = {name: getattr(member, name) for name in MemberOut.model_fields if name not in ("dietary", "accessibility")}
    if needs:
        out.update(dietary=member.dietary, accessibility=member.accessibility)
    return out


@router.get("/{delegation_id}/members", response=with_errors(list[MemberOut], 401, 404, 422),
            auth=allowed("delegations.view_delegation", get_object=_delegation))
def delegations_members(request, delegation_id: int = ID):
    """The members in list order."""
    delegation = loaded(request)
    needs = request.user.has_perm("delegations.view_needs", delegation)
    return [member_out(m, needs) for m in delegation.members.order_by("order", "pk")]


@router.post("/{delegation_id}/members", response=with_errors(MemberOut, 401, 403, 404, 422),
             auth=allowed("delegations.manage_delegation", get_object=_delegation), url_name="delegations_members")
def delegations_add_member(request, payload: MemberIn, delegation_id: int = ID):
    """Add a member (the handling staff). Refused with the reasons, nothing saved: a name in Latin letters that is
    not, a departure before the arrival, a second head, a closed delegation."""
    delegation: Delegation = loaded(request)
    fields = payload.dict()
    fields["interpretation"] = fields["interpretation"] or ""
    try:
        member = services.add_member(by=request.user, delegation=delegation, **fields)
    except ValidationError as error:
        raise refused(error) from None
    return member_out(member, True)
