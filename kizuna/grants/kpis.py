"""The plan's KPIs for each scheme, computed live: applications submitted, grants decided, the amount decided
and the amount paid in a period; and the JET subsidies paid (claims)."""


from django.db.models import OuterRef, Subquery, Sum

from kizuna.plan.kpis import period, register_kpi, served_by

from .enums import DECIDED, SUBMITTED_OR_LATER, PaymentStatus
from .models import Application, Payment

SCHEME_CODES = ("tabunka", "kokusai_koryu", "kokusai_kyoryoku", "keizai", "jet_career_fair")


def _scope(organisation_id: int | None):
    """CLAIR as a whole: all; a branch: applicants of its prefecture or designated city; else not broken down."""
    return served_by(organisation_id, "applicant__")


def count_applications(code: str, *, year, quarter, organisation_id, decided: bool) -> int | None:
    scope = _scope(organisation_id)
    if scope is None:
        return None
    start, end = period(year, quarter)
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
    start, end = period(year, quarter)
    return Application.objects.filter(scope, call__scheme__code=code, status__in=DECIDED,
                                      decided_at__range=(start, end)).aggregate(
        total=Sum("decided_amount"))["total"] or 0


def amount_paid(code: str, *, year, quarter, organisation_id) -> int | None:
    """Yen of the payments (advances and settlements) approved in the period; a payment prepared but not yet
    approved by a second person is not paid."""
    scope = _scope(organisation_id)
    if scope is None:
        return None
    start, end = period(year, quarter)
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


# JET subsidies claimed through the contracting organisation: a claim counts in the period its payment (the
# first one approved by a second person) was approved, as the plan counts "subsidies paid".
CLAIM_KPIS = {
    "grants.claims.jet_self_development": ("jet_jlpt", "jet_tefl", "jet_sea"),
    "grants.claims.jet_counselling": ("jet_counselling",),
}


def claims_paid(codes, *, year, quarter, organisation_id) -> int | None:
    scope = _scope(organisation_id)
    if scope is None:
        return None
    start, end = period(year, quarter)
    first_paid = (Payment.objects.filter(application=OuterRef("pk"), status=PaymentStatus.APPROVED)
                  .order_by("approved_at").values("approved_at")[:1])
    return (Application.objects.filter(scope, call__scheme__code__in=codes)
            .annotate(paid_at=Subquery(first_paid)).filter(paid_at__range=(start, end)).count())


def _register_claims(key: str, codes: tuple) -> None:
    @register_kpi(key)
    def claims(*, year, quarter, organisation_id):
        return claims_paid(codes, year=year, quarter=quarter, organisation_id=organisation_id)


for _key, _codes in CLAIM_KPIS.items():
    _register_claims(_key, _codes)
