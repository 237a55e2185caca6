"""Settling an award (issue #19, item 10): the notice of the fixed amount (額の確定通知書), refund orders (返還請求)
when more was paid than the fixed amount, and the grantee's payment requests (請求書)."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kizuna.core.fiscal import current_fiscal_year, reiwa_date
from kizuna.grants import services
from kizuna.grants.models import Assignment, LetterSequence, Payment, PaymentRequest, RefundOrder, Scheme
from kizuna.grants.queries import balance_of
from kizuna.grants.services.letters import amount_letter_pdf, refund_letter_pdf
from tests.audit_helpers import logged
from tests.factories import arrange_update

from .conftest import make_submitted
from .test_api import API, _post


def _text(pdf: bytes) -> str:
    """The PDF's text as pypdf reads it back, without spaces and line breaks (Japanese wraps anywhere)."""
    return "".join("".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def _award(world, call, amount=800_000):
    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: amount})
    return a


def _pay(world, application, amount, kind="advance") -> Payment:
    payment = services.prepare_payment(by=world.people["hq_staff"], application=application, kind=kind,
                                       amount=amount)
    return services.approve_payment(by=world.people["superuser"], payment=payment)


def _fix(world, application, actual):
    line = application.lines.get()
    services.submit_report(by=world.people["municipality_staff"], application=application,
                           actuals={line.pk: actual}, outcomes="参加者120名")
    return services.fix_amount(by=world.people["hq_staff"], application=application)


@pytest.fixture
def overpaid(world, call):
    """Chiyoda's project: ¥800,000 decided and paid in advance, ¥600,000 spent, so fixed at ¥600,000."""
    a = _award(world, call)
    _pay(world, a, 800_000)
    return _fix(world, a, 600_000)


@pytest.fixture
def refund(world, overpaid):
    return services.issue_refund_order(by=world.people["hq_staff"], application=overpaid)


def _sequence() -> int:
    return LetterSequence.objects.get(fiscal_year=current_fiscal_year()).last_number


# The notice of the fixed amount ---------------------------------------------------------------------------------

def test_fix_amount_numbers_its_notice_from_the_letters_register(world, overpaid):
    assert (overpaid.document_number, overpaid.fixed_document_number, overpaid.fixed_by, _sequence()) == (
        "自国際第1号", "自国際第2号", world.people["hq_staff"], 2)


def test_amount_letter_states_the_refund_when_more_was_paid(overpaid):
    text = _text(amount_letter_pdf(overpaid))
    expected = ["補助金の額の確定通知書", "自国際第2号", "千代田区長様", "一般財団法人自治体国際化協会理事長",
                "交付決定額800,000円", "確定額600,000円", "既交付額800,000円", "返還額200,000円", overpaid.title]
    assert [s for s in expected if s not in text] == []


def test_amount_letter_states_what_remains_to_be_paid(world, call):
    a = _award(world, call)
    _pay(world, a, 300_000)
    fixed = _fix(world, a, 700_000)
    text = _text(amount_letter_pdf(fixed))
    expected = ["確定額700,000円", "既交付額300,000円", "精算払額（今後の交付額）400,000円"]
    assert ([s for s in expected if s not in text], "返還額" in text) == ([], False)


def test_amount_letter_reads_the_same_after_later_payments(world, call):
    a = _award(world, call)
    fixed = _fix(world, a, 700_000)
    before = _text(amount_letter_pdf(fixed))
    _pay(world, fixed, 700_000, kind="settlement")
    assert _text(amount_letter_pdf(fixed)) == before


def test_fixing_mails_the_notice_through_the_task_worker(world, call, smtp_server,
                                                        django_capture_on_commit_callbacks):
    a = _award(world, call)
    _pay(world, a, 800_000)
    line = a.lines.get()
    services.submit_report(by=world.people["municipality_staff"], application=a, actuals={line.pk: 600_000},
                           outcomes="実施した")
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.fix_amount(by=world.people["hq_staff"], application=a)
    (sent,) = smtp_server.messages
    (pdf,) = list(sent["message"].iter_attachments())
    text = _text(pdf.get_content())
    assert (sorted(sent["to"]), pdf.get_filename(), "額の確定通知" in sent["message"]["Subject"]) == (
        ["municipality_admin@example.jp", "municipality_staff@example.jp"], "gaku-no-kakutei-tsuchisho.pdf", True)
    assert [s for s in ["確定額600,000円", "返還額200,000円"] if s not in text] == []


