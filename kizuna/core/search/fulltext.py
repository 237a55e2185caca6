"""Full-text search of long documents (reports, research answers, publications) on SQLite and PostgreSQL.

An app makes a model searchable by describing its documents (docs/search.md):

    class ResearchDocuments(DocumentSearch):
        name = "research"
        model = Request

        def indexed(self):                      # the records the index holds
            return Request.objects.published()

        def documents(self, queryset):          # what each one says
            for r in queryset:
                yield Document(r.pk, title=f"{r.public_title}\\n{r.public_title_en}", body=r.public_summary)

    register_document_search(ResearchDocuments())
    results = search_documents("research", "津波", Request.objects.published().filter(country="US"))

`results` is a sequence (sliced, it loads the records) of the records of the queryset that match, best first;
each record it gives has `search_highlight` (a safe HTML snippet, the matched words in `<mark>`) and
`search_score`. The queryset is the asker's: search never returns a record outside it.

The index (`core.SearchDocument`, and the database's index beside it) follows every write that is logged
(`refresh` runs after every `audit.log_action`); data loaded without the audit trail is indexed with
`kizuna reindex_search [name]` (`reindex`).

Terms come from `analysis` (Sudachi words, readings and romaji, character bigrams, English stems) and are
written as they are: the SQLite FTS5 table only splits them on spaces, the PostgreSQL tsvector is built from a
literal, so both databases hold the same terms and answer the same query (words AND-ed, then OR when nothing
has them all). Ranking: bm25 on SQLite, ts_rank_cd on PostgreSQL, with the title weighted above the body.

Ranking is bounded, so that a word found in half of a large library costs what a rare one does: the index
ranks at most `CANDIDATES` matches at a time. First come the documents whose title matches: the newest of
them, as many as the list wants and a few more, ranked by their titles. Then, when the list is not full, all
matches: ranked whole when there are at most `CANDIDATES`, else the newest `CANDIDATES` (ranked), then the next
newest, and so on until the asker has `limit` records. Newest means most recently indexed: a record edited
today counts as new.

A search narrowed by filters (a library's facets: one country and one theme) is ranked the other way round: the
windows above would walk the whole index in search of the few matches the filters keep, so when the filtered
records are at most `NARROW`, the index ranks the matches among them only, whole, in one query.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from ..audit import after_logged_write
from ..models import SearchDocument
from .analysis import Atom, Clause, Terms, analyse, parse_query
from .highlight import highlight
from .ids import among

MAX_RESULTS = 1000  # the best matches a search considers; lists show at most a few hundred
CANDIDATES = 500  # the most matches ranked at once (see "Ranking is bounded" above)
NARROW = 3000  # the most records a narrowed search ranks whole among (see the end of the docstring above)
TITLE_WEIGHT, BODY_WEIGHT, ALT_WEIGHT = 5.0, 1.0, 0.5
BATCH = 500


@dataclass
class Document:
    """What a record says: `title` (weighted above the body), `body`, and `language` ("ja", "en", or "" to
    decide per paragraph)."""

    pk: int
    title: str = ""
    body: str = ""
    language: str = ""


class DocumentSearch:
    """A model searched by the text of its documents. `indexed()`: the records the index holds (a record that
    leaves it, unpublished, leaves the index); `documents(queryset)`: a `Document` for each of them."""

    name: str = ""
    model = None

    def indexed(self):
        return self.model._default_manager.all()

    def documents(self, queryset):
        raise NotImplementedError


_SEARCHES: dict[str, DocumentSearch] = {}
_BY_MODEL: dict[str, list[DocumentSearch]] = {}


def register_document_search(search: DocumentSearch) -> DocumentSearch:
    _SEARCHES[search.name] = search
    label = search.model._meta.label
    _BY_MODEL[label] = [s for s in _BY_MODEL.get(label, []) if s.name != search.name] + [search]
    return search


def document_searches() -> dict[str, DocumentSearch]:
    return dict(_SEARCHES)


# -- the backends ------------------------------------------------------------------------------------------

class _Backend:
    def write(self, rows: list[tuple[int, Terms, Terms]]) -> None:
        raise NotImplementedError

    # the table beside core_searchdocument that holds terms, and its column of document ids
    INDEX_TABLE, INDEX_KEY = "", ""

    def forget(self, ids: list[int]) -> None:
        """The index's rows of these documents go (before they are written again, or with them)."""
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH):
                part = ids[start:start + BATCH]
                cursor.execute(f"DELETE FROM {self.INDEX_TABLE} WHERE {self.INDEX_KEY} IN "
                               f"({', '.join(['%s'] * len(part))})", part)

    def optimise(self) -> None:
        """After a whole index was written again: leave it as compact as a fresh one."""

    def query(self, clauses: list[Clause], *, any_clause: bool, titles: bool = False) -> str:
        """The index's expression of a query; `titles`: matched in the titles only."""
        raise NotImplementedError

    def newest(self, name: str, expression: str, count: int, below: int | None, *,
               titles: bool = False) -> list[tuple[int, float, int]]:
        """(object id, score, document id) of the `count` newest matches under the document id `below` (None: the
        newest of all), ranked among themselves, best first: in one query, so that the index finds the newest
        matches and scores those only. `titles`: the expression is `query(…, titles=True)`."""
        raise NotImplementedError

    def search(self, name: str, expression: str, within: tuple[str, tuple]) -> list[tuple[int, float]]:
        """(object id, score) of the matching documents of the records a query (SQL, params) selects, best
        first: all of them ranked (a narrowed search)."""
        raise NotImplementedError

    @staticmethod
    def _within(within: tuple[str, tuple]) -> tuple[str, list]:
        sql, params = within
        return f" AND d.object_id IN ({sql})", list(params)

    @staticmethod
    def _below(column: str, below: int | None) -> tuple[str, list[int]]:
        return ("", []) if below is None else (f" AND {column} < %s", [below])


