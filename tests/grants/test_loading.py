from django.core.management import call_command
from django.utils import timezone

from kizuna.grants.demo import seed_grants_demo
from kizuna.grants.enums import AssignmentStatus, PaymentKind, Status
from kizuna.grants.models import Application, Assignment, Call, Payment, Scheme
from kizuna.grants.services.after import final_amount
from tests.factories import arrange_update
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on


def test_load_grant_schemes_is_idempotent_and_keeps_staff_edits(db):
    call_command("load_grant_schemes")
    arrange_update(Scheme.objects.filter(code="tabunka"), floor=600_000)
    call_command("load_grant_schemes")
    tabunka = Scheme.objects.get(code="tabunka")
    assert (Scheme.objects.count(), tabunka.floor, tabunka.ceilings["default"], tabunka.joint_ceiling,
            tabunka.criteria.count()) == (9, 600_000, 3_000_000, 4_000_000, 5)


def test_loaded_jet_subsidies_carry_their_rules_as_data(db):
    call_command("load_grant_schemes")
    claims = {s.code: s for s in Scheme.objects.filter(claims_for_participants=True)}
    assert sorted(claims) == ["jet_counselling", "jet_jlpt", "jet_sea", "jet_tefl"]
    assert claims["jet_jlpt"].claim_rules == {"contract_years": [1, 2, 3], "answer_in": {"level": ["N1", "N2", "N3"]},
                                             "once_per_person": True}
    assert (claims["jet_tefl"].ceiling_for(None), claims["jet_tefl"].claim_rules["answer_at_least"]) == (
        15_000, {"hours": 100})
    assert (claims["jet_counselling"].rate_percent, claims["jet_counselling"].claim_rules) == (
        50, {"person_year_cap": 30_000})
    assert claims["jet_sea"].claim_rules == {"positions": ["sea"]}
    fair = Scheme.objects.get(code="jet_career_fair")
    assert (fair.claims_for_participants, fair.applicant_kinds) == (False, ["prefecture", "municipality", "ward"])


def test_loaded_schemes_carry_the_domain_figures(db):
    call_command("load_grant_schemes")
    koryu = Scheme.objects.get(code="kokusai_koryu")
    kyoryoku = Scheme.objects.get(code="kokusai_kyoryoku")
    assert (koryu.rate_percent, koryu.ceiling_for(None), koryu.ceiling_for(None, answers={"scope": "domestic"}),
            kyoryoku.ceiling_for(None), kyoryoku.ceiling_for(None, joint=True)) == (
        50, 5_000_000, 3_000_000, 3_000_000, 5_000_000)


def test_seed_grants_demo_is_idempotent(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo

    seed_demo()
    seed_grants_demo()
    seed_grants_demo()
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert (Call.objects.count(), statuses) == (4, sorted([Status.DRAFT, Status.SUBMITTED, Status.RETURNED,
                                                          Status.AWARDED, Status.REJECTED, Status.REPORTED,
                                                          Status.FIXED, Status.FIXED]))


def test_demo_covers_every_stage_of_a_grant(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo

    seed_demo()
    seed_grants_demo()
    now = timezone.now()
    calls = Call.objects.all()
    assert {"unpublished", "open", "closed", "decided"} == {
        "unpublished" if not c.is_published else "open" if c.is_open(now)
        else "decided" if c.applications.filter(decided_at__isnull=False).exists() else "closed" for c in calls}
    fixed = Application.objects.get(status=Status.FIXED, title="ラオス・ビエンチャン都 防災研修受入")
    assert fixed.final_amount == final_amount(fixed) < fixed.decided_amount
    payments = {(p.kind, p.approved_by_id is not None, p.prepared_by_id != p.approved_by_id)
                for p in Payment.objects.all()}
    assert payments == {(PaymentKind.ADVANCE, True, True), (PaymentKind.SETTLEMENT, False, True)}
    scored = Assignment.objects.filter(status=AssignmentStatus.SCORED)
    assert scored.exists() and not scored.filter(weighted_score__isnull=True).exists()


def test_demo_has_a_refund_order_overdue_and_a_payment_request_waiting(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo
    from kizuna.grants.models import PaymentRequest, RefundOrder
    from kizuna.grants.queries import balance_of

    seed_demo()
    seed_grants_demo()
    seed_grants_demo()
    (refund,) = RefundOrder.objects.all()
    (request,) = PaymentRequest.objects.all()
    balance = balance_of(refund.application)
    assert (refund.status, refund.is_overdue(), refund.amount, balance.refund_due, balance.closed) == (
        "issued", True, balance.paid - balance.fixed, refund.amount, False)
    rest = request.application.decided_amount - balance_of(request.application).paid
    assert (request.status, request.kind, request.amount, balance_of(request.application).room) == (
        "submitted", PaymentKind.ADVANCE, rest, 0)
    assert request.submitted_by.memberships.filter(organisation=request.application.applicant).exists()
