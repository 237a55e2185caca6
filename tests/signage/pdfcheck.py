"""Reading generated PDFs back with poppler: their text (pdftotext) and their fonts (pdffonts)."""

import difflib
import subprocess
import tempfile
import unicodedata
from pathlib import Path

# Scripts whose shaped glyphs poppler maps back to text only approximately (a reordered vowel sign, a
# conjunct that extracts as its parts): for them the text is compared by similarity, not as a substring.
COMPLEX = {"ne", "th", "my", "si", "bn"}


def _run(tool: str, pdf: bytes, *args) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sign.pdf"
        path.write_bytes(pdf)
        return subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
                              capture_output=True, text=True, check=True).stdout


def text_of(pdf: bytes, raw: bool = False) -> str:
    """The text; `raw` keeps the order it was drawn in, which keeps a wrapped Thai or Sinhala line whole where
    the layout order interleaves stacked vowel signs of the line above."""
    return _run("pdftotext", pdf, *(["-raw"] if raw else []))


def fonts_of(pdf: bytes) -> list[dict]:
    """pdffonts rows: name (subset prefix removed, e.g. "Noto-Sans-Myanmar") and whether it is embedded."""
    rows = []
    for line in _run("pdffonts", pdf).splitlines()[2:]:
        parts = line.split()
        if parts:
            name = parts[0].split("+", 1)[-1]
            emb = parts[-5] if len(parts) >= 5 else ""
            rows.append({"name": name, "embedded": emb == "yes"})
    return rows


def _squash(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if not ch.isspace() and ch not in "\u200d\u200c")


def contains(extracted: str, expected: str, language: str) -> bool:
    haystack, needle = _squash(extracted), _squash(expected)
    if needle in haystack:
        return True
    if language not in COMPLEX:
        return False
    best = max((difflib.SequenceMatcher(None, needle, haystack[i:i + len(needle)]).ratio()
                for i in range(0, max(1, len(haystack) - len(needle) + 1))), default=0)
    return best >= 0.75


def pages_of(pdf: bytes) -> int:
    """The page count pdfinfo reads."""
    info = _run("pdfinfo", pdf)
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


WORD = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'


def word_boxes(pdf: bytes) -> list[dict]:
    """Each word of the first page with its box in millimetres from the top left (pdftotext -bbox)."""
    import re

    html = _run("pdftotext", pdf, "-bbox", "-f", "1", "-l", "1")
    mm = 25.4 / 72
    return [{"text": m.group(5), "x0": float(m.group(1)) * mm, "y0": float(m.group(2)) * mm,
             "x1": float(m.group(3)) * mm, "y1": float(m.group(4)) * mm}
            for m in re.finditer(WORD, html)]
