"""One normalisation for search, the same at index time and at query time.

- `fold(text)`: Unicode NFKC (full width to half width), lower case, katakana to hiragana (ヶ ヵ ケ カ alike:
  龍ヶ崎 = 龍ケ崎), Latin accents off (Chūō = Chuo), variant kanji to one form (檜 → 桧, 龍 → 竜, 﨑 → 崎, 髙 → 高,
  竈 → 釜 …), spaces squeezed.
- `phonetic(text)`: how a name sounds, for kana and Latin alike: kana to Hepburn romaji, then long vowels
  folded (Tōkyō, Toukyou, Tokyo, とうきょう and トーキョー all give "tokyo"; Oosaka and おおさか give "osaka").
- `strip_suffix(text)`: the name without its administrative suffix (市 町 村 区 県 都 府, -shi -ku -machi,
  City, Prefecture …), as an alternative form: 仙台市 → 仙台, "Sendai-shi" → "sendai".
- `code_forms(text)`: a local-government code typed with or without its check digit, hyphens or spaces:
  "13101-6", "131016" and "13101" all give "131016".
"""

import re
import unicodedata

from ..codes import with_check_digit
from .variants import VARIANTS

_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6
_KANA_SHIFT = 0x60
# Small ヶ and ヵ stand for ケ and カ in place names (龍ヶ崎, 一ヵ所): both fold to け / か.
_SMALL = str.maketrans({"ヶ": "け", "ヵ": "か", "ゖ": "け", "ゕ": "か"})
_VARIANTS = str.maketrans(VARIANTS)
_SPACES = re.compile(r"\s+")


_TO_HIRAGANA = {code: code - _KANA_SHIFT for code in range(_KATAKANA_START, _KATAKANA_END + 1)}
_COMBINING_LATIN = re.compile("[\u0300-\u036f]")


def to_hiragana(text: str) -> str:
    return text.translate(_SMALL).translate(_TO_HIRAGANA)


def strip_accents(text: str) -> str:
    """'Chūō' -> 'Chuo' (macrons in Hepburn romanisation are not typed by most people)."""
    decomposed = unicodedata.normalize("NFD", text)
    # Only the Latin combining diacritics (U+0300–U+036F): kana voicing marks must stay.
    return unicodedata.normalize("NFC", _COMBINING_LATIN.sub("", decomposed))


def fold(text: str) -> str:
    """The one form of a text that searches compare."""
    text = unicodedata.normalize("NFKC", text or "")
    text = strip_accents(to_hiragana(text)).translate(_VARIANTS)
    text = unicodedata.normalize("NFC", text).lower()
    return _SPACES.sub(" ", text).strip()


# Kept for the callers of the first directory search.
normalise = fold


# -- kana to romaji ------------------------------------------------------------------------------------------

_DIGRAPHS = {
    "きゃ": "kya", "きゅ": "kyu", "きょ": "kyo", "しゃ": "sha", "しゅ": "shu", "しょ": "sho", "ちゃ": "cha",
    "ちゅ": "chu", "ちょ": "cho", "にゃ": "nya", "にゅ": "nyu", "にょ": "nyo", "ひゃ": "hya", "ひゅ": "hyu",
    "ひょ": "hyo", "みゃ": "mya", "みゅ": "myu", "みょ": "myo", "りゃ": "rya", "りゅ": "ryu", "りょ": "ryo",
    "ぎゃ": "gya", "ぎゅ": "gyu", "ぎょ": "gyo", "じゃ": "ja", "じゅ": "ju", "じょ": "jo", "ぢゃ": "ja",
    "ぢゅ": "ju", "ぢょ": "jo", "びゃ": "bya", "びゅ": "byu", "びょ": "byo", "ぴゃ": "pya", "ぴゅ": "pyu",
    "ぴょ": "pyo", "しぇ": "she", "ちぇ": "che", "じぇ": "je", "てぃ": "ti", "でぃ": "di", "ふぁ": "fa",
    "ふぃ": "fi", "ふぇ": "fe", "ふぉ": "fo", "うぃ": "wi", "うぇ": "we", "うぉ": "wo", "ゔぁ": "va",
}
_MONOGRAPHS = dict(zip(
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをん"
    "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽぁぃぅぇぉゃゅょゎゔ",
    ["a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu",
     "te", "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ya",
     "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa", "i", "e", "o", "n", "ga", "gi", "gu", "ge", "go", "za", "ji",
     "zu", "ze", "zo", "da", "ji", "zu", "de", "do", "ba", "bi", "bu", "be", "bo", "pa", "pi", "pu", "pe", "po",
     "a", "i", "u", "e", "o", "ya", "yu", "yo", "wa", "vu"], strict=True))


