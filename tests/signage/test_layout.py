"""Long texts and local details on a sign: printed whole on one page (in smaller type when needed) or refused
with a clear message, never cut off silently. And the printed labels, in each chosen language."""

import pytest
from django.urls import reverse

from kizuna.signage.labels import check_labels, label, read_labels
from kizuna.signage.models import Category
from kizuna.signage.services import add_message
from tests.signage.conftest import bank_data
from tests.signage.pdfcheck import contains, pages_of, text_of

LONGEST = {"shelter": "千代田区立千代田小学校" * 3 + "体育館（北側入口）", "floor": "Floor 1, gymnasium 12",
           "times": "Reception 8:00-20:00, meals 7:00/12:00", "note": "Pets: east side of the schoolyard. " * 2}
LONGEST["shelter"], LONGEST["floor"] = LONGEST["shelter"][:40], LONGEST["floor"][:20]


def _sentences(code: str, limit: int = 400) -> list[str]:
    """Texts of the bank in one language, as many as fit in `limit` characters (the longest a text may be)."""
    out, total = [], 0
    for data in bank_data()["files"]:
        for message in data["message"]:
            text = message[code].strip()
            if total + len(text) + 1 > limit:
                continue
            out.append(text)
            total += len(text) + 1
    return out


@pytest.fixture
def long_message(world, bank):
    def make(codes):
        texts = {code: " ".join(_sentences(code)) for code in codes}
        assert all(380 <= len(text) <= 400 for text in texts.values())
        return add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                           category=Category.objects.get(key="facilities"), texts=texts)
    return make


def _pdf(world, message, codes, size, orientation, **details):
    return world.client_for("municipality_staff").get(reverse("signage:sign_pdf"), [
        ("m", message.pk), *[("lang", c) for c in codes], ("size", size), ("orientation", orientation),
        *details.items()], HTTP_ACCEPT_LANGUAGE="en")


def _missing(text: str, codes) -> list[str]:
    """Every sentence of the long texts that the PDF does not hold (in the scripts' similarity for complex
    ones: pdftotext maps shaped glyphs back only approximately)."""
    return [f"{code}: {s}" for code in codes for s in _sentences(code) if not contains(text, s, code)]


FIVE_SCRIPTS = ("ja", "en", "my", "si", "bn")


def test_a3_landscape_sign_with_long_texts_in_five_scripts_is_printed_whole_on_one_page(world, long_message):
    message = long_message(FIVE_SCRIPTS)

    response = _pdf(world, message, FIVE_SCRIPTS, "A3", "landscape", **LONGEST)

    text = text_of(response.content, raw=True)
    assert response.status_code == 200
    assert pages_of(response.content) == 1
    assert _missing(text, FIVE_SCRIPTS) == []
    assert all(value in text.replace("\n", " ") for value in LONGEST.values())
    assert all(contains(text, label("qr", code), code) for code in FIVE_SCRIPTS)  # the footer is there too


@pytest.mark.parametrize(("codes", "size", "orientation"), [
    (("ja", "ne", "th"), "A4", "landscape"), (("ja-easy", "si", "bn"), "A4", "portrait"),
    (("ja", "en", "my", "si"), "A3", "portrait"),
])
def test_long_texts_are_set_smaller_and_printed_whole_on_one_page(world, long_message, codes, size, orientation):
    message = long_message(codes)

    response = _pdf(world, message, codes, size, orientation, shelter=LONGEST["shelter"], note=LONGEST["note"])

    assert response.status_code == 200
    assert pages_of(response.content) == 1
    assert _missing(text_of(response.content, raw=True).replace("{", ""), [c for c in codes if c != "ja-easy"]) == []


def test_texts_too_long_for_a4_landscape_are_refused_with_a_clear_message(world, long_message):
    message = long_message(FIVE_SCRIPTS)

    response = _pdf(world, message, FIVE_SCRIPTS, "A4", "landscape", **LONGEST)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        f"“{' '.join(_sentences('ja'))[:40]}” does not fit on one A4 Landscape sheet in these languages, even in "
        "the smallest type. Choose fewer languages, larger paper or shorter local details."]


