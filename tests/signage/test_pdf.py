"""Generated PDFs read back: every chosen language's text is there, in an embedded font of the expected family.
One rendering per script family is kept as a PNG in docs/examples/."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from kizuna.signage.enums import LANGUAGES
from kizuna.signage.models import Translation
from kizuna.signage.pdf import sign_pdf
from kizuna.signage.ruby import plain
from kizuna.signage.signs import SignSpec, build_sign
from tests.factories import arrange_update
from tests.signage.pdfcheck import contains, fonts_of, text_of

# The example renderings in docs/examples are rewritten only when asked (KIZUNA_UPDATE_DOCS=1), so that a test
# run leaves the work tree as it was; otherwise they go to a temporary folder (still made and checked).
EXAMPLES = (Path(__file__).resolve().parents[2] / "docs" / "examples" if os.environ.get("KIZUNA_UPDATE_DOCS")
            else Path(tempfile.gettempdir()) / "kizuna-examples")

# One sign per script family: the family's language first, then four others.
FAMILIES = {
    "japanese": ("ja", "ja-easy", "en", "zh-Hans", "ko"),
    "latin": ("en", "vi", "pt", "es", "tl"),
    "chinese": ("zh-Hant", "zh-Hans", "ja", "en", "id"),
    "hangul": ("ko", "ja", "en", "ru", "th"),
    "devanagari": ("ne", "ja-easy", "en", "bn", "si"),
    "thai": ("th", "ja-easy", "en", "my", "vi"),
    "myanmar": ("my", "ja-easy", "en", "th", "ne"),
    "sinhala": ("si", "ja-easy", "en", "bn", "ne"),
    "bengali": ("bn", "ja-easy", "en", "si", "my"),
    "cyrillic": ("ru", "ja", "en", "zh-Hans", "ko"),
}


def _render(bank, key, languages, **spec):
    sign = build_sign(SignSpec((bank[key].pk,), languages, **spec), AnonymousUser())
    return sign, sign_pdf(sign, "https://kizuna.example/signs/view/?m=1")


def _png(pdf: bytes, name: str) -> None:
    EXAMPLES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sign.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", str(path),
                        str(EXAMPLES / f"signage-{name}")], check=True)


@pytest.mark.parametrize("family", FAMILIES)
def test_sign_pdf_has_each_language_text_in_its_embedded_font(bank, family):
    languages = FAMILIES[family]
    texts = {t.language: plain(t.text) for t in Translation.objects.filter(
        message=bank["medical-room"], is_current=True, language__in=languages)}

    _sign, pdf = _render(bank, "medical-room", languages, details={"shelter": "千代田小学校 体育館"})

    extracted = text_of(pdf)
    fonts = fonts_of(pdf)
    missing = [code for code in languages if not contains(extracted, texts[code], code)]
    families = {LANGUAGES[code].font.replace(" ", "-") for code in languages}
    unmatched = [f for f in families if not any(row["name"].startswith(f) for row in fonts)]
    assert missing == []
    assert unmatched == []
    assert all(row["embedded"] for row in fonts)
    assert "千代田小学校 体育館" in extracted
    _png(pdf, family)


def test_unreviewed_sign_says_so_and_never_claims_a_review(bank):
    _sign, pdf = _render(bank, "toilet", ("ja", "en", "vi"))

    text = " ".join(text_of(pdf).split())
    assert "Machine-drafted translation, not checked by a native speaker." in text
    assert "Reviewed translations only" not in text


def test_reviewed_only_sign_leaves_out_unreviewed_translations(bank):
    arrange_update(Translation.objects.filter(message=bank["toilet"], language="en"),
        native_reviewed=True, reviewed_at=timezone.now(), reviewer_name="Reviewer")

    sign, pdf = _render(bank, "toilet", ("ja", "en", "vi"), reviewed_only=True)

    # The Japanese source stays: it is what the translations translate, not an unreviewed translation.
    assert [line.language.code for line in sign.blocks[0].lines] == ["ja", "en"]
    assert sign.omitted == ["toilet [vi]"]
    text = text_of(pdf)
    assert "Toilet" in text
    assert "Nhà vệ sinh" not in text
    assert "not checked by a native speaker" not in text


@pytest.mark.parametrize(("size", "orientation", "points"), [
    ("A4", "portrait", (595, 842)), ("A4", "landscape", (842, 595)), ("A3", "portrait", (842, 1191)),
    ("A3", "landscape", (1191, 842)),
])
def test_sign_pdf_page_size(bank, size, orientation, points):
    _sign, pdf = _render(bank, "toilet", ("ja", "en"), size=size, orientation=orientation)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in info.splitlines() if ln.startswith("Page size"))
    width, height = (round(float(v)) for v in line.split(":")[1].split("pts")[0].split(" x "))
    assert (width, height) == points


def test_long_local_details_wrap_and_are_printed_whole(bank):
    note = "集合は体育館の北側入口、受付は午前八時から午後八時まで、ペットは校庭の東側へどうぞ"

    _sign, pdf = _render(bank, "toilet", ("ja", "en"), details={"note": note})

    assert note in text_of(pdf).replace("\n", "")


def test_pointing_board_and_registration_card_pdfs_read_back(client, bank):
    from django.urls import reverse

    from kizuna.signage.loading import load_bank
    from tests.signage.conftest import bank_data

    load_bank(bank_data({"21-pointing-staff.toml"}))
    board = client.get(reverse("signage:board", args=["staff"]),
                       {"lang": ["ja-easy", "en", "ne", "my", "bn"], "format": "pdf"}).content
    card = client.get(reverse("signage:card"), {"lang": ["ja", "en", "si"], "format": "pdf"}).content

    assert contains(text_of(board), "Do you need a doctor?", "en")
    assert contains(text_of(board), "আপনার কি ডাক্তার দরকার?", "bn")
    assert contains(text_of(card), "緊急連絡先", "ja")
    assert contains(text_of(card), "හදිසි සම්බන්ධතා", "si")
    _png(board, "pointing-board")
    _png(card, "registration-card")


def test_the_printed_sign_shows_no_internal_key_and_never_marks_the_japanese_source(bank):
    sign, pdf = _render(bank, "toilet", ("ja", "en", "vi"))
    text = "".join(text_of(pdf).split())
    assert bank["toilet"].key not in text_of(pdf).replace("Toilet", "")
    assert "トイレ*" not in text and "Toilet*" in text


def test_a_short_message_fills_the_sheet_in_large_type(bank):
    """A sign is read from across a gym: a word or two is set large enough to fill the A4 sheet."""
    from tests.signage.pdfcheck import word_boxes

    _sign, pdf = _render(bank, "toilet", ("ja", "en", "vi"))
    boxes = word_boxes(pdf)
    ja = next(b for b in boxes if "トイレ" in b["text"])
    sheet = [b for b in boxes if b["y1"] < 297 - 46]  # above the footer (QR code and notes)
    assert ja["y1"] - ja["y0"] >= 25  # millimetres: the first line's characters are over 2.5 cm tall
    assert max(b["y1"] for b in sheet) > 297 / 2  # the lines reach past the middle of the sheet


def test_the_printed_sheet_carries_the_pictogram_top_right(bank):
    """The symbol is drawn (vectors, no image): the page's top-right corner, where only it stands, is inked."""
    _sign, pdf = _render(bank, "toilet", ("ja", "en"))
    assert _ink(pdf, left=0.75, top=0.05, right=0.95, bottom=0.17) > 0.15


def _ink(pdf: bytes, *, left: float, top: float, right: float, bottom: float) -> float:
    """The share of dark pixels in a part of the first page (fractions of its width and height), rendered with
    poppler's pdftoppm."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sign.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", "-f", "1", "-l", "1", str(path),
                        str(Path(tmp) / "page")], check=True)
        image = Image.open(next(Path(tmp).glob("page*.png"))).convert("L")
        width, height = image.size
        part = image.crop((int(left * width), int(top * height), int(right * width), int(bottom * height)))
        counts = part.histogram()  # of the 256 grey levels
    return sum(counts[:128]) / sum(counts)
