import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kizuna.grants import services

from .factories import QuestionFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def estimate(draft):
    return QuestionFactory(call=draft.call, key="estimate", label="見積書", kind="file", required=True)


def _attach(world, draft, name, content):
    return services.attach_file(by=world.people["municipality_staff"], application=draft, question_key="estimate",
                                upload=SimpleUploadedFile(name, content))


def test_attach_a_pdf_answers_the_question(world, draft, estimate):
    attachment = _attach(world, draft, "見積書.pdf", PDF)
    draft.refresh_from_db()
    assert (attachment.content_type, draft.answers["estimate"]) == ("application/pdf", "見積書.pdf")


def test_attach_an_xlsx_is_recognised_by_content(world, draft, estimate):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert _attach(world, draft, "budget.bin", buffer.getvalue()).content_type.endswith("spreadsheetml.sheet")


def test_attach_a_program_named_pdf_is_refused(world, draft, estimate):
    with pytest.raises(ValidationError) as excinfo:
        _attach(world, draft, "estimate.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert excinfo.value.code == "file_type"
    assert draft.attachments.count() == 0


def test_attach_over_20_mb_is_refused(world, draft, estimate):
    with pytest.raises(ValidationError) as excinfo:
        _attach(world, draft, "big.pdf", PDF + b"0" * (20 * 1024 * 1024))
    assert excinfo.value.code == "too_big"


def test_missing_required_document_blocks_submission(world, draft, estimate):
    with pytest.raises(ValidationError) as excinfo:
        services.submit_application(by=world.people["municipality_staff"], application=draft)
    assert "見積書" in " ".join(excinfo.value.messages)
    _attach(world, draft, "見積書.pdf", PDF)
    draft.refresh_from_db()
    assert services.submit_application(by=world.people["municipality_staff"], application=draft).status == \
        "submitted"


def test_upload_and_download_in_pages(world, draft, estimate):
    client = world.client_for("municipality_staff")
    client.post(reverse("grants:upload", args=[draft.pk]),
                {"question": "estimate", "file": SimpleUploadedFile("見積書.pdf", PDF)})
    attachment = draft.attachments.get()
    response = world.client_for("hq_staff").get(reverse("grants:download", args=[draft.pk, attachment.pk]))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)


def test_upload_of_a_wrong_type_in_pages_says_why(world, draft, estimate):
    response = world.client_for("municipality_staff").post(
        reverse("grants:upload", args=[draft.pk]), {"question": "estimate",
                                                    "file": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert response.status_code == 400 and "x.pdf" in response.content.decode()


@pytest.fixture
def awarded(world, call):
    from .conftest import make_submitted

    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000})
    return a


def test_report_document_is_attached_to_the_report_and_downloads(world, awarded):
    client = world.client_for("municipality_staff")
    response = client.post(reverse("grants:report_upload", args=[awarded.pk]),
                           {"file": SimpleUploadedFile("領収書.pdf", PDF)})
    attachment = awarded.attachments.get()
    page = world.client_for("hq_staff").get(awarded.get_absolute_url()).content.decode()
    download = world.client_for("hq_staff").get(reverse("grants:download", args=[awarded.pk, attachment.pk]))
    assert (response.status_code, attachment.stage, attachment.content_type) == (302, "report", "application/pdf")
    assert ("領収書.pdf" in page, b"".join(download.streaming_content)) == (True, PDF)


def test_report_document_of_a_wrong_type_is_refused_in_the_users_language(world, awarded):
    response = world.client_for("municipality_staff").post(
        reverse("grants:report_upload", args=[awarded.pk]),
        {"file": SimpleUploadedFile("photo.png", b"MZ\x90\x00" + b"\x00" * 100)}, HTTP_ACCEPT_LANGUAGE="ja")
    assert (response.status_code, awarded.attachments.count()) == (400, 0)
    assert "photo.png" in response.content.decode() and "内容" in response.content.decode()


def test_report_document_over_20_mb_is_refused(world, awarded):
    with pytest.raises(ValidationError) as excinfo:
        services.attach_report_file(by=world.people["municipality_staff"], application=awarded,
                                    upload=SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024)))
    assert (excinfo.value.code, awarded.attachments.count()) == ("too_big", 0)


def test_report_document_refused_before_the_decision(world, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.attach_report_file(by=world.people["municipality_staff"], application=submitted,
                                    upload=SimpleUploadedFile("a.pdf", PDF))
    assert excinfo.value.code == "state"


def test_report_document_upload_forbidden_to_hq_staff(world, awarded):
    response = world.client_for("hq_staff").post(reverse("grants:report_upload", args=[awarded.pk]),
                                                 {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert (response.status_code, awarded.attachments.count()) == (404, 0)
