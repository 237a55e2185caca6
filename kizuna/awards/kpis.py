"""The plan's award KPIs (programme 4-2), counted live:

- `exchange.award.nominations`: nominations that reached CLAIR in the period (endorsed by the prefecture or
  nominated directly), withdrawn ones never count.
- `exchange.award.winners`: winners decided in the period (the grants decision of the award's call).

CLAIR as a whole or headquarters (which runs the award); not broken down by any other organisation."""

from kizuna.grants.enums import Status
from kizuna.plan.kpis import period, register_kpi, run_by

from .enums import NominationStatus
from .models import Nomination


@register_kpi("exchange.award.nominations")
def nominations(*, year, quarter, organisation_id):
    if run_by(organisation_id, "round_id", kinds=set()) is None:
        return None
    return Nomination.objects.filter(status=NominationStatus.NOMINATED,
                                     nominated_at__range=period(year, quarter)).count()


@register_kpi("exchange.award.winners")
def winners(*, year, quarter, organisation_id):
    if run_by(organisation_id, "round_id", kinds=set()) is None:
        return None
    return Nomination.objects.filter(application__status=Status.AWARDED,
                                     application__decided_at__range=period(year, quarter)).count()
