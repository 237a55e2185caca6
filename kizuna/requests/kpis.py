"""The plan's KPIs of area 7 (and remote PR support of area 1), computed live from answered requests."""

from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_bounds, quarter_bounds
from kizuna.core.models import Organisation
from kizuna.plan.kpis import register_kpi

from .enums import Kind, Status
from .models import Request

DONE = (Status.ANSWERED, Status.CLOSED)


def _count(q: Q, *, year: int, quarter: int | None, organisation_id: int | None) -> int | None:
    start, end = quarter_bounds(year, quarter) if quarter else fiscal_year_bounds(year)
    tz = timezone.get_current_timezone()
    qs = Request.objects.filter(q, status__in=DONE, answered_at__gte=datetime.combine(start, time.min, tz),
                                answered_at__lte=datetime.combine(end, time.max, tz))
    if organisation_id is not None:
        kind = Organisation.objects.filter(pk=organisation_id).values_list("kind", flat=True).first()
        if kind == OrgKind.OVERSEAS_OFFICE:
            qs = qs.filter(office_id=organisation_id)
        elif kind != OrgKind.HEADQUARTERS:
            return None
    return qs.count()


@register_kpi("requests.support.completed")
def support_completed(*, year, quarter=None, organisation_id=None):
    return _count(~Q(kind=Kind.RESEARCH), year=year, quarter=quarter, organisation_id=organisation_id)


@register_kpi("requests.support.remote")
def support_remote(*, year, quarter=None, organisation_id=None):
    return _count(Q(kind=Kind.REMOTE), year=year, quarter=quarter, organisation_id=organisation_id)


@register_kpi("requests.support.remote_promotion")
def support_remote_promotion(*, year, quarter=None, organisation_id=None):
    """Exhibition and PR support without staff travel: remote support and event support filed as remote."""
    return _count(Q(kind=Kind.REMOTE) & ~Q(purpose=""), year=year, quarter=quarter,
                  organisation_id=organisation_id)


@register_kpi("requests.research.answered")
def research_answered(*, year, quarter=None, organisation_id=None):
    return _count(Q(kind=Kind.RESEARCH), year=year, quarter=quarter, organisation_id=organisation_id)


@register_kpi("requests.research.published")
def research_published(*, year, quarter=None, organisation_id=None):
    return _count(Q(kind=Kind.RESEARCH, is_public=True), year=year, quarter=quarter,
                  organisation_id=organisation_id)
