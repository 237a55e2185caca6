import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kizuna.grants import services
from kizuna.grants.enums import Status
from kizuna.grants.models import Payment

from .conftest import make_submitted


@pytest.fixture
def awarded(world, call):
    call.scheme.rate_percent = 50
    call.scheme.save()
    (a,) = make_submitted(world, call, 1, amount=1_000_000)
    a.requested_amount = 500_000
    a.save()
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 500_000})
    return a


def _report(world, application, actual):
    line = application.lines.get()
    return services.submit_report(by=world.people["municipality_staff"], application=application,
                                  actuals={line.pk: actual}, outcomes="参加者120名")


def test_submit_report_allowed(world, awarded):
    assert _report(world, awarded, 800_000).status == Status.REPORTED


def test_submit_report_denied_to_hq(world, awarded):
    with pytest.raises(PermissionDenied):
        services.submit_report(by=world.people["hq_staff"], application=awarded, actuals={}, outcomes="x")


def test_return_report_allowed_then_denied_to_the_applicant(world, awarded):
    reported = _report(world, awarded, 800_000)
    with pytest.raises(PermissionDenied):
        services.return_report(by=world.people["municipality_staff"], application=reported, comment="x")
    assert services.return_report(by=world.people["hq_staff"], application=reported,
                                  comment="領収書").status == Status.REPORT_RETURNED


def test_fix_amount_is_the_lesser_of_decided_and_rate_times_actual(world, awarded):
    fixed = services.fix_amount(by=world.people["hq_staff"], application=_report(world, awarded, 800_000))
    assert (fixed.status, fixed.final_amount) == (Status.FIXED, 400_000)


def test_fix_amount_never_above_the_decided_amount(world, awarded):
    fixed = services.fix_amount(by=world.people["hq_staff"], application=_report(world, awarded, 2_000_000))
    assert fixed.final_amount == 500_000


def test_fix_amount_denied_to_the_applicant(world, awarded):
    reported = _report(world, awarded, 800_000)
    with pytest.raises(PermissionDenied):
        services.fix_amount(by=world.people["municipality_staff"], application=reported)


def test_payment_needs_a_second_person_to_approve(world, awarded):
    preparer = world.people["hq_staff"]
    payment = services.prepare_payment(by=preparer, application=awarded, kind="advance", amount=250_000)
    with pytest.raises(ValidationError) as excinfo:
        services.approve_payment(by=preparer, payment=payment)
    assert excinfo.value.code == "two_person"
    assert services.approve_payment(by=world.people["superuser"], payment=payment).approved_by == \
        world.people["superuser"]


def test_payments_never_above_the_amount_due(world, awarded):
    services.prepare_payment(by=world.people["hq_staff"], application=awarded, kind="advance", amount=400_000)
    with pytest.raises(ValidationError):
        services.prepare_payment(by=world.people["hq_staff"], application=awarded, kind="advance", amount=100_001)


def test_database_refuses_a_payment_approved_by_its_preparer(world, awarded):
    p = Payment.objects.create(application=awarded, kind="advance", amount=1, prepared_by=world.people["hq_staff"])
    p.approved_by = world.people["hq_staff"]
    with pytest.raises(IntegrityError), transaction.atomic():
        p.save()
