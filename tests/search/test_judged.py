"""Search quality against the judged query set (tests/search/judged/, checked by test_judged_set.py).

Each query goes through the public API as an anonymous caller, over the full reference data, the whole phrase
bank and a corpus of published research answers (judged/research_corpus.toml):

- directory: GET /api/v1/organisations?q=…&page_size=10. Strict pass: every expected body in the top ten, and
  the `first` one first. At least 95 % of the queries must pass.
- signage: GET /api/v1/signage/messages?q=…&page_size=10, and research: GET /api/v1/requests/research?q=….
  Recall@10 (the share of a query's expected answers in its top ten, averaged over the queries) at least 0.95.

The thresholds hold on every database the suite runs on (SQLite, and PostgreSQL when DATABASE_URL points
there). A failure prints the failing queries (query, kind, expected, the top five it got) and the score by kind.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.test import Client

from kizuna.core.audit import unlogged
from kizuna.core.models import CoveredCountry, Organisation, User
from kizuna.core.reference import load_reference_data
from kizuna.requests.enums import Kind, Status
from kizuna.requests.models import Request
from kizuna.signage.loading import load_bank, read_bank
from kizuna.signage.models import Category, Message, Purpose, Translation
from tests.factories import arrange_update

from .judged_set import bank_messages, corpus, queries, reference_bodies

THRESHOLD = {"directory": 0.95, "signage": 0.95, "research": 0.95}
URLS = {"directory": "/api/v1/organisations", "signage": "/api/v1/signage/messages",
        "research": "/api/v1/requests/research"}
CORPUS_AUTHOR = "judged-research-corpus@example.jp"
REQUESTER = "131016"  # 千代田区 files the corpus's research requests


@dataclass(repr=False)
class World:
    slugs: dict  # organisation id -> slug (CLAIR units have no code)
    titles: dict  # public title -> corpus id

    def __repr__(self) -> str:
        return f"World({len(self.slugs)} CLAIR units, {len(self.titles)} research answers)"


def _load_corpus() -> dict:
    """Each corpus item as an answered, published research request, answered a week after the one before it."""
    offices = {c.country: c.office for c in CoveredCountry.objects.select_related("office")}
    requester = Organisation.objects.get(code=REQUESTER)
    start = datetime(2024, 4, 8, 9, 0, tzinfo=UTC)
    titles = {}
    with unlogged("test corpus: published research answers for the judged queries"):
        author = User.objects.create(email=CORPUS_AUTHOR, full_name="Judged research corpus")
        for n, item in enumerate(corpus()):
            answered = start + timedelta(days=7 * n)
            Request.objects.create(
                kind=Kind.RESEARCH, status=Status.ANSWERED, title=item["title"], description=item["summary"],
                requester=requester, created_by=author, office=offices[item["country"]], country=item["country"],
                theme=item["theme"], routed_at=answered - timedelta(days=20),
                first_response_at=answered - timedelta(days=19), answered_at=answered,
                deliverable=item["summary"], is_public=True, public_title=item["title"],
                public_title_en=item["title_en"], public_summary=item["summary"],
                public_summary_en=item["summary_en"])
            titles[item["title"]] = item["id"]
    call_command("reindex_search", "research")  # as an operator does after loading data without the services
    return titles


def _remove_everything(log_before: int) -> None:
    with unlogged("removing the judged test data"):
        Request.objects.filter(created_by__email=CORPUS_AUTHOR).delete()
        User.objects.filter(email=CORPUS_AUTHOR).delete()
        Translation.objects.all().delete()
        Message.objects.all().delete()
        Category.objects.all().delete()
        Purpose.objects.all().delete()
        CoveredCountry.objects.all().delete()
        arrange_update(Organisation.objects, local_government=None, parent=None, prefecture=None)
        Organisation.objects.all().delete()
        LogEntry.objects.filter(pk__gt=log_before).delete()
    call_command("reindex_search", "research")  # the corpus leaves the index with its records


@pytest.fixture(scope="module")
def judged_world(django_db_setup, django_db_blocker):
    """The full reference data, the phrase bank and the research corpus, loaded once for the module."""
    with django_db_blocker.unblock():
        log_before = LogEntry.objects.aggregate(n=Max("pk"))["n"] or 0
        load_reference_data()
        load_bank(read_bank())
        titles = _load_corpus()
        slugs = dict(Organisation.objects.filter(slug__isnull=False).values_list("pk", "slug"))
    yield World(slugs=slugs, titles=titles)
    with django_db_blocker.unblock():
        _remove_everything(log_before)


# -- running the queries ---------------------------------------------------------------------------------

@dataclass
class Outcome:
    query: object
    got: list  # (key, label) of the results, best first, at most ten
    error: str = ""

    @property
    def top10(self) -> list[str]:
        return [key for key, _ in self.got[:10]]

    @property
    def recall(self) -> float:
        return sum(key in self.top10 for key in self.query.expected) / len(self.query.expected)

    @property
    def first_right(self) -> bool:
        return self.query.first is None or self.top10[:1] == [self.query.first]

    @property
    def strict(self) -> bool:
        return self.recall == 1 and self.first_right


def _results(surface: str, body, world: World) -> list:
    """(key, label) of each result: a page's `items`, or the list itself (research is not paginated)."""
    rows = body["items"] if isinstance(body, dict) else body
    if surface == "directory":
        return [(o.get("code") or o.get("slug") or world.slugs.get(o["id"]) or f"id {o['id']}", o["name"])
                for o in rows]
    if surface == "signage":
        return [(m["key"], m["texts"].get("ja") or m["texts"].get("en", "")) for m in rows]
    return [(world.titles.get(r["title"], f"id {r['id']}"), r["title"]) for r in rows]


