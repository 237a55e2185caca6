#!/usr/bin/env python3
"""Fill translations into a gettext catalogue: `scripts/po_fill.py PO TRANSLATIONS.json`.

TRANSLATIONS.json maps a msgid (or "context\\x04msgid" for a msgctxt) to its translation. Entries that are
untranslated or fuzzy and appear in the mapping get the translation and lose their fuzzy flag; everything else
is left as it is. Prints what it filled and what is still missing.
"""

import json
import re
import sys
from pathlib import Path

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _unquote(lines: list[str]) -> str:
    return "".join(bytes(m, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for line in lines for m in _STRING.findall(line))


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _field(block: list[str], name: str) -> tuple[int, int] | None:
    """The lines [start, end) of a field (`msgid`, `msgctxt`, `msgstr`) with its continuation lines."""
    for i, line in enumerate(block):
        if line.startswith(name + " "):
            j = i + 1
            while j < len(block) and block[j].startswith('"'):
                j += 1
            return i, j
    return None


def fill(po: Path, translations: dict[str, str]) -> tuple[int, list[str]]:
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    filled, missing = 0, []
    for n, text in enumerate(blocks):
        block = text.split("\n")
        ident, value = _field(block, "msgid"), _field(block, "msgstr")
        if ident is None or value is None or any(line.startswith("#~") for line in block):
            continue
        msgid = _unquote([block[ident[0]][6:], *block[ident[0] + 1:ident[1]]])
        if not msgid:
            continue
        ctx = _field(block, "msgctxt")
        key = msgid if ctx is None else _unquote([block[ctx[0]][8:], *block[ctx[0] + 1:ctx[1]]]) + "\x04" + msgid
        current = _unquote([block[value[0]][7:], *block[value[0] + 1:value[1]]])
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block)
        if current and not fuzzy:
            continue
        if key not in translations:
            missing.append(key.replace("\x04", " | "))
            continue
        block[value[0]:value[1]] = [f"msgstr {_quote(translations[key])}"]
        block = [line for line in block if not line.startswith("#| ")]
        block = [re.sub(r",? fuzzy", "", line) if line.startswith("#,") else line for line in block]
        block = [line for line in block if line.strip() != "#,"]
        blocks[n] = "\n".join(block)
        filled += 1
    po.write_text("\n\n".join(blocks), encoding="utf-8")
    return filled, missing


if __name__ == "__main__":
    count, still = fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    print(f"filled {count}")
    for key in still:
        print(f"missing: {key}")
