"""Who may do what with the business plan: the policies of its fiscal years, areas, programmes, KPIs and manual
KPI figures, and of the organisations figures are entered for.

The plan is CLAIR's published business plan: every record of it is public to read, and so are its results (the
dashboard, a programme's and a KPI's figures, the records behind a live figure as far as each record's own policy
lets the reader see it, and the API). Figures are entered by CLAIR staff: a figure for CLAIR as a whole by
headquarters only, a figure for one office or branch by headquarters or that office's or branch's own staff.
"""

from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.policies import ANYONE, SIGNED_IN, Policy, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF


class DashboardPolicy(Policy):
    """The results' pages and API operations — a year's dashboard, a programme's, a KPI's and the records behind
    it — are public, without an account, whichever record of the plan they show. The plan's summary on the home
    page and its section on an organisation's page are for signed-in people."""

    actions = {"plan.view_results": ANYONE, "plan.view_dashboard": SIGNED_IN}


class FiscalYearPolicy(Policy):
    """A year's plan: its dashboard is exported by CLAIR staff; headquarters loads and edits the plan (adds its
    areas, exports and imports its targets and figures)."""

    model = "plan.FiscalYear"
    view = "plan.view_fiscal_year"
    actions = {
        "plan.view_fiscal_year": ANYONE,
        "plan.export_dashboard": CLAIR_STAFF,
        "plan.manage_plan": HQ_STAFF,
    }


class AreaPolicy(Policy):
    model = "plan.Area"
    view = "plan.view_area"
    actions = {"plan.view_area": ANYONE, "plan.edit_area": HQ_STAFF}


class ProgrammePolicy(Policy):
    """How a programme stands each quarter is reported by headquarters or by the staff of an office or branch
    that runs it."""

    model = "plan.Programme"
    view = "plan.view_programme"
    actions = {
        "plan.view_programme": ANYONE,
        "plan.report_programme": HQ_STAFF | WorksFor("offices", kinds=CLAIR_KINDS),
        "plan.edit_programme": HQ_STAFF,
    }


class KPIPolicy(Policy):
    model = "plan.KPI"
    view = "plan.view_kpi"
    actions = {
        "plan.view_kpi": ANYONE,
        # Enter figures of the KPI at all (the form on its page); for whom is decided below.
        "plan.record_kpi": CLAIR_STAFF,
        # A figure for CLAIR as a whole (no organisation): headquarters only.
        "plan.record_kpi_overall": HQ_STAFF,
        "plan.edit_kpi": HQ_STAFF,
    }


class KPIEntryPolicy(Policy):
    """The figures are public like the plan; who entered them is CLAIR's to know. A figure is signed off (or
    returned) by a second person who could have entered it: headquarters for a figure for CLAIR as a whole,
    headquarters or the office's or branch's own staff for one of theirs (the services refuse the person who
    entered it)."""

    model = "plan.KPIEntry"
    view = "plan.view_kpi_entry"
    actions = {
        "plan.view_kpi_entry": ANYONE,
        "plan.view_entered_by": CLAIR_STAFF,
        "plan.sign_off_figure": HQ_STAFF | WorksFor("organisation", kinds=CLAIR_KINDS),
    }


class ProgrammeReportPolicy(Policy):
    """How a programme stands each quarter is public like the plan (who reported it is CLAIR's to know:
    plan.view_entered_by)."""

    model = "plan.ProgrammeReport"
    view = "plan.view_programme_report"
    actions = {"plan.view_programme_report": ANYONE}


class FigureOrganisationPolicy(Policy):
    """For which office or branch a person may enter a figure: headquarters for any, the staff of a CLAIR
    office or branch for their own. (A policy about organisations; their own visibility is the core's.)"""

    model = "core.Organisation"
    actions = {
        "plan.record_kpi_for_organisation": WorksFor("pk", kinds=CLAIR_KINDS) | HQ_STAFF,
    }


for _policy in (DashboardPolicy(), FiscalYearPolicy(), AreaPolicy(), ProgrammePolicy(), KPIPolicy(), KPIEntryPolicy(),
                ProgrammeReportPolicy(), FigureOrganisationPolicy()):
    register(_policy)
