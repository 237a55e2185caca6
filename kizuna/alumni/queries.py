"""What the alumni pages, the API and the plan read: the directory with every privacy choice applied, a profile
as one person may see it, a person's own data, and the chapters' health."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import audit_version
from kizuna.core.cache import RenderCache
from kizuna.core.enums import OrgKind, Role
from kizuna.core.fiscal import current_fiscal_year, fiscal_year_bounds
from kizuna.core.maps import point_radius, world_point
from kizuna.core.models import Membership
from kizuna.core.search.text import fold
from kizuna.events.models import Event, Registration

from .enums import MIN_MEMBERS, PRIVATE_FIELDS, AlumnusStatus
from .models import Alumnus, Chapter, ChapterMember, CountryRepresentative, Placement
from .rules import field_q, seen_fields, viewer_of


@dataclass
class DirectoryFilters:
    """What a directory search asks: a name (or reading), a country, a chapter, a placement prefecture, a year
    on the programme and an employer. A filter on a private field matches only where the asker sees it."""

    name: str = ""
    country: str = ""
    chapter: int | None = None
    prefecture: int | None = None
    year: int | None = None
    employer: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name or self.country or self.chapter or self.prefecture or self.year or self.employer)


def directory(user, filters: DirectoryFilters):
    """The listed alumni the person may see that match `filters`, by name. A filter on the employer or the
    placements applies `field_q`: a profile whose field is hidden from the person never matches on it."""
    if user.has_perm("alumni.use_directory"):
        # the directory's users see every listed record (AlumnusPolicy's view), so `visible_to`'s condition
        # (theirs or listed) only stands in the way of the index (country, status, search_name)
        qs = Alumnus.objects.filter(status=AlumnusStatus.LISTED)
    else:
        qs = Alumnus.objects.visible_to(user).filter(status=AlumnusStatus.LISTED)
    if filters.name:
        for word in fold(filters.name).split():
            qs = qs.filter(search_name__contains=word)
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.chapter:
        # `IN`: the database starts from the chapter's members, not from every alumnus
        qs = qs.filter(pk__in=ChapterMember.objects.filter(chapter=filters.chapter, left_on__isnull=True)
                       .values("alumnus"))
    if filters.employer:
        qs = qs.filter(_where(field_q(user, "employer")), employer__icontains=filters.employer.strip())
    if filters.prefecture or filters.year:
        placements = Placement.objects.all()
        if filters.prefecture:
            placements = placements.filter(prefecture=filters.prefecture)
        if filters.year:
            placements = placements.filter(started_on__year__lte=filters.year).filter(
                Q(ended_on__isnull=True) | Q(ended_on__year__gte=filters.year))
        # `IN`, not an `EXISTS` per alumnus: the database starts from the few placements that match
        qs = qs.filter(_where(field_q(user, "placements"))).filter(pk__in=placements.values("alumnus"))
    # what a listed profile shows (`profiles`) and nothing else: a row of the directory read 25 fields, the
    # consent's wording (a page of text) among them
    return qs.only(*LISTED_FIELDS).order_by("search_name", "pk")


# the private fields but the placements (their own table), and who sees each
LISTED_FIELDS = ("person", "full_name", "country", "status", *(name for name in PRIVATE_FIELDS if name != "placements"),
                 *PRIVATE_FIELDS.values())


def _where(condition) -> Q:
    """A policy condition (a Q, or True / False when it decides alone) as a filter."""
    if condition is True:
        return Q()
    return Q(pk__in=[]) if condition is False else condition


@dataclass
class Profile:
    """A profile as one person sees it: the record, and each private field's value or None where hidden."""

    alumnus: Alumnus
    chapters: list = field(default_factory=list)
    shown: dict = field(default_factory=dict)  # field → value (None: hidden from this person)

    def __getattr__(self, name):
        shown = self.__dict__.get("shown", {})
        if name in shown:
            return shown[name]
        raise AttributeError(name)


PLACEMENT_SHOWN = ("alumnus", "organisation_name", "prefecture", "position", "started_on", "ended_on",
                   "prefecture__name", "prefecture__name_en")


