"""The request tables' rows and deadlines, written in Python.

A queue page shows 50 requests with two deadlines each; through the template engine (an include per row, a
lookup per value) they cost half of the page. The markup is what the templates wrote, every value escaped."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..sla import LABELS, MARKS

register = template.Library()


def _words() -> tuple[str, dict, dict]:
    """The escaped words of the active language: translated once per table, not once per deadline."""
    labels = {key: escape(label) for key, label in LABELS.items()}
    marks = {state: f' <strong class="{css}">{escape(words)}</strong>' for state, (words, css) in MARKS.items()}
    return escape(_("paused (waiting for the requester)")), labels, marks


@register.filter
def duration(minutes) -> str:
    """Minutes of work as hours and minutes: 1時間30分 / 1 h 30 min."""
    minutes = int(minutes or 0)
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(hours)d h %(minutes)d min") % {"hours": minutes // 60, "minutes": minutes % 60}


@register.simple_tag
def targets_html(targets, words=None) -> SafeString:
    """Each deadline: office time and JST side by side, its state marked; a paused one says so."""
    paused, labels, marks = words or _words()
    parts = []
    for t in targets:
        if t.due:
            when = (f'<time datetime="{t.due.isoformat()}">{escape(t.local_text)} ({escape(t.timezone)})</time>'
                    f" / {escape(t.jst_text)} (JST)")
        else:
            when = paused
        parts.append(f'<div class="target target-{t.state}"><span>{labels[t.label]}:</span> {when}'
                     f'{marks.get(t.state, "")}</div>')
    return mark_safe("".join(parts))


@register.simple_tag
def request_rows(rows) -> SafeString:
    """The <tr> of each `queries.Row` (as `queries._for_table` prepares them); the caller writes the empty
    row."""
    overdue = escape(_("Overdue"))
    words = _words()
    parts = []
    for r in rows:
        flag = f' <strong class="error">{overdue}</strong>' if r.overdue else ""
        row_attrs = ' class="overdue" data-overdue="1"' if r.overdue else ""
        assignee = f"<br><small>{escape(r.assignee_name)}</small>" if r.assignee_name else ""
        parts.append(
            f"<tr{row_attrs}>"
            f'<th scope="row"><a href="{escape(r.get_absolute_url())}">#{r.pk} {escape(r.title)}</a>{flag}</th>'
            f"<td>{escape(r.kind_label)}</td><td>{escape(r.requester)}</td>"
            f"<td>{escape(r.office) if r.office else '—'}{assignee}</td><td>{escape(r.status_label)}</td>"
            f"<td>{targets_html(r.targets, words)}</td></tr>")
    return mark_safe("".join(parts))
