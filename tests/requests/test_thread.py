import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kizuna.requests import services
from kizuna.requests.enums import Status
from kizuna.requests.models import Message


def test_post_message_staff_reply_sets_first_response(world, visit):
    services.post_message(by=world.people["office_staff"], request=visit, body="承知しました")
    visit.refresh_from_db()
    assert visit.first_response_at is not None


def test_post_message_internal_note_does_not_count_as_response(world, visit):
    services.post_message(by=world.people["office_staff"], request=visit, body="メモ", internal=True)
    visit.refresh_from_db()
    assert visit.first_response_at is None


def test_post_message_internal_by_requester_is_denied(world, visit):
    with pytest.raises(PermissionDenied):
        services.post_message(by=world.people["municipality_staff"], request=visit, body="x", internal=True)


def test_post_message_empty_is_refused(world, visit):
    with pytest.raises(ValidationError):
        services.post_message(by=world.people["municipality_staff"], request=visit, body="   ")
    assert Message.objects.count() == 0


def test_post_message_requester_reply_while_waiting_resumes(world, visit):
    services.wait_for_requester(by=world.people["office_staff"], request=visit, question="人数は？")
    services.post_message(by=world.people["municipality_staff"], request=visit, body="3名です")
    visit.refresh_from_db()
    assert visit.status == Status.OPEN
    assert visit.pauses.get().ended_at is not None


def test_post_message_reply_mails_the_requester_with_link(world, visit, smtp_server,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(by=world.people["office_staff"], request=visit, body="承知しました")
    (sent,) = smtp_server.messages
    assert sent["to"] == ["municipality_admin@example.jp", "municipality_staff@example.jp"]
    body = sent["message"].get_content()
    assert "承知しました" in body and f"/requests/{visit.pk}/" in body


def test_post_message_internal_note_mails_nobody(world, visit, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(by=world.people["office_staff"], request=visit, body="メモ", internal=True)
    assert smtp_server.messages == []


def test_detail_page_hides_internal_notes_from_the_requester(world, visit):
    services.post_message(by=world.people["office_staff"], request=visit, body="内部メモ", internal=True)
    services.post_message(by=world.people["office_staff"], request=visit, body="返信です")
    url = visit.get_absolute_url()
    requester_page = world.client_for("municipality_staff").get(url).content.decode()
    staff_page = world.client_for("office_staff").get(url).content.decode()
    assert ("内部メモ" in requester_page, "返信です" in requester_page) == (False, True)
    assert "内部メモ" in staff_page


def test_download_internal_attachment_is_404_for_the_requester(world, visit):
    message = services.post_message(by=world.people["office_staff"], request=visit, body="内部", internal=True,
                                    files=[SimpleUploadedFile("memo.txt", b"secret")])
    url = reverse("requests:download", args=[visit.pk, message.attachments.get().pk])
    assert world.client_for("municipality_staff").get(url).status_code == 404
    response = world.client_for("office_staff").get(url)
    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"secret")


def test_message_view_posts_a_reply_with_a_file(world, visit):
    client = world.client_for("municipality_staff")
    response = client.post(reverse("requests:message", args=[visit.pk]),
                           {"body": "資料を添付します", "file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert response.status_code == 302
    assert visit.messages.get().attachments.get().name == "a.pdf"
