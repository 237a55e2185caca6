"""The plan on other apps' pages: a section on the page of CLAIR's headquarters, an office or a branch (the
programmes it runs), and the home page's figures due and plan summary."""

from django.utils.translation import gettext as _

from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.home import HomeContribution, OpenItem, register_home_provider
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


@register_home_provider
def plan_on_the_home_page(request) -> HomeContribution | None:
    """For people who may see the dashboard: the figures their office still owes for the last quarter, and the
    plan's summary."""
    user = request.user
    if not user.has_perm("plan.view_dashboard"):
        return None
    items = [OpenItem(_("Enter last quarter's figure for “%(kpi)s” (%(programme)s).")
                      % {"kpi": kpi.display_name, "programme": kpi.programme.display_name},
                      kpi.get_absolute_url(), _("Open the KPI")) for kpi in queries.figures_due(user)]
    items += [OpenItem(_("Sign off the Q%(quarter)s figure of “%(kpi)s” entered by someone else.")
                       % {"quarter": entry.quarter, "kpi": entry.kpi.display_name},
                       entry.kpi.get_absolute_url(), _("Check the figure"))
              for entry in queries.figures_to_sign_off(user)]
    summary = queries.home_summary(user)
    panels = [{"title": _("The plan for %(fy)s") % {"fy": summary["label"]}, "template": "plan/_home_panel.html",
               "context": {"summary": summary}}] if summary else []
    return HomeContribution(waiting=items, panels=panels)
