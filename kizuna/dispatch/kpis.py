"""The plan's dispatch KPIs, live: dispatches carried out (reported or completed) in the period, by programme."""

from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_bounds, quarter_bounds
from kizuna.core.models import Organisation
from kizuna.plan.kpis import register_kpi

from .enums import Programme, Status
from .models import Dispatch

DONE = (Status.REPORTED, Status.COMPLETED)


def _done(programme, *, year, quarter, organisation_id):
    if organisation_id is not None:
        kind = Organisation.objects.filter(pk=organisation_id).values_list("kind", flat=True).first()
        if kind != OrgKind.HEADQUARTERS:
            return None
    start, end = quarter_bounds(year, quarter) if quarter else fiscal_year_bounds(year)
    return Dispatch.objects.filter(programme=programme, status__in=DONE, starts_on__gte=start, starts_on__lte=end)


def _counter(programme):
    def kpi(*, year, quarter=None, organisation_id=None):
        qs = _done(programme, year=year, quarter=quarter, organisation_id=organisation_id)
        return None if qs is None else qs.count()

    return kpi


for _key, _programme in (("promotion_adviser", Programme.PROMOTION), ("regional_adviser", Programme.REGIONAL),
                         ("pa_training", Programme.PA_LECTURER), ("cooperation_expert", Programme.COOPERATION)):
    register_kpi(f"dispatch.dispatches.{_key}")(_counter(_programme))


@register_kpi("dispatch.local_governments.promotion_adviser")
def promotion_local_governments(*, year, quarter=None, organisation_id=None):
    qs = _done(Programme.PROMOTION, year=year, quarter=quarter, organisation_id=organisation_id)
    return None if qs is None else qs.order_by().values("host_id").distinct().count()
