"""The plan's sister-city KPI, counted from the registry.

- `exchange.affiliations.active` ("latest"): the affiliations in force at the end of the period that meet
  CLAIR's three conditions (those that do not are kept but not counted); for a branch, those of its prefecture
  or designated city.
"""

from kizuna.plan.kpis import period_dates, register_kpi, served_by

from .models import Affiliation
from .queries import in_force_on


@register_kpi("exchange.affiliations.active")
def affiliations_active(*, year, quarter, organisation_id):
    scope = served_by(organisation_id, "local_government__")
    if scope is None:
        return None
    _start, end = period_dates(year, quarter)
    return Affiliation.objects.counted().filter(scope).filter(in_force_on(end)).count()
