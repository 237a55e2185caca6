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
            tabunka.criteria.count()) == (4, 600_000, 3_000_000, 4_000_000, 5)


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
                                                          Status.FIXED]))


def test_demo_covers_every_stage_of_a_grant(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo

    seed_demo()
    seed_grants_demo()
    now = timezone.now()
    calls = Call.objects.all()
    assert {"unpublished", "open", "closed", "decided"} == {
        "unpublished" if not c.is_published else "open" if c.is_open(now)
        else "decided" if c.applications.filter(decided_at__isnull=False).exists() else "closed" for c in calls}
    fixed = Application.objects.get(status=Status.FIXED)
    assert fixed.final_amount == final_amount(fixed) < fixed.decided_amount
    payments = {(p.kind, p.approved_by_id is not None, p.prepared_by_id != p.approved_by_id)
                for p in Payment.objects.all()}
    assert payments == {(PaymentKind.ADVANCE, True, True), (PaymentKind.SETTLEMENT, False, True)}
    scored = Assignment.objects.filter(status=AssignmentStatus.SCORED)
    assert scored.exists() and not scored.filter(weighted_score__isnull=True).exists()
