"""The information library in a real browser (issue #15, item 10).

The New York office writes a CLAIR Report from the library's workspace: the description, a Japanese and an English
edition from the links on the work's page, a PDF for each edition (the file form chooses the edition), and sends it
for review; headquarters open it from their workspace and publish it. A visitor then finds it by a two-character
word that only its PDF holds, sees that it is also in English, opens it and downloads the English PDF. The Tokyo
association proposes a good practice from the portal (field, region, contact, outcomes), writes its Japanese
edition and sends it for review; headquarters publish it and it is listed on the portal under its field. The search
page and a work's page fit a phone's width.
"""

import re

import pytest
from playwright.sync_api import expect

from kizuna.library.enums import Extraction, Kind, Status
from kizuna.library.models import EditionFile, Theme, Work
from tests.library.conftest import pdf_bytes, report

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}

NUMBER = 901
TITLE_JA = "米国ニューヨーク州の自治体と国際物流"
TITLE_EN = "Local governments of New York State and international logistics"
ABSTRACT_JA = "ニューヨーク州の自治体が国際物流にどう関わっているかを紹介する。"
ABSTRACT_EN = "How the local governments of New York State take part in international logistics."
# "港湾" (harbour) is only in the Japanese PDF: not in a title, an abstract, the kind or the publisher.
WORD = "港湾"
BODY_JA = ("ニューヨーク州の自治体と国際物流",
           "ニューヨーク・ニュージャージー港湾公社は、両州の自治体が共同で設けた公社である。")
BODY_EN = ("Local governments of New York State", "The Port Authority of New York and New Jersey was set up by the "
           "two states together.")
FILE_JA, FILE_EN = f"clair-report-{NUMBER}-ja.pdf", f"clair-report-{NUMBER}-en.pdf"

PRACTICE = "外国人住民と一緒に歩く防災マップづくり"
PRACTICE_BODY = "外国人住民と日本人住民が一緒にまちを歩き、避難所までの道をやさしい日本語と英語の地図にした。"
CONTACT = "東京都国際交流委員会 事業課 03-0000-0000"
OUTCOMES = "3年間で12地区の地図ができ、外国人住民の防災訓練への参加が2倍になった。"


def _as(page, live_server, person):
    page.context.clear_cookies()
    if person is not None:
        log_in_with_session(page, live_server, person)


def _saved(page, text: str):
    expect(page.locator(".messages")).to_contain_text(text)


def _edit_link(page, name: str):
    """A link of the work page's "編集" list (the description, each edition, a file)."""
    return page.locator("ul.actions-list").get_by_role("link", name=name, exact=True)


