"""The sign builder driven in Chromium (Debian's, through Playwright): find, choose, preview, download, read
online in another language, and be told why six languages are refused."""

import pytest

from kizuna.signage.loading import load_bank
from tests.signage.conftest import SMALL, bank_data
from tests.signage.test_pdf import EXAMPLES

pytestmark = pytest.mark.browser


@pytest.fixture
def live_bank(transactional_db):
    load_bank(bank_data(SMALL))


def _choose(page, codes):
    for code in codes:
        page.locator(f"input[name=lang][value='{code}']").check()


def test_builder_previews_downloads_and_opens_the_sign_online(page, live_bank):
    page.goto("/signs/?q=トイレ")
    page.get_by_test_id("search").click()
    page.locator("li", has_text="男性用トイレ").locator("input[name=m]").check()
    _choose(page, ["ja", "ja-easy", "en", "my", "si"])
    page.locator("input[name=shelter]").fill("千代田小学校")
    page.get_by_test_id("preview").click()

    preview = page.get_by_test_id("sign-preview")
    preview.screenshot(path=str(EXAMPLES / "signage-builder-preview.png"))
    assert "အမျိုးသားအိမ်သာ" in preview.inner_text()
    assert "千代田小学校" in preview.inner_text()
    pdf = page.request.get(page.get_by_test_id("pdf-link").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"

    page.get_by_test_id("online-link").click()
    switch = page.get_by_test_id("language-switch").locator("a")
    assert switch.count() == 17
    switch.filter(has_text="বাংলা").click()
    assert "পুরুষদের শৌচাগার" in page.get_by_test_id("sign-preview").inner_text()


def test_builder_explains_that_six_languages_are_too_many(page, live_bank):
    page.goto("/signs/?q=給水")
    page.locator("input[name=m]").first.check()
    _choose(page, ["ja", "en", "ko", "vi", "ne", "th"])
    page.get_by_test_id("preview").click()

    assert page.get_by_test_id("lang-error").inner_text() == (
        "1枚の表示シートに載せられる言語は5つまでです（6言語が選ばれています）。")
    # The six stay ticked: the person unticks one instead of choosing them all again.
    for code in ["ja", "en", "ko", "vi", "ne", "th"]:
        assert page.locator(f"input[name=lang][value='{code}']").is_checked()
