"""The plan's JET KPIs (area 3), computed live from the participants' records.

Head counts are "latest" figures: the participants in the programme on the last day of the period, or today
while the period is running. A branch's figures are those of the local governments it serves."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from kizuna.plan.kpis import period, period_dates, register_kpi, served_by

from .enums import Position, Status
from .models import Participant, SafetyAnswer


def _in_programme(*, year: int, quarter: int | None, organisation_id: int | None):
    """Participants who had arrived by the period's last day (or today) and had not yet left, or None when the
    organisation's figures are not broken down."""
    scope = served_by(organisation_id, "host__organisation__")
    if scope is None:
        return None
    _start, end = period_dates(year, quarter)
    on: date = min(end, timezone.localdate())
    return (Participant.objects.filter(scope, arrived_on__lte=on)
            .exclude(status=Status.WITHDRAWN)
            .filter(Q(departed_on__isnull=True) | Q(departed_on__gt=on)))


@register_kpi("jet.participants.active")
def participants_active(*, year, quarter=None, organisation_id=None):
    found = _in_programme(year=year, quarter=quarter, organisation_id=organisation_id)
    return None if found is None else found.count()


@register_kpi("jet.participants.cir")
def participants_cir(*, year, quarter=None, organisation_id=None):
    found = _in_programme(year=year, quarter=quarter, organisation_id=organisation_id)
    return None if found is None else found.filter(position=Position.CIR).count()


@register_kpi("jet.countries.participating")
def countries_participating(*, year, quarter=None, organisation_id=None):
    """The recruiting countries of the participants in the programme."""
    found = _in_programme(year=year, quarter=quarter, organisation_id=organisation_id)
    return None if found is None else found.values("recruiting_country").distinct().count()


@register_kpi("jet.contracting_organisations.active")
def contracting_organisations_active(*, year, quarter=None, organisation_id=None):
    """Contracting organisations with at least one participant in the programme."""
    found = _in_programme(year=year, quarter=quarter, organisation_id=organisation_id)
    return None if found is None else found.values("host_id").distinct().count()


@register_kpi("jet.safety.response_rate")
def safety_response_rate(*, year, quarter=None, organisation_id=None):
    """Of the participants asked in the safety confirmations started in the period, the share (%) who answered;
    None when nobody was asked. A branch's figure is that of the coordinating bodies in the area it serves."""
    scope = served_by(organisation_id, "coordinating_body__")
    if scope is None:
        return None
    start, end = period(year, quarter)
    found = SafetyAnswer.objects.filter(scope, confirmation__started_at__gte=start,
                                        confirmation__started_at__lte=end).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=~Q(answer="")))
    if not found["asked"]:
        return None
    return (Decimal(100) * found["answered"] / found["asked"]).quantize(Decimal("0.1"))
