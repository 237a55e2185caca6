"""A JET subsidy claim in a real browser (issue #13, item 10): the participant prepares a JLPT fee claim from their
page — the cost, the level passed, the receipt and the result notice — their contracting organisation (Chiyoda)
files it, headquarters decide it on the board and pay it under the two-person rule, and the participant's page
shows the claim decided."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kizuna.grants.models import Application
from tests.grants.test_claims import PDF, _kpi, _second_hq, calls, jet, schemes  # noqa: F401 - fixtures

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser
KPI = "grants.claims.jet_self_development"


def _as(page, live_server, person):
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def test_a_participants_jlpt_claim_is_filed_by_chiyoda_and_paid_by_hq(page, live_server, world, calls, jet):  # noqa: F811
    call = calls["jet_jlpt"]
    before = _kpi(KPI)
    blocked = csp_violations(page)

    # The participant prepares the claim from their own page.
    _as(page, live_server, world.people["jet"])
    page.goto(reverse("jet:participant", args=[jet.pk]))
    expect(page.get_by_role("heading", name="助成を請求する")).to_be_visible()
    page.get_by_test_id("claim-calls").locator(f"a[href='{reverse('grants:apply', args=[call.pk])}']").click()
    expect(page.locator("main")).to_contain_text("千代田区")  # filed and paid to the contracting organisation
    page.get_by_role("button", name="請求を作成する").click()
    expect(page).to_have_url(re.compile(r"/grants/applications/\d+/$"))
    claim = Application.objects.get(beneficiary=jet)
    assert page.url.endswith(claim.get_absolute_url())
    expect(page.get_by_test_id("claim-hint")).to_be_visible()

    line = page.get_by_test_id("line-form")
    line.locator("#id_category").select_option("受験料")
    line.locator("#id_description").fill("日本語能力試験 受験料")
    line.locator("#id_amount").fill("7500")
    line.get_by_role("button", name="追加").click()
    expect(page.get_by_test_id("lines")).to_contain_text("7,500")

    page.get_by_role("link", name="申請内容と回答を編集する").click()
    page.select_option("#id_q_level", "N2")
    page.fill("#id_requested_amount", "7500")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("N2")  # the answer, shown under the answers

    for document in ("領収書", "合否結果通知書"):
        page.get_by_test_id("upload-link").click()
        page.select_option("#id_question", label=document)
        page.set_input_files("#id_file", {"name": f"{document}.pdf", "mimeType": "application/pdf", "buffer": PDF})
        page.get_by_role("button", name="添付する", exact=True).click()
        expect(page.get_by_test_id("attachments")).to_contain_text(f"{document}.pdf")
    expect(page.get_by_test_id("missing-documents")).to_have_count(0)
    expect(page.get_by_role("button", name="提出する")).to_have_count(0)  # Chiyoda files it, not the participant

    # Chiyoda's staff find the claim among their applications and file it.
    _as(page, live_server, world.people["municipality_staff"])
    page.goto(reverse("grants:applications"))
    page.get_by_test_id("applications").locator(f"a[href='{claim.get_absolute_url()}']").click()
    expect(page.get_by_test_id("beneficiary")).to_contain_text(str(jet))
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_test_id("status")).to_have_text("提出済み")

    # Headquarters decide it on the call's board, prepare the settlement, and a second person approves it.
    _as(page, live_server, world.people["hq_staff"])
    page.goto(reverse("grants:board", args=[call.pk]))
    page.fill(f"#id_amount_{claim.pk}", "7500")
    page.get_by_role("button", name="決定する").click()
    expect(page.get_by_test_id("awarded")).to_have_text("¥7,500")
    page.goto(claim.get_absolute_url())
    expect(page.get_by_test_id("status")).to_have_text("交付決定")
    page.select_option("#id_kind", "settlement")
    page.fill("#id_amount", "7500")
    page.get_by_role("button", name="支払を起案する").click()
    payments = page.get_by_test_id("payments")
    expect(payments).to_contain_text("¥7,500")
    expect(payments.get_by_role("button", name="承認する")).to_have_count(0)  # not by the one who prepared it
    assert _kpi(KPI) == before  # prepared is not paid

    approver = _second_hq(world)
    _as(page, live_server, approver)
    page.goto(claim.get_absolute_url())
    page.get_by_test_id("payments").get_by_role("button", name="承認する").click()
    expect(payments).to_contain_text(f"承認 {approver}")
    expect(payments.get_by_role("button")).to_have_count(0)

    # The participant's page lists the claim, decided, with its amount.
    _as(page, live_server, world.people["jet"])
    page.goto(reverse("jet:participant", args=[jet.pk]))
    row = page.get_by_test_id("participant-claims").locator("tbody tr").filter(
        has=page.locator(f"a[href='{claim.get_absolute_url()}']"))
    expect(row.locator(".tag")).to_have_attribute("data-state", "awarded")
    expect(row.locator(".tag")).to_have_text("交付決定")
    expect(row.locator("td").nth(1)).to_have_text("¥7,500")  # decided amount
    assert (before, _kpi(KPI)) == (0, 1)  # one claim paid, counted once
    assert blocked == []