def test_fix_amount_refused_leaves_no_number_taken(world, call):
    a = _award(world, call)
    before = _sequence()
    with pytest.raises(ValidationError):
        services.fix_amount(by=world.people["hq_staff"], application=a)  # not reported yet
    a.refresh_from_db()
    assert (_sequence(), a.final_amount, a.fixed_letter_number) == (before, None, None)


# Refund orders ----------------------------------------------------------------------------------------------------

def test_issue_refund_order_for_what_was_paid_beyond_the_fixed_amount(world, refund):
    who, changes = logged(refund, "grants.refundorder.issue")
    assert (refund.amount, refund.status, refund.due_on, refund.document_number, who) == (
        200_000, "issued", timezone.localdate() + timedelta(days=30), "自国際第3号", world.people["hq_staff"])
    assert (changes["amount"], changes["letter_number"]) == ([None, 200_000], [None, 3])


def test_refund_order_letter_reads_back(refund):
    text = _text(refund_letter_pdf(refund))
    expected = ["補助金返還請求書", "自国際第3号", "自国際第2号で額を確定", "千代田区長様", "確定額600,000円",
                "既交付額800,000円", "返還請求額200,000円", f"納付期限{reiwa_date(refund.due_on)}"]
    assert [s for s in expected if s not in text] == []


def test_refund_order_is_mailed_to_the_grantee(world, overpaid, smtp_server, django_capture_on_commit_callbacks):
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        refund = services.issue_refund_order(by=world.people["hq_staff"], application=overpaid,
                                             due_on=timezone.localdate() + timedelta(days=20),
                                             note="振込手数料は貴団体負担")
    (sent,) = smtp_server.messages
    (pdf,) = list(sent["message"].iter_attachments())
    assert (pdf.get_filename(), "返還請求" in sent["message"]["Subject"], "返還請求額200,000円" in _text(
        pdf.get_content()), "振込手数料は貴団体負担" in _text(pdf.get_content()), refund.due_on) == (
        "henkan-seikyusho.pdf", True, True, True, timezone.localdate() + timedelta(days=20))


def test_refund_refused_on_an_application_not_fixed(world, call):
    a = _award(world, call)
    _pay(world, a, 800_000)
    before = _sequence()
    with pytest.raises(ValidationError) as excinfo:
        services.issue_refund_order(by=world.people["hq_staff"], application=a)
    assert (excinfo.value.code, RefundOrder.objects.count(), _sequence()) == ("state", 0, before)


def test_refund_refused_when_nothing_is_owed(world, call):
    a = _award(world, call)
    _pay(world, a, 500_000)
    fixed = _fix(world, a, 700_000)
    with pytest.raises(ValidationError) as excinfo:
        services.issue_refund_order(by=world.people["hq_staff"], application=fixed)
    assert (excinfo.value.code, RefundOrder.objects.count()) == ("nothing", 0)


def test_refund_refused_twice_for_the_same_difference(world, refund):
    with pytest.raises(ValidationError) as excinfo:
        services.issue_refund_order(by=world.people["hq_staff"], application=refund.application)
    assert (excinfo.value.code, RefundOrder.objects.count()) == ("nothing", 1)


def test_refund_refused_while_a_payment_waits_for_approval(world, call):
    a = _award(world, call)
    _pay(world, a, 500_000)
    services.prepare_payment(by=world.people["hq_staff"], application=a, kind="advance", amount=300_000)
    fixed = _fix(world, a, 400_000)
    with pytest.raises(ValidationError) as excinfo:
        services.issue_refund_order(by=world.people["hq_staff"], application=fixed)
    assert (excinfo.value.code, RefundOrder.objects.count()) == ("waiting", 0)


def test_refund_refused_with_a_due_date_not_after_today(world, overpaid):
    before = _sequence()
    with pytest.raises(ValidationError) as excinfo:
        services.issue_refund_order(by=world.people["hq_staff"], application=overpaid,
                                    due_on=timezone.localdate())
    assert (list(excinfo.value.message_dict), RefundOrder.objects.count(), _sequence()) == (["due_on"], 0, before)


