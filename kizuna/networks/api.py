"""The directories in the API: anyone reads what is listed publicly (people who may see more read more); staff
write. Input is checked by its schema and then by the services, whose refusals come back as 422 in the
caller's language, naming the field."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.pagination import paginate

from kizuna.core.api import Pages, pages_of
from kizuna.core.api_permissions import MAX_ID, allowed, loaded, parse_id
from kizuna.core.cache import RenderCache, for_anonymous_reads
from kizuna.core.models import Organisation
from kizuna.core.schemas import refused, with_errors

from . import queries, services
from .enums import ConsultationStatus
from .models import AssociationProfile, Manager, NgoProfile
from .schemas import (
    AssociationChangeIn,
    AssociationOut,
    ConsentIn,
    ConsultationIn,
    ConsultationOut,
    ManagerIn,
    ManagerOut,
    NgoChangeIn,
    NgoOut,
)
from .search import data_version

router = Router(tags=["networks"])
FILTER = Query("", max_length=100)
# The public lists as callers without an account read them, per process, under the version of their data.
_public_reads = RenderCache("networks-api", ttl=300, max_entries=500)


def _kept(model):
    return decorate_view(for_anonymous_reads(_public_reads, lambda: data_version(model)))


def _prefecture(code: str):
    if not code:
        return None
    found = queries.prefecture_by_code(code)
    if found is None:
        raise HttpError(422, _("No prefecture has this number or code: %(code)s.") % {"code": code})
    return found


def _manager_out(request, manager: Manager) -> Manager:
    """The manager with the contact address the caller may see (none for the public)."""
    manager.contact = manager.email if request.user.has_perm("networks.view_manager_contact", manager) else None
    return manager


def _refusing(call):
    try:
        return call()
    except ValidationError as error:
        raise refused(error) from None


# -- managers --------------------------------------------------------------------------------------------------------

@router.get("/managers", response=with_errors(list[ManagerOut], 401, 422), auth=allowed("networks.view_directories"))
@_kept(Manager)
@paginate(pages_of(lambda request, rows: [_manager_out(request, m) for m in rows]), page_size=50)
def networks_list_managers(request, q: str = FILTER, prefecture: str = Query("", max_length=6),
                           field: str = Query("", max_length=16), year: int | None = Query(None, ge=1990, le=2100)):
    """Certified managers that the caller may see (anyone: those listed publicly), by a name in kanji, kana or
    romaji (`q`), a prefecture (`13` or `130001`), a field and the fiscal year certified. `email` is given only
    to the manager, the network and CLAIR."""
    return queries.managers(request.user, query=q, prefecture=_prefecture(prefecture), field=field, year=year)


def _manager(request, manager_id, **kwargs):
    return get_object_or_404(Manager.objects.visible_to(request.user).select_related("organisation", "prefecture"),
                             pk=parse_id(manager_id))


@router.get("/managers/{manager_id}", response=with_errors(ManagerOut, 401, 404, 422),
            auth=allowed("networks.view_manager", get_object=_manager))
def networks_get_manager(request, manager_id: int = Path(..., ge=1, le=MAX_ID)):
    """One manager."""
    return _manager_out(request, loaded(request))


@router.post("/managers", response=with_errors(ManagerOut, 401, 403, 422), auth=allowed("networks.add_manager"),
             url_name="networks_list_managers")
def networks_add_manager(request, payload: ManagerIn):
    """Enter a manager certified before Kizuna kept the training's completions (headquarters). Not listed and
    not in the network until they consent."""
    data = payload.dict()
    organisation = None
    if data.pop("organisation_id") is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id, is_active=True).first()
        if organisation is None:
            raise HttpError(422, _("No such organisation."))
    prefecture = _prefecture(data.pop("prefecture"))
    data["email"] = data.get("email") or ""
    manager = _refusing(lambda: services.add_manager(by=request.user, organisation=organisation,
                                                     prefecture=prefecture, **data))
    return _manager_out(request, manager)


@router.post("/managers/{manager_id}/consent", response=with_errors(ManagerOut, 401, 403, 404, 422),
             auth=allowed("networks.change_consent", get_object=_manager))
def networks_set_consent(request, payload: ConsentIn, manager_id: int = Path(..., ge=1, le=MAX_ID)):
    """Give or withdraw the consent to the public listing (`listed`) and to the network (`network`): the
    manager, or headquarters on their word. Withdrawing hides them at once."""
    manager = services.set_consent(by=request.user, manager=loaded(request), listed=payload.listed,
                                   network=payload.network)
    return _manager_out(request, manager)


# -- associations ----------------------------------------------------------------------------------------------------

@router.get("/associations", response=with_errors(list[AssociationOut], 401, 422),
            auth=allowed("networks.view_directories"))
@_kept(AssociationProfile)
@paginate(Pages, page_size=50)
def networks_list_associations(request, q: str = FILTER, prefecture: str = Query("", max_length=6),
                               field: str = Query("", max_length=16)):
    """Regional international associations (those listed publicly, and for CLAIR and the association itself its
    unlisted entry), by name (kanji, kana, English), prefecture and field."""
    return queries.associations(request.user, query=q, prefecture=_prefecture(prefecture), field=field)


def _association(request, association_id, **kwargs):
    return get_object_or_404(AssociationProfile.objects.visible_to(request.user).select_related(
        "organisation", "area"), pk=parse_id(association_id))


@router.get("/associations/{association_id}", response=with_errors(AssociationOut, 401, 404, 422),
            auth=allowed("networks.view_association", get_object=_association))
def networks_get_association(request, association_id: int = Path(..., ge=1, le=MAX_ID)):
    """One association."""
    return loaded(request)


@router.patch("/associations/{association_id}", response=with_errors(AssociationOut, 401, 403, 404, 422),
              auth=allowed("networks.change_association", get_object=_association),
              url_name="networks_get_association")
def networks_change_association(request, payload: AssociationChangeIn,
                                association_id: int = Path(..., ge=1, le=MAX_ID)):
    """Change an association's entry (its own staff, or headquarters); fields left out keep their value."""
    return _refusing(lambda: services.change_association(by=request.user, profile=loaded(request),
                                                         **payload.dict(exclude_unset=True)))


