"""The plan's KPIs of area 7 (and remote PR support of area 1), computed live from answered requests."""


from django.db.models import Q

from kizuna.core.enums import OrgKind
from kizuna.plan.kpis import period, register_kpi, run_by

from .enums import Kind, Status
from .models import Request

DONE = (Status.ANSWERED, Status.CLOSED)


def _count(q: Q, *, year: int, quarter: int | None, organisation_id: int | None) -> int | None:
    scope = run_by(organisation_id, "office_id", kinds={OrgKind.OVERSEAS_OFFICE})
    if scope is None:
        return None
    start, end = period(year, quarter)
    return Request.objects.filter(q, scope, status__in=DONE, answered_at__gte=start, answered_at__lte=end).count()


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
