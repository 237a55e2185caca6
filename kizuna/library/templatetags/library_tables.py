"""The library's lists of works, written in Python.

A search page lists 20 works, the portal and the workspace more; through the template engine (an include per
work, a lookup per value, a loop over its editions) the cards were a third of a search's time. The markup is what
the template wrote, every value escaped; the highlight comes escaped with its <mark>s (core.search.highlight)."""

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kizuna.core.templatetags.kizuna_ui import choice, esc

register = template.Library()


def _card(w) -> str:
    shown = w.edition_for()
    url = esc(w.get_absolute_url())
    title = (shown.title if shown else "") or str(w)
    facts = f'<span class="badge">{esc(choice(w, "kind"))}</span>'
    if w.identifier:
        facts += f" {esc(w.identifier)}"
    if w.published_on:
        facts += (f' · <time datetime="{w.published_on.isoformat()}">'
                  f'{esc(date_format(w.published_on, "DATE_FORMAT"))}</time>')
    facts += f" · {esc(w.publisher)}\n"
    for e in w.editions.all():
        if e != shown:
            also = _("also in %(language)s") % {"language": choice(e, "language")}
            facts += (f' <a class="badge" href="{url}#edition-{esc(e.language)}" hreflang="{esc(e.language)}" '
                      f'data-testid="also-in">{esc(also)}</a>')
    facts += "\n"
    if w.embargo_until and not w.is_released():
        until = _("embargoed until %(day)s") % {"day": date_format(w.embargo_until, "DATE_FORMAT")}
        facts += f' <span class="badge">{esc(until)}</span>'
    highlight = getattr(w, "search_highlight", None)
    if highlight:
        where = _("Where it matches:")
        summary = (f'<p class="search-highlight"><span class="visually-hidden">{esc(where)} </span>'
                   f"{highlight}</p>")  # escaped by core.search.highlight, with its <mark>s
    elif shown and shown.abstract:
        summary = f"<p>{esc(Truncator(shown.abstract).chars(220))}</p>"
    else:
        summary = ""
    return (f'<li class="card" data-testid="work">\n<h2><a href="{url}" lang="{esc(shown.language if shown else "")}">'
            f"{esc(title)}</a></h2>\n<p>{facts}</p>\n{summary}\n</li>\n")


@register.simple_tag
def work_cards(works) -> SafeString:
    """The card of each work: its title in the reader's language (else Japanese, else English), kind, identifier,
    date and publisher, its other editions, an embargo, and where it matches a search (else its abstract). The
    works come with their editions prefetched (queries.for_list); the caller writes the empty list's item."""
    return mark_safe("".join(_card(w) for w in works))  # noqa: S308 - every value escaped in _card