def kana_to_romaji(text: str) -> str:
    """Hiragana (after `fold`) to Hepburn romaji; other characters are kept. っ doubles the next consonant,
    ー lengthens the vowel before it (folded away by `long_vowels`)."""
    out: list[str] = []
    i, double = 0, False
    while i < len(text):
        pair, ch = text[i:i + 2], text[i]
        if pair in _DIGRAPHS:
            syllable, i = _DIGRAPHS[pair], i + 2
        elif ch in _MONOGRAPHS:
            syllable, i = _MONOGRAPHS[ch], i + 1
        elif ch == "っ":
            double, i = True, i + 1
            continue
        elif ch == "ー":
            if out and out[-1] and out[-1][-1] in "aeiou":
                out.append(out[-1][-1])
            i += 1
            continue
        else:
            syllable, i = ch, i + 1
        if double and syllable[:1].isalpha() and syllable[0] not in "aeiou":
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double = False
        # ん before a vowel or y is written n' in Hepburn; for matching, plain n is what people type.
        out.append(syllable)
    return "".join(out)


_LONG = [(re.compile(r"ou"), "o"), (re.compile(r"oo"), "o"), (re.compile(r"uu"), "u"), (re.compile(r"aa"), "a"),
         (re.compile(r"ii"), "i"), (re.compile(r"ee"), "e"), (re.compile(r"oh(?=[^aeiou]|$)"), "o")]


def long_vowels(romaji: str) -> str:
    """Toukyou, Tookyoo, Tohkyo → tokyo; Oosaka → osaka; Kyuushuu → kyushu."""
    for pattern, short in _LONG:
        romaji = pattern.sub(short, romaji)
    return romaji


_NOT_LATIN = re.compile(r"[^a-z0-9]")
_KANA = re.compile(r"[\u3041-\u3096\u30fc]")
_LATIN = re.compile(r"[a-z]")


def is_kana(text: str) -> bool:
    return bool(text) and all(_KANA.match(ch) or ch == " " for ch in text)


def is_latin(text: str) -> bool:
    return bool(_LATIN.search(text)) and all(ord(ch) < 0x2E80 for ch in text)


def phonetic(text: str) -> str:
    """The sound of a kana or Latin text as folded romaji without spaces or punctuation; "" for other text."""
    folded = fold(text)
    if is_kana(folded):
        folded = kana_to_romaji(folded)
    elif not is_latin(folded):
        return ""
    return long_vowels(_NOT_LATIN.sub("", folded))


# -- alternative forms ---------------------------------------------------------------------------------------

JA_SUFFIXES = ("市", "町", "村", "区", "県", "都", "府")
# English and romaji suffixes, as typed: "Sendai-shi", "Chiyoda City", "Osaka Prefecture", "Chuo-ku".
EN_SUFFIX = re.compile(r"(?:[\s-]+(?:shi|ku|machi|cho|chou|mura|son|ken|fu|to|city|town|village|ward|"
                       r"prefecture|pref\.?)|\s+(?:city|town|village|ward|prefecture) of)$")
EN_PREFIX = re.compile(r"^(?:city|town|village|prefecture) of\s+")


def strip_suffix(text: str) -> str:
    """The folded name without its administrative suffix; the folded name itself when it has none (or is only
    a suffix: 府中 keeps 府, 北海道 its 道)."""
    folded = fold(text)
    if len(folded) > 1 and folded[-1] in JA_SUFFIXES and not is_latin(folded):
        return folded[:-1]
    stripped = EN_PREFIX.sub("", EN_SUFFIX.sub("", folded))
    return stripped.strip(" ,-") or folded


# The kind of body a suffix names, in English and romaji as in Japanese: 都 道 府 県 all name a prefecture.
_SUFFIX_KIND = {"市": "市", "区": "区", "町": "町", "村": "村", "県": "県", "都": "県", "府": "県", "道": "県",
                "shi": "市", "city": "市", "ku": "区", "ward": "区", "machi": "町", "cho": "町", "chou": "町",
                "town": "町", "mura": "村", "son": "村", "village": "村", "ken": "県", "fu": "県", "to": "県",
                "prefecture": "県", "pref": "県", "pref.": "県"}
_EN_LAST = re.compile(r"[\s-]+([a-z.]+)$")
_EN_FIRST = re.compile(r"^(city|town|village|prefecture) of\s")


def suffix_kind(text: str) -> str:
    """The kind of body a name's suffix names ("市", "区", "町", "村", "県"), or "" when it has none."""
    folded = fold(text)
    if not folded:
        return ""
    if not is_latin(folded):
        return _SUFFIX_KIND.get(folded[-1], "") if len(folded) > 1 else ""
    first = _EN_FIRST.match(folded)
    if first:
        return _SUFFIX_KIND[first.group(1)]
    last = _EN_LAST.search(folded)
    return _SUFFIX_KIND.get(last.group(1), "") if last else ""


_DIGITS = re.compile(r"[\s\-‐−ー－]")


def code_forms(text: str) -> list[str]:
    """The 6-digit local-government code(s) a typed number may mean: 131016, 13101-6, 13101 → ["131016"]."""
    compact = _DIGITS.sub("", unicodedata.normalize("NFKC", text or ""))
    if not compact.isdigit():
        return []
    if len(compact) == 6:
        return [compact]
    if len(compact) == 5:
        return [with_check_digit(compact)]
    return []
