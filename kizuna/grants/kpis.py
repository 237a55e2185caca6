"""The plan's KPIs for each scheme, computed live: applications submitted, grants decided, the amount decided
and the amount paid in a period; and the JET subsidies paid (claims)."""


from django.db.models import OuterRef, Subquery

from kizuna.plan.kpis import period, register_count, register_sum, served_by

from .enums import DECIDED, SUBMITTED_OR_LATER, PaymentStatus
from .models import Application, Payment

SCHEME_CODES = ("tabunka", "kokusai_koryu", "kokusai_kyoryoku", "keizai", "jet_career_fair")


def _scope(organisation_id: int | None):
    """CLAIR as a whole: all; a branch: applicants of its prefecture or designated city; else not broken down."""
    return served_by(organisation_id, "applicant__")


def applications(code: str, *, decided: bool):
    """The applications of the scheme submitted (or decided) in the period: the records behind
    `grants.applications.<scheme>`, `grants.decisions.<scheme>` and `grants.amount_decided.<scheme>`."""

    def records(*, year, quarter, organisation_id):
        scope = _scope(organisation_id)
        if scope is None:
            return None
        start, end = period(year, quarter)
        if decided:
            filters = {"status__in": DECIDED, "decided_at__range": (start, end)}
        else:
            filters = {"status__in": SUBMITTED_OR_LATER, "submitted_at__range": (start, end)}
        return Application.objects.filter(scope, call__scheme__code=code, **filters).select_related("applicant")

    return records


def payments(code: str):
    """The payments (advances and settlements) approved in the period; a payment prepared but not yet approved
    by a second person is not paid: the records behind `grants.amount_paid.<scheme>`."""

    def records(*, year, quarter, organisation_id):
        scope = _scope(organisation_id)
        if scope is None:
            return None
        start, end = period(year, quarter)
        return Payment.objects.filter(application__in=Application.objects.filter(scope, call__scheme__code=code),
                                      approved_at__range=(start, end)).select_related("application__applicant")

    return records


def _register(code: str) -> None:
    submitted, decided, paid = applications(code, decided=False), applications(code, decided=True), payments(code)
    register_count(f"grants.applications.{code}", submitted, dated="submitted_at")
    register_count(f"grants.decisions.{code}", decided, dated="decided_at")
    # after any approved change
    register_sum(f"grants.amount_decided.{code}", decided, "decided_amount", dated="decided_at")
    register_sum(f"grants.amount_paid.{code}", paid, "amount", dated="approved_at")


for _code in SCHEME_CODES:
    _register(_code)


# JET subsidies claimed through the contracting organisation: a claim counts in the period its payment (the
# first one approved by a second person) was approved, as the plan counts "subsidies paid".
CLAIM_KPIS = {
    "grants.claims.jet_self_development": ("jet_jlpt", "jet_tefl", "jet_sea"),
    "grants.claims.jet_counselling": ("jet_counselling",),
}


def claims_paid(codes):
    def records(*, year, quarter, organisation_id):
        scope = _scope(organisation_id)
        if scope is None:
            return None
        start, end = period(year, quarter)
        first_paid = (Payment.objects.filter(application=OuterRef("pk"), status=PaymentStatus.APPROVED)
                      .order_by("approved_at").values("approved_at")[:1])
        return (Application.objects.filter(scope, call__scheme__code__in=codes)
                .annotate(paid_at=Subquery(first_paid)).filter(paid_at__range=(start, end))
                .select_related("applicant"))

    return records


for _key, _codes in CLAIM_KPIS.items():
    register_count(_key, claims_paid(_codes), dated="paid_at")
