import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kizuna.grants import services
from kizuna.grants.enums import ChangeStatus

from .conftest import make_submitted


@pytest.fixture
def awarded(world, call):
    call.envelope = 1_500_000
    call.save()
    a, b = make_submitted(world, call, 2)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000, b.pk: 600_000})
    a.refresh_from_db()
    return a


def test_request_change_allowed_and_approved_with_a_new_amount(world, awarded):
    change = services.request_change(by=world.people["municipality_staff"], application=awarded,
                                     reason="会場変更", new_amount=900_000)
    change = services.decide_change(by=world.people["hq_staff"], change=change, approve=True)
    awarded.refresh_from_db()
    assert (change.status, awarded.decided_amount) == (ChangeStatus.APPROVED, 900_000)


def test_request_change_denied_to_another_organisation(world, awarded):
    with pytest.raises(PermissionDenied):
        services.request_change(by=world.people["association_staff"], application=awarded, reason="x")


def test_decide_change_denied_to_the_applicant(world, awarded):
    change = services.request_change(by=world.people["municipality_staff"], application=awarded, reason="x")
    with pytest.raises(PermissionDenied):
        services.decide_change(by=world.people["municipality_staff"], change=change, approve=True)


def test_change_above_the_envelope_is_refused(world, awarded):
    change = services.request_change(by=world.people["municipality_staff"], application=awarded,
                                     reason="増額", new_amount=1_000_000)
    with pytest.raises(ValidationError) as excinfo:
        services.decide_change(by=world.people["hq_staff"], change=change, approve=True)
    awarded.refresh_from_db()
    assert (excinfo.value.code, awarded.decided_amount) == ("envelope", 800_000)


def test_report_and_final_amount_in_pages(world, awarded):
    line = awarded.lines.get()
    world.client_for("municipality_staff").post(reverse("grants:report", args=[awarded.pk]), {
        f"actual_{line.pk}": 700_000, "outcomes": "参加者80名"})
    world.client_for("hq_staff").post(reverse("grants:fix_amount", args=[awarded.pk]))
    awarded.refresh_from_db()
    assert (awarded.status, awarded.final_amount) == ("fixed", 700_000)


def test_payment_two_person_rule_in_pages(world, awarded):
    hq = world.client_for("hq_staff")
    hq.post(reverse("grants:payment_prepare", args=[awarded.pk]), {"kind": "advance", "amount": 400_000})
    payment = awarded.payments.get()
    page = hq.post(reverse("grants:payment_approve", args=[awarded.pk, payment.pk]), follow=True)
    payment.refresh_from_db()
    assert (payment.approved_by, [(m.level_tag, str(m)) for m in page.context["messages"]]) == (None, [
        ("success", "支払を起案しました。起案者以外の承認が必要です。"),
        ("error", "支払の承認は、起案した人以外が行う必要があります。")])
    world.client_for("superuser").post(reverse("grants:payment_approve", args=[awarded.pk, payment.pk]))
    payment.refresh_from_db()
    assert payment.approved_by == world.people["superuser"]
