"""The alumni lists' rows, written in Python.

The directory and a chapter's members list show 50 profiles a page; through the template engine (a lookup per
value, a loop per chapter and placement) their rows were a third of the page's time. The markup is what the
template wrote, every value escaped; a field the reader may not see says so and shows nothing of it."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kizuna.core.countries import country_name
from kizuna.core.templatetags.kizuna_ui import esc

register = template.Library()


def _placements(placements) -> str:
    if not placements:
        return "—"
    return "<br>".join(f"{esc(p.organisation_name)} {p.started_on.year}–{p.ended_on.year if p.ended_on else ''}"
                       for p in placements)


@register.simple_tag
def people_rows(profiles) -> SafeString:
    """The <tr> of each `queries.Profile`: name, country, chapters, employer and placements (or "not shown" where
    the profile hides them from the reader). The caller writes the empty row."""
    not_shown = _("not shown")  # outside the f-string, where makemessages finds it
    hidden = f'<span class="hint">{esc(not_shown)}</span>'
    parts = []
    names = {}  # a page's few chapters, each named once
    for p in profiles:
        a = p.alumnus
        employer = hidden if p.employer is None else esc(p.employer or "—")
        placements = hidden if p.placements is None else _placements(p.placements)
        chapters = ", ".join(names.get(c.pk) or names.setdefault(c.pk, esc(c)) for c in p.chapters) or "—"
        parts.append(f'<tr><th scope="row"><a href="{esc(a.get_absolute_url())}">{esc(a.full_name)}</a></th>'
                     f"<td>{esc(country_name(a.country) if a.country else '')}</td><td>{chapters}</td>"
                     f"<td>{employer}</td><td>{placements}</td></tr>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
