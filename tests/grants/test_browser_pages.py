"""Grants pages in a real browser (issue #18): what cannot be undone asks first; a returned application is
answered with the document asked for."""

import pytest
from playwright.sync_api import expect

from kizuna.grants import services
from tests.browser.conftest import browser, log_in_with_session, page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_withdraw_asks_for_confirmation_and_is_not_the_primary_button(page, live_server, world, draft):  # noqa: F811
    log_in_with_session(page, live_server, world.people["municipality_staff"])
    page.goto(draft.get_absolute_url())
    confirm = page.get_by_test_id("withdraw")
    confirm_button = confirm.get_by_role("button", name="取り下げる")
    expect(confirm_button).to_be_hidden()
    expect(page.locator("button:not(.button-danger):not(.button-secondary):not(.button-link)",
                        has_text="取り下げる")).to_have_count(0)
    confirm.locator("summary").click()
    expect(confirm).to_contain_text("取り消せません")
    confirm_button.click()
    expect(page.get_by_test_id("status")).to_have_text("取下げ")
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


def test_returned_application_is_answered_with_a_quote(page, live_server, world, draft, tmp_path):  # noqa: F811
    scheme = draft.call.scheme
    scheme.other_documents = ["見積書"]
    scheme.save()
    services.submit_application(by=world.people["municipality_staff"], application=draft)
    services.return_application(by=world.people["hq_staff"], application=draft, comment="見積書を添付してください。")
    quote = tmp_path / "mitsumori.pdf"
    quote.write_bytes(PDF)

    log_in_with_session(page, live_server, world.people["municipality_staff"])
    page.goto(draft.get_absolute_url())
    page.get_by_test_id("upload-link").click()
    page.select_option("#id_question", label="見積書")
    page.set_input_files("#id_file", str(quote))
    page.get_by_role("button", name="添付する").click()
    expect(page.get_by_test_id("attachments")).to_contain_text("mitsumori.pdf")
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_test_id("status")).to_have_text("提出済み")
