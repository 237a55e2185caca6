"""Replies to requests by mail: the staff reply's mail carries the request's signed reply address; a reply sent
to it (by the mail server's pipe or the API) is the requester's message, with its files; anything else is
refused with nothing saved."""

import io
import json
from email.message import EmailMessage

import pytest
from django.core.management import call_command
from django.urls import reverse

from kizuna.core import mailreading, verp
from kizuna.requests import effects, inbound, services
from kizuna.requests.enums import Status
from kizuna.requests.models import Attachment, Message
from tests.factories import make_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def reply_mail(*, to, sender="municipality_staff@example.jp", text="3名で伺います。", html=None, files=(),
               subject="Re: [Kizuna] 依頼") -> bytes:
    mail = EmailMessage()
    mail["From"] = f"千代田 太郎 <{sender}>"
    mail["To"] = to
    mail["Subject"] = subject
    if text is not None:
        mail.set_content(text)
    if html is not None:
        if text is None:
            mail.set_content(html, subtype="html")
        else:
            mail.add_alternative(html, subtype="html")
    for name, content, kind in files:
        maintype, _, subtype = kind.partition("/")
        mail.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return mail.as_bytes()


def pipe(monkeypatch, raw: bytes) -> str:
    """As the mail server's pipe does: the message on standard input of `kizuna requests_inbound`."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("requests_inbound", stdout=out)
    return out.getvalue()


def test_reply_by_mail_journey_through_a_real_smtp_server(world, visit, client_for, smtp_server, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    office = client_for("office_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(reverse("requests:message", args=[visit.pk]), {"body": "承知しました。人数は？"})
    assert response.status_code == 302
    (sent,) = smtp_server.messages
    staff_mail = sent["message"]
    reply_to = staff_mail["Reply-To"]
    assert reply_to == effects.reply_address(visit)
    assert reply_to.startswith(f"requests+{visit.pk}-") and reply_to.endswith("@kizuna.example.jp")
    assert "返信" in staff_mail.get_content()  # the mail says a reply by mail is added

    quoted = "\n".join(f"> {line}" for line in staff_mail.get_content().splitlines())
    raw = reply_mail(to=reply_to, text=f"3名で伺います。\nよろしくお願いします。\n\n"
                                       f"On Sat, 5 Dec 2026 at 10:00, Office Staff <office_staff@example.jp> wrote:\n"
                                       f"{quoted}\n",
                     files=[("名簿.pdf", PDF, "application/pdf")])
    with django_capture_on_commit_callbacks(execute=True):
        output = pipe(monkeypatch, raw)

    message = Message.objects.get(request=visit, via_mail=True)
    assert output == f"stdin: added to request #{visit.pk} as message {message.pk}\n"
    assert message.author == world.people["municipality_staff"]
    assert message.body == "3名で伺います。\nよろしくお願いします。"
    assert [a.name for a in message.attachments.all()] == ["名簿.pdf"]
    page = client_for("municipality_staff").get(reverse("requests:detail", args=[visit.pk])).content.decode()
    assert "3名で伺います。<br>よろしくお願いします。" in page
    assert "名簿.pdf" in page and "承知しました。人数は？" in page
    assert page.count("承知しました。人数は？") == 1  # the quoted history was not added
    # The office hears of the reply, by the same mail as a reply on the page.
    assert [m["to"] for m in smtp_server.messages[1:]] == [["office_staff@example.jp"]]


def test_reply_by_mail_to_a_waiting_request_resumes_it(world, visit, monkeypatch):
    services.wait_for_requester(by=world.people["office_staff"], request=visit, question="人数は？")
    pipe(monkeypatch, reply_mail(to=effects.reply_address(visit)))
    visit.refresh_from_db()
    assert visit.status == Status.OPEN
    assert visit.pauses.get().ended_at is not None


def test_question_mail_while_waiting_carries_the_reply_address(world, visit, smtp_server,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.wait_for_requester(by=world.people["office_staff"], request=visit, question="人数は？")
    assert [m["message"]["Reply-To"] for m in smtp_server.messages] == [effects.reply_address(visit)]


def test_internal_note_and_requesters_own_message_carry_no_reply_address(world, visit, smtp_server,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(by=world.people["municipality_staff"], request=visit, body="追加の質問です")
    (to_office,) = smtp_server.messages
    assert to_office["message"]["Reply-To"] is None


def test_reply_by_mail_html_only_is_read_as_text(world, visit):
    html = ("<html><body><p>ありがとうございます。</p><p>資料を<b>送ります</b>。</p>"
            "<div class=\"gmail_quote\"><p>On Sat wrote:</p><blockquote>承知しました</blockquote></div></body></html>")
    message = inbound.feed(reply_mail(to=effects.reply_address(visit), text=None, html=html))
    assert message.body == "ありがとうございます。\n\n資料を送ります。"


def test_reply_by_mail_prefers_the_text_part(world, visit):
    message = inbound.feed(reply_mail(to=effects.reply_address(visit), text="テキスト版",
                                      html="<p>HTML版</p>"))
    assert message.body == "テキスト版"


@pytest.mark.parametrize("text, kept", [
    ("了解です。\n\n-----Original Message-----\nFrom: office\n本文", "了解です。"),
    ("了解です。\n\n2026年12月5日(土) 10:00 Office Staff <o@example.jp>:に書きました:\n> 本文", "了解です。"),
    ("了解です。\n\nOn Sat, 5 Dec 2026 at 10:00, Office Staff\n<o@example.jp> wrote:\n> 本文", "了解です。"),
    ("了解です。\n> 引用\nその後の文。", "了解です。\nその後の文。"),
    ("了解です。\n\n差出人: Office Staff\n送信日時: 2026年12月5日", "了解です。"),
])
def test_strip_quoted_cuts_the_history(text, kept):
    assert mailreading.strip_quoted(text) == kept


def test_reply_by_mail_with_a_forged_address_is_refused_and_nothing_saved(world, visit, monkeypatch):
    forged = f"requests+{visit.pk}-{'0' * verp.MAC_LENGTH}@kizuna.example.jp"
    output = pipe(monkeypatch, reply_mail(to=forged))
    assert output.startswith("stdin: refused (")
    # A tag signed for another purpose (the mail magazine's) does not name a request either.
    other = f"requests+{verp.tag('newsletter', visit.pk)}@kizuna.example.jp"
    with pytest.raises(inbound.NotAReply):
        inbound.feed(reply_mail(to=other))
    assert Message.objects.filter(request=visit).count() == 0


@pytest.mark.parametrize("sender", ["other_municipality_staff@example.jp", "former_member@example.jp",
                                    "office_staff@example.jp", "stranger@example.org"])
def test_reply_by_mail_from_someone_not_the_requesters_is_refused(world, visit, sender, smtp_server,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(inbound.NotAReply) as refused:
        inbound.feed(reply_mail(to=effects.reply_address(visit), sender=sender))
    assert sender in str(refused.value)
    assert Message.objects.filter(request=visit).count() == 0
    assert smtp_server.messages == []  # a sender that may be forged is not answered


def test_reply_by_mail_with_a_refused_file_saves_nothing_and_tells_the_sender(
        world, visit, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(inbound.NotAReply) as refused:
        inbound.feed(reply_mail(to=effects.reply_address(visit), files=[
            ("名簿.pdf", PDF, "application/pdf"), ("tool.exe", b"MZ\x90\x00binary", "application/octet-stream")]))
    assert "tool.exe" in str(refused.value) and refused.value.told
    assert Message.objects.filter(request=visit).count() == 0
    assert Attachment.objects.count() == 0
    (told,) = smtp_server.messages
    assert told["to"] == ["municipality_staff@example.jp"]
    assert "tool.exe" in told["message"].get_content()


def test_reply_by_mail_empty_is_refused(world, visit):
    with pytest.raises(inbound.NotAReply):
        inbound.feed(reply_mail(to=effects.reply_address(visit), text="\n> 引用だけ\n"))
    assert Message.objects.filter(request=visit).count() == 0


def test_api_feeds_a_reply_with_headquarters_token(world, visit, client):
    _, token = make_token(world.people["hq_staff"])
    raw = reply_mail(to=effects.reply_address(visit), files=[("memo.txt", "メモ".encode(), "text/plain")])
    response = client.post(reverse("api:requests_feed_mail"), json.dumps({"message": raw.decode("utf-8")}),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    message = Message.objects.get(request=visit)
    assert response.json() == {"request_id": visit.pk, "message_id": message.pk, "body": "3名で伺います。",
                               "files": ["memo.txt"]}


def test_api_refuses_a_forged_reply_and_other_callers(world, visit, client, client_for):
    forged = reply_mail(to=f"requests+{visit.pk}-abcdefabcd@kizuna.example.jp").decode("utf-8")
    url = reverse("api:requests_feed_mail")
    response = client_for("hq_staff").post(url, {"message": forged}, content_type="application/json")
    assert response.status_code == 422
    assert "アドレスが改変されています" in response.json()["detail"]
    assert client_for("office_staff").post(url, {"message": forged},
                                           content_type="application/json").status_code == 403
    assert client.post(url, {"message": forged}, content_type="application/json").status_code == 401
    assert Message.objects.count() == 0
