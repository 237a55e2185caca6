"""Filters and the long tables of the grants pages (the board's ranking, a reviewer's list, one's own
applications).

Those tables can hold hundreds of rows (a call's 500 applications; a reviewer's 150 assignments; a page of a
contracting organisation's claims); written
through Django's template engine they cost about 0.2 ms a row, most of a page's time (bench/grants.py). They
are written here in Python instead, every value escaped, with the same markup a template would give."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kizuna.core.fiscal import FiscalYearLabel

from ..enums import AssignmentStatus, Status

register = template.Library()


@register.filter
def yen(value) -> str:
    """Integer yen with thousands separators: 1,200,000 (empty for None)."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}"


@register.filter
def fiscal_year(year) -> str:
    """A fiscal year with its Reiwa name, in the reader's language: 令和8年度（FY2026）."""
    return str(FiscalYearLabel(int(year))) if year not in (None, "") else ""


def _labels(choices) -> dict:
    return {value: escape(str(label)) for value, label in choices}


def _url_of(name: str, **kwargs):
    """A function pk → URL of the named route, reversed once per table (the pk is the route's last part)."""
    marker = 2**31 - 1
    url = reverse(name, kwargs={**kwargs, "pk": marker})
    head, tail = url.split(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


@register.simple_tag
def ranking_rows(ranked, *, decide: bool = False, assign: bool = False, start: int = 1) -> str:
    """The board's rows: rank, project, applicant, status, score, reviews, requested, decided or proposed
    amount (an input while it may be decided), and a box to pick it for the reviewer assignment form. `start`
    is the first row's rank (the board is paged)."""
    statuses, link = _labels(Status.choices), _url_of("grants:application")
    assign_label, hidden = escape(_("Assign")), escape(_("(hidden: blind review)"))
    rows = []
    for rank, row in enumerate(ranked, start=start or 1):
        a = row.application
        title, pk = escape(a.title), a.pk
        open_ = a.status == Status.SUBMITTED
        if open_ and decide:  # inputs are named by their row's project title (aria-labelledby)
            amount = (f'<input type="number" min="0" name="amount_{pk}" id="id_amount_{pk}" '
                      f'aria-labelledby="app-{pk}" placeholder="{a.requested_amount}">')
        else:
            amount = yen(a.decided_amount) or "—"
        cells = [
            f"<td>{rank}</td>", f'<th scope="row" id="app-{pk}"><a href="{link(pk)}">{title}</a></th>',
            f"<td>{hidden if a.applicant_name is None else escape(a.applicant_name)}</td>",
            f"<td>{statuses.get(a.status, escape(a.status))}</td>",
            f'<td class="num">{"—" if row.score is None else row.score}</td>', f'<td class="num">{row.reviews}</td>',
            f'<td class="num">{yen(a.requested_amount)}</td>', f'<td class="num">{amount}</td>',
        ]
        if assign:
            box = ""
            if open_:
                box = (f'<input type="checkbox" form="assign-form" name="applications" value="{pk}" '
                       f'id="id_assign_{pk}" aria-label="{assign_label}" aria-describedby="app-{pk}">')
            cells.append(f"<td>{box}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(rows))


@register.simple_tag
def own_rows(applications) -> str:
    """The rows of the person's own applications (`queries.Own`): project, applicant, call, status, requested
    amount."""
    statuses, link = _labels(Status.choices), _url_of("grants:application")
    hidden = escape(_("(hidden: blind review)"))
    return mark_safe("\n".join(
        f'<tr><th scope="row"><a href="{link(a.pk)}">{escape(a.title)}</a></th>'
        f"<td>{hidden if a.applicant_name is None else escape(a.applicant_name)}</td>"
        f"<td>{escape(a.call_title)}</td><td>{statuses.get(a.status, escape(a.status))}</td>"
        f'<td class="num">{yen(a.requested_amount)}</td></tr>' for a in applications))


@register.simple_tag
def review_rows(assignments) -> str:
    """A reviewer's rows: project, call, status and the next step (declare, score, or view)."""
    statuses = _labels(AssignmentStatus.choices)
    declare, score, view = _url_of("grants:declare"), _url_of("grants:score"), _url_of("grants:application")
    steps = {AssignmentStatus.PENDING: (declare, _("Declare interests"), False),
             AssignmentStatus.ACTIVE: (score, _("Score"), True),
             AssignmentStatus.SCORED: (view, _("View"), True)}
    rows = []
    for a in assignments:
        step = steps.get(a.status)
        if step:
            url, text, of_application = step
            next_step = f'<a href="{url(a.application_id if of_application else a.pk)}">{escape(text)}</a>'
        else:
            next_step = "—"
        rows.append(f'<tr><th scope="row">{escape(a.application.title)}</th>'
                    f"<td>{escape(a.application.call.title)}</td><td>{statuses.get(a.status, '')}</td>"
                    f"<td>{next_step}</td></tr>")
    return mark_safe("\n".join(rows))
