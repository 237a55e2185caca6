"""A request to an overseas office answered by mail, and the office's report, in a real browser (issue #19,
item 11).

Chiyoda asks the New York office to arrange a visit. The office's officer, signed in with their authenticator's
code, replies on the request's page and records the time spent: a time of 0 minutes is refused beside its field
with the reply kept, 90 minutes is recorded. The reply reaches Chiyoda by mail (a real SMTP server) with the
request's signed reply address; Chiyoda's officer answers from their mail program, with the list of visitors
attached, and the mail server hands the mail to `kizuna requests_inbound`. The answer appears in the thread, marked
as sent by mail, with its file, on the officer's phone. The office answers the request, Chiyoda rates it, and the
office's report shows the request, its targets met, its times, the rating of the month and the time spent; its
Excel file opens with the same figures.
"""

import re
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from kizuna.requests.models import Message
from tests.requests.conftest import file_visit
from tests.requests.test_mail_replies import PDF, reply_mail

from .conftest import (
    csp_violations,
    log_in_with_session,
    log_in_with_totp,
    mails_to,
    no_sideways_scroll,
    plain_text,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
REQUESTER = "municipality_staff@example.jp"


def test_a_reply_by_mail_joins_the_thread_and_the_offices_report_counts_the_request(
        page, other_page, live_server, world, smtp_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    officer, office_staff = world.people["municipality_staff"], world.people["office_staff"]
    visit = file_visit(world, title="ニューヨーク市観光局との面談", purpose="観光プロモーションの協議")
    blocked_requester, blocked_office = csp_violations(page), csp_violations(other_page)

    # The office's officer replies and records the time spent: 0 minutes is refused beside the field.
    log_in_with_totp(other_page, office_staff)
    other_page.goto(visit.get_absolute_url())
    other_page.fill("#msg_body", "承知しました。訪問される方の名簿をお送りください。")
    other_page.fill("#msg_minutes", "0")
    other_page.get_by_role("button", name="送信").click()
    expect(other_page.locator("#msg_minutes_error")).to_contain_text("1 以上")
    expect(other_page.locator("#msg_body")).to_have_value("承知しました。訪問される方の名簿をお送りください。")
    assert not Message.objects.filter(request=visit).exists()
    other_page.fill("#msg_minutes", "90")
    other_page.get_by_role("button", name="送信").click()
    expect(other_page.get_by_text("メッセージを追加しました。")).to_be_visible()
    expect(other_page.get_by_test_id("time-spent")).to_have_text("1時間30分")
    expect(other_page.get_by_test_id("thread").get_by_test_id("minutes")).to_have_text("1時間30分")

    # Chiyoda's officer gets the reply by mail and answers it from their mail program, with a file.
    [told] = mails_to(smtp_server, REQUESTER, 1)
    assert "訪問される方の名簿をお送りください。" in plain_text(told)
    reply_to = told["Reply-To"]
    assert reply_to.startswith(f"requests+{visit.pk}-")
    quoted = "\n".join(f"> {line}" for line in plain_text(told).splitlines())
    mail = tmp_path / "reply.eml"
    mail.write_bytes(reply_mail(
        to=reply_to, subject=f"Re: {told['Subject']}",
        text="名簿を添付します。区長ほか2名で伺います。\n\n"
             f"2026年12月5日(土) 10:00 Office Staff <office_staff@example.jp> に書きました:\n{quoted}\n",
        files=[("訪問者名簿.pdf", PDF, "application/pdf")]))
    out = StringIO()
    call_command("requests_inbound", str(mail), stdout=out)  # as the mail server's pipe runs it
    added = Message.objects.get(request=visit, via_mail=True)
    assert out.getvalue() == f"{mail}: added to request #{visit.pk} as message {added.pk}\n"
    assert (added.author, added.body) == (officer, "名簿を添付します。区長ほか2名で伺います。")

    # The answer is in the thread, by mail, with its file, on the officer's phone.
    page.set_viewport_size(PHONE)
    log_in_with_session(page, live_server, officer)
    page.goto(visit.get_absolute_url())
    thread = page.get_by_test_id("thread")
    by_mail = thread.locator("li", has_text="名簿を添付します。区長ほか2名で伺います。")
    expect(by_mail).to_contain_text("メール")
    expect(thread).not_to_contain_text("> 承知しました")  # the quoted history is not added
    expect(page.get_by_test_id("minutes")).to_have_count(0)  # the office's time is not the requester's business
    no_sideways_scroll(page)
    with page.expect_download() as download:
        by_mail.get_by_role("link", name="訪問者名簿.pdf").click()
    assert open(download.value.path(), "rb").read() == PDF
    other_page.reload()
    expect(other_page.get_by_test_id("thread")).to_contain_text("区長ほか2名で伺います。")

    # The office answers the request; Chiyoda rates it.
    other_page.fill("#answer_deliverable", "12月10日14時に観光局で面談を設定しました。")
    other_page.get_by_role("button", name="回答して完了する").click()
    expect(other_page.get_by_test_id("status")).to_have_text("回答済み")
    page.reload()
    page.locator("input[name='rating'][value='5']").check()
    page.get_by_role("button", name="対応を評価する").click()
    expect(page.get_by_test_id("status")).to_have_text("完了")
    expect(page.locator("#actions-h")).to_have_count(0)  # nothing is left to do: no empty "操作" heading
    no_sideways_scroll(page)

    # The office's report: the request, its targets met, its times, the month's rating and the time spent.
    other_page.goto("/requests/queues/")
    other_page.get_by_role("link", name="事務所別・種類別の報告").click()
    nyc = other_page.get_by_test_id("by-office").locator(f"tr[data-key='{world.nyc.pk}'] td")
    expect(nyc.nth(0)).to_have_text("1")  # requests
    expect(nyc.nth(1)).to_have_text("1")  # answered
    expect(nyc.nth(2)).to_have_text("100.0")  # first response in time (%)
    expect(nyc.nth(3)).to_have_text("100.0")  # resolution in time (%)
    expect(nyc.nth(4)).to_have_text(re.compile(r"^\d+(\.\d+)? / \d+(\.\d+)?$"))  # first response, hours
    expect(nyc.nth(5)).to_have_text(re.compile(r"^\d+(\.\d+)? / \d+(\.\d+)?$"))  # resolution, hours
    expect(nyc.nth(6)).to_have_text("5.0 (1)")  # mean rating (ratings)
    expect(nyc.nth(7)).to_have_text("100.0")  # satisfied (%)
    expect(nyc.nth(8)).to_have_text("1.5")  # hours spent
    month = timezone.localdate().strftime("%Y-%m")
    expect(other_page.get_by_test_id("chart-satisfaction").locator(f"tr[data-month='{month}']")).to_contain_text(
        "5.0")

    with other_page.expect_download() as download:
        other_page.get_by_test_id("export").click()
    book = load_workbook(BytesIO(open(download.value.path(), "rb").read()))
    assert book.sheetnames == ["事務所別", "種類別", "月別の満足度"]
    [row] = [r for r in book["事務所別"].values if r[0] == "クレア ニューヨーク事務所"]
    assert (row[1:5], row[9:]) == ((1, 1, 100, 100), (1, 5, 100, 1.5))
    assert {r[0]: r[1:] for r in book["月別の満足度"].values}[month] == (1, 5, 100)

    # The report fits a phone too.
    other_page.set_viewport_size(PHONE)
    other_page.reload()
    no_sideways_scroll(other_page)
    assert blocked_requester + blocked_office == []


def _lines(cell) -> int:
    """How many lines the words of a table cell take on the screen."""
    return cell.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e);"
                         " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }")


def test_report_charts_keep_their_columns_readable_on_a_phone(page, live_server, world):
    file_visit(world)
    log_in_with_session(page, live_server, world.people["office_staff"])
    page.set_viewport_size(PHONE)
    page.goto("/requests/reports/")
    chart = page.get_by_test_id("chart-volume")
    main = page.locator("main").bounding_box()
    assert chart.bounding_box()["width"] > main["width"] - 48  # the card uses the page's width (less its padding)
    assert _lines(chart.locator("thead th").last) == 1  # 依頼件数 on one line, not a character a line
    no_sideways_scroll(page)