def run(surface: str, world: World) -> list[Outcome]:
    client = Client()
    outcomes = []
    for query in queries(surface):
        params = {"q": query.q} | ({} if surface == "research" else {"page_size": 10})
        response = client.get(URLS[surface], params, headers={"accept-language": query.lang})
        if response.status_code != 200:
            outcomes.append(Outcome(query, [], error=f"HTTP {response.status_code}"))
            continue
        outcomes.append(Outcome(query, _results(surface, response.json(), world)[:10]))
    return outcomes


# -- the report --------------------------------------------------------------------------------------------

def _label(surface: str, key: str) -> str:
    if surface == "directory":
        body = reference_bodies().get(key)
        return f"{key} {body.name}" if body else key
    if surface == "signage":
        texts = bank_messages().get(key, {})
        return f"{key} ({texts.get('en', '')})" if texts else key
    return key


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int) -> str:
    """`text` cut and padded to `width` columns of a terminal (a kanji takes two)."""
    out = ""
    for char in str(text):
        if _width(out + char) > width - 1 and _width(str(text)) > width:
            out += "…"
            break
        out += char
    return out + " " * (width - _width(out))


def report(surface: str, outcomes: list[Outcome], score: float) -> str:
    metric = "strict pass rate" if surface == "directory" else "recall@10"
    ok = (lambda o: o.strict) if surface == "directory" else (lambda o: o.recall == 1)
    by_kind = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.query.kind].append(outcome)
    lines = [f"{surface} on {connection.vendor}: {metric} {score:.3f} (threshold {THRESHOLD[surface]}), "
             f"{sum(map(ok, outcomes))}/{len(outcomes)} queries fully right, "
             f"first result right {sum(o.first_right for o in outcomes if o.query.first)}"
             f"/{sum(1 for o in outcomes if o.query.first)}",
             "by kind: " + ", ".join(f"{kind} {sum(map(ok, group))}/{len(group)}"
                                     for kind, group in sorted(by_kind.items())),
             "", f"{_cell('query', 24)} {_cell('kind', 14)} {_cell('expected', 46)} got (top 5)"]
    for outcome in outcomes:
        if ok(outcome):
            continue
        q = outcome.query
        expected = ([f"first {_label(surface, q.first)}"] if q.first else []) + [_label(surface, k) for k in q.top10]
        got = outcome.error or " | ".join(
            f"{key} {label}" if surface == "directory" else key for key, label in outcome.got[:5]) or "(nothing)"
        lines.append(f"{_cell(q.q, 24)} {_cell(q.kind, 14)} {_cell('; '.join(expected), 46)} {got}")
    return "\n".join(lines)


def _check(surface: str, world: World) -> None:
    outcomes = run(surface, world)
    if surface == "directory":
        score = sum(o.strict for o in outcomes) / len(outcomes)
    else:
        score = sum(o.recall for o in outcomes) / len(outcomes)
    text = report(surface, outcomes, score)
    if score < THRESHOLD[surface]:
        pytest.fail(text, pytrace=False)
    print(text)  # the scores of a pass: pytest -rP or -s shows them


@pytest.mark.django_db
def test_judged_world_is_complete(judged_world):
    assert (Organisation.objects.count(), Message.objects.count(), Request.objects.published().count()) == (
        len(reference_bodies()), len(bank_messages()), len(corpus()))


@pytest.mark.django_db
def test_directory_search_meets_the_judged_threshold(judged_world):
    _check("directory", judged_world)


@pytest.mark.django_db
def test_signage_search_meets_the_judged_threshold(judged_world):
    _check("signage", judged_world)


@pytest.mark.django_db
def test_research_search_meets_the_judged_threshold(judged_world):
    _check("research", judged_world)