def profiles(user, alumni) -> list[Profile]:
    """The profiles of `alumni` (a page of them) as `user` sees them: three queries for the page."""
    alumni = list(alumni)
    ids = [a.pk for a in alumni]
    # the pairs, then the page's few chapters once each (not a chapter and its organisation per membership)
    pairs = list(ChapterMember.objects.filter(alumnus__in=ids, left_on__isnull=True).order_by()
                 .values_list("alumnus", "chapter"))
    named = (Chapter.objects.select_related("organisation").only("organisation__name", "organisation__name_en")
             .in_bulk({chapter for _a, chapter in pairs}))
    memberships = {}
    for alumnus, chapter in sorted(pairs, key=lambda pair: named[pair[1]].organisation.name):
        memberships.setdefault(alumnus, []).append(named[chapter])
    placements = {}
    if ids:
        # the prefecture's name only (its whole row holds the reference data: 50 of them a page were a third of it)
        for placement in (Placement.objects.filter(alumnus__in=ids).select_related("prefecture")
                          .only(*PLACEMENT_SHOWN)):
            placements.setdefault(placement.alumnus_id, []).append(placement)
    out = []
    # the reader's circle, found once for the page (and not at all when every profile is their own)
    others = any(alumnus.person_id is None or alumnus.person_id != user.pk for alumnus in alumni)
    viewer = viewer_of(user) if others else None
    for alumnus in alumni:
        chapters = memberships.get(alumnus.pk, [])
        chapter_ids = [c.pk for c in chapters]
        seen = seen_fields(user, alumnus, chapters=chapter_ids, viewer=viewer)
        shown = {}
        for name in PRIVATE_FIELDS:
            value = placements.get(alumnus.pk, []) if name == "placements" else getattr(alumnus, name)
            shown[name] = value if name in seen else None
        out.append(Profile(alumnus=alumnus, chapters=chapters, shown=shown))
    return out


def own_data(alumnus: Alumnus) -> dict:
    """Everything Kizuna keeps about an alumnus, for them to download (APPI: disclosure on request)."""
    return {
        "record": {name: _plain(getattr(alumnus, name)) for name in (
            "full_name", "full_name_kana", "jet_number", "birth_date", "country", "email", "city", "employer",
            "email_visibility", "city_visibility", "employer_visibility", "placements_visibility", "photo",
            "photo_visibility", "status",
            "source", "consent_wording", "consented_at", "withdrawn_at", "deletion_requested_at", "created_at",
            "updated_at")},
        "placements": [{"contracting_organisation": p.organisation_name,
                        "prefecture": p.prefecture.name if p.prefecture else None, "position": p.position,
                        "from": _plain(p.started_on), "until": _plain(p.ended_on)}
                       for p in alumnus.placements.select_related("prefecture")],
        "chapters": [{"chapter": str(m.chapter), "joined_on": _plain(m.joined_on), "left_on": _plain(m.left_on)}
                     for m in alumnus.chapter_memberships.select_related("chapter__organisation")],
    }


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.name if hasattr(value, "storage") else value  # a file: its name (the photo is downloaded apart)


# Chapters -------------------------------------------------------------------------------------------------

@dataclass
class Health:
    """A chapter's health this fiscal year, and whether it meets the JETAA rule."""

    members: int
    active: int
    events: int
    officers: int
    has_bylaws: bool

    @property
    def meets_rule(self) -> bool:
        return self.members >= MIN_MEMBERS and self.has_bylaws

    @property
    def problems(self) -> list[str]:
        found = []
        if self.members < MIN_MEMBERS:
            found.append(_("fewer than %(min)s members") % {"min": MIN_MEMBERS})
        if not self.has_bylaws:
            found.append(_("no written bylaws"))
        if not self.officers:
            found.append(_("no officer"))
        return found


HEALTH_TTL = 120  # seconds: the longest a count stays behind a write that leaves no audit entry (bulk loads)
_health = RenderCache("alumni-health", ttl=HEALTH_TTL, max_entries=20)


def chapters_with_health(chapters=None, *, year: int | None = None) -> list[tuple[Chapter, Health]]:
    """Each chapter with its health in the fiscal year: live members (listed alumni), members active this year
    (joined this year, or registered for one of the chapter's events), events held, officers in place.

    The counts of every chapter are the same for everyone: they are counted for all chapters at once and kept in
    the process for HEALTH_TTL seconds under the year and `audit_version` of the records they count, so any
    logged write (a membership, a withdrawal, a registration, an event, an officer) shows at once."""
    year = year or current_fiscal_year()
    chapters = list((chapters if chapters is not None else Chapter.objects.all()).select_related("organisation")
                    .order_by("organisation__name"))
    parts = [year, health_version()]
    counts = _health.get(parts)
    if counts is None:
        counts = _health_counts(year)
        _health.set(parts, counts)
    return [(c, Health(**counts.get(c.pk, _NO_COUNTS),
                       has_bylaws=c.bylaws_adopted_on is not None or bool(c.bylaws)))
            for c in chapters]


_NO_COUNTS = {"members": 0, "active": 0, "events": 0, "officers": 0}


def health_version() -> str:
    """Changes with any logged write to what the chapters' health shows (one query)."""
    return audit_version(Alumnus, ChapterMember, Chapter, Event, Registration, Membership)


