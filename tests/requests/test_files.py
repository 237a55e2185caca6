"""Several files in one submit: filing, replies and the answer; all refused together when one is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kizuna.requests import services
from kizuna.requests.models import Attachment, Message, Request

from .conftest import file_visit


def _pdfs(n, prefix="f"):
    return [SimpleUploadedFile(f"{prefix}{i}.pdf", b"%PDF-1.4 " + bytes([48 + i % 10])) for i in range(n)]


def test_filing_page_takes_several_files(world):
    client = world.client_for("municipality_staff")
    response = client.post(reverse("requests:new") + "?kind=remote", {
        "requester": world.chiyoda.pk, "title": "SNS発信", "description": "支援依頼", "country": "US",
        "purpose": "PR", "file": _pdfs(3)})
    assert response.status_code == 302
    request = Request.objects.get()
    assert sorted(Attachment.objects.filter(message__request=request).values_list("name", flat=True)) == [
        "f0.pdf", "f1.pdf", "f2.pdf"]


def test_filing_page_shows_a_multiple_file_input(world):
    page = world.client_for("municipality_staff").get(reverse("requests:new") + "?kind=remote")
    assert b'type="file" name="file" multiple' in page.content


def test_reply_with_several_files_keeps_them_on_one_message(world, visit):
    response = world.client_for("office_staff").post(reverse("requests:message", args=[visit.pk]),
                                                      {"body": "資料です", "file": _pdfs(2)})
    assert response.status_code == 302
    message = visit.messages.get()
    assert sorted(a.name for a in message.attachments.all()) == ["f0.pdf", "f1.pdf"]


def test_answer_with_several_files(world, visit):
    response = world.client_for("office_staff").post(reverse("requests:answer", args=[visit.pk]),
                                                      {"deliverable": "報告書を添付", "file": _pdfs(2, "r")})
    assert response.status_code == 302
    assert Attachment.objects.filter(message__request=visit).count() == 2


def test_too_many_files_are_refused_beside_the_field_and_nothing_is_saved(world, visit):
    response = world.client_for("municipality_staff").post(
        reverse("requests:message", args=[visit.pk]), {"body": "多すぎ", "file": _pdfs(services.MAX_FILES + 1)})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<div class="field-error" id="msg_file_error"><p>一度に添付できるファイルは 10 件までです。</p>' in page
    assert ">\n多すぎ</textarea>" in page  # the words are kept
    assert (Message.objects.count(), Attachment.objects.count()) == (0, 0)


def test_one_file_too_large_refuses_the_others_too(world, visit):
    files = _pdfs(2)
    files[1].size = services.MAX_FILE_BYTES + 1
    with pytest.raises(ValidationError) as caught:
        services.post_message(by=world.people["office_staff"], request=visit, body="添付", files=files)
    assert caught.value.message_dict["file"] == ["「f1.pdf」は 20.0 MB です。ファイルは 20 MB までです。"]
    assert (Message.objects.count(), Attachment.objects.count()) == (0, 0)


def test_an_empty_file_among_several_is_refused_by_the_form(world):
    visit = file_visit(world)
    files = [*_pdfs(1), SimpleUploadedFile("empty.pdf", b"")]
    page = world.client_for("office_staff").post(reverse("requests:message", args=[visit.pk]),
                                                  {"body": "添付", "file": files}, follow=True)
    assert "入力されたファイルは空です。" in page.content.decode()
    assert Attachment.objects.count() == 0


def test_a_file_is_judged_by_its_content_not_its_name(world, visit):
    disguised = SimpleUploadedFile("report.pdf", b"MZ\x90\x00\x03 not a document")
    memo = SimpleUploadedFile("memo.txt", "面談の候補日: 12月1日\n".encode())
    with pytest.raises(ValidationError) as caught:
        services.post_message(by=world.people["office_staff"], request=visit, body="添付",
                              files=[*_pdfs(1), disguised])
    assert caught.value.message_dict["file"] == [
        "「report.pdf」は PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）、テキストのいずれでもありません"
        "（ファイル名ではなく内容で判定しています）。"]
    assert (Message.objects.count(), Attachment.objects.count()) == (0, 0)
    services.post_message(by=world.people["office_staff"], request=visit, body="添付", files=[*_pdfs(1), memo])
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["f0.pdf", "memo.txt"]
