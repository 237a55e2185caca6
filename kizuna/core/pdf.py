"""Print-ready PDFs from templates (WeasyPrint with the Noto faces the machine has), for every app.

One mechanism: a template renders HTML with its own `@page` rules and fonts ("Noto Sans" for Latin, "Noto Sans CJK
JP/SC/TC/KR" for Japanese, Chinese and Korean names: `FONTS` gives the family per language), and `render_pdf`
lays it out with one font configuration per thread, kept — loading the Noto faces anew for every PDF costs half the
time of a sheet and most of its memory (bench/README.md). Signage's signs, boards and cards and the delegations'
badges and lists use it."""

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
