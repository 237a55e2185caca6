"""Published research through full-text search (kizuna/core/search/fulltext), as a researcher meets it: the API
and the page, with the index kept by the publishing service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kizuna.core.audit import unlogged
from kizuna.core.search import fulltext
from kizuna.requests import queries, services
from kizuna.requests.models import Request
from kizuna.requests.views import lists

from .conftest import file_research, to_office

URL = "/api/v1/requests/research"


def _answered(world, title="調査"):
    request = to_office(world, file_research(world, title))
    return services.answer_request(by=world.people["office_staff"], request=request, deliverable="回答です。")


def _publish(world, request, *, title, summary, title_en="", summary_en="", publish=True):
    return services.publish_research(by=world.people["office_staff"], request=request, publish=publish,
                                     title=title, title_en=title_en, summary=summary, summary_en=summary_en)


def _found(world, q, **params) -> list[str]:
    response = world.client_for("anonymous").get(URL, {"q": q, **params})
    assert response.status_code == 200
    return [r["title"] for r in response.json()]


def test_research_search_finds_one_and_two_character_words_inside_sentences(world):
    _publish(world, _answered(world), title="沿岸部の避難計画",
             summary="沿岸の町では津波の到達までに高台へ逃げる訓練を重ね、給水車の水を配る手順も決めている。")
    assert (_found(world, "水"), _found(world, "津波"), _found(world, "高台")) == (
        ["沿岸部の避難計画"], ["沿岸部の避難計画"], ["沿岸部の避難計画"])


def test_research_search_finds_kanji_and_katakana_text_by_its_hiragana(world):
    _publish(world, _answered(world), title="ボランティアの受入れ", summary="東京都の防災訓練について。")
    assert (_found(world, "ぼらんてぃあ"), _found(world, "とうきょう"), _found(world, "ぼうさい")) == (
        ["ボランティアの受入れ"], ["ボランティアの受入れ"], ["ボランティアの受入れ"])


def test_research_search_stems_english_words(world):
    _publish(world, _answered(world), title="避難", summary="避難について", title_en="Evacuation",
             summary_en="Residents evacuated to shelters run by volunteers.")
    assert (_found(world, "evacuating shelter"), _found(world, "volunteer")) == (["避難"], ["避難"])


def test_research_search_matches_a_quoted_phrase_only_in_its_order(world):
    _publish(world, _answered(world, "一"), title="川の計画", summary="x", summary_en="Room for the River")
    _publish(world, _answered(world, "二"), title="部屋の計画", summary="x", summary_en="The river room, for all")
    assert _found(world, '"room for the river"') == ["川の計画"]


def test_research_search_falls_back_to_any_word_when_no_answer_has_all(world):
    _publish(world, _answered(world), title="観光の調査", summary="観光税の導入")
    assert _found(world, "観光税 宇宙旅行") == ["観光の調査"]


def test_research_search_ranks_a_match_in_the_title_first(world):
    _publish(world, _answered(world, "一"), title="財政の報告", summary="本文で一度だけ防災に触れる。")
    _publish(world, _answered(world, "二"), title="防災の報告", summary="地域の取組。")
    assert _found(world, "防災") == ["防災の報告", "財政の報告"]


def test_research_search_highlight_marks_the_match_and_escapes_the_text(world):
    _publish(world, _answered(world), title="<script>alert(1)</script>津波", summary="a < b & 津波の訓練")
    body = world.client_for("anonymous").get(URL, {"q": "津波"}).json()
    assert body[0]["highlight"] == "a &lt; b &amp; <mark>津波</mark>の訓練"
    title_only = world.client_for("anonymous").get(URL, {"q": "alert"}).json()
    assert title_only[0]["highlight"].split("\n")[0] == "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;津波"


def test_research_search_never_shows_an_unpublished_answer_that_matches(world):
    hidden = _publish(world, _answered(world, "一"), title="非公開になる調査", summary="津波の記録")
    _publish(world, _answered(world, "二"), title="公開の調査", summary="津波の記録")
    with unlogged("test: unpublished behind the index's back, so the index still holds it"):
        Request.objects.filter(pk=hidden.pk).update(is_public=False)
    assert _found(world, "津波") == ["公開の調査"]


def test_research_search_follows_publish_and_unpublish(world):
    request = _publish(world, _answered(world), title="除雪の調査", summary="除雪の体制")
    before = _found(world, "除雪")
    _publish(world, request, title="除雪の調査", summary="除雪の体制", publish=False)
    after_unpublish = _found(world, "除雪")
    _publish(world, request, title="雪かきの調査", summary="雪かきの体制")
    assert (before, after_unpublish, _found(world, "除雪"), _found(world, "雪かき")) == (
        ["除雪の調査"], [], [], ["雪かきの調査"])


def test_research_search_keeps_the_country_and_theme_filters(world):
    _publish(world, _answered(world), title="米国の津波", summary="津波")
    assert (_found(world, "津波", country="US"), _found(world, "津波", country="DE")) == (["米国の津波"], [])


def test_research_page_shows_the_highlight(world):
    _publish(world, _answered(world), title="水道の調査", summary="水道の<b>再公営化</b>")
    page = world.client_for("anonymous").get(reverse("requests:research"), {"q": "再公営化"})
    assert '水道の&lt;b&gt;<mark>再公営化</mark>&lt;/b&gt;' in page.content.decode()


@pytest.mark.parametrize("surface", ["api", "page"])
def test_research_search_query_count_is_flat(world, surface):
    client = world.client_for("anonymous")
    url = URL if surface == "api" else reverse("requests:research")
    _publish(world, _answered(world, "一"), title="防災 一", summary="防災")
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"q": "防災"})
    for n in ("二", "三"):
        _publish(world, _answered(world, n), title=f"防災 {n}", summary="防災")
    with CaptureQueriesContext(connection) as three:
        assert client.get(url, {"q": "防災"}).status_code == 200
    assert len(three.captured_queries) == len(one.captured_queries)


def test_publishing_indexes_the_answer_even_over_a_stale_index_row_under_its_id(world):
    """A document id can come back after the documents' table was emptied behind the index's back (a test
    database flushed, a restore): the stale index row under that id gives way instead of refusing the write."""
    request = _answered(world)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = 'core_searchdocument'")
            row = cursor.fetchone()
            next_id = (row[0] if row else 0) + 1
            cursor.execute("INSERT INTO core_searchdocument_fts (rowid, title, body, title_alt, body_alt, "
                           "title_grams, body_grams) VALUES (%s, 'stale', 'stale', '', '', '', '')", [next_id])
        else:  # the titles' table beside the documents (migration core 0010)
            cursor.execute("SELECT nextval(pg_get_serial_sequence('core_searchdocument', 'id'))")
            next_id = cursor.fetchone()[0] + 1
            cursor.execute("INSERT INTO core_searchdocument_titles (id, search, object_id, vector) "
                           "VALUES (%s, 'research', %s, 'stale')", [next_id, request.pk])
    _publish(world, request, title="多言語防災", summary="主要都市は5言語以上で提供している。")
    assert _found(world, "防災") == ["多言語防災"]
    assert _found(world, "stale") == []


def test_research_search_with_many_matches_ranks_title_matches_then_the_newest_window_by_window(world, monkeypatch):
    """A word found in more documents than the index ranks at once (`CANDIDATES`, here 2): the title matches
    come first, then the newest matches a window at a time, and an answer the asker may not see is passed
    over without shortening the list."""
    monkeypatch.setattr(fulltext, "CANDIDATES", 2)
    _publish(world, _answered(world, "一"), title="除雪の報告", summary="地域の取組。")
    hidden = None
    for n in ("二", "三", "四", "五", "六"):
        request = _publish(world, _answered(world, n), title=f"報告 {n}", summary="本文で除雪に触れる。")
        hidden = hidden or request
    with unlogged("test: unpublished behind the index's back, so the index still holds it"):
        Request.objects.filter(pk=hidden.pk).update(is_public=False)
    assert _found(world, "除雪") == ["除雪の報告", "報告 六", "報告 五", "報告 四", "報告 三"]
    assert _found(world, "取組") == ["除雪の報告"]


def test_research_search_with_many_matches_ranks_within_a_window(world, monkeypatch):
    monkeypatch.setattr(fulltext, "CANDIDATES", 3)
    _publish(world, _answered(world, "一"), title="報告 一", summary="除雪。")
    _publish(world, _answered(world, "二"), title="報告 二", summary="除雪、除雪、除雪の計画と除雪の訓練。")
    _publish(world, _answered(world, "三"), title="報告 三", summary="除雪。")
    _publish(world, _answered(world, "四"), title="報告 四", summary="除雪。")
    # Four matches, none in a title (their theme is 防災): the newest three ranked together (二 says it most), then 一.
    assert _found(world, "除雪") == ["報告 二", "報告 四", "報告 三", "報告 一"]


def test_research_api_pages_its_answers_and_says_how_many_there_are(world):
    for n in ("一", "二", "三"):
        _publish(world, _answered(world, n), title=f"除雪 {n}", summary="除雪の体制")
    client = world.client_for("anonymous")
    first = client.get(URL, {"q": "除雪", "page_size": 2})
    second = client.get(URL, {"q": "除雪", "page_size": 2, "page": 2})
    assert (first["X-Total-Count"], len(first.json()), second["X-Total-Count"], len(second.json())) == ("3", 2, "3", 1)
    assert {r["title"] for r in first.json() + second.json()} == {"除雪 一", "除雪 二", "除雪 三"}
    listed = client.get(URL, {"page_size": 1, "page": 3})
    assert (listed["X-Total-Count"], [r["title"] for r in listed.json()]) == ("3", ["除雪 一"])
    assert client.get(URL, {"q": "除雪", "page_size": 201}).status_code == 422
    assert client.get(URL, {"q": "除雪", "page": 0}).status_code == 422


def test_research_page_pages_the_answers_and_says_when_only_the_best_are_listed(world, monkeypatch):
    monkeypatch.setattr(lists, "RESEARCH_PAGE", 2)
    for n in ("一", "二", "三"):
        _publish(world, _answered(world, n), title=f"除雪 {n}", summary="除雪の体制")
    client = world.client_for("anonymous")
    first = client.get(reverse("requests:research"), {"q": "除雪"})
    second = client.get(reverse("requests:research"), {"q": "除雪", "page": 2})
    assert (len(first.context["answers"]), len(second.context["answers"])) == (2, 1)
    assert 'href="?q=%E9%99%A4%E9%9B%AA&amp;page=2" rel="next"' in first.content.decode()
    assert "3件" in first.content.decode()
    monkeypatch.setattr(queries, "RESEARCH_SHOWN", 2)
    capped = client.get(reverse("requests:research"), {"q": "除雪"}).content.decode()
    assert "上位2件" in capped


@pytest.mark.parametrize("span", [1, 2, 100])
def test_a_phrase_found_in_many_answers_lists_the_same_newest_matches_however_wide_the_first_look(
        world, monkeypatch, span):
    """On PostgreSQL a phrase's newest matches, and a word's newest title matches, are looked for among the
    newest documents first (`NEWEST_SPAN` times as many ids as matches are wanted), then more widely, then in
    the whole index: the answers listed are the same whichever finds them. Titles and bodies both hold the
    phrase; one older answer does not. 報告 is in every title; 振興 in one older body only."""
    monkeypatch.setattr(fulltext, "CANDIDATES", 2)
    monkeypatch.setattr(fulltext._PostgreSQL, "NEWEST_SPAN", span)
    _publish(world, _answered(world, "一"), title="多文化共生の報告 一", summary="多文化共生の施策。")
    _publish(world, _answered(world, "二"), title="報告 二", summary="文化の振興。")
    for n in ("三", "四", "五"):
        _publish(world, _answered(world, n), title=f"報告 {n}", summary="地域の多文化共生を進める。")
    assert _found(world, '"多文化共生"') == ["多文化共生の報告 一", "報告 五", "報告 四", "報告 三"]
    # newest first, a window of two at a time ranked within: 二, the shorter answer, before 三
    assert _found(world, "報告") == ["報告 五", "報告 四", "報告 二", "報告 三", "多文化共生の報告 一"]
    assert _found(world, "振興") == ["報告 二"]