# -- NGOs ------------------------------------------------------------------------------------------------------------

@router.get("/ngos", response=with_errors(list[NgoOut], 401, 422), auth=allowed("networks.view_directories"))
@_kept(NgoProfile)
@paginate(Pages, page_size=50)
def networks_list_ngos(request, q: str = FILTER, prefecture: str = Query("", max_length=6),
                       field: str = Query("", max_length=16), region: str = Query("", max_length=16),
                       language: str = Query("", max_length=8)):
    """NGOs and NPOs of the Citizens' International Plaza, by name, prefecture (based there or active in its
    region or nationwide), field, region and language."""
    return queries.ngos(request.user, query=q, prefecture=_prefecture(prefecture), field=field, region=region,
                        language=language)


def _ngo(request, ngo_id, **kwargs):
    return get_object_or_404(NgoProfile.objects.visible_to(request.user).select_related(
        "organisation__prefecture"), pk=parse_id(ngo_id))


@router.get("/ngos/{ngo_id}", response=with_errors(NgoOut, 401, 404, 422),
            auth=allowed("networks.view_ngo", get_object=_ngo))
def networks_get_ngo(request, ngo_id: int = Path(..., ge=1, le=MAX_ID)):
    """One NGO."""
    return loaded(request)


@router.patch("/ngos/{ngo_id}", response=with_errors(NgoOut, 401, 403, 404, 422),
              auth=allowed("networks.change_ngo", get_object=_ngo), url_name="networks_get_ngo")
def networks_change_ngo(request, payload: NgoChangeIn, ngo_id: int = Path(..., ge=1, le=MAX_ID)):
    """Change an NGO's entry (its own staff, or headquarters); fields left out keep their value."""
    return _refusing(lambda: services.change_ngo(by=request.user, profile=loaded(request),
                                                 **payload.dict(exclude_unset=True)))


# -- consultations ---------------------------------------------------------------------------------------------------

@router.get("/consultations", response=with_errors(list[ConsultationOut], 401, 403, 422),
            auth=allowed("networks.view_consultations"))
@paginate(Pages, page_size=50)
def networks_list_consultations(request, status: ConsultationStatus | None = None):
    """The Plaza's consultations (headquarters), newest first, by state."""
    return queries.consultations(request.user, status=status or "")


@router.post("/consultations", response=with_errors(ConsultationOut, 401, 403, 422),
             auth=allowed("networks.add_consultation"), url_name="networks_list_consultations")
def networks_record_consultation(request, payload: ConsultationIn):
    """Record a consultation the Plaza received (headquarters)."""
    data = payload.dict()
    ngo_id = data.pop("ngo_id")
    ngo = None
    if ngo_id is not None:
        ngo = Organisation.objects.filter(pk=ngo_id, is_active=True).first()
        if ngo is None:
            raise HttpError(422, _("No such organisation."))
    try:
        return services.record_consultation(by=request.user, ngo=ngo, **data)
    except ValidationError as error:
        raise refused(error) from None
    except PermissionDenied:
        raise HttpError(403, "forbidden") from None
