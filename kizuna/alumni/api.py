"""The alumni network in the API: the chapters with their health (public), a chapter's members (for its officers
and CLAIR) and the directory (for alumni, officers and CLAIR), each profile with its owner's privacy applied:
a field hidden from the caller is null, and a filter on it never matches where it is hidden."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kizuna.core.api import Pages, pages_of
from kizuna.core.api_permissions import allowed, loaded, parse_id
from kizuna.core.schemas import with_errors

from . import queries
from .enums import ChapterStatus, JobKind, JobStatus, Region
from .models import Chapter, JobPosting
from .schemas import AlumnusOut, ChapterOut, JobOut

router = Router(tags=["alumni"])
MAX_ID = 2**31 - 1
ID = Path(..., ge=1, le=MAX_ID)


def _chapter_out(chapter, health) -> dict:
    org = chapter.organisation
    return {"id": chapter.pk, "name": org.name, "name_en": org.name_en, "country": chapter.country,
            "region": chapter.region, "status": chapter.status, "founded_on": chapter.founded_on,
            "latitude": chapter.latitude, "longitude": chapter.longitude,
            "health": {"members": health.members, "active_members": health.active, "events": health.events,
                       "officers": health.officers, "has_bylaws": health.has_bylaws,
                       "meets_rule": health.meets_rule}}


def _profile_out(profile) -> dict:
    placements = profile.placements
    return {"id": profile.alumnus.pk, "full_name": profile.alumnus.full_name, "country": profile.alumnus.country,
            "chapters": [c.pk for c in profile.chapters], "email": profile.email, "city": profile.city,
            "employer": profile.employer,
            "placements": None if placements is None else [
                {"contracting_organisation": p.organisation_name, "prefecture": p.prefecture.name if p.prefecture
                 else None, "position": p.position, "started_on": p.started_on, "ended_on": p.ended_on}
                for p in placements]}


ChapterPages = pages_of(lambda request, chapters: [_chapter_out(c, h) for c, h in
                                                   queries.chapters_with_health(
                                                       Chapter.objects.filter(pk__in=[c.pk for c in chapters]))])
ProfilePages = pages_of(lambda request, alumni: [_profile_out(p) for p in queries.profiles(request.user, alumni)])
MemberPages = pages_of(lambda request, members: [_profile_out(p) for p in queries.profiles(
    request.user, [m.alumnus for m in members])])


@router.get("/chapters", response=with_errors(list[ChapterOut], 422), auth=allowed("alumni.view_chapters"))
@paginate(ChapterPages, page_size=100)
def alumni_chapters(request, country: str = Query("", max_length=2), region: Region | None = None,
                    status: ChapterStatus | None = None):
    """The JETAA chapters by name, with their health this fiscal year."""
    chapters = Chapter.objects.visible_to(request.user).select_related("organisation").order_by("organisation__name")
    if country:
        chapters = chapters.filter(country=country.upper())
    if region:
        chapters = chapters.filter(region=region)
    if status:
        chapters = chapters.filter(status=status)
    return chapters


def _chapter(request, chapter_id, **kwargs):
    return get_object_or_404(Chapter.objects.visible_to(request.user).select_related("organisation"),
                             pk=parse_id(chapter_id))


@router.get("/chapters/{chapter_id}/members", response=with_errors(list[AlumnusOut], 401, 403, 404, 422),
            auth=allowed("alumni.view_members", get_object=_chapter))
@paginate(MemberPages, page_size=100)
def alumni_chapter_members(request, chapter_id: int = ID):
    """The chapter's members in the network, for its officers and CLAIR, each with their privacy applied."""
    return queries.chapter_members(loaded(request))


@router.get("/directory", response=with_errors(list[AlumnusOut], 401, 403, 422),
            auth=allowed("alumni.use_directory"))
@paginate(ProfilePages, page_size=50)
def alumni_directory(request, name: str = Query("", max_length=100), country: str = Query("", max_length=2),
                     chapter: int | None = Query(None, ge=1, le=MAX_ID),
                     prefecture: int | None = Query(None, ge=1, le=MAX_ID),
                     year: int | None = Query(None, ge=1987, le=2100), employer: str = Query("", max_length=100)):
    """Alumni the caller may see, by name; a filter on the employer or the placements (prefecture, year) only
    matches profiles that show that field to the caller."""
    return queries.directory(request.user, queries.DirectoryFilters(
        name=name, country=country.upper(), chapter=chapter, prefecture=prefecture, year=year, employer=employer))


@router.get("/jobs", response=with_errors(list[JobOut], 401, 422), auth=allowed("alumni.view_jobs"))
@paginate(Pages, page_size=50)
def alumni_jobs(request, kind: JobKind | None = None):
    """The open job and internship postings, the soonest to close first."""
    jobs = (JobPosting.objects.visible_to(request.user).filter(status=JobStatus.OPEN,
                                                               expires_on__gte=timezone.localdate())
            .select_related("organisation").order_by("expires_on", "pk"))
    return jobs.filter(kind=kind) if kind else jobs
