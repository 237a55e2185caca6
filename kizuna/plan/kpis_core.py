"""KPIs that the core measures today (imported by the plan app's ready())."""


from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kizuna.core.enums import WORKING_ROLES
from kizuna.core.models import Membership, Organisation

from .kpis import period, register_kpi, served_by


def _cutoff(year: int, quarter: int | None):
    """The end of the period, or now if the period has not ended; None if it has not begun."""
    start, end = period(year, quarter)
    now = timezone.now()
    return None if start > now else min(end, now)


@register_kpi("core.local_governments_on_kizuna")
def local_governments_on_kizuna(*, year: int, quarter: int | None, organisation_id: int | None) -> int | None:
    """Local governments (prefectures, municipalities, wards) with at least one active member working for
    them (administrator or staff, an active account) at the end of the period. JET participants attached to a
    government do not make it a user of Kizuna."""
    cutoff = _cutoff(year, quarter)
    if cutoff is None:
        return None
    scope = served_by(organisation_id)
    if scope is None:
        return None
    members = Membership.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=cutoff),
        organisation=OuterRef("pk"), role__in=WORKING_ROLES, started_at__lte=cutoff, person__is_active=True,
    )
    return Organisation.objects.local_governments().filter(scope).filter(Exists(members)).count()
