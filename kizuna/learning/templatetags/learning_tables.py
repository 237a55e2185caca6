"""The course progress table's rows, written in Python.

A progress page shows 50 enrolments; through the template engine (a lookup per value, a tag per status) their
rows were most of the page's time, as the JET rosters' were (kizuna/jet/templatetags/jet_tables.py). The markup
is what the template wrote, every value escaped, a date as the template would localise it."""

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from kizuna.core.templatetags.kizuna_ui import esc, status_tag

register = template.Library()


@register.simple_tag
def progress_rows(rows, modules: int) -> SafeString:
    """The <tr> of each enrolment of a course's progress page: participant, contracting organisation, modules
    read of the course's, due date, status. The caller writes the empty row."""
    return mark_safe("".join(
        f'<tr><th scope="row"><a href="{esc(e.get_absolute_url())}">{esc(e.participant)}</a></th>'
        f"<td>{esc(e.participant.host.organisation)}</td>"
        f"<td>{e.modules_done} / {modules}</td><td>{esc(localize(e.due_on)) if e.due_on else '—'}</td>"
        f"<td>{status_tag(e)}</td></tr>" for e in rows))
