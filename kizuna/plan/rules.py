import rules

from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.rules import is_authenticated, is_clair_staff, is_hq_staff, working_orgs


@rules.predicate
def works_for(user, organisation) -> bool:
    """Works (administrator or staff) for this CLAIR organisation."""
    return organisation is not None and any(o.pk == organisation.pk for o in working_orgs(user, CLAIR_KINDS))


rules.add_perm("plan.view_dashboard", is_authenticated)
rules.add_perm("plan.export_dashboard", is_clair_staff)
rules.add_perm("plan.record_kpi", is_clair_staff)
# A figure for one office or branch: headquarters, or the staff of that office or branch.
rules.add_perm("plan.record_kpi_for_organisation", is_hq_staff | (is_clair_staff & works_for))
rules.add_perm("plan.manage_plan", is_hq_staff)
