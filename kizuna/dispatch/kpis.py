"""The plan's dispatch KPIs, live, by programme, over the dispatches carried out (reported or completed) that
started in the period: how many, at how many bodies, the hosts' average satisfaction (1–5, from the surveys
answered) and the costs CLAIR bore (yen, as split when the expert reported). Headquarters runs dispatch, so
a figure for another office or a branch is "not broken down" (None)."""

from decimal import Decimal

from django.db.models import Avg, Sum

from kizuna.plan.kpis import period_dates, register_count, register_kpi, run_by

from .enums import Programme, Status
from .models import Dispatch

DONE = (Status.REPORTED, Status.COMPLETED)


def _done(programme, *, year, quarter, organisation_id):
    scope = run_by(organisation_id, "pk", kinds=())  # headquarters runs dispatch: no other breakdown
    if scope is None:
        return None
    start, end = period_dates(year, quarter)
    return Dispatch.objects.filter(programme=programme, status__in=DONE, starts_on__gte=start,
                                   starts_on__lte=end).select_related("host")


def carried_out(programme):
    """The dispatches of the programme carried out in the period: the records behind its KPIs."""

    def records(*, year, quarter, organisation_id):
        return _done(programme, year=year, quarter=quarter, organisation_id=organisation_id)

    return records


def _satisfaction(programme):
    def kpi(*, year, quarter=None, organisation_id=None):
        qs = _done(programme, year=year, quarter=quarter, organisation_id=organisation_id)
        if qs is None:
            return None
        average = qs.filter(rating__isnull=False).aggregate(v=Avg("rating"))["v"]
        return None if average is None else Decimal(str(average)).quantize(Decimal("0.01"))

    return kpi


def _costs(programme):
    def kpi(*, year, quarter=None, organisation_id=None):
        qs = _done(programme, year=year, quarter=quarter, organisation_id=organisation_id)
        return None if qs is None else qs.aggregate(v=Sum("cost_clair"))["v"] or 0

    return kpi


PROGRAMME_KEYS = (("promotion_adviser", Programme.PROMOTION), ("regional_adviser", Programme.REGIONAL),
                  ("pa_training", Programme.PA_LECTURER), ("cooperation_expert", Programme.COOPERATION))

for _key, _programme in PROGRAMME_KEYS:
    register_count(f"dispatch.dispatches.{_key}", carried_out(_programme), dated="starts_on")
for _key, _programme in PROGRAMME_KEYS[:2]:  # the plan measures these two programmes' satisfaction and costs
    register_kpi(f"dispatch.satisfaction.{_key}", records=carried_out(_programme))(_satisfaction(_programme))
    register_kpi(f"dispatch.costs.{_key}", records=carried_out(_programme))(_costs(_programme))


@register_kpi("dispatch.local_governments.promotion_adviser", records=carried_out(Programme.PROMOTION))
def promotion_local_governments(*, year, quarter=None, organisation_id=None):
    qs = _done(Programme.PROMOTION, year=year, quarter=quarter, organisation_id=organisation_id)
    return None if qs is None else qs.order_by().values("host_id").distinct().count()