def _health_counts(year: int) -> dict[int, dict]:
    """chapter id → its members, active members, events and officers in the fiscal year: seven queries that each
    start from an index or a small set (bench/alumni.py: 55 chapters, 132,000 live memberships, 50,000
    registrations), never an `EXISTS` per membership."""
    start, end = fiscal_year_bounds(year)
    # the year as moments (a `__date` lookup is a function per row: no index, and Python's on SQLite)
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    this_year = Q(joined_on__range=(start, end))
    live = ChapterMember.objects.filter(left_on__isnull=True).order_by().values_list("chapter")
    members, active = {}, {}
    # every live membership (the index (chapter, left_on, joined_on) alone) …
    for chapter, n, new in live.annotate(n=Count("pk"), new=Count("pk", filter=this_year)):
        members[chapter], active[chapter] = n, new
    # … less those of the few withdrawn alumni (`IN`: the database starts from them, not from the memberships)
    withdrawn = Alumnus.objects.filter(status=AlumnusStatus.WITHDRAWN).values("pk")
    for chapter, n, new in live.filter(alumnus__in=withdrawn).annotate(n=Count("pk"),
                                                                       new=Count("pk", filter=this_year)):
        members[chapter] -= n
        active[chapter] -= new
    # active besides those who joined this year: the listed members with an account who registered for one of
    # the chapter's events this year, as pairs (chapter, person) matched in Python
    ids = list(Chapter.objects.values_list("pk", flat=True))
    held = dict(Event.objects.filter(organiser__in=ids, starts_at__gte=since, starts_at__lt=until)
                .values_list("pk", "organiser"))
    events = {}
    for organiser in held.values():
        events[organiser] = events.get(organiser, 0) + 1
    came = {(held[event], person) for event, person in Registration.objects.filter(event__in=list(held))
            .order_by().values_list("event", "person")} if held else set()
    # (the withdrawn are left out in Python: a condition on the status here makes SQLite read every alumnus)
    accounts = Alumnus.objects.filter(person__isnull=False).order_by()
    gone = set(withdrawn.order_by().values_list("pk", flat=True))
    person_of = {pk: person for pk, person in accounts.values_list("pk", "person") if pk not in gone}
    for chapter, alumnus in (live.exclude(this_year).filter(alumnus__in=accounts.values("pk"))
                             .values_list("chapter", "alumnus")):
        if (chapter, person_of.get(alumnus)) in came:
            active[chapter] += 1
    officers = dict(Membership.objects.active().filter(organisation__in=ids, role=Role.CHAPTER_OFFICER).order_by()
                    .values_list("organisation").annotate(n=Count("pk")))
    return {pk: {"members": members.get(pk, 0), "active": active.get(pk, 0), "events": events.get(pk, 0),
                 "officers": officers.get(pk, 0)} for pk in {*members, *events, *officers}}


def chapter_members(chapter: Chapter):
    """The chapter's live members who are in the network (for its officers and CLAIR)."""
    return (ChapterMember.objects.filter(chapter=chapter, left_on__isnull=True, alumnus__status=AlumnusStatus.LISTED)
            .select_related("alumnus").order_by("alumnus__search_name", "pk"))


# JETAA International ------------------------------------------------------------------------------------

@dataclass
class Country:
    code: str
    chapters: list
    members: int
    meeting_rule: int
    representative: object | None = None


def international(user, *, year: int | None = None) -> dict:
    """The network by country: its chapters with their health and the point each takes on the world map (the
    world map of kizuna/core/maps.py), the
    country representatives the person may see, and the 40th-anniversary and chapter events of the year."""
    rows = chapters_with_health(Chapter.objects.visible_to(user), year=year)
    countries: dict[str, Country] = {}
    points = []
    peak = max((h.members for _c, h in rows), default=0) or 1
    for chapter, health in rows:
        country = countries.setdefault(chapter.country, Country(chapter.country, [], 0, 0))
        country.chapters.append((chapter, health))
        country.members += health.members
        country.meeting_rule += health.meets_rule
        at = world_point(chapter.latitude, chapter.longitude)
        if at is not None:
            points.append({"chapter": chapter, "health": health, "x": at[0], "y": at[1],
                           "r": point_radius(health.members, peak)})
    for representative in (CountryRepresentative.objects.visible_to(user).filter(until__isnull=True)
                           .select_related("alumnus")):
        countries.setdefault(representative.country, Country(representative.country, [], 0, 0)).representative = \
            representative
    start, end = fiscal_year_bounds(year or current_fiscal_year())
    events = (Event.objects.visible_to(user).filter(starts_at__date__range=(start, end))
              .filter(Q(kpi_series="jet_40th") | Q(organiser__kind=OrgKind.JETAA_CHAPTER)).select_related("organiser")
              .order_by("starts_at"))
    return {"countries": sorted(countries.values(), key=lambda c: c.code), "points": points,
            "chapters": len(rows), "members": sum(h.members for _c, h in rows), "events": list(events[:50])}
