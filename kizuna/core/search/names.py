"""Ranked search over names and short texts (organisations, experts, sign messages): an index in each process.

A record is described by its `Forms`: the names it is known by (folded; the same name without its suffix, glued
to its prefecture, an alias), its codes, how its names sound (phonetic keys of its kana, its English name, or
the reading Sudachi gives its kanji), and, for short texts, their words. A query is folded the same way and
each record gets the best of these tiers:

    exact     the query is one of its names, codes or aliases   津 → 津市, 131016 → 千代田区, クレア本部
    prefix    one of its names begins with the query             千代 → 千代田区
    reading   it sounds the same (or begins so)                  とうきょう, Toukyou → 東京都
    words     every word of the query is one of its words        水 → "水が出ない"
    contains  one of its names contains the query                篠津 → 新篠津村
    similar   a typo away (only when nothing else matched)       Sapporp → 札幌市

Among equals the record's own order decides (for the directory: local governments before CLAIR units named
after them, prefectures before municipalities, the larger body first). Every hit says why it matched.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import pgettext_lazy
from rapidfuzz import fuzz, process

from .text import code_forms, fold, phonetic, strip_suffix
from .tokens import words

EXACT, PREFIX, READING, WORDS, CONTAINS, SIMILAR = 6, 5, 4, 3, 2, 1
WHOLE = 6.5  # exact as typed, suffix included: 中央区 before 中央市
WHY = {
    WHOLE: pgettext_lazy("search match", "Exact name"),
    EXACT: pgettext_lazy("search match", "Exact name"),
    PREFIX: pgettext_lazy("search match", "Name begins with it"),
    READING: pgettext_lazy("search match", "Same reading"),
    WORDS: pgettext_lazy("search match", "Every word"),
    CONTAINS: pgettext_lazy("search match", "Part of the name"),
    SIMILAR: pgettext_lazy("search match", "Similar spelling"),
}
WHY_CODE = pgettext_lazy("search match", "Code")
WHY_ALIAS = pgettext_lazy("search match", "Another name")


@dataclass
class Forms:
    """What one record is known by. `order` breaks ties between records of the same tier (smaller first)."""

    pk: int
    names: set[str] = field(default_factory=set)
    full: set[str] = field(default_factory=set)  # the names as written, suffix included
    whole: set[str] = field(default_factory=set)  # matched only whole: 東京都千代田区, "chiyoda, tokyo"
    codes: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    sounds: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    order: tuple = ()

    def add_name(self, text: str, *, strip: bool = True) -> None:
        """A name, folded, and the same name without its suffix; how it sounds when it is kana or Latin."""
        folded = fold(text)
        if not folded:
            return
        self.names.add(folded)
        self.full.add(folded)
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


@dataclass(frozen=True)
class Hit:
    pk: int
    tier: int
    why: str


@dataclass
class _Query:
    folded: str
    forms: set[str]
    codes: set[str]
    sound: str
    words: set[str]


def _query(text: str) -> _Query:
    folded = fold(text)
    forms = {folded, strip_suffix(folded), folded.replace(" ", "")} - {""}
    return _Query(folded=folded, forms=forms, codes=set(code_forms(text)), sound=phonetic(folded),
                  words=set(words(folded)) if folded else set())


class NameIndex:
    """An index of `Forms`, searched in memory (a few milliseconds over thousands of records)."""

    def __init__(self, records: list[Forms]):
        self.records = {r.pk: r for r in records}
        self.exact: dict[str, set[int]] = defaultdict(set)
        self.by_code: dict[str, set[int]] = defaultdict(set)
        self.by_alias: dict[str, set[int]] = defaultdict(set)
        self.by_sound: dict[str, set[int]] = defaultdict(set)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        self.full: dict[str, set[int]] = defaultdict(set)
        self.names: list[tuple[str, int]] = []
        for r in records:
            for name in r.full:
                self.full[name].add(r.pk)
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
        self.name_list = list(self.exact)

    def search(self, text: str) -> list[Hit]:
        q = _query(text)
        best: dict[int, tuple[int, str]] = {}

        def hit(pks, tier, why):
            for pk in pks:
                if pk not in best or best[pk][0] < tier:
                    best[pk] = (tier, str(why))

        for code in q.codes:
            hit(self.by_code.get(code, ()), EXACT, WHY_CODE)
        for form in q.forms:
            hit(self.by_alias.get(form, ()), EXACT, WHY_ALIAS)
            hit(self.exact.get(form, ()), EXACT, WHY[EXACT])
        hit(self.full.get(q.folded, ()), WHOLE, WHY[WHOLE])
        self._scan(q, hit)
        if not best:
            self._similar(q, hit)
        ordered = sorted(best.items(), key=lambda item: (-item[1][0], self.records[item[0]].order, item[0]))
        return [Hit(pk, tier, why) for pk, (tier, why) in ordered]

    def _scan(self, q: _Query, hit) -> None:
        longest = max(q.forms, key=len, default="")
        for name, pk in self.names:
            for form in q.forms:
                if name.startswith(form):
                    hit((pk,), PREFIX, WHY[PREFIX])
                elif form in name and len(form) >= 1:
                    hit((pk,), CONTAINS, WHY[CONTAINS])
        if q.sound and len(q.sound) >= 2:
            for sound in self.sounds:
                if sound == q.sound or (len(q.sound) >= 3 and sound.startswith(q.sound)):
                    hit(self.by_sound[sound], READING, WHY[READING])
        if q.words and longest:
            sets = [self.by_word.get(word, set()) for word in q.words]
            if all(sets):
                hit(set.intersection(*sets), WORDS, WHY[WORDS])

    def _similar(self, q: _Query, hit) -> None:
        """A typo fallback: names (and sounds) a small edit away."""
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