def test_refund_order_denied_to_the_grantee(world, overpaid):
    with pytest.raises(PermissionDenied):
        services.issue_refund_order(by=world.people["municipality_staff"], application=overpaid)


def test_receive_refund_settles_the_balance(world, refund):
    received = services.receive_refund(by=world.people["hq_staff"], refund=refund,
                                       received_on=timezone.localdate(), received_amount=200_000)
    balance = balance_of(refund.application)
    who, changes = logged(received, "grants.refundorder.receive")
    assert (received.status, balance.refund_due, balance.refund_received, balance.closed, who,
            changes["status"]) == ("received", 0, 200_000, True, world.people["hq_staff"], ["issued", "received"])


def test_balance_is_open_until_the_refund_is_received(refund):
    balance = balance_of(refund.application)
    assert (balance.decided, balance.fixed, balance.paid, balance.refund_due, balance.refund_ordered,
            balance.refund_unordered, balance.to_pay, balance.closed) == (
        800_000, 600_000, 800_000, 200_000, 200_000, 0, 0, False)


def test_receive_refund_refuses_a_part_of_the_amount(world, refund):
    with pytest.raises(ValidationError) as excinfo:
        services.receive_refund(by=world.people["hq_staff"], refund=refund, received_on=timezone.localdate(),
                                received_amount=150_000)
    refund.refresh_from_db()
    assert (list(excinfo.value.message_dict), refund.status, refund.received_amount) == (
        ["received_amount"], "issued", None)


def test_receive_refund_refuses_a_day_in_the_future(world, refund):
    with pytest.raises(ValidationError) as excinfo:
        services.receive_refund(by=world.people["hq_staff"], refund=refund,
                                received_on=timezone.localdate() + timedelta(days=1), received_amount=200_000)
    assert list(excinfo.value.message_dict) == ["received_on"]


def test_receive_refund_denied_to_the_grantee(world, refund):
    with pytest.raises(PermissionDenied):
        services.receive_refund(by=world.people["municipality_staff"], refund=refund,
                                received_on=timezone.localdate(), received_amount=200_000)


def test_cancel_refund_needs_a_reason_then_a_new_order_can_be_issued(world, refund):
    hq = world.people["hq_staff"]
    with pytest.raises(ValidationError) as excinfo:
        services.cancel_refund(by=hq, refund=refund, reason="  ")
    cancelled = services.cancel_refund(by=hq, refund=refund, reason="納付期限の誤り")
    again = services.issue_refund_order(by=hq, application=refund.application)
    assert (list(excinfo.value.message_dict), cancelled.status, again.amount) == (
        ["cancel_reason"], "cancelled", 200_000)


def test_received_refund_cannot_be_cancelled(world, refund):
    hq = world.people["hq_staff"]
    services.receive_refund(by=hq, refund=refund, received_on=timezone.localdate(), received_amount=200_000)
    with pytest.raises(ValidationError) as excinfo:
        services.cancel_refund(by=hq, refund=refund, reason="誤り")
    assert excinfo.value.code == "wrong_state"


def test_database_refuses_a_refund_received_without_the_amount(refund):
    with pytest.raises(IntegrityError), transaction.atomic():
        arrange_update(RefundOrder.objects.filter(pk=refund.pk), status="received",
                       received_on=timezone.localdate(), received_amount=1)


# Payment requests -------------------------------------------------------------------------------------------------

@pytest.fixture
def awarded(world, call):
    return _award(world, call)


def _request(world, application, amount, kind="advance", role="municipality_staff"):
    return services.request_payment(by=world.people[role], application=application, kind=kind, amount=amount,
                                    note="第1回概算払")


def test_request_an_advance_within_what_is_due(world, awarded):
    request = _request(world, awarded, 500_000)
    who, changes = logged(request, "grants.paymentrequest.submit")
    assert (request.status, request.kind, request.amount, balance_of(awarded).room, who, changes["amount"]) == (
        "submitted", "advance", 500_000, 300_000, world.people["municipality_staff"], [None, 500_000])


def test_request_refused_above_what_is_due(world, awarded):
    _pay(world, awarded, 300_000)
    with pytest.raises(ValidationError) as excinfo:
        _request(world, awarded, 500_001)
    assert (list(excinfo.value.message_dict), excinfo.value.message_dict["amount"][0].count("500,000"),
            PaymentRequest.objects.count()) == (["amount"], 1, 0)


