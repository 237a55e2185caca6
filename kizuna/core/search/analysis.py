"""What the full-text index stores for a text, and what a query asks of it: the same analysis on both sides.

A text becomes three streams of terms (`Terms`), each stored in its own column of the index:

- `words`: its words in order, folded (`text.fold`), English stemmed (Snowball). Japanese is segmented by
  SudachiPy (short units), other paragraphs by spaces and punctuation. Phrases are matched here.
- `alt`: other forms of the same words — the dictionary's spelling (まちづくり → 町作り), the reading in hiragana
  (東京 → とうきょう) and its romaji (tokyo, machizukuri) — so a query in kana or romaji finds kanji text.
- `grams`: every two characters of each run of kana and kanji (the last character of a run alone as well), so
  that a word of one or two characters inside a sentence is found whatever Sudachi made of it: 水 inside
  水道水, 空き inside 空き家, おこし inside 地域おこし.

A query (`parse_query`) is a list of clauses — a word as typed, or a "quoted phrase" — each of which must match
(AND; `fulltext` falls back to OR when nothing has them all). A clause matches when any of its alternatives
(`Atom`) does: its words as a phrase, its whole text as one reading or romaji, its characters' bigrams as a
phrase (a single character as a prefix), or a synonym's words (`synonyms`).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from sudachipy import SplitMode

from .synonyms import alternatives
from .text import fold, is_kana, is_latin, phonetic, strip_accents, to_hiragana
from .tokens import _stem, _tokenizer
from .variants import VARIANTS

_VARIANTS = str.maketrans(VARIANTS)
# Kana, kanji, the iteration marks and the long-vowel mark: the characters bigrams are made of.
_CJK_RUN = re.compile(r"[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\u3005\u3006\u3400-\u4dbf"
                      r"\u4e00-\u9fff\uf900-\ufaff]+")
_NOT_WORD = re.compile(r"[\W_]+")
_LATIN_WORDS = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_NO_READING = {"助詞", "助動詞", "補助記号", "記号", "空白"}
_CHUNK = 5000  # Sudachi refuses inputs over ~49 KB
MAX_CLAUSES = 8


@dataclass
class Terms:
    words: list[str] = field(default_factory=list)
    alt: list[str] = field(default_factory=list)
    grams: list[str] = field(default_factory=list)

    def extend(self, other: "Terms") -> None:
        self.words += other.words
        self.alt += other.alt
        self.grams += other.grams


def _clean(term: str) -> str:
    """One index term: letters and digits only (what both SQLite's tokenizer and ours agree is one token)."""
    return _NOT_WORD.sub("", term)


def _prefold(text: str) -> str:
    """`fold` without the kana folding: Sudachi segments katakana words better as katakana."""
    text = unicodedata.normalize("NFKC", text or "")
    return unicodedata.normalize("NFC", strip_accents(text).translate(_VARIANTS)).lower()


def has_cjk(text: str) -> bool:
    return bool(_CJK_RUN.search(text))


def grams(folded: str) -> list[str]:
    """Bigrams of each kana/kanji run, and the run's last character: 津波避難 → 津波 波避 避難 難."""
    found = []
    for run in _CJK_RUN.findall(folded):
        found += [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]
    return found


@functools.lru_cache(maxsize=200_000)
def _morpheme_terms(surface: str, part: str, normalised: str, reading: str) -> tuple[str, tuple[str, ...]]:
    """A word and its other forms (cached: a corpus repeats its words, and folding and stemming cost)."""
    word = _clean(_stem(fold(surface)))
    if not word or part in _NO_READING:
        return word, ()
    forms = {_clean(fold(normalised))}
    if reading and reading != "キゴウ":
        forms |= {_clean(to_hiragana(reading)), _clean(phonetic(reading))}
    return word, tuple(sorted(f for f in forms if f and f != word))


@functools.lru_cache(maxsize=200_000)
def _latin_word(token: str) -> str:
    return _clean(_stem(token))


def _japanese(paragraph: str) -> Terms:
    terms = Terms()
    for start in range(0, len(paragraph), _CHUNK):
        for morpheme in _tokenizer().tokenize(paragraph[start:start + _CHUNK], SplitMode.A):
            word, forms = _morpheme_terms(morpheme.surface(), morpheme.part_of_speech()[0],
                                          morpheme.normalized_form(), morpheme.reading_form())
            if word:
                terms.words.append(word)
                terms.alt += forms
    return terms


def _latin(paragraph: str) -> Terms:
    return Terms(words=[w for w in map(_latin_word, _LATIN_WORDS.findall(fold(paragraph))) if w])


def analyse(text: str, language: str = "") -> Terms:
    """The terms of a text for the index. `language` "en" skips Sudachi; otherwise each paragraph with kana or
    kanji is read as Japanese and the rest as English."""
    terms = Terms()
    for paragraph in re.split(r"\n+", _prefold(text)):
        if not paragraph.strip():
            continue
        cjk = language != "en" and has_cjk(paragraph)
        terms.extend(_japanese(paragraph) if cjk else _latin(paragraph))
        if cjk:
            terms.grams += grams(fold(paragraph))
    return terms


# -- queries -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Atom:
    """One way a clause may match: `terms` in a row in `stream` ("words", "alt" or "grams"); `prefix`: the one
    term is the start of an indexed term."""

    stream: str
    terms: tuple[str, ...]
    prefix: bool = False


@dataclass
class Clause:
    text: str  # as folded, for highlighting
    atoms: list[Atom]
    words: tuple[str, ...] = ()


_QUOTED = re.compile(r'"([^"]+)"|「([^」]+)」|“([^”]+)”')


def _query_words(text: str) -> list[str]:
    return analyse(text).words


def clause(text: str) -> Clause | None:
    folded = fold(text)
    words = tuple(_query_words(text))
    atoms = [Atom("words", alt) for alt in alternatives(list(words)) if alt] if words else []
    whole = _clean(folded)
    singles = {whole, _clean(phonetic(folded)) if (is_kana(whole) or is_latin(folded)) else ""}
    if len(words) == 1:
        singles.add(_clean(to_hiragana(words[0])))
    atoms += [Atom("alt", (s,)) for s in sorted(singles) if s]
    if whole and _CJK_RUN.fullmatch(whole):
        if len(whole) == 1:
            atoms.append(Atom("grams", (whole,), prefix=True))
        else:
            atoms.append(Atom("grams", tuple(grams(whole)[:-1])))
    atoms = list(dict.fromkeys(atoms))
    return Clause(folded, atoms, words) if atoms else None


def parse_query(query: str) -> list[Clause]:
    """Clauses of a query: each "quoted phrase" (also 「…」), then each word between spaces (full-width too)."""
    query = unicodedata.normalize("NFKC", query or "")
    parts = []
    for match in _QUOTED.finditer(query):
        parts.append(next(g for g in match.groups() if g))
    parts += _QUOTED.sub(" ", query).split()
    found = [c for c in (clause(p) for p in parts[:MAX_CLAUSES]) if c is not None]
    return found
