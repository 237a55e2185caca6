"""The plan's KPI of the managers' training, counted from the registry.

- `networks.managers.certified`: managers certified in the period (programme 2-2, 多文化共生マネージャーの新規認定者数),
  by their day of certification; over a whole fiscal year, also those entered by hand with only their year. CLAIR
  as a whole (headquarters); not broken down by other organisations."""

from django.db.models import Q

from kizuna.plan.kpis import period_dates, register_kpi, run_by

from .models import Manager


@register_kpi("networks.managers.certified")
def managers_certified(*, year, quarter, organisation_id):
    if run_by(organisation_id, "pk", kinds=frozenset()) is None:
        return None
    start, end = period_dates(year, quarter)
    found = Q(certified_on__range=(start, end))
    if quarter is None:
        found |= Q(certified_on__isnull=True, certified_year=year)
    return Manager.objects.filter(found).count()
