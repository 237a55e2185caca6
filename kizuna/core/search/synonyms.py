"""Words that mean the same to the people who search: a volunteer types "restroom" where the sign says "Toilet".

Each group lists spellings of one thing; a query word (or phrase) of a group also matches the others. Groups are
compared after `tokens.words` (folded, English stemmed), so "restrooms" is "restroom". Add a group here when a
judged query shows people typing a word the texts do not use (tests/search/judged).
"""

import functools

from .tokens import words

GROUPS = [
    ["toilet", "restroom", "bathroom", "washroom", "lavatory", "WC", "トイレ", "お手洗い", "便所", "化粧室"],
    ["rubbish", "garbage", "trash", "litter", "ごみ", "ゴミ"],
    ["power cut", "power outage", "blackout", "power failure", "停電"],
    ["Wi-Fi", "wifi", "wireless internet", "無線LAN"],
    ["mobile phone", "cell phone", "cellphone", "smartphone", "携帯電話", "スマホ", "スマートフォン"],
    ["medicine", "medication", "drug", "薬"],
    ["nappy", "diaper", "おむつ"],
    ["lift", "elevator", "エレベーター"],
    ["interpreter", "translator", "通訳"],
    ["baby formula", "infant formula", "粉ミルク"],
]


@functools.cache
def _table() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for group in GROUPS:
        spellings = [tuple(words(spelling)) for spelling in group]
        for spelling in spellings:
            table[spelling] = [other for other in spellings if other != spelling]
    return table


def alternatives(query_words: list[str]) -> list[tuple[str, ...]]:
    """The query's words, and the same words with a phrase of a group replaced by each other spelling."""
    found = [tuple(query_words)]
    table = _table()
    for size in range(len(query_words), 0, -1):
        for start in range(len(query_words) - size + 1):
            phrase = tuple(query_words[start:start + size])
            for other in table.get(phrase, ()):
                found.append(tuple(query_words[:start]) + other + tuple(query_words[start + size:]))
    return list(dict.fromkeys(found))
