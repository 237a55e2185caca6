"""The plan's KPIs of area 7 (and remote PR support of area 1), computed live from answered requests."""


from decimal import Decimal

from django.db.models import Count, Q

from kizuna.core.enums import OrgKind
from kizuna.plan.kpis import period, register_count, register_kpi, run_by

from .enums import Kind, Status
from .models import Request

DONE = (Status.ANSWERED, Status.CLOSED)


def _done(q: Q, *, year: int, quarter: int | None, organisation_id: int | None):
    scope = run_by(organisation_id, "office_id", kinds={OrgKind.OVERSEAS_OFFICE})
    if scope is None:
        return None
    start, end = period(year, quarter)
    return Request.objects.filter(q, scope, status__in=DONE, answered_at__gte=start,
                                  answered_at__lte=end).select_related("office", "requester")


def answered(q: Q):
    """The requests matching `q` answered in the period: the records behind a count of them."""

    def records(*, year, quarter, organisation_id):
        return _done(q, year=year, quarter=quarter, organisation_id=organisation_id)

    return records


register_count("requests.support.completed", answered(~Q(kind=Kind.RESEARCH)), dated="answered_at")
register_count("requests.support.remote", answered(Q(kind=Kind.REMOTE)), dated="answered_at")
# Exhibition and PR support without staff travel: remote support the local government said was for an exhibition
# or PR (a part of `requests.support.remote`).
register_count("requests.support.remote_promotion", answered(Q(kind=Kind.REMOTE, for_promotion=True)),
               dated="answered_at")
register_count("requests.research.answered", answered(Q(kind=Kind.RESEARCH)), dated="answered_at")
register_count("requests.research.published", answered(Q(kind=Kind.RESEARCH, is_public=True)), dated="answered_at")


SATISFIED = 4  # of the 1–5 rating: 4 (satisfied) and 5 (very satisfied)


@register_kpi("requests.support.satisfaction", records=answered(~Q(kind=Kind.RESEARCH) & Q(rating__isnull=False)))
def support_satisfaction(*, year, quarter=None, organisation_id=None):
    """The share (%) of the support requests completed in the period and rated by their local government that
    were rated satisfied or very satisfied (4 or 5 of 5); no figure before the first rating."""
    found = _done(~Q(kind=Kind.RESEARCH) & Q(rating__isnull=False), year=year, quarter=quarter,
                  organisation_id=organisation_id)
    if found is None:
        return None
    figures = found.aggregate(rated=Count("pk"), satisfied=Count("pk", filter=Q(rating__gte=SATISFIED)))
    if not figures["rated"]:
        return None
    return (Decimal(100) * figures["satisfied"] / figures["rated"]).quantize(Decimal("0.1"))