class _SQLite(_Backend):
    """FTS5: one column per stream and field; bm25 with the title columns weighted."""

    TABLE = "core_searchdocument_fts"
    INDEX_TABLE, INDEX_KEY = TABLE, "rowid"
    COLUMNS = {"words": ("title", "body"), "alt": ("title_alt", "body_alt"),
               "grams": ("title_grams", "body_grams")}
    WEIGHTS = (TITLE_WEIGHT, BODY_WEIGHT, TITLE_WEIGHT * ALT_WEIGHT, BODY_WEIGHT * ALT_WEIGHT, TITLE_WEIGHT,
               BODY_WEIGHT)

    def write(self, rows):
        # A document id can come back after its table was emptied outside Kizuna's writes (a test database
        # flushed between tests, a restore): whatever the index still holds under these ids goes first.
        self.forget([pk for pk, _title, _body in rows])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.TABLE} (rowid, title, body, title_alt, body_alt, title_grams, body_grams) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(pk, " ".join(t.words), " ".join(b.words), " ".join(t.alt), " ".join(b.alt), " ".join(t.grams),
                  " ".join(b.grams)) for pk, t, b in rows])

    def optimise(self):
        # Rewriting an index leaves FTS5 with many segments and the deleted rows' entries: merged into one
        # b-tree, 100,000 documents are searched about twice as fast (bench/README.md, "Full-text search").
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {self.TABLE} ({self.TABLE}) VALUES ('optimize')")

    def _atom(self, atom: Atom, titles: bool) -> str:
        phrase = " + ".join(f'"{term}"' for term in atom.terms) + ("*" if atom.prefix else "")
        columns = self.COLUMNS[atom.stream][:1] if titles else self.COLUMNS[atom.stream]
        return "{" + " ".join(columns) + "} : (" + phrase + ")"

    def query(self, clauses, *, any_clause, titles=False):
        parts = ["(" + " OR ".join(self._atom(a, titles) for a in c.atoms) + ")" for c in clauses]
        return (" OR " if any_clause else " AND ").join(parts)

    def newest(self, name, expression, count, below, *, titles=False):
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        bounds, params = self._below(f"{self.TABLE}.rowid", below)
        with connection.cursor() as cursor:
            # FTS5 walks the matches newest first and stops at the limit; bm25 scores only those
            cursor.execute(
                f"SELECT object_id, score, id FROM (SELECT d.object_id, d.id, bm25({self.TABLE}, {weights}) AS score "
                f"FROM {self.TABLE} JOIN core_searchdocument d ON d.id = {self.TABLE}.rowid "
                f"WHERE {self.TABLE} MATCH %s AND d.search = %s{bounds} ORDER BY {self.TABLE}.rowid DESC LIMIT %s) "
                "ORDER BY score, object_id DESC", [expression, name, *params, count])
            return [(pk, -score, doc) for pk, score, doc in cursor.fetchall()]

    def search(self, name, expression, within):
        weights = ", ".join(str(w) for w in self.WEIGHTS)
        among, among_params = self._within(within)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.object_id, bm25({self.TABLE}, {weights}) AS score "
                f"FROM {self.TABLE} JOIN core_searchdocument d ON d.id = {self.TABLE}.rowid "
                f"WHERE {self.TABLE} MATCH %s AND d.search = %s{among} "
                "ORDER BY score, d.object_id DESC", [expression, name, *among_params])
            return [(pk, -score) for pk, score in cursor.fetchall()]


