"""Pictograms in a real browser (issue #19, item 13; issue #18, item 3): a shelter volunteer opens the public
gallery, downloads the AED symbol as SVG, goes on to the pictogram sheet, picks the toilet, the AED and two
allergens, is told when they forgot to pick any, chooses several to a page with the names of one language only
(Japanese at a desk, English on a phone), and downloads the PDF sheet."""

import pytest
from playwright.sync_api import expect

from kizuna.signage.models import SheetMade
from tests.signage.pdfcheck import pages_of, text_of

from .conftest import csp_violations, no_sideways_scroll, open_as, untranslated
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

# The words each reader meets: the page's own (in their language) and the pictograms' names in it.
WORDS = {
    "ja": {"peanut": "落花生（ピーナッツ）", "sheet_link": "ピクトグラムシートを印刷する",
           "pick_one": "ピクトグラムを1つ以上選んでください。", "other_names": "英語", "layout": "レイアウト",
           "names": ("トイレ", "AED（自動体外式除細動器）", "そば", "卵"), "left_out": "Toilet"},
    "en": {"peanut": "Peanut", "sheet_link": "Print a pictogram sheet",
           "pick_one": "Choose at least one pictogram.", "other_names": "Japanese", "layout": "Layout",
           "names": ("Toilet", "AED (defibrillator)", "Buckwheat (soba)", "Egg"), "left_out": "トイレ"},
}


@pytest.mark.parametrize(("language", "size"), [("ja", "desk"), ("en", "phone")])
def test_volunteer_picks_pictograms_and_downloads_a_sheet(page, live_server, transactional_db, language, size):
    words = WORDS[language]

    def fits():
        if size == "phone":
            no_sideways_scroll(page)
        if language == "en":
            assert untranslated(page) == []

    open_as(page, live_server, None, language, size)
    violations = csp_violations(page)
    page.goto("/signs/pictograms/")
    expect(page.get_by_test_id("gallery-allergen")).to_contain_text(words["peanut"])
    fits()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_test_id("svg-aed").click()
    assert download.value.suggested_filename == "kizuna-pictogram-aed.svg"
    svg = open(download.value.path(), encoding="utf-8").read()
    assert "AED（自動体外式除細動器） / AED (defibrillator)" in svg  # titled in both languages

    page.get_by_role("link", name=words["sheet_link"]).click()
    page.get_by_test_id("show-sheet").click()  # nothing picked yet
    expect(page.get_by_test_id("p-error")).to_have_text(words["pick_one"])
    fits()

    for key in ("toilet", "aed", "egg", "buckwheat"):
        page.get_by_test_id(f"pick-{key}").check()
    page.get_by_label(words["other_names"], exact=True).uncheck()
    page.get_by_label(words["layout"], exact=True).select_option("grid")
    page.get_by_test_id("show-sheet").click()
    expect(page.get_by_test_id("chosen").locator("li")).to_have_text(list(words["names"]))  # the library's order
    assert page.get_by_test_id("pick-aed").is_checked()  # the picks stay ticked
    fits()
    assert axe_violations(page) == []

    pdf = page.request.get(page.get_by_test_id("sheet-pdf").get_attribute("href"))
    text = text_of(pdf.body())
    assert pdf.headers["content-type"] == "application/pdf" and pages_of(pdf.body()) == 1
    assert [name for name in words["names"] if name not in text] == []
    assert words["left_out"] not in text  # the other language's names were left out
    assert list(SheetMade.objects.values_list("kind", "languages")) == [("picto", [language])]
    assert violations == []
