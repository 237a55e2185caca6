from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from . import queries
from .api_permissions import MAX_ID, allowed, loaded, parse_id
from .codes import normalise_code, validate_lgcode
from .countries import country_name
from .models import Organisation
from .schemas import CodeCheckOut, OrganisationDetailOut, OrganisationOut, with_errors

router = Router(tags=["organisations"])



class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=200)


def pages_of(out):
    """Pages whose items `out(request, records)` writes after paging: the endpoint returns a queryset, and only
    the page's records are loaded, completed (counts, targets, related rows) and turned into JSON."""

    class MappedPages(Pages):
        def paginate_queryset(self, queryset, pagination, **params):
            found = super().paginate_queryset(queryset, pagination, **params)
            return {**found, "items": out(params["request"], found["items"])}

    return MappedPages


@router.get("/organisations", response=with_errors(list[OrganisationOut], 401, 422),
            auth=allowed("core.view_directory"))
@paginate(Pages, page_size=50)
def list_organisations(request, q: str = Query("", max_length=100), kind: str = Query("", max_length=16),
                       prefecture: int | None = Query(None, ge=1, le=MAX_ID)):
    """The organisation directory: `q` matches kanji, kana, English name or code."""
    return queries.directory(request.user, query=q, kind=kind, prefecture=prefecture)


@router.get("/organisations/check-code", response=with_errors(CodeCheckOut, 401, 422),
            auth=allowed("core.view_directory"))
def check_code(request, code: str = Query(..., max_length=20)):
    """Check a local-government code, check digit included; the message is in the request's language."""
    compact = normalise_code(code)
    try:
        validate_lgcode(code)
    except ValidationError as error:
        return {"code": compact, "valid": False, "message": error.messages[0]}
    found = Organisation.objects.visible_to(request.user).filter(code=compact).values_list("pk", flat=True).first()
    return {"code": compact, "valid": True, "organisation_id": found}


def _org(request, org_id, **kwargs):
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=parse_id(org_id))


@router.get("/organisations/{org_id}", response=with_errors(OrganisationDetailOut, 401, 404, 422),
            auth=allowed("core.view_organisation", get_object=_org))
def get_organisation(request, org_id: int = Path(..., ge=1, le=MAX_ID)):
    org = loaded(request)
    branch = queries.branch_for(org) if org.kind in {"prefecture", "municipality", "ward"} else None
    data = OrganisationOut.from_orm(org).dict()
    data["branch_id"] = branch.pk if branch else None
    data["countries"] = [
        {"code": c.country, "name": country_name(c.country)} for c in org.covered_countries.all()
    ]
    return data
