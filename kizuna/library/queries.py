"""Reading the library: the search with its facets (kind, theme, country, year, language, and the portal's
field and region), a work with everything its page shows, the portal's lists, the staff's workspace and the
usage figures. Every list starts from `Work.objects.visible_to(person)`: the one policy decides."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from kizuna.core.cache import RenderCache
from kizuna.core.countries import country_name
from kizuna.core.rules import working_orgs
from kizuna.core.search.fulltext import search_documents

from .enums import PORTAL_KINDS, Extraction, Kind, Language, PortalField, Region, Status
from .models import Author, Edition, EditionFile, Theme, Usage, Work, WorkCountry

FACET_LIMIT = 12  # the most values a facet lists (the most frequent)
# A search lists at most this many works, best first (10 pages), and its facets count them: a common word is in
# most of the catalogue, and ranking and counting all of it would cost every search (bench/README.md, "Library").
SEARCH_SHOWN = 200
LISTING_FACETS = RenderCache("library-facets", ttl=60, max_entries=500)


@dataclass
class Filters:
    q: str = ""
    kind: str = ""
    theme: str = ""
    country: str = ""
    year: int | None = None
    language: str = ""
    field: str = ""
    region: str = ""

    @classmethod
    def from_query(cls, params) -> "Filters":
        year = params.get("year", "")
        return cls(q=params.get("q", "")[:200], kind=_choice(params.get("kind"), Kind.values),
                   theme=params.get("theme", "")[:40], country=params.get("country", "")[:2].upper(),
                   year=int(year) if year.isdigit() and 1900 < int(year) < 2200 else None,
                   language=_choice(params.get("language"), Language.values),
                   field=_choice(params.get("field"), PortalField.values),
                   region=_choice(params.get("region"), Region.values))

    def chosen(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None) and k != "q"}


def _choice(value, allowed) -> str:
    return value if value in allowed else ""


class Listing:
    """A listing's works whose number is known (kept with its facets): the pager does not count them again."""

    def __init__(self, queryset, count: int):
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.queryset[index]

    def __iter__(self):
        return iter(self.queryset)


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)  # (value, label, count)


def shelf(user):
    """The published works a person may read (staff and the publisher see embargoed ones too)."""
    return Work.objects.visible_to(user).filter(status=Status.PUBLISHED)


def _filtered(queryset, f: Filters):
    if f.kind:
        queryset = queryset.filter(kind=f.kind)
    if f.theme:
        queryset = queryset.filter(themes__slug=f.theme)
    if f.country:
        queryset = queryset.filter(countries__country=f.country)
    if f.year:
        queryset = queryset.filter(published_on__year=f.year)
    if f.language:
        queryset = queryset.filter(editions__language=f.language)
    if f.field:
        queryset = queryset.filter(field=f.field)
    if f.region:
        queryset = queryset.filter(region=f.region)
    return queryset


def for_list(queryset, *, api: bool = False):
    """The works with what a list shows; `api`: what the API's record of each has besides (the editions'
    subtitles, the authors), read with the page rather than a query per work."""
    # Editions in the order of their work and then their own: the model's ordering ("work" first) would join
    # every edition to its work to sort by the works' dates, though each list holds one work's editions.
    fields = ["pk", "work_id", "language", "title", "abstract", *(["subtitle"] if api else [])]
    editions = Edition.objects.only(*fields).order_by("work_id", "pk")
    related = [Prefetch("editions", queryset=editions), "themes", "countries"]
    if api:
        # an author's organisation by its names only (its whole row carries the reference data)
        related.append(Prefetch("authors", queryset=Author.objects.select_related("organisation").only(
            "work_id", "name", "position", "organisation__name", "organisation__name_en")))
    return queryset.select_related("publisher", "issue").prefetch_related(*related)


def library_version() -> str:
    """Changes with every work added, removed or changed: a change of state, an edition, a file's text and the
    work's own fields all set `updated_at` (services.reindex, the transitions' effect)."""
    table = connection.ops.quote_name(Work._meta.db_table)
    with connection.cursor() as cursor:
        # Two statements: alone, each is answered from an index (together, SQLite reads the whole table).
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - the model's own table
        count = cursor.fetchone()[0]
        cursor.execute(f"SELECT MAX(updated_at) FROM {table}")  # noqa: S608 - the model's own table
        last = cursor.fetchone()[0]
    return f"{count}.{last}"


def public_version() -> str:
    """What the public's view of the library depends on: the catalogue's version and the day (embargoes end)."""
    return f"{library_version()}.{timezone.localdate()}"


