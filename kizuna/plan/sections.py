"""The plan's section on the page of CLAIR's headquarters, an office or a branch: the programmes it runs."""

from django.utils.translation import gettext as _

from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.sections import register_section

from . import queries


@register_section
def programmes_run_by(request, organisation) -> dict | None:
    if organisation.kind not in CLAIR_KINDS or not request.user.has_perm("plan.view_dashboard"):
        return None
    fiscal_year = queries.default_fiscal_year(request.user)
    if fiscal_year is None:
        return None
    board = queries.dashboard(request.user, fiscal_year=fiscal_year, responsible=organisation)
    if not board.programme_rows:
        return None
    return {
        "title": _("Programmes in the plan for %(fy)s") % {"fy": fiscal_year.label},
        "template": "plan/_section.html",
        "context": {"board": board, "organisation": organisation},
    }
