"""Grants pages in a real browser (issue #18), each in Japanese and English, at a desk and on a phone: what cannot
be undone asks first (items 5); a returned application is answered with the document asked for, resubmitted,
decided, and its letter downloaded (items 1 and 10)."""

import re

import pytest
from playwright.sync_api import expect

from kizuna.grants import services
from tests.browser.conftest import browser, no_sideways_scroll, open_as, page, untranslated  # noqa: F401 - fixtures
from tests.grants.test_letters import _text as pdf_text

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# each journey once in each language and once at each size: Japanese at a desk, English on a phone
LANGUAGE_AND_SIZE = pytest.mark.parametrize(("language", "size"), [("ja", "desk"), ("en", "phone")])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


WITHDRAW = {
    "ja": {"label": "取り下げる", "question": "取り消せません", "status": "取下げ", "done": "申請を取り下げました"},
    "en": {"label": "Withdraw", "question": "cannot be undone", "status": "Withdrawn",
           "done": "The application was withdrawn."},
}


@LANGUAGE_AND_SIZE
def test_withdraw_asks_for_confirmation_and_is_not_the_primary_button(page, live_server, world, draft,  # noqa: F811
                                                                      language, size):
    words = WITHDRAW[language]
    open_as(page, live_server, world.people["municipality_staff"], language, size)
    page.goto(draft.get_absolute_url())
    confirm = page.get_by_test_id("withdraw")
    confirm_button = confirm.get_by_role("button", name=words["label"], exact=True)
    expect(confirm_button).to_be_hidden()  # one click does not withdraw: the disclosure asks first
    expect(page.locator("button:not(.button-danger):not(.button-secondary):not(.button-link)",
                        has_text=words["label"])).to_have_count(0)
    confirm.locator("summary").click()
    expect(confirm).to_contain_text(words["question"])
    if language == "en":
        assert untranslated(page) == []
    expect(confirm_button).to_be_in_viewport()
    if size == "phone":
        no_sideways_scroll(page)
    confirm_button.click()
    expect(page.get_by_test_id("status")).to_have_text(words["status"])
    expect(page.locator(".message-success")).to_contain_text(words["done"])
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


QUOTE = {
    "ja": {"attach": "添付する", "submit": "提出する", "submitted": "提出済み", "decided": "交付決定",
           "letter": "通知書をダウンロード（PDF）"},
    "en": {"attach": "Attach", "submit": "Submit", "submitted": "Submitted", "decided": "Grant decided",
           "letter": "Download the letter (PDF)"},
}


@LANGUAGE_AND_SIZE
def test_returned_application_is_answered_with_a_quote_and_its_letter_downloaded(
        page, live_server, world, draft, tmp_path, language, size):  # noqa: F811
    words = QUOTE[language]
    officer = world.people["municipality_staff"]
    scheme = draft.call.scheme
    scheme.other_documents = ["見積書"]
    scheme.save()
    services.submit_application(by=officer, application=draft)
    services.return_application(by=world.people["hq_staff"], application=draft, comment="見積書を添付してください。")
    quote = tmp_path / "mitsumori.pdf"
    quote.write_bytes(PDF)

    # The officer reads why it came back, attaches the quote and submits again.
    open_as(page, live_server, officer, language, size)
    page.goto(draft.get_absolute_url())
    expect(page.get_by_test_id("rounds")).to_contain_text("見積書を添付してください。")
    if language == "en":
        assert untranslated(page) == []
    if size == "phone":
        no_sideways_scroll(page)
    page.get_by_test_id("upload-link").click()
    expect(page.get_by_test_id("other-documents")).to_contain_text("見積書")
    if language == "en":
        assert untranslated(page) == []
    page.select_option("#id_question", label="見積書")
    page.set_input_files("#id_file", str(quote))
    if size == "phone":
        no_sideways_scroll(page)
    page.get_by_role("button", name=words["attach"], exact=True).click()
    expect(page.get_by_test_id("attachments")).to_contain_text("mitsumori.pdf")
    page.get_by_role("button", name=words["submit"], exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text(words["submitted"])
    draft.refresh_from_db()
    assert (draft.status, draft.round_number) == ("submitted", 2)

    # Once decided, the officer downloads the decision letter (交付決定通知書: Japanese in either language).
    services.decide_applications(by=world.people["hq_staff"], call=draft.call, awards={draft.pk: 850_000})
    page.reload()
    expect(page.get_by_test_id("status")).to_have_text(words["decided"])
    if size == "phone":
        no_sideways_scroll(page)
    with page.expect_response(re.compile(r"/letter\.pdf$")) as response, page.expect_download() as download:
        page.get_by_role("link", name=words["letter"]).click()
    assert response.value.status == 200
    assert response.value.headers["content-type"] == "application/pdf"
    assert download.value.suggested_filename == f"grant-letter-{draft.pk}.pdf"
    letter = open(download.value.path(), "rb").read()
    assert letter.startswith(b"%PDF")
    text = pdf_text(letter)
    assert [w for w in ("交付決定通知書", "千代田区長様", "850,000円") if w not in text] == []


NOTHING_DECIDED = {
    "ja": {"decide": "決定する", "said": "何も決定されませんでした", "status": "提出済み"},
    "en": {"decide": "Decide", "said": "Nothing was decided", "status": "Submitted"},
}


@LANGUAGE_AND_SIZE
def test_deciding_with_no_amount_entered_warns_that_nothing_was_decided(page, live_server, world,  # noqa: F811
                                                                        submitted, language, size):
    """Item 5: "Decide" pressed with every amount left empty decides nothing and says so as a warning, never as a
    success ("0 applications were decided")."""
    words = NOTHING_DECIDED[language]
    open_as(page, live_server, world.people["hq_staff"], language, size)
    page.goto(f"/grants/calls/{submitted.call_id}/board/")
    page.get_by_role("button", name=words["decide"], exact=True).click()
    expect(page.locator(".message-warning")).to_contain_text(words["said"])
    expect(page.locator(".message-success")).to_have_count(0)
    expect(page.get_by_test_id("ranking")).to_contain_text(words["status"])
    if size == "phone":
        no_sideways_scroll(page)
    if language == "en":
        assert untranslated(page) == []
    submitted.refresh_from_db()
    assert (submitted.status, submitted.decided_at) == ("submitted", None)
