"""One search for the whole of Kizuna.

Two kinds of search, with one normalisation (`text.fold`, `text.phonetic`, …) and one tokenizer (`tokens`):

- **Names** (`NameSearch`): organisations, experts, sign messages — short texts that people look up by name,
  reading, code or a word, ranked by how they match (`names.NameIndex`). The index of a model is built in each
  process and rebuilt when the model's data version changes.
- **Documents** (`kizuna.core.search.fulltext`: `DocumentSearch`, `search_documents`): reports, research
  answers, publications — long texts in Japanese and English, found by their words in the database's full-text
  index (SQLite FTS5, PostgreSQL tsvector; `analysis` makes the terms), with highlights (`highlight`).

A model becomes searchable by name in a few lines (docs/search.md):

    class OrganisationSearch(NameSearch):
        name = "organisations"

        def version(self):
            return directory_version()

        def records(self):
            for org in Organisation.objects.all():
                forms = Forms(org.pk, order=(org.kind != "prefecture", org.code or ""))
                forms.add_name(org.name)
                forms.add_sound(org.name_kana)
                yield forms

    register_name_search(OrganisationSearch())
    results = search_names("organisations", "とうきょう", Organisation.objects.visible_to(user))

`results` is a sequence (pages and the API paginate it as a queryset) of the records the queryset allows, best
first; each record it gives has `search_match`, why it matched ("Exact name", "Same reading", …).
"""

import gc
import threading

from .ids import among
from .names import Forms, Hit, NameIndex
from .text import code_forms, fold, phonetic, strip_suffix


class NameSearch:
    """A model searched by its names: `records()` describes every record, `version()` changes with the data.
    `prefer_short`: among equals, the shortest matching text first (see `names.NameIndex`)."""

    name: str = ""
    prefer_short: bool = False

    def version(self) -> str:
        raise NotImplementedError

    def records(self):
        raise NotImplementedError


_SEARCHES: dict[str, NameSearch] = {}
_INDEXES: dict[str, tuple[str, NameIndex]] = {}
_LOCK = threading.Lock()


def register_name_search(search: NameSearch) -> NameSearch:
    _SEARCHES[search.name] = search
    return search


# Set by the app server's entry point (kizuna/wsgi.py), which serves for a long time; a process that builds
# indexes again and again (the tests) leaves the collector as it is.
FREEZE_BUILT_INDEXES = False


def name_index(name: str, version: str | None = None) -> NameIndex:
    """The process's index of a search, rebuilt when its data version changed (`version`: the search's
    `version()` that the caller read already)."""
    search = _SEARCHES[name]
    version = search.version() if version is None else version
    kept = _INDEXES.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]
    with _LOCK:
        kept = _INDEXES.get(name)
        if kept is None or kept[0] != version:
            kept = (version, NameIndex(list(search.records()), prefer_short=search.prefer_short))
            _INDEXES[name] = kept
            if FREEZE_BUILT_INDEXES:
                # The index's hundreds of thousands of objects live until the data changes: out of the collector's
                # generations, a full collection no longer walks them (117 ms → 8 ms with the directory's index;
                # an uncached search's p95 in-process 8.2 → 6.1 ms). What else is alive now is frozen too: a few
                # objects of this request, once per index built.
                gc.freeze()
    return kept[1]


def forget_indexes() -> None:
    """Tests: build every index afresh."""
    _INDEXES.clear()


class Results:
    """The records of `queryset` that match, best first: a sequence Django's and ninja's paginators page."""

    def __init__(self, queryset, hits: list[Hit]):
        wanted = [h.pk for h in hits]
        if len(wanted) <= 500:  # the usual case: ask only about the hits
            allowed = set(among(queryset, wanted).values_list("pk", flat=True)) if wanted else set()
        else:
            allowed = set(queryset.values_list("pk", flat=True))
        self._queryset = queryset
        self._hits = [h for h in hits if h.pk in allowed]
        self._why = {h.pk: h.why for h in self._hits}

    def __len__(self) -> int:
        return len(self._hits)

    def count(self) -> int:
        return len(self._hits)

    def exists(self) -> bool:
        return bool(self._hits)

    def __iter__(self):
        return iter(self[:len(self._hits)])

    def __getitem__(self, index):
        if isinstance(index, slice):
            pks = [h.pk for h in self._hits[index]]
            found = {obj.pk: obj for obj in among(self._queryset.order_by(), pks)}
            page = [found[pk] for pk in pks if pk in found]
            for obj in page:
                obj.search_match = self._why[obj.pk]  # what pages and the API show beside each result
            return page
        return self[index:index + 1][0]

    def pks(self) -> list[int]:
        return [h.pk for h in self._hits]

    def why(self, obj) -> str:
        return self._why.get(getattr(obj, "pk", obj), "")


def search_names(name: str, query: str, queryset, *, version: str | None = None) -> Results:
    """The records of `queryset` that match `query` by name, ranked (see `names`); `version` as for
    `name_index`."""
    return Results(queryset, name_index(name, version).search(query))


__all__ = ["NameSearch", "Forms", "Results", "register_name_search", "search_names", "name_index",
           "forget_indexes", "fold", "phonetic", "strip_suffix", "code_forms"]