def test_requests_waiting_count_against_what_is_due(world, awarded):
    _request(world, awarded, 600_000)
    with pytest.raises(ValidationError):
        _request(world, awarded, 200_001)
    assert PaymentRequest.objects.count() == 1


def test_request_an_advance_refused_where_the_scheme_pays_none(world, awarded):
    arrange_update(Scheme.objects.filter(pk=awarded.call.scheme_id), advance_payments=False)
    awarded.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        _request(world, awarded, 100_000)
    assert ([e.code for e in excinfo.value.error_dict["kind"]], PaymentRequest.objects.count()) == (
        ["no_advance"], 0)


def test_staff_cannot_prepare_an_advance_where_the_scheme_pays_none(world, awarded):
    arrange_update(Scheme.objects.filter(pk=awarded.call.scheme_id), advance_payments=False)
    awarded.refresh_from_db()
    with pytest.raises(ValidationError):
        services.prepare_payment(by=world.people["hq_staff"], application=awarded, kind="advance", amount=1)
    assert Payment.objects.count() == 0


def test_request_the_settlement_refused_before_the_amount_is_fixed(world, awarded):
    with pytest.raises(ValidationError) as excinfo:
        _request(world, awarded, 100_000, kind="settlement")
    assert (list(excinfo.value.message_dict), PaymentRequest.objects.count()) == (["kind"], 0)


def test_request_an_advance_refused_once_the_amount_is_fixed(world, awarded):
    fixed = _fix(world, awarded, 700_000)
    with pytest.raises(ValidationError) as excinfo:
        _request(world, fixed, 100_000)
    assert list(excinfo.value.message_dict) == ["kind"]


def test_request_the_settlement_of_what_remains_after_fixing(world, awarded):
    _pay(world, awarded, 300_000)
    fixed = _fix(world, awarded, 700_000)
    with pytest.raises(ValidationError):
        _request(world, fixed, 400_001, kind="settlement")
    assert _request(world, fixed, 400_000, kind="settlement").amount == 400_000


def test_request_denied_to_headquarters_and_another_municipality(world, awarded):
    for role in ("hq_staff", "other_municipality_staff"):
        with pytest.raises(PermissionDenied):
            _request(world, awarded, 100_000, role=role)


def test_accept_request_prepares_the_payment_and_keeps_the_two_person_rule(world, awarded):
    hq = world.people["hq_staff"]
    accepted = services.accept_payment_request(by=hq, request=_request(world, awarded, 500_000))
    payment = accepted.payment
    with pytest.raises(ValidationError) as excinfo:
        services.approve_payment(by=hq, payment=payment)
    approved = services.approve_payment(by=world.people["superuser"], payment=payment)
    who, changes = logged(accepted, "grants.paymentrequest.accept")
    assert (accepted.status, payment.kind, payment.amount, payment.prepared_by, excinfo.value.code,
            approved.status, who, changes["payment"]) == (
        "accepted", "advance", 500_000, hq, "two_person", "approved", hq, [None, payment.pk])


def test_accept_refused_when_the_payments_went_beyond_it(world, awarded):
    request = _request(world, awarded, 500_000)
    arrange_update(PaymentRequest.objects.filter(pk=request.pk), amount=900_000)  # above the ¥800,000 decided
    request.refresh_from_db()
    with pytest.raises(ValidationError):
        services.accept_payment_request(by=world.people["hq_staff"], request=request)
    request.refresh_from_db()
    assert (request.status, Payment.objects.count()) == ("submitted", 0)


def test_return_request_needs_a_reason(world, awarded):
    request = _request(world, awarded, 500_000)
    with pytest.raises(ValidationError) as excinfo:
        services.return_payment_request(by=world.people["hq_staff"], request=request, reason="")
    returned = services.return_payment_request(by=world.people["hq_staff"], request=request,
                                               reason="振込先口座の確認が必要です")
    assert (list(excinfo.value.message_dict), returned.status, returned.reason, balance_of(awarded).room) == (
        ["reason"], "returned", "振込先口座の確認が必要です", 800_000)


