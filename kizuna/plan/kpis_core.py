"""KPIs that the core measures today (imported by the plan app's ready())."""

from datetime import datetime, time

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kizuna.core.enums import WORKING_ROLES, OrgKind
from kizuna.core.fiscal import fiscal_year_bounds, quarter_bounds
from kizuna.core.models import Membership, Organisation

from .kpis import register_kpi


def _cutoff(year: int, quarter: int | None):
    """The end of the period, or now if the period has not ended; None if it has not begun."""
    start, end = quarter_bounds(year, quarter) if quarter else fiscal_year_bounds(year)
    tz = timezone.get_current_timezone()
    now = timezone.now()
    if timezone.make_aware(datetime.combine(start, time.min), tz) > now:
        return None
    return min(timezone.make_aware(datetime.combine(end, time.max), tz), now)


def _served_by(organisation_id: int):
    """Local governments that an organisation's figures cover: a branch → its prefecture or designated city;
    headquarters → all; anything else (an overseas office) → None: not broken down that way."""
    org = Organisation.objects.filter(pk=organisation_id).select_related("local_government").first()
    if org is None:
        return None
    if org.kind == OrgKind.HEADQUARTERS:
        return Q()
    if org.kind == OrgKind.BRANCH and org.local_government is not None:
        served = org.local_government
        if served.kind == OrgKind.PREFECTURE:
            return Q(prefecture_id=served.pk) | Q(pk=served.pk)
        return Q(pk=served.pk) | Q(parent_id=served.pk)
    return None


@register_kpi("core.local_governments_on_kizuna")
def local_governments_on_kizuna(*, year: int, quarter: int | None, organisation_id: int | None) -> int | None:
    """Local governments (prefectures, municipalities, wards) with at least one active member working for
    them (administrator or staff, an active account) at the end of the period. JET participants attached to a
    government do not make it a user of Kizuna."""
    cutoff = _cutoff(year, quarter)
    if cutoff is None:
        return None
    scope = Q()
    if organisation_id is not None:
        scope = _served_by(organisation_id)
        if scope is None:
            return None
    members = Membership.objects.filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=cutoff),
        organisation=OuterRef("pk"), role__in=WORKING_ROLES, started_at__lte=cutoff, person__is_active=True,
    )
    return Organisation.objects.local_governments().filter(scope).filter(Exists(members)).count()