class _PostgreSQL(_Backend):
    """A tsvector written as a literal: title terms weight A, body terms weight D; the streams apart by a mark
    before each term (alt "=", grams "~"), so a phrase of words never runs into a reading or a bigram. The title
    terms again in a narrow table of their own, `core_searchdocument_titles` (GIN-indexed too; migration 0010):
    a weight in a query (`'防災':A`) cannot be answered by the index, so "the titles that match" would read every
    matching document's vector, and walking the newest titles reads a few rows a page of the wide documents'
    table but ten of this one."""

    MARKS = {"words": "", "alt": "=", "grams": "~"}
    RANK_WEIGHTS = "{%s,0,0,1}" % (BODY_WEIGHT / TITLE_WEIGHT)  # D, C, B, A
    INDEX_TABLE, INDEX_KEY = "core_searchdocument_titles", "id"
    # a phrase's newest `count` matches are looked for among the newest `count` × 16 ids first
    NEWEST_SPAN = 16
    MAX_POSITION = 16383

    @staticmethod
    def _lexeme(term: str) -> str:
        return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"

    def _vector(self, title: Terms, body: Terms) -> str:
        positions: dict[str, list[str]] = {}
        offset = 0
        for terms, weight in ((title, "A"), (body, "D")):
            longest = 0
            for stream, mark in self.MARKS.items():
                found = getattr(terms, stream)
                longest = max(longest, len(found))
                for i, term in enumerate(found):
                    position = min(offset + i + 1, self.MAX_POSITION)
                    positions.setdefault(mark + term, []).append(f"{position}{weight}")
            offset += longest + 10  # no phrase runs from the title into the body
        return " ".join(f"{self._lexeme(term)}:{','.join(p[:256])}" for term, p in positions.items())

    def write(self, rows):
        # A document id can come back after its table was emptied outside Kizuna's writes (a restore): whatever
        # the titles' table still holds under these ids goes first.
        self.forget([pk for pk, _title, _body in rows])
        titles = [(self._vector(t, Terms()), pk) for pk, t, _body in rows]
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE core_searchdocument SET vector = %s::tsvector WHERE id = %s",
                               [(self._vector(t, b), pk) for pk, t, b in rows])
            cursor.executemany(
                f"INSERT INTO {self.INDEX_TABLE} (id, search, object_id, vector) "
                "SELECT id, search, object_id, %s::tsvector FROM core_searchdocument WHERE id = %s",
                [(vector, pk) for vector, pk in titles if vector])

    def optimise(self):
        # New GIN entries wait in a pending list that every search reads until VACUUM moves them into the index;
        # after a whole index, move them now (VACUUM itself cannot run inside the rebuild's transaction).
        with connection.cursor() as cursor:
            for index in ("core_searchdocument_vector", "core_searchdocument_titles_vector"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])

    def _atom(self, atom: Atom) -> str:
        mark = self.MARKS[atom.stream]
        terms = [self._lexeme(mark + term) + (":*" if atom.prefix else "") for term in atom.terms]
        return "(" + " <-> ".join(terms) + ")"

    def query(self, clauses, *, any_clause, titles=False):
        # The titles have a table of their own: the same expression, matched there.
        parts = ["(" + " | ".join(self._atom(a) for a in c.atoms) + ")" for c in clauses]
        return (" | " if any_clause else " & ").join(parts)

    def newest(self, name, expression, count, below, *, titles=False):
        # The planner misjudges how many documents match in two cases. A phrase (多文化共生 is three words): it
        # multiplies the words' frequencies, expected 693 titles for one in a tenth of them and had the GIN
        # index's bitmap visit the table block of all 11,231 to rank the newest 220. A title word: titles are
        # short, few of their terms are frequent enough for the statistics to name, and every other term is
        # guessed at 0.5 %, so a word in no title (ＮＰＯ) had the planner walk all 100,000 titles newest first
        # in search of 220 (40 ms). So these are looked for among the newest ids first (16 × as many as wanted:
        # the walk is bounded, a few hundred blocks), then in the range below, twice as wide as the first's
        # matches say the rest needs, then in the whole index below that: walked newest first when the looks
        # found the term common, else through the GIN index (a rare term: its few matches, then sorted). Each
        # look ranks what it found; the scores are the documents' own, so the looks' rows are merged as one
        # query would order them. A range that reaches the first document ends the search (a small catalogue
        # asks once). Single terms in the bodies are estimated well: one query.
        if not titles and "<->" not in expression:
            return [row[:3] for row in self._newest(name, expression, count, below, titles=False)]
        found, whole, common, span = [], False, True, count * self.NEWEST_SPAN
        for _look in range(2):
            rows = self._newest(name, expression, count - len(found), below, titles=titles, span=span)
            if not rows:
                common = False  # none there: whether the range reached the first document is not known
                break
            found += [row[:3] for row in rows]
            whole, below = rows[0][3], rows[0][4]
            if whole or len(found) >= count:
                break
            if len(found) * self.NEWEST_SPAN < count:
                common = False
                break
            span = span * 2 * (count - len(found)) // len(found)
        if not whole and len(found) < count:
            found += [row[:3] for row in self._newest(name, expression, count - len(found), below, titles=titles,
                                                      walk=common)]
        return sorted(found, key=lambda row: (-row[1], -row[0]))

    def _newest(self, name, expression, count, below, *, titles, span=None, walk=True):
        """The `count` newest matches under the document id `below` (None: the newest of all), ranked: (object
        id, score, document id); `span`: among that many ids only, each row saying too whether they reach the
        first document and where they end (the next range's `below`); `walk`: False to have the matches found
        through the GIN index and sorted, rather than the ids walked newest first (an order by an expression the
        primary key cannot give)."""
        table = self.INDEX_TABLE if titles else "core_searchdocument"
        bounds, params = self._below("d.id", below)
        extra, extra_params = "", []
        if span is not None:
            top = "%s" if below is not None else f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table})"
            lowest, lowest_params = f"{top} - %s", ([below, span] if below is not None else [span])
            bounds, params = bounds + f" AND d.id >= {lowest}", params + lowest_params
            extra = f", ({lowest}) <= (SELECT COALESCE(MIN(id), 0) FROM {table}) AS whole, {lowest} AS lowest"
            extra_params = lowest_params * 2
        order = "d.id" if walk else "d.id + 0"
        with connection.cursor() as cursor:
            # the newest matches' vectors only are scored
            cursor.execute(
                f"SELECT newest.object_id, ts_rank_cd(%s::float4[], newest.vector, q, 1) AS score, newest.id{extra} "
                f"FROM (SELECT d.object_id, d.id, d.vector FROM {table} d WHERE d.search = %s AND "
                f"d.vector @@ CAST(%s AS tsquery){bounds} ORDER BY {order} DESC LIMIT %s) AS newest, "
                "CAST(%s AS tsquery) q ORDER BY score DESC, newest.object_id DESC",
                [self.RANK_WEIGHTS, *extra_params, name, expression, *params, count, expression])
            return cursor.fetchall()

    def search(self, name, expression, within):
        among, among_params = self._within(within)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.object_id, ts_rank_cd(%s::float4[], d.vector, q, 1) AS score "
                f"FROM core_searchdocument d, CAST(%s AS tsquery) q WHERE d.search = %s AND d.vector @@ q{among} "
                "ORDER BY score DESC, d.object_id DESC", [self.RANK_WEIGHTS, expression, name, *among_params])
            return cursor.fetchall()


