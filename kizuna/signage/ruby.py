"""Furigana in Easy Japanese: `{避難|ひなん}` in the data, <ruby> on pages, stacked spans in PDFs."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

RUBY = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")


def plain(text: str) -> str:
    """The text without readings: what a reader sees as the base."""
    return RUBY.sub(r"\1", text or "")


def readings(text: str) -> str:
    """The text with readings in place of the words they annotate (searchable in kana)."""
    return RUBY.sub(r"\2", text or "") if RUBY.search(text or "") else ""


def to_html(text: str) -> str:
    """Escaped HTML with <ruby> for each annotated word."""
    out, last = [], 0
    for match in RUBY.finditer(text or ""):
        out.append(escape(text[last:match.start()]))
        out.append(f"<ruby>{escape(match[1])}<rp>(</rp><rt>{escape(match[2])}</rt><rp>)</rp></ruby>")
        last = match.end()
    out.append(escape((text or "")[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def to_print_html(text: str) -> str:
    """For PDFs: each annotated word as a small stacked box (reading above), which WeasyPrint lays out."""
    out, last = [], 0
    for match in RUBY.finditer(text or ""):
        out.append(escape(text[last:match.start()]))
        out.append(f'<span class="r"><span class="rt">{escape(match[2])}</span>{escape(match[1])}</span>')
        last = match.end()
    out.append(escape((text or "")[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
