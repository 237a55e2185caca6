"""The JET lists' rows, written in Python.

A roster page shows 50 participants and a safety board 100 answers; through the template engine (a lookup per
value, a tag per status) their rows were most of the page's time. The markup is what the templates wrote, every
value escaped."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kizuna.core.paths import path_of
from kizuna.core.templatetags.kizuna_ui import choice, esc, state_tag, status_tag, tag

from ..enums import Position, SafetyReply
from ..models import Participant

register = template.Library()


def _minute(moment) -> str:
    """A moment as the board shows it: local date and time to the minute ("" for none)."""
    return localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@register.simple_tag
def roster_rows(rows) -> SafeString:
    """The <tr> of each `queries.RosterRow` of a roster page: name (and why a search found them, and the katakana),
    JET number, position, contracting organisation, appointment year, status. The caller writes the empty row."""
    positions = {value: esc(label) for value, label in Position.choices}  # translated once a table
    english = get_language() == "en"
    parts = []
    for r in rows:
        match = f' <span class="match">{esc(r.search_match)}</span>' if r.search_match else ""
        kana = f"<br><small>{esc(r.name_katakana)}</small>" if r.name_katakana else ""
        organisation = r.organisation_en if english and r.organisation_en else r.organisation
        parts.append(f'<tr><th scope="row"><a href="{path_of("jet:participant", r.pk)}">{esc(r)}</a>{match}{kana}'
                     f"</th><td>{esc(r.jet_number)}</td><td>{positions.get(r.position, r.position)}</td>"
                     f'<td>{esc(organisation)}</td><td class="num">{r.contract_year}</td>'
                     f"<td>{state_tag(Participant, r.status)}</td></tr>")
    return mark_safe("".join(parts))


@register.simple_tag
def host_rows(participants) -> SafeString:
    """The <tr> of each participant on their contracting organisation's page: name, position, year, status."""
    return mark_safe("".join(
        f'<tr><th scope="row"><a href="{esc(p.get_absolute_url())}">{esc(p)}</a></th>'
        f"<td>{esc(choice(p, 'position'))}</td>{_year_and_status(p)}</tr>" for p in participants))


def _year_and_status(p) -> str:
    return f'<td class="num">{p.contract_year}</td><td>{status_tag(p)}</td>'


@register.simple_tag
def safety_rows(rows) -> SafeString:
    """The <tr> of each `queries_safety.BoardRow` of a board (the most urgent first); the caller writes the empty
    row."""
    not_answered = tag(_("Not answered"), "warning")
    told_label = _("supervisors told")  # not inside the f-string, where makemessages would not find it
    told = f" · {esc(told_label)}"
    labels = {value: tag(label, "success" if value == SafetyReply.SAFE else "danger")
              for value, label in SafetyReply.choices}  # translated once a table
    return mark_safe("".join(
        f'<tr><th scope="row">{esc(row.name)}<br><small>{esc(row.jet_number)}</small></th>'
        f"<td>{esc(row.organisation)}</td><td>{labels.get(row.answer, not_answered)}</td>"
        f"<td>{esc(row.location)}</td><td>{linebreaksbr(row.note, autoescape=True) if row.note else ''}</td>"
        f"<td>{_minute(row.answered_at)}</td>"
        f'<td class="num">{row.reminders}{told if row.escalated_at else ""}</td></tr>' for row in rows))