def test_answering_a_request_twice_is_refused(world, awarded):
    hq = world.people["hq_staff"]
    request = services.accept_payment_request(by=hq, request=_request(world, awarded, 500_000))
    with pytest.raises(ValidationError) as excinfo:
        services.accept_payment_request(by=hq, request=request)
    assert (excinfo.value.code, Payment.objects.count()) == ("wrong_state", 1)


def test_answer_denied_to_the_grantee(world, awarded):
    request = _request(world, awarded, 500_000)
    with pytest.raises(PermissionDenied):
        services.accept_payment_request(by=world.people["municipality_admin"], request=request)
    with pytest.raises(PermissionDenied):
        services.return_payment_request(by=world.people["municipality_admin"], request=request, reason="x")


def test_accept_and_return_are_mailed_to_the_grantee(world, awarded, smtp_server,
                                                      django_capture_on_commit_callbacks):
    hq = world.people["hq_staff"]
    first, second = _request(world, awarded, 300_000), _request(world, awarded, 200_000)
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.accept_payment_request(by=hq, request=first)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.return_payment_request(by=hq, request=second, reason="請求書の押印がありません")
    accepted, returned = smtp_server.messages
    assert (sorted(accepted["to"]), "受理" in accepted["message"]["Subject"],
            "請求書の押印がありません" in returned["message"].get_content()) == (
        ["municipality_admin@example.jp", "municipality_staff@example.jp"], True, True)


def _declared_reviewer(world, application):
    """The reviewer assigned to the application (before its decision), who declared no conflict of interest."""
    Assignment.objects.create(application=application, reviewer=world.people["reviewer"], status="active",
                              assigned_by=world.people["hq_staff"])


# Pages ------------------------------------------------------------------------------------------------------------

def test_application_page_shows_the_balance_to_the_grantee_not_to_a_reviewer(world, refund):
    a = refund.application
    _declared_reviewer(world, a)
    grantee = world.client_for("municipality_staff").get(a.get_absolute_url()).content.decode()
    reviewer = world.client_for("reviewer").get(a.get_absolute_url()).content.decode()
    letter = reverse("grants:amount_letter", args=[a.pk])
    assert ('data-testid="balance"' in grantee, letter in grantee, 'data-testid="refund"' in grantee,
            'data-testid="balance"' in reviewer, letter in reviewer) == (True, True, True, False, False)


def test_amount_letter_downloaded_by_the_grantee_and_staff(world, overpaid):
    url = reverse("grants:amount_letter", args=[overpaid.pk])
    grantee = world.client_for("municipality_staff").get(url)
    staff = world.client_for("hq_staff").get(url)
    other = world.client_for("other_municipality_staff").get(url)
    assert (grantee.status_code, staff.status_code, other.status_code, grantee["Content-Type"]) == (
        200, 200, 404, "application/pdf")
    assert "確定額600,000円" in _text(grantee.content)


def test_amount_letter_before_the_amount_is_fixed_goes_back(world, awarded):
    response = world.client_for("hq_staff").get(reverse("grants:amount_letter", args=[awarded.pk]))
    assert (response.status_code, response["Location"]) == (302, awarded.get_absolute_url())


def test_refund_issued_in_pages_with_the_default_due_date(world, overpaid):
    client = world.client_for("hq_staff")
    url = reverse("grants:refund_issue", args=[overpaid.pk])
    form = client.get(url)
    default = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(url, {"due_on": default, "note": ""})
    assert (form.status_code, default in form.content.decode(), "200,000" in form.content.decode(),
            response.status_code, RefundOrder.objects.get().amount) == (200, True, True, 302, 200_000)


def test_refund_page_refuses_a_past_due_date_beside_the_field(world, overpaid):
    response = world.client_for("hq_staff").post(reverse("grants:refund_issue", args=[overpaid.pk]),
                                                 {"due_on": timezone.localdate().isoformat()})
    assert (response.status_code, 'id="id_due_on_error"' in response.content.decode(),
            RefundOrder.objects.count()) == (400, True, 0)


def test_refund_page_forbidden_to_the_grantee(world, overpaid):
    response = world.client_for("municipality_staff").get(reverse("grants:refund_issue", args=[overpaid.pk]))
    assert response.status_code == 404


