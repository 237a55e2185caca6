"""Ranked search over names and short texts (organisations, experts, sign messages): an index in each process.

A record is described by its `Forms`: the names it is known by (folded; the same name without its suffix, glued
to its prefecture, an alias), its codes, how its names sound (phonetic keys of its kana, its English name, or
the reading Sudachi gives its kanji), and, for short texts, their words. A query is folded the same way and
each record gets the best of these tiers:

    exact     the query is one of its names, codes or aliases   津 → 津市, 131016 → 千代田区, クレア本部
    prefix    one of its names begins with the query             千代 → 千代田区
    reading   it sounds the same (exact), begins so (prefix), or its reading contains the query
    words     every word of the query is one of its words        水 → "水が出ない"
    contains  one of its names contains the query                篠津 → 新篠津村
    similar   a typo away (only when nothing else matched)       Sapporp → 札幌市

Among equals the record's own order decides (for the directory: local governments before CLAIR units named
after them, prefectures before municipalities, the larger body first). Every hit says why it matched.
"""

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import pgettext_lazy
from rapidfuzz import fuzz, process

from .synonyms import alternatives
from .text import code_forms, fold, phonetic, strip_suffix, suffix_kind
from .tokens import words

_HYPHENATED = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")

EXACT, PREFIX, READING, WORDS, CONTAINS, SIMILAR = 6, 5, 4, 3, 2, 1
# Within a tier: an alias staff gave, or a body of the kind the query's suffix names (中央区 → wards before 中央市;
# "Osaka-shi" → the city before the prefecture) comes first.
PREFERRED = 0.5
WHY = {
    EXACT: pgettext_lazy("search match", "Exact name"),
    PREFIX: pgettext_lazy("search match", "Name begins with it"),
    READING: pgettext_lazy("search match", "Part of the reading"),
    WORDS: pgettext_lazy("search match", "Every word"),
    CONTAINS: pgettext_lazy("search match", "Part of the name"),
    SIMILAR: pgettext_lazy("search match", "Similar spelling"),
}
WHY_CODE = pgettext_lazy("search match", "Code")
WHY_READING_PREFIX = pgettext_lazy("search match", "Reading begins with it")
WHY_SAME_READING = pgettext_lazy("search match", "Same reading")
WHY_ALIAS = pgettext_lazy("search match", "Another name")


@dataclass
class Forms:
    """What one record is known by. `order` breaks ties between records of the same tier (smaller first); a record
    that is no longer `current` (a local government abolished) comes after every current one it matches."""

    pk: int
    names: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)  # what its suffix names: {"市"}, {"区", "市"} (a special ward)
    whole: set[str] = field(default_factory=set)  # matched only whole: 東京都千代田区, "chiyoda, tokyo"
    codes: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    sounds: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    order: tuple = ()
    current: bool = True

    def add_name(self, text: str, *, strip: bool = True) -> None:
        """A name, folded, and the same name without its suffix; how it sounds when it is kana or Latin."""
        folded = fold(text)
        if not folded:
            return
        self.names.add(folded)
        if strip:
            self.names.add(strip_suffix(folded))
        sound = phonetic(folded)
        if sound:
            self.sounds.add(sound)
            if strip:
                stripped = phonetic(strip_suffix(folded))
                if stripped:
                    self.sounds.add(stripped)

    def add_sound(self, kana_or_latin: str) -> None:
        sound = phonetic(kana_or_latin)
        if sound:
            self.sounds.add(sound)

    def add_text(self, text: str) -> None:
        """A short text (a sign's message): searched by its words and as a name."""
        folded = fold(text)
        if folded:
            self.names.add(folded)
            self.words.update(words(folded))
            self.words.update(m.replace("-", "") for m in _HYPHENATED.findall(folded))  # Wi-Fi is also wifi


class _Haystack:
    """Texts joined into one string, so that finding every text that contains a query is a handful of
    `str.find` calls in C instead of a Python loop over every text (9 ms for 6,000 participants' names)."""

    SEPARATOR = "\x00"

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.starts: list[int] = []
        at = 0
        for text in texts:
            self.starts.append(at)
            at += len(text) + 1
        self.joined = self.SEPARATOR.join(texts)

    def find(self, query: str):
        """(index, begins) for each text that contains `query`, once per place it occurs: `begins` when the
        text begins with it."""
        if not query or self.SEPARATOR in query:
            return
        at = self.joined.find(query)
        while at != -1:
            index = bisect_right(self.starts, at) - 1
            yield index, at == self.starts[index]
            at = self.joined.find(query, at + 1)


@dataclass(frozen=True)
class Hit:
    pk: int
    tier: int
    why: str


@dataclass
class _Query:
    folded: str
    kind: str
    forms: set[str]
    codes: set[str]
    sound: str
    words: list[tuple[str, ...]]  # the query's words, and the same with synonyms


def _query(text: str) -> _Query:
    folded = fold(text)
    forms = {folded, strip_suffix(folded), folded.replace(" ", "")} - {""}
    # a code is also matched as typed (a JET number, an office code), without its spaces and hyphens
    codes = set(code_forms(text)) | ({folded.replace(" ", "").replace("-", "")} - {""})
    return _Query(folded=folded, kind=suffix_kind(folded), forms=forms, codes=codes,
                  sound=phonetic(folded), words=alternatives(words(folded)) if folded else [])


