"""The search page's queries: as many for a long list as for a short one (bench/README.md, "Library")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.core.search import fulltext
from kizuna.library import services
from kizuna.library.enums import Kind
from kizuna.library.models import Theme

pytestmark = pytest.mark.django_db


def published(w, n: int, start: int = 0) -> None:
    """`n` case studies in Japanese and English, about multicultural coexistence, published by headquarters."""
    hq = w.people["hq_staff"]
    themes = list(Theme.objects.filter(slug__in=["multicultural", "education"]))
    for i in range(start, start + n):
        work = services.create_work(by=hq, kind=Kind.CASE_STUDY, publisher=w.hq, themes=themes,
                                    countries=["US", "GB"], authors=[(w.nyc, "")])
        services.save_edition(by=hq, work=work, language="ja", title=f"多文化共生の事例 {i}",
                              abstract="外国人住民の相談窓口を一元化した。", body="多文化共生の取組を紹介する。")
        services.save_edition(by=hq, work=work, language="en", title=f"Multicultural case {i}",
                              abstract="A one-stop advice centre for foreign residents.")
        services.submit(by=hq, work=work)
        services.publish(by=hq, work=work)


def queries_of(client, path: str, params: dict) -> tuple[int, int]:
    """(queries, works listed) of one request."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    listed = response.content.count(b'data-testid="work"') or len(response.json()["items"])
    return len(ctx.captured_queries), listed


# The search page with words: the index (titles first, then all matches: 4), the works the asker may see (1),
# the facets (kind, theme, country, year, language: 5), the page's works with their editions, themes and
# countries (4), the matching passages (1), the paginator's count is the hits' length (0); with the session and
# permission lookups of an anonymous page. Without words: the page and its prefetches, the catalogue's version
# (2), and the facets and the count (kept for a minute under that version: a new work counts at once).
SEARCH_QUERIES = 15
# With facets chosen, the works they keep are counted (1) and, being few, the matches are ranked among them
# whole (1) instead of the index's windows and the visibility check (5).
NARROWED_QUERIES = SEARCH_QUERIES - 5 + 2
LISTING_QUERIES = 12


@pytest.mark.parametrize(("path", "params", "expected"), [
    ("/library/", {"q": "多文化共生"}, SEARCH_QUERIES),
    ("/library/", {"q": "多文化共生", "theme": "education", "country": "US"}, NARROWED_QUERIES),
    ("/library/", {}, LISTING_QUERIES),
    ("/library/", {"kind": "case_study"}, LISTING_QUERIES),
])
def test_the_search_page_queries_do_not_grow_with_the_list(world, client_for, path, params, expected):
    anonymous = client_for("anonymous")
    published(world, 2)
    few = queries_of(anonymous, path, params)
    published(world, 6, start=2)
    many = queries_of(anonymous, path, params)
    assert (few[1], many[1]) == (2, 8)
    assert few[0] == many[0] == expected


def test_a_narrowed_search_ranks_the_matches_among_the_works_its_facets_keep(world, client_for, monkeypatch):
    # Ranked a window at a time, the two French works below would be reached only after the eight newer ones:
    # narrowed, they are ranked among themselves, the one with the word in its title first.
    monkeypatch.setattr(fulltext, "CANDIDATES", 3)
    hq = world.people["hq_staff"]
    french = []
    for title in ("自治体の広報", "防災の手引き"):
        work = services.create_work(by=hq, kind=Kind.CASE_STUDY, publisher=world.hq, countries=["FR"])
        services.save_edition(by=hq, work=work, language="ja", title=title, body="フランスの防災の取組。")
        services.submit(by=hq, work=work)
        services.publish(by=hq, work=work)
        french.append(work.pk)
    published(world, 8)
    found = client_for("anonymous").get("/api/v1/library/search", {"q": "防災", "country": "FR"}).json()
    assert [w["id"] for w in found["items"]] == [french[1], french[0]]
    assert client_for("anonymous").get("/api/v1/library/search", {"q": "多文化共生", "country": "FR"}).json()[
        "count"] == 0


def test_the_listing_keeps_its_facets_until_the_catalogue_changes(world, client_for):
    anonymous = client_for("anonymous")
    published(world, 2)
    queries_of(anonymous, "/library/", {})
    assert queries_of(anonymous, "/library/", {}) == (LISTING_QUERIES - 6, 2)  # facets and count from the cache
    published(world, 1, start=2)
    assert queries_of(anonymous, "/library/", {}) == (LISTING_QUERIES, 3)
    assert b'<span class="count">3</span>' in anonymous.get("/library/").content