def test_refusal_of_a_sign_too_long_is_in_japanese_for_japanese_readers(world, long_message):
    message = long_message(FIVE_SCRIPTS)

    response = world.client_for("municipality_staff").get(reverse("signage:sign_pdf"), [
        ("m", message.pk), *[("lang", c) for c in FIVE_SCRIPTS], ("orientation", "landscape"),
        *LONGEST.items()], HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 400
    assert "は、選んだ言語では最も小さい文字でも A4 横 の1枚に収まりません。" in response.content.decode()


def test_api_refuses_a_sign_too_long_for_the_paper(world, long_message):
    codes = ("ja-easy", "ja", "my", "si", "bn")
    message = long_message(codes)

    response = world.client_for("municipality_staff").get(
        f"/api/v1/signage/messages/{message.pk}/sign.pdf", [*[("lang", c) for c in codes],
                                                            ("orientation", "landscape")],
        HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert "does not fit on one A4 Landscape sheet" in response.json()["detail"]


def test_each_message_of_a_sign_keeps_its_own_page(world, long_message, bank):
    message = long_message(("ja", "en", "my"))

    response = world.client_for("municipality_staff").get(reverse("signage:sign_pdf"), [
        ("m", bank["toilet"].pk), ("m", message.pk), ("m", bank["no-entry"].pk), ("lang", "ja"), ("lang", "en"),
        ("lang", "my")])

    assert pages_of(response.content) == 3
    assert _missing(text_of(response.content, raw=True), ("ja", "en")) == []


SOUTH_ASIA = ("my", "ne", "si", "bn")


def test_labels_file_has_every_label_in_every_language_and_says_it_is_unreviewed():
    data = read_labels()

    assert check_labels(data) == []
    assert (data["provenance"]["method"], data["provenance"]["native_reviewed"]) == ("machine", False)


def test_labels_file_missing_a_language_is_reported():
    data = read_labels()
    del data["label"][0]["si"]

    assert check_labels(data) == ["labels.toml: label 'unreviewed' has no text in si"]


def test_sign_labels_are_printed_in_each_chosen_language(client, bank):
    codes = ("ja", *SOUTH_ASIA)

    response = client.get(reverse("signage:sign_pdf"), [("m", bank["toilet"].pk), *[("lang", c) for c in codes],
                                                       ("shelter", "千代田小学校"), ("floor", "1F"),
                                                       ("times", "8:00-20:00")])

    text = text_of(response.content, raw=True)
    missing = [(key, code) for key in ("qr", "unreviewed", "shelter", "floor", "times") for code in codes
               if not contains(text, label(key, code), code)]
    assert missing == []
    assert label("reviewed", "ja") not in text


@pytest.mark.parametrize("audience", ["staff", "evacuee"])
def test_pointing_board_title_and_notes_are_printed_in_each_chosen_language(client, bank, audience):
    from kizuna.signage.loading import load_bank

    load_bank(bank_data({"21-pointing-staff.toml", "22-pointing-evacuee.toml"}))

    response = client.get(reverse("signage:board", args=[audience]),
                          [*[("lang", c) for c in SOUTH_ASIA], ("format", "pdf")])

    text = text_of(response.content, raw=True)
    missing = [(key, code) for key in (f"board-{audience}", "unreviewed") for code in SOUTH_ASIA
               if not contains(text, label(key, code), code)]
    assert missing == []


def test_registration_card_field_labels_and_notes_are_printed_in_each_chosen_language(client, bank):
    from kizuna.signage.models import Translation

    fields = {(t.message.key, t.language): t.text for t in Translation.objects.filter(
        message__key__in=["card-title", "card-name", "card-allergy"], language__in=SOUTH_ASIA, is_current=True)
        .select_related("message")}

    response = client.get(reverse("signage:card"), [*[("lang", c) for c in SOUTH_ASIA], ("format", "pdf")])

    text = text_of(response.content, raw=True)
    assert len(fields) == 12
    assert [key for key, value in fields.items() if not contains(text, value, key[1])] == []
    assert [code for code in SOUTH_ASIA if not contains(text, label("unreviewed", code), code)] == []