def search(user, f: Filters, *, api: bool = False):
    """The matching works (best first with words, newest first without) and their facets; `api`: the works as
    the API lists them, and with words without the facets (the API does not show them)."""
    queryset = _filtered(shelf(user), f)
    if f.q.strip():
        results = search_documents("library", f.q, for_list(queryset, api=api), limit=SEARCH_SHOWN,
                                   narrowed=bool(f.chosen()))
        return results, ([] if api else facets(Work.objects.filter(pk__in=results.pks())))
    results = for_list(queryset, api=api).order_by("-published_on", "-pk")
    # Without words the facets count the whole shelf (five aggregates over the catalogue, most of a listing's
    # time), and the pager counts the works: both kept per process for a minute under the catalogue's version,
    # the day (embargoes end), the language of the labels and the reader (staff and publishers see embargoed
    # works).
    parts = [get_language(), timezone.localdate(), user.pk if user.is_authenticated else "", library_version(),
             *sorted(f.chosen().items())]
    found = LISTING_FACETS.get(parts)
    if found is None:
        found = (facets(queryset), queryset.count())
        LISTING_FACETS.set(parts, found)
    return Listing(results, found[1]), found[0]


def facets(scope) -> list[Facet]:
    ids = scope.values("pk")
    kinds = Facet("kind", "kind", [(k, Kind(k).label, n) for k, n in _counts(
        scope.values_list("kind").annotate(n=Count("pk", distinct=True)))])
    themes = Facet("theme", "theme", [(t.slug, t.label(), t.n) for t in Theme.objects.filter(
        works__in=ids).annotate(n=Count("works", distinct=True)).order_by("-n", "position")[:FACET_LIMIT]])
    countries = Facet("country", "country", [(c, country_name(c), n) for c, n in _counts(
        WorkCountry.objects.filter(work__in=ids).values_list("country").annotate(n=Count("work")))])
    years = Facet("year", "year", sorted(((y, str(y), n) for y, n in scope.filter(published_on__isnull=False).annotate(
        y=ExtractYear("published_on")).values_list("y").annotate(n=Count("pk", distinct=True)).values_list("y", "n")),
        reverse=True)[:FACET_LIMIT])
    languages = Facet("language", "language", [(code, Language(code).label, n) for code, n in _counts(
        Edition.objects.filter(work__in=ids).order_by().values_list("language").annotate(
            n=Count("work_id", distinct=True)))])
    return [kinds, themes, countries, years, languages]


def _counts(rows) -> list[tuple]:
    return sorted(((value, n) for value, n in rows), key=lambda pair: -pair[1])[:FACET_LIMIT]


def work_page(user, pk: int):
    """The work with what its page shows, if the person may open it (else None)."""
    current = EditionFile.objects.order_by("-is_current", "name", "-version")
    return Work.objects.visible_to(user).select_related("publisher", "issue", "source_request").prefetch_related(
        Prefetch("editions", queryset=Edition.objects.prefetch_related(Prefetch("files", queryset=current),
                                                                       "sections")),
        "themes", "countries", "authors__organisation").filter(pk=pk).first()


def articles_of(user, issue):
    return for_list(shelf(user).filter(issue=issue)).order_by("pk")


def usage_of(work) -> dict:
    rows = list(Usage.objects.filter(work=work).order_by("-month")[:12])
    totals = Usage.objects.filter(work=work).aggregate(views=Sum("views"), downloads=Sum("downloads"))
    return {"months": rows, "views": totals["views"] or 0, "downloads": totals["downloads"] or 0}


def portal(user, f: Filters):
    """The multicultural portal: released good practices and tools, by field and region."""
    queryset = _filtered(shelf(user).filter(kind__in=PORTAL_KINDS), f)
    fields = dict(queryset.values_list("field").annotate(n=Count("pk")).values_list("field", "n"))
    regions = dict(queryset.values_list("region").annotate(n=Count("pk")).values_list("region", "n"))
    return (for_list(queryset).order_by("-published_on", "-pk"),
            [(v, label, fields.get(v, 0)) for v, label in PortalField.choices],
            [(v, label, regions.get(v, 0)) for v, label in Region.choices])


def guides(user):
    return for_list(shelf(user).filter(kind=Kind.GUIDE)).order_by("-published_on")


def workspace(user) -> dict:
    """What a person works on: the works in review (headquarters decide them), the drafts and the works of
    their organisations, and files whose text could not be read."""
    mine = Work.objects.visible_to(user).exclude(kind=Kind.RESEARCH_ANSWER)
    if not user.has_perm("library.add_work"):
        mine = mine.filter(Q(created_by=user) | Q(publisher__in=_own_orgs(user)))
    open_works = for_list(mine.filter(status__in=[Status.DRAFT, Status.REVIEW])).order_by("status", "-pk")
    # the person's own works' files (a proposer is not shown another organisation's released work)
    flagged = EditionFile.objects.visible_to(user).filter(
        edition__work__in=mine, is_current=True,
        extraction__in=[Extraction.NO_TEXT, Extraction.FAILED]).select_related("edition__work")
    top = []
    if user.has_perm("library.view_usage"):
        top = list(Work.objects.filter(status=Status.PUBLISHED).annotate(
            downloads=Sum("usage__downloads"), views=Sum("usage__views")).filter(
            downloads__gt=0).prefetch_related("editions").order_by("-downloads")[:10])
    return {"open_works": open_works, "flagged": flagged[:50],
            "published": for_list(mine.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])).order_by(
                "-published_at", "-pk")[:20], "top": top}


def _own_orgs(user):
    return [o.pk for o in working_orgs(user)]
