"""The judged query set (tests/search/judged/*.toml) and the data it is judged against, read straight from the
data files — not from the database and not through the app's loaders or search code, so that the set and its
checks stay independent of the implementation they judge.

Used by test_judged_set.py (the set is valid) and test_judged.py (the app meets the thresholds).
"""

import csv
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JUDGED_DIR = Path(__file__).resolve().parent / "judged"
REFERENCE_DIR = ROOT / "kizuna" / "core" / "data" / "reference"
BANK_DIR = ROOT / "kizuna" / "signage" / "data"

SURFACES = ("directory", "signage", "research")
QUERY_FIELDS = {"q", "lang", "kind", "first", "top10", "note"}
LANGS = {"ja", "en"}


@dataclass(frozen=True)
class Query:
    surface: str
    q: str
    kind: str
    lang: str = "ja"
    first: str | None = None
    top10: tuple[str, ...] = ()
    note: str = ""

    @property
    def expected(self) -> list[str]:
        """Every answer the query must bring into the top ten, the one meant first (if any) first."""
        return [*([self.first] if self.first else []), *self.top10]

    def label(self) -> str:
        return f"{self.surface}: {self.q!r} ({self.kind})"


@cache
def queries(surface: str) -> tuple[Query, ...]:
    with open(JUDGED_DIR / f"{surface}.toml", "rb") as fh:
        rows = tomllib.load(fh)["query"]
    found = []
    for n, row in enumerate(rows, 1):
        unknown = set(row) - QUERY_FIELDS
        if unknown:
            raise ValueError(f"{surface}.toml query {n}: unknown fields {sorted(unknown)}")
        found.append(Query(surface=surface, q=row["q"], kind=row["kind"], lang=row.get("lang", "ja"),
                           first=row.get("first"), top10=tuple(row.get("top10", ())), note=row.get("note", "")))
    return tuple(found)


@cache
def corpus() -> tuple[dict, ...]:
    with open(JUDGED_DIR / "research_corpus.toml", "rb") as fh:
        return tuple(tomllib.load(fh)["item"])


# -- the reference data, as the data files give it ----------------------------------------------------------

@dataclass(frozen=True)
class Body:
    key: str  # the 6-digit code, or the slug of a CLAIR unit
    kind: str  # prefecture, municipality, ward, hq, office, branch
    name: str
    kana: str = ""
    name_en: str = ""
    prefecture: str = ""  # the prefecture's name (for a branch: of the body it serves)
    aliases: tuple[str, ...] = field(default=())


def _read_csv(name: str) -> list[dict]:
    with open(REFERENCE_DIR / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def reference_bodies() -> dict[str, Body]:
    """Every body of the reference data by code or slug: prefectures, municipalities, wards, CLAIR headquarters,
    overseas offices and branches (one per prefecture and designated city, `branch-<code>`, named as
    docs and kizuna/core/reference.py describe: クレア<name>支部, CLAIR <English name> [City] Branch)."""
    english = {row["id"]: row["city_en"] for row in _read_csv("cities_in_japan_2024.csv")}
    pref_english = {row["prefecture_id"]: row["prefecture_en"] for row in _read_csv("prefectures_en.csv")}
    bodies: dict[str, Body] = {}
    prefectures = {}
    for row in _read_csv("prefjp-utf8.csv"):
        code = row["lgcode"].zfill(6)
        body = Body(code, "prefecture", row["pref"], row["prefkana"], pref_english.get(code[:2], row["pref_en"]),
                    row["pref"])
        bodies[code] = prefectures[code[:2]] = body
    rows = _read_csv("localgovjp-utf8.csv")
    designated = {(r["pid"], r["city"].split(" ")[0]) for r in rows if " " in r["city"]}
    designated_codes = []
    for row in rows:
        code, name = row["lgcode"], row["city"]
        if " " in name:
            bodies[code] = Body(code, "ward", name.replace(" ", ""), row["citykana"].replace(" ", ""),
                                english.get(code[:5], ""), row["pref"])
        else:
            bodies[code] = Body(code, "municipality", name, row["citykana"], english.get(code[:5], ""), row["pref"])
            if (row["pid"], name) in designated:
                designated_codes.append(code)
    pref_names = {code[:2]: body.name for code, body in prefectures.items()}
    for row in _read_csv("changes.csv"):  # bodies created since the snapshot (the abolished ones stay)
        if row["change"] == "created":
            code, name = row["lgcode"], row["name"]
            bodies[code] = Body(code, "ward" if " " in name else "municipality", name.replace(" ", ""),
                                row["kana"].replace(" ", ""), row["name_en"], pref_names[code[:2]])
    with open(REFERENCE_DIR / "offices.toml", "rb") as fh:
        offices = tomllib.load(fh)
    hq = offices["headquarters"]
    bodies[hq["slug"]] = Body(hq["slug"], "hq", hq["name"], hq["name_kana"], hq["name_en"])
    for office in offices["office"]:
        bodies[office["slug"]] = Body(office["slug"], "office", office["name"], office["name_kana"],
                                      office["name_en"])
    for pref in prefectures.values():
        bodies[f"branch-{pref.key}"] = Body(f"branch-{pref.key}", "branch", f"クレア{pref.name}支部", "",
                                            f"CLAIR {pref.name_en} Branch", pref.name)
    for code in designated_codes:
        city = bodies[code]
        bodies[f"branch-{code}"] = Body(f"branch-{code}", "branch", f"クレア{city.name}支部", "",
                                        f"CLAIR {city.name_en or city.name} City Branch", city.prefecture)
    return bodies


@cache
def covered_countries() -> set[str]:
    """The countries the overseas offices cover (offices.toml)."""
    with open(REFERENCE_DIR / "offices.toml", "rb") as fh:
        return {country for office in tomllib.load(fh)["office"] for country in office["countries"]}


# -- the phrase bank, as its files give it --------------------------------------------------------------------

RUBY = re.compile(r"\{([^|{}]+)\|([^|{}]+)\}")


def ruby_plain(text: str) -> str:
    return RUBY.sub(r"\1", text)


def ruby_readings(text: str) -> str:
    return RUBY.sub(r"\2", text)


@cache
def bank_messages() -> dict[str, dict[str, str]]:
    """Every message of the bank by key: its texts by language code."""
    messages = {}
    for path in sorted((BANK_DIR / "phrases").glob("*.toml")):
        with open(path, "rb") as fh:
            for msg in tomllib.load(fh).get("message", []):
                messages[msg["key"]] = {k: v for k, v in msg.items() if k not in {"key", "purposes"}
                                        and isinstance(v, str)}
    return messages


# -- a normalisation of our own, for checking the set (not the app's) ------------------------------------------

def fold(text: str) -> str:
    """Full width to half width, katakana to hiragana, accents off, lower case, spaces squeezed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 else c for c in text)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not 0x0300 <= ord(c) <= 0x036F)
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


# The variant characters the issue names (桧/檜, 竜/龍, 鯵/鰺, 﨑/崎, 髙/高, 塩釜/塩竈) and ヶ/ケ.
VARIANTS = str.maketrans({"桧": "檜", "竜": "龍", "鯵": "鰺", "﨑": "崎", "髙": "高", "釜": "竈", "ヶ": "ケ"})


def fold_variants(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(VARIANTS)


def fold_romaji(text: str) -> str:
    """Hepburn as typed: macrons off and long vowels written out (ou, oo, uu) shortened."""
    text = fold(text)
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u")):
        text = text.replace(long, short)
    return text


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", fold_romaji(text)) if w]