def _backend() -> _Backend:
    if connection.vendor == "sqlite":
        return _SQLite()
    if connection.vendor == "postgresql":
        return _PostgreSQL()
    raise NotImplementedError(f"full-text search has no index for {connection.vendor}")


# -- keeping the index -------------------------------------------------------------------------------------

def _forget(name: str, object_ids=None) -> int:
    docs = SearchDocument.objects.filter(search=name)
    if object_ids is not None:
        docs = docs.filter(object_id__in=list(object_ids))
    ids = list(docs.values_list("pk", flat=True))
    _backend().forget(ids)
    SearchDocument.objects.filter(pk__in=ids).delete() if object_ids is not None else docs.delete()
    return len(ids)


def _write(name: str, documents) -> int:
    backend, count, batch = _backend(), 0, []
    for document in documents:
        batch.append(document)
        if len(batch) >= BATCH:
            count += _write_batch(backend, name, batch)
            batch = []
    return count + (_write_batch(backend, name, batch) if batch else 0)


def _write_batch(backend: _Backend, name: str, documents: list[Document]) -> int:
    rows = SearchDocument.objects.bulk_create([
        SearchDocument(search=name, object_id=d.pk, language=d.language, title=d.title, body=d.body)
        for d in documents])
    backend.write([(row.pk, analyse(d.title, d.language), analyse(d.body, d.language))
                   for row, d in zip(rows, documents, strict=True)])
    return len(rows)


