"""The library in the API: search (the same words, filters and order as the search page) and a work's record
with its editions and files, open to anyone for released works (the one policy decides, as in the pages)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Path, Query, Router
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from kizuna.core.api import pages_of
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.cache import RenderCache, for_anonymous_reads
from kizuna.core.schemas import with_errors

from . import queries
from .enums import Kind, Language, PortalField, Region
from .models import Work
from .schemas import WorkOut

router = Router(tags=["library"])
MAX_ID = 2**31 - 1
ID = Path(..., ge=1, le=MAX_ID)
# Searches as callers without an account make them (the public's: all alike), per process, under the catalogue's
# version and the day (an embargo ends at midnight): a popular search is answered once until the library changes.
_public_searches = RenderCache("library-api", ttl=300, max_entries=500)


def work_out(request, work, *, files: bool = True) -> dict:
    show_files = files and (work.is_released() or request.user.has_perm("library.view_work_history", work))
    return {
        "id": work.pk, "kind": work.kind, "status": work.status, "identifier": work.identifier,
        "number": work.number, "published_on": work.published_on, "publisher": work.publisher.name,
        "publisher_en": work.publisher.name_en, "authors": [a.label() for a in work.authors.all()],
        "themes": [t.slug for t in work.themes.all()], "countries": [c.country for c in work.countries.all()],
        "url": request.build_absolute_uri(work.get_absolute_url()), "oai_identifier": work.oai_identifier,
        "withdrawal_notice": work.withdrawal_notice,
        "highlight": str(getattr(work, "search_highlight", "") or "") or None,
        "editions": [{"language": e.language, "title": e.title, "subtitle": e.subtitle, "abstract": e.abstract,
                      "files": [{"id": f.pk, "name": f.name, "format": f.format, "size": f.size,
                                 "version": f.version, "current": f.is_current, "pages": f.pages,
                                 "url": request.build_absolute_uri(reverse("library:download", args=[f.pk]))}
                                for f in e.files.all()] if show_files else []}
                     for e in work.editions.all()],
    }


WorkPages = pages_of(lambda request, works: [work_out(request, w, files=False) for w in works])


@router.get("/search", response=with_errors(list[WorkOut], 422), auth=allowed("library.view_library"))
@decorate_view(for_anonymous_reads(_public_searches, queries.public_version))
@paginate(WorkPages, page_size=20)
def library_search(request, q: str = Query("", max_length=200), kind: Kind | None = None, theme: str = Query(
        "", max_length=40), country: str = Query("", max_length=2), year: int | None = Query(None, ge=1900, le=2200),
        language: Language | None = None, field: PortalField | None = None, region: Region | None = None):
    """Published works: by words (best first, with the matching passage in `highlight`) or newest first,
    narrowed by kind, theme, country, year, an edition's language, and the portal's field and region."""
    f = queries.Filters(q=q, kind=kind or "", theme=theme, country=country.upper(), year=year,
                        language=language or "", field=field or "", region=region or "")
    results, _facets = queries.search(request.user, f, api=True)
    return results


def _work(request, work_id, **kwargs):
    found = queries.work_page(request.user, parse_id(work_id))
    if found is None:
        get_object_or_404(Work.objects.none())
    return found


@router.get("/works/{work_id}", response=with_errors(WorkOut, 404, 422),
            auth=allowed("library.view_work", get_object=_work))
def library_work(request, work_id: int = ID):
    """A work with its editions and files (files only once it is released, for those who may not see it
    before)."""
    return work_out(request, loaded(request))
