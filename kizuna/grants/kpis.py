"""The plan's KPIs for each scheme, computed live: applications submitted, grants decided, the amount decided
and the amount paid in a period."""

from datetime import datetime, time

from django.db.models import Q, Sum
from django.utils import timezone

from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_bounds, quarter_bounds
from kizuna.core.models import Organisation
from kizuna.plan.kpis import register_kpi

from .enums import DECIDED, SUBMITTED_OR_LATER
from .models import Application, Payment

SCHEME_CODES = ("tabunka", "kokusai_koryu", "kokusai_kyoryoku", "keizai")


def _period(year: int, quarter: int | None):
    start, end = quarter_bounds(year, quarter) if quarter else fiscal_year_bounds(year)
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end, time.max), tz))


def _scope(organisation_id: int | None):
    """Headquarters and no organisation: all; a branch: applicants of its prefecture or designated city;
    anything else: None (not broken down that way)."""
    if organisation_id is None:
        return Q()
    org = Organisation.objects.filter(pk=organisation_id).select_related("local_government").first()
    if org is None:
        return None
    if org.kind == OrgKind.HEADQUARTERS:
        return Q()
    served = org.local_government if org.kind == OrgKind.BRANCH else None
    if served is None:
        return None
    if served.kind == OrgKind.PREFECTURE:
        return Q(applicant__prefecture_id=served.pk) | Q(applicant_id=served.pk)
    return Q(applicant_id=served.pk) | Q(applicant__parent_id=served.pk)


def count_applications(code: str, *, year, quarter, organisation_id, decided: bool) -> int | None:
    scope = _scope(organisation_id)
    if scope is None:
        return None
    start, end = _period(year, quarter)
    if decided:
        filters = {"status__in": DECIDED, "decided_at__range": (start, end)}
    else:
        filters = {"status__in": SUBMITTED_OR_LATER, "submitted_at__range": (start, end)}
    return Application.objects.filter(scope, call__scheme__code=code, **filters).count()


def amount_decided(code: str, *, year, quarter, organisation_id) -> int | None:
    """Yen decided (the current decided amount, after any approved change) for the grants decided in the
    period: the same grants `grants.decisions.<scheme>` counts."""
    scope = _scope(organisation_id)
    if scope is None:
        return None
    start, end = _period(year, quarter)
    return Application.objects.filter(scope, call__scheme__code=code, status__in=DECIDED,
                                      decided_at__range=(start, end)).aggregate(
        total=Sum("decided_amount"))["total"] or 0


def amount_paid(code: str, *, year, quarter, organisation_id) -> int | None:
    """Yen of the payments (advances and settlements) approved in the period; a payment prepared but not yet
    approved by a second person is not paid."""
    scope = _scope(organisation_id)
    if scope is None:
        return None
    start, end = _period(year, quarter)
    applications = Application.objects.filter(scope, call__scheme__code=code)
    return Payment.objects.filter(application__in=applications, approved_at__range=(start, end)).aggregate(
        total=Sum("amount"))["total"] or 0


def _register(code: str) -> None:
    @register_kpi(f"grants.applications.{code}")
    def applications(*, year, quarter, organisation_id):
        return count_applications(code, year=year, quarter=quarter, organisation_id=organisation_id,
                                  decided=False)

    @register_kpi(f"grants.decisions.{code}")
    def decisions(*, year, quarter, organisation_id):
        return count_applications(code, year=year, quarter=quarter, organisation_id=organisation_id,
                                  decided=True)

    @register_kpi(f"grants.amount_decided.{code}")
    def decided(*, year, quarter, organisation_id):
        return amount_decided(code, year=year, quarter=quarter, organisation_id=organisation_id)

    @register_kpi(f"grants.amount_paid.{code}")
    def paid(*, year, quarter, organisation_id):
        return amount_paid(code, year=year, quarter=quarter, organisation_id=organisation_id)


for _code in SCHEME_CODES:
    _register(_code)
