"""The library in the full-text search (kizuna/core/search/fulltext): one document per work, holding every
edition's title, abstract, text and sections and every current file's extracted text, so that a Japanese query
finds a work whose English edition matches too, and the reverse. What a person may find is decided by the
queryset they search (`Work.objects.visible_to(user)`): embargoed works are in the index for staff."""

from django.db.models import Prefetch
from django.utils import translation

from kizuna.core.countries import country_name
from kizuna.core.search.fulltext import Document, DocumentSearch, register_document_search

from .enums import SERIES_NAMES, Kind, Status
from .models import EditionFile, Work


def _both(label) -> list[str]:
    """A label in Japanese and in English: found whichever language the query is in."""
    found = []
    for language in ("ja", "en"):
        with translation.override(language):
            found.append(str(label))
    return found


class LibraryDocuments(DocumentSearch):
    name = "library"
    model = Work

    def indexed(self):
        return Work.objects.filter(status=Status.PUBLISHED)

    def documents(self, queryset):
        current = EditionFile.objects.filter(is_current=True).only("edition_id", "text")
        works = queryset.select_related("publisher").prefetch_related(
            "themes", "countries", "authors__organisation", "editions__sections",
            Prefetch("editions__files", queryset=current))
        for work in works.iterator(chunk_size=200):
            titles, bodies = [], []
            names = SERIES_NAMES.get(work.kind)
            if names and work.number is not None:
                titles += [name % {"number": work.number} for name in names]
            for edition in work.editions.all():
                titles += [edition.title, edition.subtitle]
                bodies += [edition.abstract, edition.body]
                bodies += [f"{s.heading}\n{s.body}" for s in edition.sections.all()]
                bodies += [f.text for f in edition.files.all()]
            facts = [*_both(Kind(work.kind).label), work.keywords, str(work.published_on.year if work.published_on
                                                                      else "")]
            facts += [f"{t.name} {t.name_en}" for t in work.themes.all()]
            facts += [f"{country_name(c.country, 'ja')} {country_name(c.country, 'en')}" for c in work.countries.all()]
            facts += [f"{a.label('ja')} {a.label('en')}" for a in work.authors.all()]
            facts += [work.publisher.name, work.publisher.name_en]
            yield Document(work.pk, title="\n".join(filter(None, titles)),
                           body="\n".join(filter(None, [*facts, *bodies])))


register_document_search(LibraryDocuments())
