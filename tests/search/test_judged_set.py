"""The judged query set itself is valid: big enough, every kind the issue names covered, every expected answer
exists in the data files, and each query's expectation is consistent with what its kind claims (a code query
names that code, a ヶ/ケ query differs from the data only in ヶ/ケ, a suffixed name names a body of that type…).

These checks read the data files directly (tests/search/judged_set.py) and need no database.
"""

import re
import unicodedata
from collections import Counter

import pytest

from .judged_set import (
    LANGS,
    SURFACES,
    bank_messages,
    corpus,
    covered_countries,
    fold,
    fold_romaji,
    fold_variants,
    queries,
    reference_bodies,
    ruby_plain,
    ruby_readings,
    words,
)

MINIMUM = {"directory": 100, "signage": 30, "research": 25}

# Every kind the issue names, with at least this many queries of it.
REQUIRED_KINDS = {
    "directory": {"exact": 3, "stem": 3, "prefix": 3, "kana": 3, "romaji": 3, "long_vowel": 3, "variant_kanji": 3,
                  "ke_ga": 3, "suffix": 3, "glued": 3, "code": 3, "hyphen_code": 3, "english": 3, "typo": 3,
                  "ambiguous": 3, "pref_vs_city": 3, "fullwidth": 3, "clair": 3},
    "signage": {"one_char": 1, "two_char": 3, "exact": 3, "kana": 3, "synonym": 1, "fullwidth": 1, "typo": 1},
    "research": {"topic": 3, "two_char": 3, "hiragana": 3, "fullwidth": 2, "english": 3},
}

# The issue's own examples, with the answer it states (or the brief's): the set must keep them.
ISSUE_EXAMPLES = {
    "directory": {
        "津": "242012", "龍ケ崎": "082082", "龍ヶ崎": "082082", "竜ケ崎": "082082", "Toukyou": "130001",
        "Tokyo": "130001", "とうきょう": "130001", "トウキョウ": "130001", "東京": "130001", "131016": "131016",
        "13101-6": "131016", "13101": "131016", "Sendai-shi": "041009", "Sendai City": "041009", "仙台": "041009",
        "仙台市": "041009", "東京都千代田区": "131016", "千代田": "131016", "ちよだ": "131016",
        "Oosaka": "270008", "Ōsaka": "270008", "おおさか": "270008", "塩釜": "042030", "桧原": "133078",
        "Sapporp": "011002", "Yokohma": "141003", "静岡": "220001", "Chiyoda City": "131016",
        "Osaka Prefecture": "270008", "ＴＯＫＹＯ": "130001", "１３１０１６": "131016", "クレア本部": "hq",
        "ニューヨーク事務所": "nyc", "CLAIR New York": "nyc",
    },
    "signage": {"水": None, "restroom": "toilet", "Toilet": "toilet"},
    "research": {"まちづくり": None},
}
# 府中 (both cities named 府中市 in the top ten) is checked on its own below.

SUFFIX_TYPES = {  # a suffix typed after a romaji name, and the kinds of body it may name
    "shi": {"city", "designated_city"}, "city": {"city", "designated_city", "special_ward"},
    "ku": {"ward", "special_ward"}, "fu": {"prefecture"}, "to": {"prefecture"}, "ken": {"prefecture"},
    "prefecture": {"prefecture"}, "mura": {"village"}, "cho": {"town"}, "machi": {"town"},
}


def _type(body) -> str:
    """The type of a body from its name, as the data gives it."""
    if body.kind in {"prefecture", "ward"}:
        return body.kind
    if body.kind != "municipality":
        return body.kind
    if body.key in _designated():
        return "designated_city"
    return {"市": "city", "町": "town", "村": "village", "区": "special_ward"}[body.name[-1]]


def _designated() -> set[str]:
    return {key.removeprefix("branch-") for key, b in reference_bodies().items()
            if b.kind == "branch" and b.name.endswith("市支部")}


def _stem(name: str) -> str:
    return name[:-1] if name[-1] in "都道府県市町村区" and len(name) > 1 else name


def _damerau(a: str, b: str) -> int:
    d = {(i, -1): i + 1 for i in range(-1, len(a))} | {(-1, j): j + 1 for j in range(-1, len(b))}
    for i, ca in enumerate(a):
        for j, cb in enumerate(b):
            cost = ca != cb
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + cost)
            if i and j and ca == b[j - 1] and a[i - 1] == cb:
                d[i, j] = min(d[i, j], d[i - 2, j - 2] + 1)
    return d[len(a) - 1, len(b) - 1]


