"""Photos and PDFs in visit reports: checked by their content, all or nothing, served only to those who may open
the dispatch."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kizuna.dispatch import services
from kizuna.dispatch.models import ReportFile

from .access import png_bytes
from .conftest import DAY, ask

API = "/api/v1/dispatch"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png(name="photo.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def _pdf(name="slides.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _docx() -> SimpleUploadedFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("notes.docx", out.getvalue())


def _add(world, dispatch, *files, visit=None, by="expert"):
    return services.add_report_files(by=world.people[by], dispatch=dispatch, files=list(files), visit=visit)


def test_add_files_page_stores_a_photo_and_a_pdf(world, confirmed):
    response = world.client_for("expert").post(reverse("dispatch:add_files", args=[confirmed.pk]),
                                               {"files": [_png(), _pdf()]})
    assert response.status_code == 302
    assert list(ReportFile.objects.values_list("name", "content_type")) == [
        ("photo.png", "image/png"), ("slides.pdf", "application/pdf")]


def test_add_files_page_with_one_bad_file_saves_none_and_names_it_beside_the_field(world, confirmed):
    fake = SimpleUploadedFile("fake.png", b"not an image at all", content_type="image/png")
    response = world.client_for("expert").post(reverse("dispatch:add_files", args=[confirmed.pk]),
                                               {"files": [_png(), fake]})
    assert response.status_code == 400
    assert response.context["form"].errors["files"] == [
        "「fake.png」は PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）のいずれでもありません"
        "（ファイル名ではなく内容で判定しています）。"]
    assert ReportFile.objects.count() == 0


def test_add_files_refuses_a_word_file_though_the_core_accepts_it(world, confirmed):
    with pytest.raises(ValidationError) as refused:
        _add(world, confirmed, _docx())
    assert [e.code for e in refused.value.error_dict["files"]] == ["file_type"]


def test_add_files_refuses_a_jpeg_head_that_is_not_an_image(world, confirmed):
    broken = SimpleUploadedFile("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        _add(world, confirmed, broken)
    assert [e.code for e in refused.value.error_dict["files"]] == ["bad_image"]
    assert ReportFile.objects.count() == 0


def test_add_files_before_the_dispatch_is_confirmed_is_refused(world, offered):
    with pytest.raises(ValidationError) as refused:
        _add(world, offered, _png())
    assert (refused.value.code, ReportFile.objects.count()) == ("closed", 0)


def test_add_files_of_a_visit_of_another_dispatch_is_refused(world, confirmed):
    other = ask(world, host=world.association, by="association_staff")
    visit = services.plan_visit(by=world.people["hq_staff"], dispatch=other, day=DAY, topic="研修", hours=1)
    with pytest.raises(ValidationError) as refused:
        _add(world, confirmed, _png(), visit=visit)
    assert list(refused.value.error_dict) == ["visit"]


def test_add_files_page_is_not_for_the_host(world, confirmed):
    response = world.client_for("municipality_staff").post(reverse("dispatch:add_files", args=[confirmed.pk]),
                                                           {"files": [_png()]})
    assert (response.status_code, ReportFile.objects.count()) == (404, 0)


def test_photo_is_shown_to_the_host_and_a_pdf_is_downloaded(world, confirmed):
    photo, pdf = _add(world, confirmed, _png(), _pdf())
    client = world.client_for("municipality_staff")
    shown, downloaded = client.get(photo.get_absolute_url()), client.get(pdf.get_absolute_url())
    assert (shown.status_code, shown["Content-Type"], shown["Content-Disposition"].split(";")[0],
            shown["X-Content-Type-Options"], b"".join(shown.streaming_content) == png_bytes()) == (
        200, "image/png", "inline", "nosniff", True)
    assert (downloaded["Content-Type"], downloaded["Content-Disposition"].split(";")[0]) == (
        "application/pdf", "attachment")


@pytest.mark.parametrize("role", ["other_municipality_staff", "former_member", "anonymous"])
def test_photo_is_not_served_to_those_who_may_not_open_the_dispatch(world, confirmed, role):
    (photo,) = _add(world, confirmed, _png())
    response = world.client_for(role).get(photo.get_absolute_url())
    assert response.status_code in ({302} if role == "anonymous" else {404})


def test_detail_page_shows_the_photo_to_the_host(world, confirmed):
    (photo,) = _add(world, confirmed, _png())
    body = world.client_for("municipality_staff").get(confirmed.get_absolute_url()).content.decode()
    assert f'<img src="{photo.get_absolute_url()}" alt="photo.png"' in body


def test_api_adds_and_lists_report_files(world, confirmed):
    client = world.client_for("expert")
    added = client.post(f"{API}/{confirmed.pk}/files", {"files": [_png(), _pdf()]})
    listed = client.get(f"{API}/{confirmed.pk}/files").json()
    assert (added.status_code, [(f["name"], f["url"]) for f in listed]) == (
        200, [(f.name, f.get_absolute_url()) for f in ReportFile.objects.order_by("pk")])


def test_api_add_with_a_bad_file_is_422_and_saves_nothing(world, confirmed):
    response = world.client_for("expert").post(
        f"{API}/{confirmed.pk}/files", {"files": [_png(), SimpleUploadedFile("x.pdf", b"hello")]})
    assert (response.status_code, ReportFile.objects.count()) == (422, 0)


def test_api_files_of_another_bodys_dispatch_is_404(world, confirmed):
    assert world.client_for("other_municipality_staff").get(f"{API}/{confirmed.pk}/files").status_code == 404
