"""Pictograms in a real browser (issue #19, item 13): a shelter volunteer opens the public gallery, downloads the
AED symbol as SVG, goes on to the pictogram sheet, picks the toilet, the AED and two allergens, is told when they
forgot to pick any, chooses several to a page with Japanese names only, and downloads the PDF sheet."""

import pytest
from playwright.sync_api import expect

from kizuna.signage.models import SheetMade
from tests.signage.pdfcheck import pages_of, text_of

from .conftest import csp_violations
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser


def test_volunteer_picks_pictograms_and_downloads_a_sheet(page, transactional_db):
    violations = csp_violations(page)
    page.goto("/signs/pictograms/")
    expect(page.get_by_test_id("gallery-allergen")).to_contain_text("落花生（ピーナッツ）")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_test_id("svg-aed").click()
    assert download.value.suggested_filename == "kizuna-pictogram-aed.svg"
    assert "AED（自動体外式除細動器）" in open(download.value.path(), encoding="utf-8").read()

    page.get_by_role("link", name="ピクトグラムシートを印刷する").click()
    page.get_by_test_id("show-sheet").click()  # nothing picked yet
    expect(page.get_by_test_id("p-error")).to_have_text("ピクトグラムを1つ以上選んでください。")

    for key in ("toilet", "aed", "egg", "buckwheat"):
        page.get_by_test_id(f"pick-{key}").check()
    page.get_by_label("English").uncheck()
    page.get_by_label("レイアウト").select_option("grid")
    page.get_by_test_id("show-sheet").click()
    expect(page.get_by_test_id("chosen").locator("li")).to_have_count(4)
    assert page.get_by_test_id("pick-aed").is_checked()  # the picks stay ticked
    assert axe_violations(page) == []

    pdf = page.request.get(page.get_by_test_id("sheet-pdf").get_attribute("href"))
    text = text_of(pdf.body())
    assert pdf.headers["content-type"] == "application/pdf" and pages_of(pdf.body()) == 1
    assert [name for name in ("トイレ", "卵", "そば") if name not in text] == []
    assert "Toilet" not in text  # English names were left out
    assert list(SheetMade.objects.values_list("kind", "languages")) == [("picto", ["ja"])]
    assert violations == []