ALL = [q for surface in SURFACES for q in queries(surface)]


@pytest.mark.parametrize("surface", SURFACES)
def test_judged_set_has_enough_queries(surface):
    assert len(queries(surface)) >= MINIMUM[surface]


@pytest.mark.parametrize("surface", SURFACES)
def test_judged_set_covers_every_kind(surface):
    counts = Counter(q.kind for q in queries(surface))
    short = {kind: counts[kind] for kind, n in REQUIRED_KINDS[surface].items() if counts[kind] < n}
    assert short == {}


@pytest.mark.parametrize("surface", SURFACES)
def test_judged_set_has_no_duplicate_query(surface):
    counts = Counter((q.q, q.lang) for q in queries(surface))
    assert [key for key, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("query", ALL, ids=lambda q: q.label())
def test_judged_query_is_well_formed(query):
    assert query.q.strip() and len(query.q) <= 100  # the API takes at most 100 characters
    assert query.lang in LANGS
    assert query.expected, "a query needs `first` or `top10`"
    assert len(query.expected) == len(set(query.expected)) <= 10


def test_every_directory_answer_exists_in_the_reference_data():
    bodies = reference_bodies()
    missing = {q.q: [k for k in q.expected if k not in bodies] for q in queries("directory")}
    assert {q: keys for q, keys in missing.items() if keys} == {}


def test_every_signage_answer_exists_in_the_phrase_bank():
    messages = bank_messages()
    missing = {q.q: [k for k in q.expected if k not in messages] for q in queries("signage")}
    assert {q: keys for q, keys in missing.items() if keys} == {}


def test_every_research_answer_exists_in_the_corpus():
    ids = {item["id"] for item in corpus()}
    missing = {q.q: [k for k in q.expected if k not in ids] for q in queries("research")}
    assert {q: keys for q, keys in missing.items() if keys} == {}


def test_reference_data_is_read_whole():
    kinds = Counter(b.kind for b in reference_bodies().values())
    # 175 wards in the snapshot and the three of Hamamatsu created on 2024-01-01 (changes.csv)
    assert kinds == {"prefecture": 47, "municipality": 1741, "ward": 178, "branch": 67, "office": 7, "hq": 1}


@pytest.mark.parametrize("surface", SURFACES)
def test_the_issue_examples_are_in_the_set(surface):
    by_q = {q.q: q for q in queries(surface)}
    wrong = {}
    for text, first in ISSUE_EXAMPLES[surface].items():
        if text not in by_q or (first is not None and by_q[text].first != first):
            wrong[text] = by_q[text].expected if text in by_q else "missing"
    assert wrong == {}


def test_fuchu_expects_both_cities_named_fuchu():
    bodies = reference_bodies()
    fuchu_cities = {k for k, b in bodies.items() if b.name == "府中市"}
    query = next(q for q in queries("directory") if q.q == "府中")
    assert len(fuchu_cities) == 2 and fuchu_cities <= set(query.expected)


# -- each directory query's expectation is what its kind claims -----------------------------------------------

def _directory_problem(query) -> str | None:
    """What is wrong with a directory query's expectation for its kind, or None."""
    bodies = reference_bodies()
    expected = [bodies[k] for k in query.expected]
    first = bodies[query.first] if query.first else None
    q = unicodedata.normalize("NFKC", query.q)
    compact = re.sub(r"\s+", "", q)
    match query.kind:
        case "exact":
            if first and first.name != q:
                return f"{first.name} is not named {q}"
        case "stem":
            if _stem(first.name) != q:
                return f"{q} is not {first.name} without its suffix"
        case "pref_vs_city":
            if first.kind != "prefecture" or all(b.kind == "prefecture" for b in expected[1:]):
                return "expects a prefecture first and a municipality after it"
            if re.search(r"[^\x00-\x7f]", q) and _stem(first.name) != q:
                return f"{q} is not the prefecture's name {first.name} without its suffix"
        case "prefix":
            if not any(s.startswith(fold(q)) for s in (fold(first.name), fold(first.kana), fold(first.name_en))):
                return f"{q} does not start the name, reading or English name of {first.name}"
        case "kana":
            if any(fold(q) not in fold(b.kana) for b in expected):
                return f"{q} is not in the reading of every expected body"
        case "romaji" | "long_vowel":
            if any(fold_romaji(q) not in fold_romaji(b.name_en) for b in expected):
                return f"{q} is not in the English name of every expected body"
        case "english":
            if any(not set(words(q)) <= set(words(b.name_en)) for b in expected):
                return f"the words of {q} are not all in the English name of every expected body"
        case "suffix":
            *name, suffix = words(q)
            for body in expected:
                if " ".join(name) not in fold_romaji(body.name_en) or _type(body) not in SUFFIX_TYPES[suffix]:
                    return f"{q} does not name {body.name} ({_type(body)})"
        case "variant_kanji" | "ke_ga":
            if any(fold_variants(compact) not in fold_variants(b.name) for b in expected):
                return f"{q} is not, up to variants, in the name of every expected body"
            if all(compact in b.name for b in expected):
                return f"{q} is written as in the data: no variant to fold"
        case "glued":
            body = first
            pref = bodies[next(k for k, b in bodies.items() if b.kind == "prefecture" and b.name == body.prefecture)]
            rest = compact.removeprefix(pref.name)
            if rest == compact or not body.name.startswith(rest):
                return f"{q} is not {pref.name} glued to (the start of) {body.name}"
        case "code":
            if q not in (first.key, first.key[:5]):
                return f"{q} is not the code of {first.name}, with or without its check digit"
        case "hyphen_code":
            if not re.fullmatch(r"\d{5}-\d", q) or q.replace("-", "") != first.key:
                return f"{q} is not the code of {first.name} with a hyphen before its check digit"
        case "fullwidth":
            if q == query.q:
                return "no full-width or half-width character to fold"
        case "clair":
            if any(b.kind not in {"hq", "office", "branch"} for b in expected):
                return "expects a CLAIR unit"
        case "typo":
            candidates = [*words(first.name_en), fold(first.kana).rstrip("し")]
            if min(_damerau(fold_romaji(q), fold_romaji(c)) for c in candidates) > 2:
                return f"{q} is more than two edits from every name of {first.name}"
        case "ambiguous":
            if len(expected) < 2 or query.first:
                return "an ambiguous query lists several bodies and no single first"
        case _:
            return f"unknown kind {query.kind}"
    return None


@pytest.mark.parametrize("query", queries("directory"), ids=lambda q: q.label())
def test_directory_expectation_matches_its_kind(query):
    assert _directory_problem(query) is None


# -- signage and research: the words are really in the expected texts -------------------------------------------

NOT_LITERAL = {"synonym", "typo", "plural", "punctuation"}  # kinds whose words the texts do not contain as typed


def _bank_text(key: str) -> str:
    texts = bank_messages()[key]
    return fold(" ".join(f(t) for t in texts.values() for f in (ruby_plain, ruby_readings)))


@pytest.mark.parametrize("query", queries("signage"), ids=lambda q: q.label())
def test_signage_expectation_is_in_the_bank(query):
    missing = [k for k in query.expected if query.kind not in NOT_LITERAL
               and not all(word in _bank_text(k) for word in fold(query.q).split())]
    assert missing == []
    if query.kind == "exact":
        texts = bank_messages()[query.first]
        signs = {fold(ruby_plain(texts[lang])).rstrip("。.") for lang in ("ja", "en")}
        assert fold(query.q) in signs


def _research_text(item: dict) -> str:
    return fold(" ".join(item[k] for k in ("title", "title_en", "summary", "summary_en", "theme")))


@pytest.mark.parametrize("query", queries("research"), ids=lambda q: q.label())
def test_research_expectation_is_in_the_corpus(query):
    items = {item["id"]: item for item in corpus()}
    missing = [k for k in query.expected if query.kind not in NOT_LITERAL
               and not all(word in _research_text(items[k]) for word in fold(query.q).split())]
    assert missing == []


def test_research_corpus_is_realistic():
    items = corpus()
    countries = covered_countries()
    assert len(items) >= 40
    assert len({i["id"] for i in items}) == len({i["title"] for i in items}) == len(items)
    assert all(200 <= len(i["summary"]) <= 800 and i["title"] and i["theme"] for i in items)
    assert all(i["country"] in countries for i in items)
    assert sum(bool(i["title_en"] and i["summary_en"]) for i in items) >= 0.9 * len(items)
    assert len({i["country"] for i in items}) >= 15