class NameIndex:
    """An index of `Forms`, searched in memory (a few milliseconds over thousands of records)."""

    def __init__(self, records: list[Forms], *, prefer_short: bool = False):
        """`prefer_short`: among equals, the record whose matching text is shortest first, and a text that begins
        with the query, has it as a word or inside a word count alike (sign messages: 水 finds 飲み水 and 給水所
        before the long sentences that mention water)."""
        self.prefer_short = prefer_short
        self.records = {r.pk: r for r in records}
        self.exact: dict[str, set[int]] = defaultdict(set)
        self.by_code: dict[str, set[int]] = defaultdict(set)
        self.by_alias: dict[str, set[int]] = defaultdict(set)
        self.by_sound: dict[str, set[int]] = defaultdict(set)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        self.names: list[tuple[str, int]] = []
        for r in records:
            for name in r.names:
                self.exact[name].add(r.pk)
                self.names.append((name, r.pk))
            for name in r.whole:
                self.exact[name].add(r.pk)
            for code in r.codes:
                self.by_code[code].add(r.pk)
            for alias in r.aliases:
                self.by_alias[alias].add(r.pk)
                self.names.append((alias, r.pk))
            for sound in r.sounds:
                self.by_sound[sound].add(r.pk)
            for word in r.words:
                self.by_word[word].add(r.pk)
        self.sounds = list(self.by_sound)
        self._names = _Haystack([name for name, _pk in self.names])
        self._sounds = _Haystack(self.sounds)
        self.name_list = list(self.exact)
        self.word_list = list(self.by_word)
        self.shortest_name = {r.pk: min((len(n) for n in r.names), default=10_000) for r in records}

    def search(self, text: str) -> list[Hit]:
        q = _query(text)
        best: dict[int, tuple[float, str]] = {}
        shortest: dict[int, int] = {}

        said: dict[int, str] = {}  # each reason translated once a search, not once a hit

        def hit(pks, tier, why, length=None):
            text = said.get(id(why))
            if text is None:
                text = said[id(why)] = str(why)
            for pk in pks:
                if pk not in best or best[pk][0] < tier:
                    best[pk] = (tier, text)
                if length is not None:
                    shortest[pk] = min(shortest.get(pk, length), length)

        for code in q.codes:
            hit(self.by_code.get(code, ()), EXACT, WHY_CODE)
        for form in q.forms:
            hit(self.by_alias.get(form, ()), EXACT + PREFERRED, WHY_ALIAS)
            exact = self.exact.get(form, ())
            hit([pk for pk in exact if q.kind and q.kind in self.records[pk].kinds], EXACT + PREFERRED, WHY[EXACT])
            hit(exact, EXACT, WHY[EXACT], len(form))
        if q.sound:
            hit(self.by_sound.get(q.sound, ()), EXACT, WHY_SAME_READING)
        self._scan(q, hit)
        if not best:
            self._similar(q, hit)
        return [Hit(pk, tier, why) for pk, (tier, why) in sorted(best.items(), key=self._key(best, shortest))]

    def _key(self, best, shortest):
        if not self.prefer_short:
            return lambda item: (not self.records[item[0]].current, -item[1][0], self.records[item[0]].order, item[0])

        def key(item):
            pk, (tier, _why) = item
            bucket = WORDS if tier in (PREFIX, WORDS, CONTAINS) else tier  # where the word is in a text matters less
            return (not self.records[pk].current, -bucket, shortest.get(pk, 10_000), self.records[pk].order, pk)

        return key

    def _scan(self, q: _Query, hit) -> None:
        """The names that begin with or contain one of the query's forms, the sounds that begin with or
        contain its sound, and the records that have every word of it. A record keeps its best tier, whatever
        order its hits come in."""
        longest = max(q.forms, key=len, default="")
        for form in q.forms:
            for index, at_start in self._names.find(form):
                name, pk = self.names[index]
                hit((pk,), PREFIX if at_start else CONTAINS, WHY[PREFIX if at_start else CONTAINS], len(name))
        if q.sound and len(q.sound) >= 3:
            for index, at_start in self._sounds.find(q.sound):
                if at_start:
                    hit(self.by_sound[self.sounds[index]], PREFIX, WHY_READING_PREFIX)
                elif len(q.sound) >= 4:
                    hit(self.by_sound[self.sounds[index]], READING, WHY[READING])
        for alternative in q.words if longest else ():
            sets = [self.by_word.get(word, set()) for word in alternative]
            if sets and all(sets):
                for pk in set.intersection(*sets):
                    hit((pk,), WORDS, WHY[WORDS], self.shortest_name[pk])

    def _similar(self, q: _Query, hit) -> None:
        """A typo fallback: names, sounds and words a small edit away."""
        for word in q.words[0] if q.words else ():
            if len(word) >= 5 and word.isascii():
                for other, score, _index in process.extract(word, self.word_list, scorer=fuzz.ratio, limit=10,
                                                            score_cutoff=85):
                    hit(self.by_word[other], SIMILAR + score / 1000, WHY[SIMILAR])
        for form in q.forms:
            if len(form) < 3:
                continue
            for name, score, _index in process.extract(form, self.name_list, scorer=fuzz.ratio, limit=10,
                                                       score_cutoff=80):
                hit(self.exact[name], SIMILAR + score / 1000, WHY[SIMILAR])  # the closer first
        if q.sound and len(q.sound) >= 4:
            for sound, score, _index in process.extract(q.sound, self.sounds, scorer=fuzz.ratio, limit=10,
                                                        score_cutoff=80):
                hit(self.by_sound[sound], SIMILAR + score / 1000, WHY[SIMILAR])


__all__ = ["Forms", "Hit", "NameIndex", "EXACT", "PREFIX", "READING", "WORDS", "CONTAINS", "SIMILAR"]
