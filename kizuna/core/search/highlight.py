"""A snippet of a document with the words of a query in `<mark>`, HTML-escaped: safe to show as it is.

Matching is done on the folded text (`text.fold`, one character at a time, so each folded character points
back at the character it came from): ボランティア is marked for ぼらんてぃあ, ＮＰＯ for NPO, Māori for maori, and an
English stem marks the whole word (evacu… marks "evacuation").
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import Clause
from .text import fold

WIDTH = 160  # characters of the snippet


class _FoldTable(dict):
    """`str.translate` table that folds each character as `fold` does, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = folded = " " if ch.isspace() else fold(ch)
        return folded


_FOLD = _FoldTable()


# A kana followed by a (half-width or combining) voiced or semi-voiced sound mark folds as one character:
# ﾎﾞ is ぼ, not ほ and a loose mark.
_MARKS = "\u3099\u309a\uff9e\uff9f"
_SOUND_MARKS = re.compile(f".[{_MARKS}]+", re.DOTALL)


def _folded(text: str) -> tuple[str, list[int] | range]:
    """The folded text, and for each of its characters the index of the original character."""
    if _SOUND_MARKS.search(text):
        return _folded_marks(text)
    folded = text.translate(_FOLD)
    if len(folded) == len(text):
        return folded, range(len(text))
    where: list[int] = []
    for i, ch in enumerate(text):
        where += [i] * len(_FOLD[ord(ch)])
    return "".join(_FOLD[ord(ch)] for ch in text), where


def _folded_marks(text: str) -> tuple[str, list[int]]:
    """`_folded` for a text with sound marks: a kana and its marks are folded together, and each folded
    character points at the kana."""
    parts: list[str] = []
    where: list[int] = []
    i = 0
    for m in _SOUND_MARKS.finditer(text):
        for j in range(i, m.start()):
            piece = _FOLD[ord(text[j])]
            parts.append(piece)
            where += [j] * len(piece)
        piece = fold(m.group())
        parts.append(piece)
        where += [m.start()] * len(piece)
        i = m.end()
    for j in range(i, len(text)):
        piece = _FOLD[ord(text[j])]
        parts.append(piece)
        where += [j] * len(piece)
    return "".join(parts), where


def _patterns(clauses: list[Clause]) -> list[re.Pattern]:
    found = []
    for c in clauses:
        if c.text:
            found.append(re.escape(c.text))
        for word in c.words:
            # An English stem marks the whole word it starts; a Japanese word is marked as it is.
            found.append(re.escape(word) + (r"\w*" if word.isascii() else ""))
    found = sorted(set(found), key=len, reverse=True)
    return [re.compile("|".join(found))] if found else []


def _spans(text: str, clauses: list[Clause]) -> list[tuple[int, int]]:
    folded, where = _folded(text)
    spans = []
    for pattern in _patterns(clauses):
        for m in pattern.finditer(folded):
            if m.end() > m.start():
                end = where[m.end() - 1] + 1
                while end < len(text) and text[end] in _MARKS:  # the marks of the last kana
                    end += 1
                spans.append((where[m.start()], end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, at = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += [escape(text[at:s]), "<mark>", escape(text[s:e]), "</mark>"]
        at = e
    out.append(escape(text[at:end]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


# A long document (a report's whole text) is read in pieces until its first match, and only the snippet's
# window is marked: folding and matching 100,000 characters for 160 of them made a search page slow. A match
# longer than OVERLAP characters could be missed at a piece's edge; the words of a query are far shorter.
CHUNK = 4096
OVERLAP = 64


def _first_match(text: str, pattern: re.Pattern) -> int | None:
    """Where the first match of `pattern` starts in `text` (an index of the original), reading piece by piece."""
    at = 0
    while at < len(text):
        end = min(len(text), at + CHUNK)
        folded, where = _folded(text[at:end])
        for m in pattern.finditer(folded):
            if m.end() > m.start():
                return at + where[m.start()]
        if end == len(text):
            return None
        at = end - OVERLAP
    return None


def _window(text: str, clauses: list[Clause]) -> tuple[list[tuple[int, int]], int, int] | None:
    """The marks of the snippet around the first match, with the snippet's bounds; None without a match."""
    patterns = _patterns(clauses)
    first = _first_match(text, patterns[0]) if patterns else None
    if first is None:
        return None
    start = max(0, first - WIDTH // 3)
    end = min(len(text), start + WIDTH)
    lo, hi = max(0, start - OVERLAP), min(len(text), end + OVERLAP)  # whole marks at the snippet's edges
    return [(s + lo, e + lo) for s, e in _spans(text[lo:hi], clauses)], start, end


def highlight(title: str, body: str, clauses: list[Clause]) -> SafeString:
    """The part of the body (or, when only the title matches, the title) around the first match, escaped,
    the matches in `<mark>`; the start of the body when nothing can be marked."""
    for text in (body, title):
        text = text or ""
        found = _window(text, clauses)
        if found:
            spans, start, end = found
            return mark_safe(_render(text, spans, start, end))  # noqa: S308 - escaped in _render
    text = body or title or ""
    return mark_safe(_render(text, [], 0, min(len(text), WIDTH)))  # noqa: S308 - escaped above
