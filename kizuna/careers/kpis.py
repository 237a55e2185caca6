"""The plan's KPI of internships: `jet.internships.participants`, the participants who took a place on an
internship starting in the period (a place accepted, or the internship completed), each counted once."""

from kizuna.plan.kpis import period_dates, register_kpi, served_by

from .enums import TAKING_PLACE
from .models import Application


@register_kpi("jet.internships.participants")
def internship_participants(*, year, quarter, organisation_id):
    """CLAIR as a whole: all; a branch: participants placed in its prefecture or designated city."""
    scope = served_by(organisation_id, "participant__host__organisation__")
    if scope is None:
        return None
    start, end = period_dates(year, quarter)
    return (Application.objects.filter(scope, status__in=TAKING_PLACE, offer__starts_on__range=(start, end))
            .values("participant").distinct().count())
