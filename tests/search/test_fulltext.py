"""The full-text module's own surface: what a text is indexed as, what a query asks, highlights, the command.
Searches end to end (API, page, visibility, publishing) are in tests/requests/test_research_search.py."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from kizuna.core.search.analysis import analyse, grams, parse_query
from kizuna.core.search.highlight import highlight


def test_grams_of_a_sentence_cover_every_one_and_two_character_word():
    assert grams("津波避難、水") == ["津波", "波避", "避難", "難", "水"]


def test_analyse_japanese_gives_words_readings_and_romaji():
    terms = analyse("まちづくりを進める")
    assert (terms.words[:2], {"町作り", "machizukuri"} <= set(terms.alt)) == (["まちづくり", "を"], True)


def test_analyse_english_folds_accents_and_width_and_stems():
    assert analyse("Māori ＮＰＯ evacuated", "en").words == ["maori", "npo", "evacu"]


def test_parse_query_splits_on_ideographic_spaces_and_keeps_quoted_phrases():
    clauses = parse_query('米国　姉妹都市 "room for the river"')
    assert [c.text for c in clauses] == ["room for the river", "米国", "姉妹都市"]


def test_parse_query_of_one_character_asks_for_a_prefix_of_the_bigrams():
    assert [(a.stream, a.terms, a.prefix) for a in parse_query("水")[0].atoms if a.stream == "grams"] == [
        ("grams", ("水",), True)]


def test_highlight_escapes_the_text_and_marks_the_folded_match():
    assert highlight("", "<b>ＮＰＯ</b>とボランティア", parse_query("npo ぼらんてぃあ")) == (
        "&lt;b&gt;<mark>ＮＰＯ</mark>&lt;/b&gt;と<mark>ボランティア</mark>")


@pytest.mark.parametrize("written", ["ﾎﾞﾗﾝﾃｨｱ", "ホ\u3099ランティア"])
def test_highlight_marks_a_word_written_with_separate_sound_marks_whole(written):
    # Half-width katakana and decomposed kana carry the voiced mark as a character of its own.
    assert highlight("", f"市民{written}の会", parse_query("ぼらんてぃあ")) == f"市民<mark>{written}</mark>の会"
    assert highlight("", f"{written}", parse_query("ぱ")) == f"{written}"


def test_highlight_marks_the_whole_english_word_of_a_stem():
    assert highlight("", "They evacuated.", parse_query("evacuation")) == "They <mark>evacuated</mark>."


@pytest.mark.parametrize("before", [0, 100, 4096 - 3, 4096 - 64 + 1, 50_000])
def test_highlight_finds_the_first_match_of_a_long_text_wherever_it_is(before):
    """Long texts are read piece by piece (highlight.CHUNK): a match at any place, across a piece's edge too,
    gives the same snippet, with every match inside it marked and the words at its edges whole."""
    text = "ち" * before + "ボランティア" + "と防災" + "ち" * 200 + "防災"
    found = highlight("", text, parse_query("ぼらんてぃあ 防災"))
    assert found.count("<mark>") == 2  # the second 防災 is beyond the snippet
    assert "<mark>ボランティア</mark>と<mark>防災</mark>" in found
    assert found.startswith("…" if before > 53 else "ち" if before else "<mark>")


def test_highlight_marks_the_title_when_only_the_title_matches_a_long_body():
    assert highlight("防災の手引き", "ち" * 20_000, parse_query("防災")) == "<mark>防災</mark>の手引き"


def test_reindex_search_of_an_unknown_search_is_refused():
    with pytest.raises(CommandError):
        call_command("reindex_search", "no-such-search")


@pytest.mark.django_db
def test_reindex_search_of_every_search_says_how_many(capsys):
    with translation.override("en"):
        call_command("reindex_search")
    assert capsys.readouterr().out == "research: 0 documents\nlibrary: 0 documents\n"


@pytest.mark.django_db(transaction=True)
def test_reindex_search_vacuums_the_index_tables_on_postgresql():
    """A rebuild writes every row anew: on PostgreSQL the command vacuums the documents and the titles after it
    (outside a transaction, as VACUUM must be), so that the dead rows are not walked by the next searches."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM after a rebuild is PostgreSQL's; SQLite's FTS5 index is merged by the rebuild")

    def vacuums():
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, vacuum_count FROM pg_stat_user_tables WHERE relname IN "
                           "('core_searchdocument', 'core_searchdocument_titles')")
            return dict(cursor.fetchall())

    before = vacuums()
    call_command("reindex_search", "research")
    after = vacuums()
    assert {name: after[name] - before.get(name, 0) for name in after} == {
        "core_searchdocument": 1, "core_searchdocument_titles": 1}
