"""Japanese words and readings, from SudachiPy with its core dictionary (loaded once per process, ~50 ms).

- `words(text)`: the short units (Sudachi mode A) of a text, folded: まちづくりを進める多文化共生 →
  まちづくり / を / 進める / 多 / 文化 / 共生. English words are stemmed (Snowball): "restrooms" → "restroom".
  Searching compares words, so 水 finds "水が出ない" and 津波 finds a paragraph about 津波避難, on both databases.
- `index_terms(text)`: the words and, for a word Sudachi also knows in another spelling (まちづくり / 町づくり /
  町作り), that spelling too: what a full-text index stores.
- `reading(text)`: the reading of a kanji text in hiragana (for names that have no kana of their own).
"""

import functools
import re
import threading

import snowballstemmer
from sudachipy import Dictionary, SplitMode

from .text import fold, to_hiragana

_LATIN_WORD = re.compile(r"^[a-z0-9][a-z0-9'’.-]*$")
_PUNCTUATION = re.compile(r"^[\W_]+$")


@functools.cache
def _dictionary():
    """The dictionary loads on first use, not at import, once per process."""
    return Dictionary(dict="core")


_LOCAL = threading.local()


def _tokenizer():
    """A tokenizer of this thread: a Sudachi tokenizer refuses to be used by two threads at once (gunicorn's
    gthread workers search in several threads)."""
    tokenizer = getattr(_LOCAL, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _LOCAL.tokenizer = _dictionary().tokenizer()
    return tokenizer


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("english")


def _morphemes(text: str):
    # Sudachi refuses inputs over ~49 KB: long documents are read in paragraphs.
    for chunk in re.split(r"\n+", text):
        for start in range(0, len(chunk), 5000):
            yield from _tokenizer().tokenize(chunk[start:start + 5000], SplitMode.A)


def _stem(word: str) -> str:
    return _stemmer().stemWord(word) if _LATIN_WORD.match(word) else word


def words(text: str) -> list[str]:
    """The folded words of a text (stemmed when English), punctuation and spaces left out."""
    found = []
    for morpheme in _morphemes(fold(text)):
        surface = morpheme.surface().strip()
        if surface and not _PUNCTUATION.match(surface):
            found.append(_stem(surface))
    return found


def index_terms(text: str) -> list[str]:
    """What a full-text index stores for a text: its words, and the dictionary's spelling of a word when it is
    written another way (町作り beside まちづくり)."""
    terms = []
    for morpheme in _morphemes(fold(text)):
        surface = morpheme.surface().strip()
        if not surface or _PUNCTUATION.match(surface):
            continue
        word = _stem(surface)
        terms.append(word)
        normalised = fold(morpheme.normalized_form())
        if normalised and normalised != surface and not _LATIN_WORD.match(surface):
            terms.append(normalised)
    return terms


def reading(text: str) -> str:
    """The reading of a text in hiragana (the text itself where Sudachi has no reading)."""
    parts = []
    for morpheme in _morphemes(text or ""):
        form = morpheme.reading_form()
        parts.append(to_hiragana(form) if form and form != "キゴウ" else fold(morpheme.surface()))
    return fold("".join(parts))