def index_documents(name: str, pks) -> int:
    """Bring the index up to date for these records of a search: indexed afresh, or left out when they are no
    longer among `indexed()`. Returns how many are in the index now."""
    search = _SEARCHES[name]
    pks = list(pks)
    with transaction.atomic():
        _forget(name, pks)
        return _write(name, search.documents(search.indexed().filter(pk__in=pks)))


def reindex(name: str | None = None) -> dict[str, int]:
    """Build the index of one search (or of all) afresh: what an operator runs after loading data."""
    counts = {}
    for search in ([_SEARCHES[name]] if name else list(_SEARCHES.values())):
        with transaction.atomic():
            _forget(search.name)
            counts[search.name] = _write(search.name, search.documents(search.indexed().order_by("pk")))
            _backend().optimise()
    return counts


def rewrite_terms() -> int:
    """The index beside the documents written again from their stored text, the rows kept as they are: after a
    restore (kizuna.core.backup), whose archive holds the documents' rows but not the database's index beside
    them (not model fields). Returns how many documents."""
    backend, count, last = _backend(), 0, 0
    while True:
        rows = list(SearchDocument.objects.filter(pk__gt=last).order_by("pk").values_list(
            "pk", "language", "title", "body")[:BATCH])
        if not rows:
            return count
        backend.write([(pk, analyse(title, language), analyse(body, language)) for pk, language, title, body in rows])
        count, last = count + len(rows), rows[-1][0]