def test_refund_received_and_cancelled_in_pages(world, call, refund):
    client = world.client_for("hq_staff")
    short = client.post(reverse("grants:refund_receive", args=[refund.application_id, refund.pk]),
                        {"received_on": timezone.localdate().isoformat(), "received_amount": "100,000"})
    done = client.post(reverse("grants:refund_receive", args=[refund.application_id, refund.pk]),
                       {"received_on": timezone.localdate().isoformat(), "received_amount": "200,000"})
    refund.refresh_from_db()
    assert (short.status_code, 'id="id_received_amount_error"' in short.content.decode(), done.status_code,
            refund.status) == (400, True, 302, "received")


def test_refund_cancel_page_needs_a_reason(world, refund):
    url = reverse("grants:refund_cancel", args=[refund.application_id, refund.pk])
    client = world.client_for("hq_staff")
    empty = client.post(url, {"cancel_reason": ""})
    done = client.post(url, {"cancel_reason": "金額の誤り"})
    refund.refresh_from_db()
    assert (empty.status_code, done.status_code, refund.status) == (400, 302, "cancelled")


def test_refund_letter_downloaded_by_the_grantee(world, refund):
    url = reverse("grants:refund_letter", args=[refund.application_id, refund.pk])
    response = world.client_for("municipality_admin").get(url)
    other = world.client_for("other_municipality_staff").get(url)
    assert (response.status_code, "返還請求額200,000円" in _text(response.content), other.status_code) == (
        200, True, 404)


def test_overdue_refund_orders_listed_first_and_counted_on_the_staff_home_page(world, call, refund):
    later = _award(world, call, 500_000)
    _pay(world, later, 500_000)
    later_refund = services.issue_refund_order(by=world.people["hq_staff"], application=_fix(world, later, 400_000),
                                               due_on=timezone.localdate() + timedelta(days=5))
    arrange_update(RefundOrder.objects.filter(pk=refund.pk), due_on=timezone.localdate() - timedelta(days=2))
    client = world.client_for("hq_staff")
    page = client.get(reverse("grants:refunds")).content.decode()
    home = client.get("/").content.decode()
    assert (page.count('data-testid="overdue"'), page.index(refund.document_number) < page.index(
        later_refund.document_number), reverse("grants:refunds") in home) == (1, True, True)


def test_refunds_list_forbidden_to_the_grantee(world, refund):
    assert world.client_for("municipality_staff").get(reverse("grants:refunds")).status_code == 403


def test_refunds_list_query_count_is_flat(world, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("hq_staff")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("grants:refunds")).status_code == 200
        return len(ctx.captured_queries)

    def one_refund():
        a = _award(world, call, 200_000)
        _pay(world, a, 200_000)
        services.issue_refund_order(by=world.people["hq_staff"], application=_fix(world, a, 100_000))

    one_refund()
    one = count()
    one_refund()
    one_refund()
    assert count() == one


def test_grantee_home_page_asks_for_the_refund(world, refund):
    page = world.client_for("municipality_staff").get("/").content.decode()
    assert refund.get_absolute_url() in page


def test_payment_requested_and_accepted_in_pages(world, awarded):
    grantee, hq = world.client_for("municipality_staff"), world.client_for("hq_staff")
    url = reverse("grants:payment_request", args=[awarded.pk])
    too_much = grantee.post(url, {"kind": "advance", "amount": "800,001", "note": ""})
    sent = grantee.post(url, {"kind": "advance", "amount": "500,000", "note": "研修前半分"})
    request = PaymentRequest.objects.get()
    staff_page = hq.get(awarded.get_absolute_url()).content.decode()
    home = hq.get("/").content.decode()
    answered = hq.post(reverse("grants:payment_request_answer", args=[awarded.pk, request.pk]),
                       {"accept": "yes", "reason": ""})
    request.refresh_from_db()
    assert (too_much.status_code, 'id="id_amount_error"' in too_much.content.decode(), sent.status_code,
            'data-testid="payment-request-answer"' in staff_page, request.get_absolute_url() in home,
            answered.status_code, request.status, request.payment.status) == (
        400, True, 302, True, True, 302, "accepted", "prepared")


def test_payment_request_page_forbidden_to_staff_and_another_municipality(world, awarded):
    url = reverse("grants:payment_request", args=[awarded.pk])
    assert (world.client_for("hq_staff").get(url).status_code,
            world.client_for("other_municipality_staff").get(url).status_code) == (404, 404)


