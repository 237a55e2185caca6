"""Research answers flow into the library when staff publish them (the requests app), with the files staff
mark public and, when they say so, the answer's text; unpublished, the record is withdrawn; nothing private leaks."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from kizuna.library.enums import Extraction, Kind, Status
from kizuna.library.models import EditionFile, Work
from kizuna.requests import services as requests
from tests.library.conftest import pdf_bytes
from tests.requests.conftest import file_research, to_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world):
    request = to_office(world, file_research(world))
    office = world.people["office_staff"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        requests.post_message(by=office, request=request, body="調査結果の資料です。", files=[SimpleUploadedFile(
            "result.pdf", pdf_bytes("ポートランド市の防災計画は十二言語で公開されている。"))])
        requests.post_message(by=office, request=request, body="内部メモ", internal=True, files=[SimpleUploadedFile(
            "internal.pdf", pdf_bytes("社外秘の予算メモ。"))])
    return requests.answer_request(by=office, request=request,
                                   deliverable="米国の防災情報は多言語で提供されている。極秘事項なし。")


def _publish(world, request, **kw):
    values = {"publish": True, "title": "米国の防災情報", "title_en": "Disaster information in the US",
              "summary": "多言語で提供", "summary_en": "Provided in many languages", **kw}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return requests.publish_research(by=world.people["office_staff"], request=request, **values)


def _attachment(request, name):
    from kizuna.requests.models import Attachment

    return Attachment.objects.get(message__request=request, name=name)


def test_publishing_an_answer_puts_it_in_the_library_with_the_chosen_files(world, answered, client_for):
    public = _attachment(answered, "result.pdf")
    _publish(world, answered, answer=True, files=[public.pk])
    work = Work.objects.get(source_request=answered)
    assert (work.kind, work.status, work.publisher_id) == (Kind.RESEARCH_ANSWER, Status.PUBLISHED, world.nyc.pk)
    assert {e.language: e.title for e in work.editions.all()} == {"ja": "米国の防災情報",
                                                                  "en": "Disaster information in the US"}
    assert work.editions.get(language="ja").body.startswith("米国の防災情報は多言語")
    files = list(EditionFile.objects.filter(edition__work=work))
    assert [(f.name, f.extraction) for f in files] == [("result.pdf", Extraction.DONE)]
    found = client_for("anonymous").get("/api/v1/library/search", {"q": "ポートランド"}).json()
    assert [w["id"] for w in found["items"]] == [work.pk]
    assert client_for("anonymous").get("/api/v1/library/search", {"q": "社外秘"}).json()["count"] == 0


def test_an_internal_note_file_cannot_be_published(world, answered):
    with pytest.raises(ValidationError):
        _publish(world, answered, files=[_attachment(answered, "internal.pdf").pk])
    assert not Work.objects.filter(source_request=answered).exists()


def test_the_answer_text_stays_private_unless_staff_publish_it(world, answered, client_for):
    _publish(world, answered)
    work = Work.objects.get(source_request=answered)
    assert work.editions.get(language="ja").body == "" and not EditionFile.objects.filter(edition__work=work).exists()
    assert client_for("anonymous").get("/api/v1/library/search", {"q": "極秘事項"}).json()["count"] == 0


def test_unpublishing_withdraws_the_record_and_publishing_again_restores_it(world, answered, client_for):
    _publish(world, answered, files=[_attachment(answered, "result.pdf").pk])
    work = Work.objects.get(source_request=answered)
    item = EditionFile.objects.get(edition__work=work)
    _publish(world, answered, publish=False)
    work.refresh_from_db()
    assert work.status == Status.WITHDRAWN and work.withdrawal_notice
    assert client_for("anonymous").get(f"/library/files/{item.pk}/").status_code == 404
    assert client_for("anonymous").get("/api/v1/library/search", {"q": "ポートランド"}).json()["count"] == 0
    _publish(world, answered, title="米国の防災情報（改訂）")
    work.refresh_from_db()
    assert (work.status, work.title) == (Status.PUBLISHED, "米国の防災情報（改訂）")
    assert Work.objects.filter(source_request=answered).count() == 1
    assert not EditionFile.objects.filter(edition__work=work).exists()  # the file was unmarked since
