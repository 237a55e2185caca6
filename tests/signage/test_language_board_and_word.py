"""The "which language do you speak?" board in all 17 languages, Word (.docx) files of signs and boards read back
with python-docx, and signs whose type fills the sheet (a short message large, a long one smaller, one page)."""

import io

import pytest
from django.urls import reverse
from docx import Document

from kizuna.signage.enums import LANGUAGES
from kizuna.signage.loading import load_bank
from kizuna.signage.models import Category, Message, SheetMade, Translation
from kizuna.signage.services import add_message
from kizuna.signage.word import DOCX
from tests.signage.conftest import bank_data
from tests.signage.pdfcheck import contains, pages_of, text_of, word_boxes


@pytest.fixture
def staff_board(db):
    load_bank(bank_data({"21-pointing-staff.toml", "19-facilities.toml"}))


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _questions() -> dict:
    return dict(Translation.objects.filter(message__key="board-language-question", is_current=True)
                .values_list("language", "text"))


def test_language_board_page_shows_every_language_by_its_own_name_with_the_question(client, staff_board):
    page = client.get(reverse("signage:language_board"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200 and "Which language do you speak?" in html
    assert [lang.native for lang in LANGUAGES.values() if lang.native not in html] == []
    assert len(_questions()) == 17 and "What language do you speak?" in html and "何語を話しますか？" in html


@pytest.mark.parametrize(("size", "orientation"), [("A4", "portrait"), ("A4", "landscape"), ("A3", "portrait")])
def test_language_board_pdf_is_one_page_with_each_language_named_in_itself(world, staff_board, size, orientation):
    response = world.client_for("municipality_staff").get(reverse("signage:language_board"), {
        "format": "pdf", "size": size, "orientation": orientation})
    text = " ".join(text_of(response.content).split())  # a name may wrap in its cell
    assert response["Content-Type"] == "application/pdf" and pages_of(response.content) == 1
    assert [lang.code for lang in LANGUAGES.values() if not contains(text, lang.native, lang.code)] == []
    assert "What language do you speak?" in text
    assert list(SheetMade.objects.values_list("kind", "organisation")) == [("board", world.chiyoda.pk)]
    assert len(SheetMade.objects.get().languages) == 17


def test_language_board_word_file_holds_every_language_and_question(client, staff_board):
    response = client.get(reverse("signage:language_board"), {"format": "docx"})
    text = _docx_text(response.content)
    assert response["Content-Type"] == DOCX
    assert [lang.native for lang in LANGUAGES.values() if lang.native not in text] == []
    assert [code for code, question in _questions().items() if question.replace("{", "") and
            question.split("{")[0] not in text] == []
    assert list(SheetMade.objects.values_list("kind", flat=True)) == ["docx"]


def test_language_board_refuses_bad_paper_and_format(client, staff_board):
    for params in ({"size": "B5"}, {"format": "xls"}):
        response = client.get(reverse("signage:language_board"), params, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400 and "Select a valid choice." in response.content.decode()
    assert not SheetMade.objects.exists()


def test_sign_word_file_reads_back_with_its_texts_marks_and_details(world, bank):
    toilet = bank["toilet"]
    response = world.client_for("municipality_staff").get(reverse("signage:sign_docx"), {
        "m": [toilet.pk, bank["no-entry"].pk], "lang": ["ja", "en", "vi"], "shelter": "千代田小学校"})
    text = _docx_text(response.content)
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="kizuna-sign-A4-ja-en-vi.docx"'
    assert ["トイレ", "Toilet *", "立入禁止", "No entry *", "千代田小学校"] == [
        t for t in ["トイレ", "Toilet *", "立入禁止", "No entry *", "千代田小学校"] if t in text]
    assert "Machine-drafted translation, not checked by a native speaker." in text
    assert list(SheetMade.objects.values_list("kind", "sheets", "organisation")) == [("docx", 2, world.chiyoda.pk)]


def test_sign_word_file_refuses_an_unknown_language(client, bank):
    response = client.get(reverse("signage:sign_docx"), {"m": bank["toilet"].pk, "lang": ["xx"]},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "“xx” is not a language code Kizuna knows." in response.content.decode()
    assert not SheetMade.objects.exists()


def test_pointing_board_word_file_reads_back(client, staff_board):
    response = client.get(reverse("signage:board", args=["staff"]), {"lang": ["ja", "en"], "format": "docx"})
    text = _docx_text(response.content)
    assert response["Content-Type"] == DOCX
    assert "けがをしていますか？" in text and "Are you hurt? *" in text


def _sign_pdf(world, message):
    return world.client_for("municipality_staff").get(reverse("signage:sign_pdf"), {
        "m": message.pk, "lang": ["ja", "en"]}).content


def _tallest_word(pdf: bytes) -> float:
    return max(box["y1"] - box["y0"] for box in word_boxes(pdf))


def test_a_short_sign_fills_the_sheet_in_large_type_and_a_long_one_is_smaller_on_one_page(world, bank):
    facilities = Category.objects.get(key="facilities")
    long_text = "避難所では、食事の時間、消灯の時間、ごみの分別、トイレの使い方、ペットの場所を守ってください。" * 2
    long = add_message(by=world.people["municipality_staff"], organisation=world.chiyoda, category=facilities,
                       texts={"ja": long_text, "en": "Please keep the shelter's rules on meals, lights out, "
                                                     "rubbish, toilets and pets. " * 2})
    short, long_pdf = _sign_pdf(world, bank["toilet"]), _sign_pdf(world, long)
    assert (pages_of(short), pages_of(long_pdf)) == (1, 1)
    # The word boxes of the first line: the short sign's type is several times the long one's.
    assert _tallest_word(short) > 2.5 * _tallest_word(long_pdf)
    assert _tallest_word(short) > 30  # millimetres: a word fills the width of an A4 sheet
    assert Message.objects.filter(pk=long.pk).exists()