def test_payment_request_returned_in_pages_without_a_reason_is_refused(world, awarded):
    request = _request(world, awarded, 100_000)
    url = reverse("grants:payment_request_answer", args=[awarded.pk, request.pk])
    world.client_for("hq_staff").post(url, {"accept": "no", "reason": ""})
    request.refresh_from_db()
    assert request.status == "submitted"


# API --------------------------------------------------------------------------------------------------------------

def test_settlement_through_the_api(world, refund):
    response = world.client_for("municipality_staff").get(f"{API}/applications/{refund.application_id}/settlement")
    body = response.json()
    assert (response.status_code, body["fixed"], body["paid"], body["refund_due"], body["closed"],
            [(r["document_number"], r["amount"], r["status"]) for r in body["refund_orders"]]) == (
        200, 600_000, 800_000, 200_000, False, [("自国際第3号", 200_000, "issued")])


def test_settlement_api_forbidden_to_a_reviewer(world, refund):
    a = refund.application
    _declared_reviewer(world, a)
    response = world.client_for("reviewer").get(f"{API}/applications/{a.pk}/settlement")
    assert response.status_code == 404


def test_payment_requests_through_the_api(world, awarded):
    grantee, hq = world.client_for("municipality_staff"), world.client_for("hq_staff")
    url = f"{API}/applications/{awarded.pk}/payment-requests"
    first = _post(grantee, url, {"kind": "advance", "amount": 300_000, "note": "前半"}).json()
    second = _post(grantee, url, {"kind": "advance", "amount": 200_000}).json()
    accepted = _post(hq, f"{url}/{first['id']}/accept", {}).json()
    returned = _post(hq, f"{url}/{second['id']}/return", {"reason": "重複"}).json()
    listed = grantee.get(url).json()
    assert ([r["status"] for r in listed], accepted["payment_id"] is not None, returned["reason"]) == (
        ["accepted", "returned"], True, "重複")


def test_payment_request_above_what_is_due_refused_by_the_api_in_japanese(world, awarded):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{awarded.pk}/payment-requests",
                     {"kind": "advance", "amount": 900_000}, language="ja")
    assert (response.status_code, "800,000" in str(response.json()), PaymentRequest.objects.count()) == (
        422, True, 0)


def test_payment_request_api_refuses_an_unknown_kind(world, awarded):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{awarded.pk}/payment-requests",
                     {"kind": "bonus", "amount": 1})
    assert (response.status_code, PaymentRequest.objects.count()) == (422, 0)


def test_payment_request_accept_api_denied_to_the_grantee(world, awarded):
    request = _request(world, awarded, 100_000)
    response = _post(world.client_for("municipality_staff"),
                     f"{API}/applications/{awarded.pk}/payment-requests/{request.pk}/accept", {})
    assert (response.status_code, PaymentRequest.objects.get().status) == (404, "submitted")


def test_payment_requests_api_list_query_count_is_flat(world, awarded):
    from .test_api import _queries

    client, url = world.client_for("municipality_staff"), f"{API}/applications/{awarded.pk}/payment-requests"
    _request(world, awarded, 100_000)
    one = _queries(client, url)
    _request(world, awarded, 100_000)
    _request(world, awarded, 100_000)
    assert _queries(client, url) == one


def test_refund_history_names_its_steps(world, refund):
    from django.utils import translation

    from kizuna.core.history import history_of

    services.receive_refund(by=world.people["hq_staff"], refund=refund, received_on=timezone.localdate(),
                            received_amount=200_000)
    with translation.override("ja"):
        steps = [e.what for e in history_of(refund)]
    assert sorted(steps) == sorted(["返還を請求した", "返還の受領を記録する"])


def test_cancel_refund_denied_to_the_grantee(world, refund):
    with pytest.raises(PermissionDenied):
        services.cancel_refund(by=world.people["municipality_admin"], refund=refund, reason="払えない")
    refund.refresh_from_db()
    assert refund.status == "issued"


def test_calls_scheme_in_the_api_says_whether_it_pays_advances(world, call):
    arrange_update(Scheme.objects.filter(pk=call.scheme_id), advance_payments=False)
    body = world.client_for("municipality_staff").get(f"{API}/calls/{call.pk}").json()
    assert body["scheme"]["advance_payments"] is False