def _edition(page, link: str, title: str, abstract: str = "", body: str = ""):
    """Write an edition from the link on the work's page; back on the work's page once saved."""
    work_url = page.url
    _edit_link(page, link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(link)
    page.get_by_label("表題").fill(title)
    if abstract:
        page.get_by_label("要旨").fill(abstract)
    if body:
        page.get_by_label("文章").fill(body)
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(work_url)
    _saved(page, "版を保存しました。")


def _add_pdf(page, tmp_path, edition: str, name: str, paragraphs: tuple[str, ...]):
    """Add a real PDF (written to disk) to the chosen edition from the work's page."""
    path = tmp_path / name
    path.write_bytes(pdf_bytes(*paragraphs))
    work_url = page.url
    _edit_link(page, "ファイルを追加").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ファイルを追加")
    page.get_by_label("版").select_option(label=edition)
    page.get_by_label("ファイル（PDF・Word・Excel）").set_input_files(str(path))
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(work_url)
    _saved(page, "ファイルを追加しました。")


def _publish_from_workspace(page, title: str):
    """Headquarters open the work from their workspace's open works and publish it."""
    page.goto("/library/workspace/")
    row = page.get_by_test_id("open-works").locator("tbody tr").filter(has_text=title)
    expect(row).to_contain_text("審査中")
    row.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.get_by_test_id("step-publish").click()
    _saved(page, "公開しました。")
    expect(page.get_by_test_id("step-publish")).to_have_count(0)


def test_staff_publish_a_report_in_two_languages_and_a_visitor_finds_and_downloads_it(page, live_server, world,
                                                                                      tmp_path):
    blocked = csp_violations(page)
    # Themes come with a data migration, which a live-server test's flush may have emptied.
    Theme.objects.get_or_create(slug="multicultural", defaults={"name": "多文化共生",
                                                                "name_en": "Multicultural coexistence"})

    # The New York office starts a new CLAIR Report from the library's workspace.
    _as(page, live_server, world.people["office_staff"])
    page.goto("/library/")
    page.get_by_role("link", name="ライブラリーの作業画面").click()
    expect(page).to_have_url(re.compile(r"/library/workspace/$"))
    page.get_by_role("link", name="新しい刊行物").click()
    expect(page).to_have_url(re.compile(r"/library/new/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("新しい刊行物")
    page.get_by_label("種別").select_option(label="クレアレポート")
    page.get_by_label("発行団体").select_option(str(world.nyc.pk))
    page.get_by_label("号数").fill(str(NUMBER))
    page.get_by_label("多文化共生").check()
    page.get_by_label("対象国").fill("US")
    page.get_by_role("button", name="保存").click()
    work = Work.objects.get(kind=Kind.CLAIR_REPORT, number=NUMBER)
    expect(page).to_have_url(re.compile(re.escape(work.get_absolute_url()) + "$"))
    _saved(page, "下書きとして保存しました。")
    expect(page.get_by_test_id("identifier")).to_have_text(f"クレアレポート 第{NUMBER}号")
    assert (work.status, work.publisher, work.created_by) == (Status.DRAFT, world.nyc, world.people["office_staff"])

    # Its two editions, from the links on the work's page.
    _edition(page, "日本語版", TITLE_JA, ABSTRACT_JA)
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE_JA)
    _edition(page, "英語版", TITLE_EN, ABSTRACT_EN)
    expect(page.get_by_test_id("edition-en")).to_contain_text(TITLE_EN)
    expect(page.get_by_test_id("other-editions").get_by_role("link")).to_have_text("英語版もあります")

    # Sent for review too early, it is refused with what is missing, and stays a draft.
    page.get_by_test_id("step-submit").click()
    _saved(page, "先に刊行物のファイル（PDF・Word・Excel）または本文を追加してください。")
    assert Work.objects.get(pk=work.pk).status == Status.DRAFT

    # A PDF for each edition: the file form chooses the edition; the text is read when the upload commits.
    _add_pdf(page, tmp_path, "日本語", FILE_JA, BODY_JA)
    _add_pdf(page, tmp_path, "英語", FILE_EN, BODY_EN)
    for language, name in (("ja", FILE_JA), ("en", FILE_EN)):
        files = page.get_by_test_id(f"files-{language}")
        expect(files.get_by_role("link", name=name)).to_be_visible()
        expect(files).to_contain_text("読み取り済み")
    files = EditionFile.objects.filter(edition__work=work)
    assert {(f.edition.language, f.name, f.extraction) for f in files} == {
        ("ja", FILE_JA, Extraction.DONE), ("en", FILE_EN, Extraction.DONE)}
    assert WORD in files.get(edition__language="ja").text

    # Sent for review; not yet in the library for a visitor.
    page.get_by_test_id("step-submit").click()
    _saved(page, "審査に回しました。")
    expect(page.get_by_role("heading", level=1)).to_contain_text("審査中")
    assert Work.objects.get(pk=work.pk).status == Status.REVIEW
    _as(page, live_server, None)
    assert page.goto(work.get_absolute_url()).status == 404
    page.goto(f"/library/?q={WORD}")
    expect(page.get_by_test_id("work")).to_have_count(0)

    # Headquarters publish it.
    _as(page, live_server, world.people["hq_staff"])
    _publish_from_workspace(page, TITLE_JA)
    assert Work.objects.get(pk=work.pk).status == Status.PUBLISHED

    # A visitor finds it by a word of its PDF, sees that it is also in English, and downloads the English PDF.
    _as(page, live_server, None)
    page.goto("/library/")
    search = page.get_by_test_id("library-search")
    search.get_by_role("searchbox", name="キーワード").fill(WORD)
    search.get_by_role("button", name="検索").click()
    expect(page).to_have_url(re.compile(r"/library/\?.*q=%E6%B8%AF%E6%B9%BE"))
    expect(page.get_by_test_id("library-count")).to_have_text("1件")
    found = page.get_by_test_id("work")
    expect(found).to_have_count(1)
    expect(found.get_by_test_id("also-in")).to_have_text("英語版あり")
    expect(found.locator(".search-highlight mark").first).to_have_text(WORD)
    found.get_by_role("link", name=TITLE_JA).click()
    expect(page).to_have_url(re.compile(re.escape(work.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_JA)
    expect(page.get_by_test_id("identifier")).to_have_text(f"クレアレポート 第{NUMBER}号")
    page.get_by_test_id("other-editions").get_by_role("link", name="英語版もあります").click()
    expect(page).to_have_url(re.compile(r"#edition-en$"))
    english = page.get_by_test_id("files-en")
    with page.expect_download() as download:
        english.get_by_role("link", name=FILE_EN).click()
    assert download.value.suggested_filename == FILE_EN
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert blocked == []


def test_an_association_proposes_a_good_practice_that_headquarters_publish_on_the_portal(page, live_server, world):
    blocked = csp_violations(page)

    # The Tokyo association proposes it from the portal.
    _as(page, live_server, world.people["association_staff"])
    page.goto("/library/portal/")
    page.get_by_role("link", name="優良事例・ツールを提案する").click()
    expect(page).to_have_url(re.compile(r"/library/new/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("優良事例・ツールを提案する")
    kinds = page.get_by_label("種別").locator("option")
    expect(kinds).to_have_text(["多文化共生の優良事例", "多文化共生のツール"])
    page.get_by_label("種別").select_option(label="多文化共生の優良事例")
    page.get_by_label("発行団体").select_option(str(world.association.pk))
    region = page.get_by_role("combobox", name=re.compile("^地域"))
    region.select_option(label="関東")
    page.get_by_label("問合せ先").fill(CONTACT)
    page.get_by_label("成果").fill(OUTCOMES)
    # Without its field it is refused beside the field (named 分野, as on the portal), and nothing is lost.
    page.get_by_role("button", name="保存").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("分野: 事例またはツールの分野を選んでください。")
    expect(page.locator("#id_field_error")).to_have_text("事例またはツールの分野を選んでください。")
    expect(page.get_by_label("問合せ先")).to_have_value(CONTACT)
    expect(region).to_have_value("kanto")
    assert not Work.objects.exists()
    page.get_by_role("combobox", name=re.compile("^分野")).select_option(label="防災")
    page.get_by_role("button", name="保存").click()
    work = Work.objects.get(kind=Kind.GOOD_PRACTICE)
    expect(page).to_have_url(re.compile(re.escape(work.get_absolute_url()) + "$"))
    _saved(page, "下書きとして保存しました。")
    assert (work.publisher, work.field, work.region, work.status) == (
        world.association, "disaster", "kanto", Status.DRAFT)

    # Its Japanese edition, written here rather than in a file; then sent for review.
    _edition(page, "日本語版", PRACTICE, body=PRACTICE_BODY)
    expect(page.get_by_role("heading", level=1)).to_contain_text(PRACTICE)
    expect(page.get_by_test_id("edition-ja")).to_contain_text(PRACTICE_BODY)
    page.get_by_test_id("step-submit").click()
    _saved(page, "審査に回しました。")
    assert Work.objects.get(pk=work.pk).status == Status.REVIEW
    expect(page.get_by_test_id("step-submit")).to_have_count(0)
    expect(page.get_by_test_id("step-publish")).to_have_count(0)  # headquarters decide

    # Headquarters approve it.
    _as(page, live_server, world.people["hq_staff"])
    _publish_from_workspace(page, PRACTICE)
    assert Work.objects.get(pk=work.pk).status == Status.PUBLISHED

    # It is on the portal under its field, with its contact and outcomes on its page.
    _as(page, live_server, None)
    page.goto("/library/")
    page.get_by_role("link", name="多文化共生ポータル").click()
    expect(page).to_have_url(re.compile(r"/library/portal/$"))
    fields = page.get_by_test_id("portal-fields")
    expect(fields.locator("li").filter(has_text="防災").locator(".count")).to_have_text("1")
    fields.get_by_role("link", name="防災", exact=True).click()
    expect(page).to_have_url(re.compile(r"/library/portal/\?field=disaster$"))
    expect(fields.get_by_role("link", name="防災", exact=True)).to_have_attribute("aria-current", "true")
    listed = page.get_by_test_id("portal-works").get_by_test_id("work")
    expect(listed).to_have_count(1)
    listed.get_by_role("link", name=PRACTICE).click()
    expect(page).to_have_url(re.compile(re.escape(work.get_absolute_url()) + "$"))
    expect(page.locator("dl.facts")).to_contain_text(CONTACT)
    expect(page.locator("dl.facts")).to_contain_text(OUTCOMES)
    facts = page.locator("dl.facts")
    expect(facts.locator("dt").filter(has_text=re.compile("^分野$")).locator("+ dd")).to_have_text("防災")
    expect(facts.locator("dt").filter(has_text=re.compile("^地域$")).locator("+ dd")).to_have_text("関東")
    page.goto("/library/portal/?field=health")
    expect(page.get_by_test_id("portal-works").get_by_test_id("work")).to_have_count(0)  # not under another field
    assert blocked == []


def test_the_library_and_a_work_fit_a_phone(browser, live_server, world):
    work = report(world, number=NUMBER, title=TITLE_JA, english=TITLE_EN, body=BODY_JA, body_en=BODY_EN)
    phone = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE, is_mobile=True)
    try:
        page = phone.new_page()
        blocked = csp_violations(page)
        page.goto("/library/")
        expect(page.get_by_test_id("work")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.goto(work.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_JA)
        expect(page.get_by_test_id("files-en")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert blocked == []
    finally:
        phone.close()


def test_the_editions_links_and_the_forms_speak_the_readers_language_to_assistive_technology(page, live_server,
                                                                                             world):
    """The "英語版あり" / "英語版もあります" labels and an edition's headings and buttons are Japanese words (the
    reader's language), so they must not be marked lang="en" (WCAG 3.1.2): a screen reader would read them with an
    English voice. Only the English edition's own title and text are English. A form field's help is its
    accessible description, and a group of checkboxes is named by its label."""
    work = report(world, number=NUMBER, title=TITLE_JA, english=TITLE_EN, body=BODY_JA, body_en=BODY_EN)
    language_of = "element => element.closest('[lang]').getAttribute('lang')"

    page.goto(f"/library/?q={WORD}")
    also = page.get_by_test_id("work").get_by_test_id("also-in")
    expect(also).to_have_text("英語版あり")
    assert also.evaluate(language_of) == "ja"

    page.goto(work.get_absolute_url())
    other = page.get_by_test_id("other-editions").get_by_role("link", name="英語版もあります")
    assert other.evaluate(language_of) == "ja"
    english = page.get_by_test_id("edition-en")
    assert english.get_by_role("heading", level=2).evaluate(language_of) == "ja"  # "英語: <the English title>"
    assert english.get_by_text("PDF,", exact=False).evaluate(language_of) == "ja"  # the file's format and size

    _as(page, live_server, world.people["office_staff"])
    page.goto("/library/new/")
    expect(page.get_by_label("号数")).to_have_accessible_description(
        "クレアレポート、海外の地方自治シリーズ、自治体国際化フォーラムの各号に付きます。")
    expect(page.get_by_role("group", name=re.compile("^テーマ"))).to_have_count(1)
