"""The search page's queries: as many for a long list as for a short one (bench/README.md, "Library")."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

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


# The search page with words: the index (the newest title matches ranked, then the newest matches ranked: 2), the
# works the asker may see (1),
# the facets (kind, theme, country, year, language: 5), the page's works with their editions, themes and
# countries (4), the matching passages (1), the paginator's count is the hits' length (0); with the session and
# permission lookups of an anonymous page, and the catalogue's version (2) under which an anonymous visitor's
# results are kept. Without words: the page and its prefetches, the catalogue's version again (2), and the facets
# and the count (kept for a minute under that version: a new work counts at once).
SEARCH_QUERIES = 15
# With facets chosen, the works they keep are counted (1) and, being few, the matches are ranked among them
# whole (1) instead of the index's windows and the visibility check (3).
NARROWED_QUERIES = SEARCH_QUERIES - 3 + 2
LISTING_QUERIES = 14
# The API: the same search without the facets (5 fewer), with the authors of the page's works (1).
API_QUERIES = SEARCH_QUERIES - 5 + 1
API_NARROWED_QUERIES = NARROWED_QUERIES - 5 + 1


@pytest.mark.parametrize(("path", "params", "expected"), [
    ("/library/", {"q": "多文化共生"}, SEARCH_QUERIES),
    ("/library/", {"q": "多文化共生", "theme": "education", "country": "US"}, NARROWED_QUERIES),
    ("/library/", {}, LISTING_QUERIES),
    ("/library/", {"kind": "case_study"}, LISTING_QUERIES),
    ("/api/v1/library/search", {"q": "多文化共生"}, API_QUERIES),
    ("/api/v1/library/search", {"q": "多文化共生", "country": "US"}, API_NARROWED_QUERIES),
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
    staff = client_for("hq_staff")
    queries_of(staff, "/library/", {})
    kept = queries_of(staff, "/library/", {})
    published(world, 1, start=2)
    assert queries_of(staff, "/library/", {})[0] == kept[0] + 6  # facets and count kept, until a work is added
    assert b'<span class="count">3</span>' in anonymous.get("/library/").content


@pytest.mark.parametrize("path", ["/library/", "/api/v1/library/search"])
def test_anonymous_searches_are_kept_until_the_catalogue_or_the_day_changes(world, client_for, path, monkeypatch):
    anonymous, staff = client_for("anonymous"), client_for("hq_staff")
    published(world, 2)
    first = queries_of(anonymous, path, {"q": "多文化共生"})
    again = queries_of(anonymous, path, {"q": "多文化共生"})
    assert first[1] == again[1] == 2
    assert again[0] <= 4  # the catalogue's version (2) and, for the page, its session and permission look-ups
    assert queries_of(anonymous, path, {"q": "多文化共生", "page": "1"})[0] == first[0]  # another address: searched
    # a new work is found at once; an embargoed one is not, though its staff see it
    published(world, 1, start=2)
    assert queries_of(anonymous, path, {"q": "多文化共生"})[1] == 3
    hq = world.people["hq_staff"]
    work = services.create_work(by=hq, kind=Kind.CASE_STUDY, publisher=world.hq,
                                embargo_until=timezone.localdate() + datetime.timedelta(days=1))
    services.save_edition(by=hq, work=work, language="ja", title="多文化共生の未公開の報告",
                          body="多文化共生の取組の報告。")
    services.submit(by=hq, work=work)
    services.publish(by=hq, work=work)
    assert queries_of(anonymous, path, {"q": "多文化共生"})[1] == 3
    assert queries_of(staff, path, {"q": "多文化共生"})[1] == 4
    # the next day the embargo has ended: the day is part of what the kept results depend on
    later = timezone.localdate() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert queries_of(anonymous, path, {"q": "多文化共生"})[1] == 4


def test_a_work_card_shows_its_edition_in_the_readers_language_and_escapes_every_value(world, client_for):
    hq = world.people["hq_staff"]
    work = services.create_work(by=hq, kind=Kind.CASE_STUDY, publisher=world.hq,
                                embargo_until=timezone.localdate() + datetime.timedelta(days=30))
    services.save_edition(by=hq, work=work, language="ja", title="<b>多文化共生</b>の事例",
                          abstract="相談窓口" * 100, body="多文化共生の取組。")
    services.save_edition(by=hq, work=work, language="en", title="A case & its <i>lessons</i>",
                          abstract="An advice centre.")
    services.submit(by=hq, work=work)
    services.publish(by=hq, work=work)
    staff = client_for("hq_staff")
    found = staff.get("/library/", {"q": "多文化共生"}).content.decode()
    card = found[found.index('<li class="card"'):found.index("</li>", found.index('<li class="card"'))]
    assert f'<a href="/library/works/{work.pk}/" lang="ja">&lt;b&gt;多文化共生&lt;/b&gt;の事例</a>' in card
    assert f'<span class="badge">{Kind.CASE_STUDY.label}</span>' in card
    assert f'href="/library/works/{work.pk}/#edition-en" hreflang="en" data-testid="also-in">英語版あり</a>' in card
    day = date_format(work.embargo_until, "DATE_FORMAT")
    assert f'<span class="badge">{day}まで公開制限</span>' in card  # embargoed: shown to its staff
    assert '<p class="search-highlight">' in card and "<mark>多文化共生</mark>" in card
    workspace = staff.get("/library/workspace/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    card = workspace[workspace.index(f'<a href="/library/works/{work.pk}/"'):]
    card = card[:card.index("</li>")]
    assert 'lang="en">A case &amp; its &lt;i&gt;lessons&lt;/i&gt;</a>' in card
    assert 'hreflang="ja" data-testid="also-in">also in Japanese</a>' in card
    assert "embargoed until" in card and "<p>An advice centre.</p>" in card
    # an abstract is cut at 220 characters
    ja = staff.get("/library/workspace/").content.decode()
    assert "<p>" + "相談窓口" * 54 + "相談窓…</p>" in ja