def vacuum() -> bool:
    """After `reindex`, on PostgreSQL and outside a transaction: VACUUM (ANALYZE) the documents and the titles. A
    rebuild writes every row anew; until the dead ones are vacuumed, the newest-first walk of the titles visits
    them too (bench/README.md, "Full-text search": p95 95 → 123 ms). Whether it ran."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) core_searchdocument, {_PostgreSQL.INDEX_TABLE}")
    return True


@after_logged_write
def refresh(obj) -> None:
    """Called for every logged write (kizuna.core.audit.log_action): a record of a searched model is indexed
    again, or leaves the index."""
    for search in _BY_MODEL.get(obj._meta.label, ()):
        if obj.pk is not None:
            index_documents(search.name, [obj.pk])


# -- searching ---------------------------------------------------------------------------------------------

class DocumentResults:
    """The matching records of the queryset, best first: a sequence that pages and the API slice."""

    def __init__(self, name: str, queryset, hits: list[tuple], clauses: list[Clause]):
        self._name = name
        self._queryset = queryset
        self._hits = hits  # (pk, score), best first
        self._clauses = clauses

    def __len__(self) -> int:
        return len(self._hits)

    def count(self) -> int:
        return len(self._hits)

    def exists(self) -> bool:
        return bool(self._hits)

    def __iter__(self):
        return iter(self[:len(self._hits)])

    def __getitem__(self, index):
        """A slice: the records, each with its score and highlight (two queries, however long the slice)."""
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        hits = self._hits[index]
        if not hits:
            return []
        pks = [pk for pk, _ in hits]
        found = {obj.pk: obj for obj in among(self._queryset, pks)}
        texts = {pk: (title, body) for pk, title, body in among(SearchDocument.objects.filter(
            search=self._name), pks, "object_id").values_list("object_id", "title", "body")}
        page = []
        for pk, score in hits:
            if pk in found:
                obj = found[pk]
                obj.search_score = score
                obj.search_highlight = highlight(*texts.get(pk, ("", "")), self._clauses)
                page.append(obj)
        return page

    def pks(self) -> list[int]:
        return [h[0] for h in self._hits]


class _Hits:
    """The best matches the asker's queryset allows, gathered a ranked window at a time: each window is kept to
    the records `queryset.filter(pk__in=…)` returns, so the asker's conditions decide, and the index never has
    to read the whole of a large table to apply them."""

    def __init__(self, queryset, limit: int):
        self.queryset, self.limit = queryset, limit
        self.found: list[tuple] = []
        self.seen: set[int] = set()

    @property
    def full(self) -> bool:
        return len(self.found) >= self.limit

    def add(self, ranked: list[tuple]) -> None:
        fresh = [hit for hit in ranked if hit[0] not in self.seen]
        while fresh and not self.full:
            # A few more than are still wanted: most matches are usually visible, so one query fills the list.
            wanted = self.limit - len(self.found)
            size = min(wanted + max(wanted // 10, 20), CANDIDATES)
            part, fresh = fresh[:size], fresh[size:]
            allowed = set(among(self.queryset, [pk for pk, _ in part]).values_list("pk", flat=True))
            for hit in part:
                if hit[0] in allowed and not self.full:
                    self.found.append(hit)
                    self.seen.add(hit[0])


def _visible_hits(backend: _Backend, name: str, clauses: list[Clause], queryset, limit: int, *,
                  any_clause: bool) -> list[tuple]:
    """The best `limit` matches that the queryset allows, ranked a bounded window at a time (module docstring:
    "Ranking is bounded")."""
    hits = _Hits(queryset, limit)
    # The documents whose title matches come first: the newest of them, as many as the list wants and a few
    # more, ranked by their titles. A common word usually fills the list here.
    titles = backend.query(clauses, any_clause=any_clause, titles=True)
    wanted = min(limit + max(limit // 10, 20), CANDIDATES)
    hits.add([(pk, score) for pk, score, _doc in backend.newest(name, titles, wanted, None, titles=True)])
    if hits.full:
        return hits.found
    # Then all matches: ranked whole when there are few, else the newest `CANDIDATES` at a time (one more is
    # asked for, to know whether older ones remain: it is left for the next window).
    expression = backend.query(clauses, any_clause=any_clause)
    below = None
    while True:
        window = backend.newest(name, expression, CANDIDATES + 1, below)
        more = len(window) > CANDIDATES
        if more:
            oldest = min(window, key=lambda hit: hit[2])
            window.remove(oldest)
        hits.add([(pk, score) for pk, score, _doc in window])
        if hits.full or not more:
            break
        below = min(doc for _pk, _score, doc in window)
    return hits.found


def _narrow_hits(backend: _Backend, name: str, clauses: list[Clause], queryset, limit: int, *,
                 any_clause: bool) -> list[tuple]:
    """The best `limit` matches among the records of a narrowed queryset, ranked whole (module docstring)."""
    within = queryset.values("pk").query.sql_with_params()
    return backend.search(name, backend.query(clauses, any_clause=any_clause), within)[:limit]


def search_documents(name: str, query: str, queryset, *, limit: int = MAX_RESULTS,
                     narrowed: bool = False) -> DocumentResults:
    """The records of `queryset` whose documents match `query`, best first (at most `limit`). `narrowed`: the
    queryset filters the records by more than who may see them (facets chosen); when it keeps at most `NARROW`,
    the matches are ranked among them whole."""
    if name not in _SEARCHES:
        raise LookupError(f"no document search is registered as {name!r}")
    clauses = parse_query(query)
    if not clauses:
        return DocumentResults(name, queryset, [], [])
    backend = _backend()
    queryset = queryset.order_by()
    find = _narrow_hits if narrowed and queryset.count() <= NARROW else _visible_hits
    hits = find(backend, name, clauses, queryset, limit, any_clause=False)
    if not hits and len(clauses) > 1:
        hits = find(backend, name, clauses, queryset, limit, any_clause=True)
    return DocumentResults(name, queryset, hits, clauses)


__all__ = ["Document", "DocumentSearch", "DocumentResults", "register_document_search", "search_documents",
           "index_documents", "reindex", "rewrite_terms", "vacuum", "refresh", "document_searches"]
