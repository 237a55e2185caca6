"""The one search module: normalisation, ranking by how a record matches, aliases kept by headquarters."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from kizuna.core.models import SearchAlias
from kizuna.core.queries import directory
from kizuna.core.search import Forms, fold, phonetic, strip_suffix
from kizuna.core.search.names import NameIndex
from kizuna.core.search.text import code_forms, kana_to_romaji
from kizuna.core.search.tokens import index_terms, reading, words
from tests.audit_helpers import logged
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(("typed", "folded"), [
    ("龍ヶ崎", "竜け崎"), ("龍ケ崎", "竜け崎"), ("竜ケ崎", "竜け崎"), ("檜原", "桧原"), ("鰺ヶ沢", "鯵け沢"),
    ("塩竈", "塩釜"), ("﨑", "崎"), ("髙", "高"), ("ＴＯＫＹＯ", "tokyo"), ("トウキョウ", "とうきょう"),
    ("Chūō", "chuo"),
])
def test_fold_makes_spellings_of_one_name_equal(typed, folded):
    assert fold(typed) == folded


@pytest.mark.parametrize("typed", ["Tokyo", "Tōkyō", "Toukyou", "Tohkyo", "とうきょう", "トウキョウ", "トーキョー"])
def test_phonetic_folds_long_vowels_of_kana_and_romaji(typed):
    assert phonetic(typed) == "tokyo"


def test_kana_to_romaji_doubles_after_small_tsu_and_reads_digraphs():
    assert [kana_to_romaji(k) for k in ("さっぽろ", "きょうと", "いっちょう", "まっちゃ")] == [
        "sapporo", "kyouto", "itchou", "matcha"]


@pytest.mark.parametrize(("name", "stripped"), [
    ("仙台市", "仙台"), ("Sendai-shi", "sendai"), ("Chiyoda City", "chiyoda"), ("Osaka Prefecture", "osaka"),
    ("City of Sendai", "sendai"), ("北海道", "北海道"), ("府中", "府中"), ("市", "市"),
])
def test_strip_suffix_gives_the_name_without_its_administrative_word(name, stripped):
    assert strip_suffix(name) == stripped


@pytest.mark.parametrize("typed", ["131016", "13101-6", "13101", "１３１０１６", "13101 6"])
def test_code_forms_add_the_check_digit_and_drop_hyphens(typed):
    assert code_forms(typed) == ["131016"]


def test_words_split_japanese_and_stem_english():
    assert words("水が出ない。Toilets are closed") == ["水", "が", "出", "ない", "toilet", "are", "close"]


def test_index_terms_keep_the_dictionary_spelling_beside_the_written_one():
    assert {"まちづくり", "町作り"} <= set(index_terms("まちづくり"))


def test_reading_of_a_name_without_kana():
    assert reading("檜原村") == "ひのはらむら"


def _index(*records):
    return NameIndex(list(records))


def _named(pk, name, order=(), kana=""):
    forms = Forms(pk, order=order)
    forms.add_name(name)
    if kana:
        forms.add_sound(kana)
    return forms


def test_ranking_exact_before_prefix_before_contains():
    index = _index(_named(1, "新篠津村"), _named(2, "津島市"), _named(3, "津市"))
    assert [(h.pk, h.tier) for h in index.search("津")] == [(3, 6), (2, 5), (1, 2)]


def test_a_query_is_found_inside_each_name_and_never_across_two():
    """Names are searched joined in one string: a query spanning the end of one name and the start of the next
    finds nothing, and a name with the query twice is one hit at its best tier."""
    index = _index(_named(1, "あいう"), _named(2, "えおか"), _named(3, "かきかき"))
    assert index.search("うえ") == []
    assert [(h.pk, h.tier) for h in index.search("か")] == [(3, 5), (2, 2)]
    assert [(h.pk, h.tier) for h in index.search("き")] == [(3, 2)]


def test_ranking_the_kind_a_suffix_names_first():
    city, ward = _named(1, "中央市"), _named(2, "中央区")
    city.kinds, ward.kinds = {"市"}, {"区"}
    index = _index(city, ward)
    assert ([h.pk for h in index.search("中央区")], [h.pk for h in index.search("中央市")]) == ([2, 1], [1, 2])


def test_ranking_equals_follow_the_records_order():
    index = _index(_named(1, "静岡市", order=(1,)), _named(2, "静岡県", order=(0,)))
    assert [h.pk for h in index.search("静岡")] == [2, 1]


def test_ranking_reading_matches_kana_and_romaji():
    index = _index(_named(1, "東京都", kana="とうきょうと"), _named(2, "京都府", kana="きょうとふ"))
    assert [(h.pk, h.tier) for h in index.search("Toukyou")] == [(1, 5)]  # its reading begins so
    assert [(h.pk, h.tier) for h in index.search("とうきょうと")] == [(1, 6)]


def test_similar_spelling_only_when_nothing_else_matches():
    index = _index(_named(1, "Sapporo"), _named(2, "Sappo"))
    assert [h.pk for h in index.search("Sapporp")] == [1, 2]  # the closer first
    assert [(h.pk, h.tier) for h in index.search("Sappo")] == [(2, 6), (1, 5)]


def test_synonyms_and_hyphenated_words_match_sign_texts():
    toilet, wifi = Forms(1), Forms(2)
    toilet.add_text("Toilet")
    wifi.add_text("Free Wi-Fi is available")
    index = _index(toilet, wifi)
    assert [[h.pk for h in index.search(q)] for q in ("restroom", "restrooms", "wifi")] == [[1], [1], [2]]


def test_typo_in_a_word_is_found_when_nothing_else_is():
    interpreter = Forms(1)
    interpreter.add_text("An interpreter is available")
    assert [h.pk for h in _index(interpreter).search("interpretor")] == [1]


def test_prefer_short_puts_the_shortest_text_first_among_equals():
    records = []
    for pk, text in ((1, "水の中を歩かないでください"), (2, "給水所"), (3, "飲み水")):
        forms = Forms(pk, order=(pk,))
        forms.add_text(text)
        records.append(forms)
    assert [h.pk for h in NameIndex(records, prefer_short=True).search("水")] == [2, 3, 1]


def test_directory_ranks_a_city_before_the_branch_named_after_it(world):
    city = OrganisationFactory(kind="municipality", municipality_type="designated_city", name="仙台市",
                               name_kana="せんだいし", name_en="Sendai", code="041009")
    branch = OrganisationFactory(kind="branch", name="クレア仙台市支部", name_en="CLAIR Sendai City Branch",
                                 slug="branch-041009", local_government=city)
    found = directory(AnonymousUser(), query="仙台")
    assert [o.pk for o in found[:2]] == [city.pk, branch.pk]
    assert [o.search_match for o in found[:2]] == ["完全一致", "名称の一部"]


def test_directory_page_says_why_each_result_matched(world):
    page = Client(headers={"accept-language": "en"}).get("/organisations/", {"q": "ちよだ"})
    assert [str(o.search_match) for o in page.context["page"]] == ["Same reading"]


def test_directory_api_says_why_each_result_matched(world):
    items = Client().get("/api/v1/organisations", {"q": "131016"}, headers={"accept-language": "en"}).json()
    assert [(i["code"], i["search_match"]) for i in items["items"]] == [("131016", "Code")]


def test_alias_added_by_headquarters_finds_the_organisation(world):
    client = world.client_for("hq_staff")
    response = client.post("/search/aliases/", {"organisation": "クレア ニューヨーク事務所", "text": "米国事務所"})
    assert response.status_code == 302
    alias = SearchAlias.objects.get(text="米国事務所")
    assert logged(alias, "core.searchalias.create")[0] == world.people["hq_staff"]
    found = directory(AnonymousUser(), query="米国事務所")
    assert [(o.pk, str(o.search_match)) for o in found] == [(world.nyc.pk, "別名")]


def test_alias_for_an_organisation_that_cannot_be_told_apart_is_refused_beside_the_field(world):
    OrganisationFactory(kind="municipality", name="港町", code="999997")
    response = world.client_for("hq_staff").post("/search/aliases/", {"organisation": "港", "text": "みなと"})
    assert (response.status_code, list(response.context["form"].errors)) == (400, ["organisation"])
    assert not SearchAlias.objects.exists()


def test_alias_removed_is_logged_and_no_longer_found(world):
    client = world.client_for("hq_staff")
    client.post("/search/aliases/", {"organisation": "千代田区", "text": "ちよだ区役所"})
    alias = SearchAlias.objects.get()
    client.post(f"/search/aliases/{alias.pk}/remove/")
    assert (SearchAlias.objects.exists(), len(directory(AnonymousUser(), query="ちよだ区役所"))) == (False, 0)


def test_alias_page_refused_to_municipality_staff(world):
    assert world.client_for("municipality_admin").get("/search/aliases/").status_code == 403
