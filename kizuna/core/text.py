"""Text normalisation for search: one form for kanji, kana (either script), romaji and codes."""

import unicodedata

_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6
_KANA_SHIFT = 0x60


def to_hiragana(text: str) -> str:
    return "".join(
        chr(ord(ch) - _KANA_SHIFT) if _KATAKANA_START <= ord(ch) <= _KATAKANA_END else ch for ch in text
    )


def strip_accents(text: str) -> str:
    """'Chūō' -> 'Chuo' (macrons in Hepburn romanisation are not typed by most people)."""
    decomposed = unicodedata.normalize("NFD", text)
    # Only the Latin combining diacritics (U+0300–U+036F): kana voicing marks must stay.
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not 0x0300 <= ord(ch) <= 0x036F))


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), katakana to hiragana, accents off, lower case, spaces squeezed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = strip_accents(to_hiragana(text))
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.lower().split())
