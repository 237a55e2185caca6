import rules

from kizuna.core.rules import is_authenticated, is_clair_staff, is_hq_staff

rules.add_perm("plan.view_dashboard", is_authenticated)
rules.add_perm("plan.export_dashboard", is_clair_staff)
rules.add_perm("plan.record_kpi", is_clair_staff)
rules.add_perm("plan.manage_plan", is_hq_staff)
