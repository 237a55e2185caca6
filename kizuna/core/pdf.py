"""Print-ready PDFs from templates (WeasyPrint with the Noto faces the machine has), for every app.

One mechanism: a template renders HTML with its own `@page` rules and fonts ("Noto Sans" for Latin, "Noto Sans CJK
JP/SC/TC/KR" for Japanese, Chinese and Korean names: `FONTS` gives the family per language), and `render_pdf`
lays it out with one font configuration per thread, kept — loading the Noto faces anew for every PDF costs half the
time of a sheet and most of its memory (bench/README.md). Signage's signs, boards and cards, the delegations'
badges and lists and the events' rosters, badges and table cards use it. Templates include core/print/_fonts.css
(with `fonts` = FONTS in their context) for the `.script-<language>` classes, and size names with `name_size`."""

import threading

from django.conf import settings
from django.template.loader import render_to_string

# The Noto family that holds the glyphs of a language's script, as the print templates name them.
FONTS = {
    "ja": "Noto Sans CJK JP",
    "zh-hans": "Noto Sans CJK SC",
    "zh-hant": "Noto Sans CJK TC",
    "ko": "Noto Sans CJK KR",
    "latin": "Noto Sans",
}

_local = threading.local()


def _font_config():
    from weasyprint.text.fonts import FontConfiguration  # heavy: loaded only when it is needed

    if getattr(_local, "fonts", None) is None:
        _local.fonts = FontConfiguration()
    return _local.fonts


def document(template: str, context: dict):
    """The laid-out document (its pages and anchors), for callers that check the layout before writing it."""
    from weasyprint import HTML  # heavy: loaded only when it is needed

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(font_config=_font_config())


def render_pdf(template: str, context: dict) -> bytes:
    return document(template, context).write_pdf()


def name_size(name: str, sizes=((8, 30), (12, 24), (18, 18), (26, 14)), smallest: int = 11) -> int:
    """A name's size in points on a badge: as large as a name of its length fits on one line of an 85 mm badge
    (a CJK character counts as two Latin ones). `sizes` are (width up to, points), widest last."""
    wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in name)
    for limit, size in sizes:
        if wide <= limit:
            return size
    return smallest
