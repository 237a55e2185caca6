"""Settling grants in a real browser (issue #19, item 10): headquarters fix the amount of a project paid more in
advance than it spent, download the notice of the fixed amount (額の確定通知書), order the refund (返還請求) and
record it received; a grantee asks for an advance from a phone (請求書) and headquarters accept it, which
prepares the payment that a second person approves."""

import io
import re

import pypdf
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kizuna.grants import services
from kizuna.grants.models import PaymentRequest, RefundOrder
from tests.grants.conftest import call, make_submitted, scheme  # noqa: F401 - fixtures

from .conftest import csp_violations, log_in_with_session, mails_to, no_sideways_scroll

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _as(page, live_server, person):
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def _pdf_text(path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join(p.extract_text() for p in reader.pages).split())


@pytest.fixture
def projects(world, call):  # noqa: F811
    """Chiyoda's two awarded projects: one paid ¥800,000 in advance whose report says ¥600,000 was spent, one
    decided at ¥500,000 and not paid yet."""
    hq = world.people["hq_staff"]
    overpaid, unpaid = make_submitted(world, call, 2)
    overpaid, unpaid = services.decide_applications(by=hq, call=call,
                                                    awards={overpaid.pk: 800_000, unpaid.pk: 500_000})
    payment = services.prepare_payment(by=hq, application=overpaid, kind="advance", amount=800_000)
    services.approve_payment(by=world.people["superuser"], payment=payment)
    services.submit_report(by=world.people["municipality_staff"], application=overpaid,
                           actuals={overpaid.lines.get().pk: 600_000}, outcomes="研修員10名を受け入れた。")
    return overpaid, unpaid


def test_staff_fix_below_the_advance_order_the_refund_and_record_it(page, live_server, world, projects,
                                                                   smtp_server):
    overpaid, _unpaid = projects
    blocked = csp_violations(page)
    _as(page, live_server, world.people["hq_staff"])
    page.goto(overpaid.get_absolute_url())
    page.get_by_role("button", name="実績報告を受理し額を確定する").click()
    expect(page.get_by_test_id("balance-fixed")).to_have_text("¥600,000")
    expect(page.get_by_test_id("balance-paid")).to_have_text("¥800,000")
    expect(page.get_by_test_id("balance-refund-due")).to_have_text("¥200,000")
    expect(page.get_by_test_id("balance-closed")).to_have_text("未完了")

    # The notice of the fixed amount: downloadable, and mailed to Chiyoda's staff by the task worker.
    with page.expect_download() as download:
        page.get_by_test_id("amount-letter").click()
    text = _pdf_text(download.value.path())
    assert [s for s in ["補助金の額の確定通知書", "確定額600,000円", "既交付額800,000円", "返還額200,000円"]
            if s not in text] == []
    (notice,) = mails_to(smtp_server, "municipality_staff@example.jp", 1)
    assert "額の確定通知" in notice["Subject"]

    # The refund order: the amount is the difference, the due date 30 days on unless changed.
    page.get_by_test_id("refund-issue").click()
    expect(page.locator("main")).to_contain_text("¥200,000")
    page.get_by_role("button", name="返還請求を発行する").click()
    refund = RefundOrder.objects.get()
    expect(page.get_by_test_id("refund-status")).to_have_text("請求済み（返還待ち）")
    expect(page.get_by_test_id("refunds")).to_contain_text(refund.document_number)
    letters = mails_to(smtp_server, "municipality_staff@example.jp", 2)
    assert [m.get_filename() for m in letters[1].iter_attachments()] == ["henkan-seikyusho.pdf"]

    # The refund comes in: recorded in full, and nothing is owed either way.
    page.get_by_test_id("refund-receive").click()
    page.fill("#id_received_amount", "150,000")
    page.get_by_role("button", name="返還の受領を記録する").click()
    expect(page.locator("#id_received_amount_error")).to_be_visible()
    page.fill("#id_received_amount", "200,000")
    page.get_by_role("button", name="返還の受領を記録する").click()
    expect(page.get_by_test_id("refund-status")).to_have_text("返還済み")
    expect(page.get_by_test_id("balance-refund-received")).to_have_text("¥200,000")
    expect(page.get_by_test_id("balance-closed")).to_have_text("完了（支払・返還とも残額なし）")
    assert blocked == []


def test_grantee_requests_an_advance_from_a_phone_and_staff_accept_it(page, live_server, world, projects):
    _overpaid, unpaid = projects
    blocked = csp_violations(page)
    page.set_viewport_size(PHONE)
    _as(page, live_server, world.people["municipality_staff"])
    page.goto(unpaid.get_absolute_url())
    expect(page.get_by_test_id("balance-to-pay")).to_have_text("¥500,000")
    no_sideways_scroll(page)
    page.get_by_test_id("payment-request-link").click()
    expect(page).to_have_url(re.compile(reverse("grants:payment_request", args=[unpaid.pk]) + "$"))
    no_sideways_scroll(page)
    page.fill("#id_amount", "600,000")
    page.fill("#id_note", "研修受入の前半分")
    page.get_by_role("button", name="支払請求を送信する").click()
    expect(page.locator("#id_amount_error")).to_contain_text("500,000")
    page.fill("#id_amount", "300,000")
    page.get_by_role("button", name="支払請求を送信する").click()
    expect(page.get_by_test_id("payment-request-status")).to_have_text("本部の確認待ち")
    expect(page.get_by_test_id("balance-requested")).to_have_text("¥300,000")
    no_sideways_scroll(page)

    # Headquarters accept it: the payment is prepared, and its preparer cannot approve it.
    page.set_viewport_size({"width": 1280, "height": 800})
    _as(page, live_server, world.people["hq_staff"])
    page.goto(unpaid.get_absolute_url())
    answer = page.get_by_test_id("payment-request-answer")
    answer.get_by_label("受理して支払を起案する").check()
    answer.get_by_role("button", name="回答").click()
    expect(page.get_by_test_id("payment-request-status")).to_have_text("受理（支払起案済み）")
    payments = page.get_by_test_id("payments")
    expect(payments).to_contain_text("¥300,000")
    expect(payments.get_by_role("button", name="承認する")).to_have_count(0)
    assert PaymentRequest.objects.get().payment.status == "prepared"
    assert blocked == []
