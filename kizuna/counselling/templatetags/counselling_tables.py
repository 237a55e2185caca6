"""The counselling lists' rows, written in Python.

A counsellor's page shows up to 50 cases of the queue and 50 of their own; through the template engine (a lookup
per value, a filter per date, a tag per status, `reverse` per link) their rows were most of the page's time. The
markup is what `_cases.html` wrote, every value escaped; nothing of a case's content is in it (number, channel,
language, dates and status only)."""

from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from kizuna.core.paths import path_of
from kizuna.core.templatetags.kizuna_ui import choice, esc, status_tag

from ..enums import CaseStatus

register = template.Library()

# Django's date format characters that are numbers alone, as the `date` filter writes them
_NUMBERS = {"Y": lambda m: f"{m.year:04d}", "m": lambda m: f"{m.month:02d}", "n": lambda m: str(m.month),
            "d": lambda m: f"{m.day:02d}", "j": lambda m: str(m.day), "H": lambda m: f"{m.hour:02d}",
            "G": lambda m: str(m.hour), "i": lambda m: f"{m.minute:02d}"}


def _moments(name: str):
    """A function writing a moment (local time) in the page language's format `name`, as `|date:name` does:
    for a format of numbers only (Japanese "Y/m/d G:i") without building a `DateFormat` for every value."""
    fmt = get_format(name)
    if "\\" in fmt or any(ch.isalpha() and ch not in _NUMBERS for ch in fmt):
        return lambda moment: date_format(localtime(moment), fmt)  # words in it ("a.m."): Django writes them
    parts = [_NUMBERS.get(ch, ch) for ch in fmt]

    def write(moment) -> str:
        moment = localtime(moment)
        return "".join(part if isinstance(part, str) else part(moment) for part in parts)

    return write


@register.simple_tag
def case_rows(cases) -> SafeString:
    """The <tr> of each case: its name and link (and whether it awaits a reply), channel, language, when it was
    asked, its last message and its status. The caller writes the empty row."""
    awaiting_label = _("Awaiting a reply")  # not inside the f-string, where makemessages would not find it
    awaiting = f' <span class="tag tag--warning">{esc(awaiting_label)}</span>'
    moment = _moments("SHORT_DATETIME_FORMAT")  # the page language's, looked up once a table
    # Case.__str__, translated once a table
    name = _("Counselling case %(number)s")
    written: dict = {}  # a channel's, a language's, a status's words: written once a table

    def once(case, field: str, write) -> str:
        key = (field, getattr(case, field))
        if key not in written:
            written[key] = write(case)
        return written[key]

    def words(field: str):
        return lambda case: esc(choice(case, field))

    def when(value) -> str:
        return esc(moment(value)) if value else "—"

    return mark_safe("".join(
        f'<tr><th scope="row"><a href="{path_of("counselling:case", c.pk)}">{esc(name % {"number": c.pk})}</a>'
        f'{awaiting if c.awaiting_counsellor and c.status == CaseStatus.OPEN else ""}</th>'
        f"<td>{once(c, 'channel', words('channel'))}</td><td>{once(c, 'language', words('language'))}</td>"
        f"<td>{when(c.opened_at)}</td><td>{when(c.last_message_at)}</td><td>{once(c, 'status', status_tag)}</td>"
        f"</tr>" for c in cases))
