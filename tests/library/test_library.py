"""The library through its services, pages and API: works and editions, review and publication, the embargo,
corrections kept as versions, withdrawal, text extraction (a scan is flagged), search in both languages with
facets, usage counts and the plan's KPIs, the portal's proposals, and research answers flowing in."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from kizuna.core.audit import unlogged
from kizuna.library import services
from kizuna.library.enums import Extraction, Kind, Status
from kizuna.library.kpis import clair_reports, downloads, practices_en, tabunka_tools
from kizuna.library.models import EditionFile, Usage, Work
from kizuna.plan.kpis import period_dates
from tests.library.conftest import add_file, docx_bytes, pdf_bytes, report, scan_bytes, upload

pytestmark = pytest.mark.django_db


def test_a_report_is_published_with_both_editions_and_its_text_is_read(world):
    work = report(world)
    assert (work.status, work.published_on, work.identifier) == (
        Status.PUBLISHED, timezone.localdate(), "CLAIR Report No. 512")
    files = EditionFile.objects.filter(edition__work=work).order_by("name")
    assert [(f.extraction, f.pages) for f in files] == [(Extraction.DONE, 1), (Extraction.DONE, 1)]
    assert "言語アクセス法" in files.get(edition__language="ja").text


def test_a_scanned_pdf_is_flagged_and_shown_to_staff(world, client_for):
    work = report(world, publish=False)
    edition = work.editions.get(language="ja")
    item = add_file(world.people["office_staff"], edition, "scan.pdf", scan_bytes())
    assert (item.extraction, item.text) == (Extraction.NO_TEXT, "")
    page = client_for("office_staff").get("/library/workspace/").content.decode()
    assert "scan.pdf" in page


def test_files_are_checked_by_content(world):
    work = report(world, publish=False)
    edition = work.editions.get(language="ja")
    with pytest.raises(ValidationError) as refused:
        services.add_file(by=world.people["office_staff"], edition=edition,
                          upload=upload("report.pdf", b"MZ\x90\x00 not a pdf"))
    assert "checked by its content" in str(refused.value)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    with pytest.raises(ValidationError):
        services.add_file(by=world.people["office_staff"], edition=edition, upload=upload("photo.pdf", png))
    assert edition.files.count() == 1


def test_a_series_needs_its_number_once(world):
    office = world.people["office_staff"]
    with pytest.raises(ValidationError) as refused:
        services.create_work(by=office, kind=Kind.CLAIR_REPORT, publisher=world.nyc)
    assert "number" in refused.value.error_dict
    report(world, number=7, publish=False)
    with pytest.raises(ValidationError) as refused:
        services.create_work(by=office, kind=Kind.CLAIR_REPORT, publisher=world.nyc, number=7)
    assert "already in the library" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.create_work(by=office, kind=Kind.MAGAZINE_ARTICLE, publisher=world.nyc)
    assert "issue" in refused.value.error_dict


def test_review_and_publication_need_the_right_people_and_an_edition(world):
    office, hq = world.people["office_staff"], world.people["hq_staff"]
    work = services.create_work(by=office, kind=Kind.CASE_STUDY, publisher=world.nyc)
    with pytest.raises(ValidationError) as refused:
        services.submit(by=office, work=work)
    assert "edition" in str(refused.value)
    services.save_edition(by=office, work=work, language="en", title="Sendai", body="Plain Japanese reaches more.")
    work = services.submit(by=office, work=work)
    with pytest.raises(PermissionDenied):
        services.publish(by=office, work=work)  # headquarters decide
    with pytest.raises(ValidationError):
        services.return_for_changes(by=hq, work=work)  # a return says what should change
    work = services.return_for_changes(by=hq, work=work, note="Add the Japanese edition.")
    assert work.status == Status.DRAFT


def test_a_draft_is_seen_only_by_clair_and_its_publisher(world, client_for):
    work = report(world, publish=False)
    assert client_for("office_staff").get(f"/library/works/{work.pk}/").status_code == 200
    assert client_for("municipality_staff").get(f"/library/works/{work.pk}/").status_code == 404
    assert client_for("anonymous").get(f"/library/works/{work.pk}/").status_code == 404
    item = EditionFile.objects.filter(edition__work=work).first()
    assert client_for("municipality_staff").get(f"/library/files/{item.pk}/").status_code == 404
    assert client_for("anonymous").get("/library/?q=言語アクセス法").content.decode().count('data-testid="work"') == 0


def test_an_embargoed_work_waits_for_its_day(world, client_for):
    work = report(world, embargo_until=timezone.localdate() + timedelta(days=3))
    assert client_for("anonymous").get(f"/library/works/{work.pk}/").status_code == 404
    assert client_for("hq_staff").get(f"/library/works/{work.pk}/").status_code == 200
    assert client_for("anonymous").get("/api/v1/library/search?q=言語アクセス法").json()["count"] == 0
    assert client_for("hq_staff").get("/api/v1/library/search?q=言語アクセス法").json()["count"] == 1
    with unlogged("the embargo's day comes"):
        Work.objects.filter(pk=work.pk).update(embargo_until=timezone.localdate())
    assert client_for("anonymous").get(f"/library/works/{work.pk}/").status_code == 200


def test_a_correction_is_a_new_version_and_the_old_one_stays(world, client_for):
    work = report(world)
    old = EditionFile.objects.get(edition__work=work, edition__language="ja")
    with pytest.raises(ValidationError):
        services.correct_file(by=world.people["hq_staff"], item=old, upload=upload("x.pdf", pdf_bytes("訂正版")),
                              note=" ")
    with TestCase.captureOnCommitCallbacks(execute=True):
        new = services.correct_file(by=world.people["hq_staff"], item=old, note="表3の数値を訂正",
                                    upload=upload("report-512-ja.pdf",
                                                  pdf_bytes("訂正版の本文です。港湾の統計を直した。")))
    old.refresh_from_db()
    assert (old.is_current, new.is_current, new.version) == (False, True, 2)
    page = client_for("anonymous").get(f"/library/works/{work.pk}/").content.decode()
    assert "表3の数値を訂正" in page and f"/library/files/{old.pk}/" in page
    assert client_for("anonymous").get(f"/library/files/{old.pk}/").status_code == 200
    found = client_for("anonymous").get("/api/v1/library/search?q=港湾").json()
    assert [w["id"] for w in found["items"]] == [work.pk]


def test_withdrawal_keeps_a_notice_and_removes_the_files(world, client_for):
    work = report(world)
    item = EditionFile.objects.filter(edition__work=work).first()
    with pytest.raises(ValidationError):
        services.withdraw(by=world.people["hq_staff"], work=work, notice="")
    response = client_for("hq_staff").post(f"/library/works/{work.pk}/review/withdraw/",
                                           {"reason": "著作権の確認のため"})
    assert response.status_code == 302
    page = client_for("anonymous").get(f"/library/works/{work.pk}/").content.decode()
    assert "著作権の確認のため" in page and f"/library/files/{item.pk}/" not in page
    assert client_for("anonymous").get(f"/library/files/{item.pk}/").status_code == 404
    assert client_for("anonymous").get("/api/v1/library/search?q=言語アクセス法").json()["count"] == 0


def test_a_japanese_query_finds_the_english_edition_and_the_reverse(world, client_for):
    work = report(world)
    anonymous = client_for("anonymous")
    page = anonymous.get("/library/", {"q": "言語"}).content.decode()  # two characters of the body
    assert f"/library/works/{work.pk}/" in page and 'data-testid="also-in"' in page
    english = anonymous.get("/api/v1/library/search", {"q": "translates documents"}).json()
    assert [w["id"] for w in english["items"]] == [work.pk]
    assert {e["language"] for e in anonymous.get(f"/api/v1/library/works/{work.pk}").json()["editions"]} == {
        "ja", "en"}


def test_search_facets_and_filters(world, client_for):
    report(world)
    other = report(world, number=513, title="英国の地方財政", english="", body=("カウンシル税の改定。",),
                   countries=["GB"])
    anonymous = client_for("anonymous")
    page = anonymous.get("/library/").content.decode()
    assert 'data-testid="facets"' in page and "英国" in page
    found = anonymous.get("/api/v1/library/search", {"country": "GB"}).json()
    assert [w["id"] for w in found["items"]] == [other.pk]
    assert anonymous.get("/api/v1/library/search", {"kind": "tool"}).json()["count"] == 0
    highlighted = anonymous.get("/api/v1/library/search", {"q": "カウンシル税"}).json()["items"][0]
    assert "<mark>" in highlighted["highlight"]


def test_views_and_downloads_are_counted_and_feed_the_kpis(world, client_for):
    work = report(world)
    anonymous = client_for("anonymous")
    anonymous.get(f"/library/works/{work.pk}/")
    item = EditionFile.objects.filter(edition__work=work).first()
    response = anonymous.get(f"/library/files/{item.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    usage = Usage.objects.get(work=work)
    assert (usage.views, usage.downloads) == (1, 1)
    year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    assert period_dates(year, None)[0] <= timezone.localdate()
    assert clair_reports(year=year, quarter=None, organisation_id=None) == 1
    assert clair_reports(year=year, quarter=None, organisation_id=world.nyc.pk) == 1
    assert downloads(year=year, quarter=None, organisation_id=None) == 1
    assert practices_en(year=year, quarter=None, organisation_id=None) == 0
    hq = world.people["hq_staff"]
    case = services.create_work(by=hq, kind=Kind.CASE_STUDY, publisher=world.hq)
    services.save_edition(by=hq, work=case, language="en", title="Sendai", body="Plain Japanese.")
    services.submit(by=hq, work=case)
    services.publish(by=hq, work=case)
    assert practices_en(year=year, quarter=None, organisation_id=None) == 1


def test_a_local_government_proposes_a_good_practice_that_clair_approves(world, client_for):
    staff = world.people["municipality_staff"]
    with pytest.raises(PermissionDenied):
        services.create_work(by=staff, kind=Kind.CLAIR_REPORT, publisher=world.chiyoda, number=9)
    with pytest.raises(ValidationError):
        services.create_work(by=staff, kind=Kind.GOOD_PRACTICE, publisher=world.minato, field="health")
    response = client_for("municipality_staff").post("/library/new/", {
        "kind": "tool", "publisher": world.chiyoda.pk, "field": "multilingual", "region": "kanto",
        "contact": "千代田区 国際平和・男女平等人権課", "outcomes": "窓口で毎日使われている。"})
    tool = Work.objects.get(kind=Kind.TOOL)
    assert response.status_code == 302 and tool.status == Status.DRAFT
    services.save_edition(by=staff, work=tool, language="ja", title="多言語窓口シート")
    add_file(staff, tool.editions.get(), "sheet.docx", docx_bytes("窓口シート", "住所"))
    client_for("municipality_staff").post(f"/library/works/{tool.pk}/submit/")
    assert Work.objects.get(pk=tool.pk).status == Status.REVIEW
    assert client_for("municipality_staff").post(f"/library/works/{tool.pk}/review/publish/").status_code == 404
    client_for("hq_staff").post(f"/library/works/{tool.pk}/review/publish/")
    assert Work.objects.get(pk=tool.pk).status == Status.PUBLISHED
    year = timezone.localdate().year if timezone.localdate().month >= 4 else timezone.localdate().year - 1
    assert tabunka_tools(year=year, quarter=None, organisation_id=None) == 1
    portal = client_for("anonymous").get("/library/portal/", {"field": "multilingual"}).content.decode()
    assert "多言語窓口シート" in portal


def test_a_guide_is_written_as_sections(world, client_for):
    hq = world.people["hq_staff"]
    guide = services.create_work(by=hq, kind=Kind.GUIDE, publisher=world.hq)
    edition = services.save_edition(by=hq, work=guide, language="ja", title="多言語支援の手引き")
    with pytest.raises(ValidationError):
        services.set_sections(by=hq, edition=edition, outline="見出しのない本文")
    sections = services.set_sections(by=hq, edition=edition,
                                     outline="# 1 はじめに\n災害時の情報。\n## 1.1 使い方\n順に読む。\n"
                                             "# 2 備え\n表示シート。")
    assert [(s.level, s.number, s.heading, s.body) for s in sections] == [
        (1, "1", "はじめに", "災害時の情報。"), (2, "1.1", "使い方", "順に読む。"), (1, "2", "備え", "表示シート。")]
    services.submit(by=hq, work=guide)
    services.publish(by=hq, work=guide)
    page = client_for("anonymous").get(f"/library/works/{guide.pk}/").content.decode()
    assert "1.1 使い方" in page
    assert client_for("anonymous").get("/api/v1/library/search", {"q": "表示シート"}).json()["count"] == 1


def test_the_work_page_carries_citation_metadata(world, client_for):
    work = report(world)
    page = client_for("anonymous").get(f"/library/works/{work.pk}/").content.decode()
    assert '<meta name="citation_title" content="米国の地方自治体における多文化共生施策">' in page
    assert '<meta name="DC.creator"' in page and 'name="citation_pdf_url"' in page
    assert "クレアレポート 第512号" in page and 'data-testid="citation"' in page


def test_feeds_and_sitemap_list_released_works(world, client_for):
    work = report(world)
    report(world, number=700, title="下書きのまま", english="", publish=False)
    anonymous = client_for("anonymous")
    atom = anonymous.get("/library/feed.atom", {"kind": "clair_report"}).content.decode()
    assert f"/library/works/{work.pk}/" in atom and "下書きのまま" not in atom
    assert "<rss" in anonymous.get("/library/feed.rss", {"theme": "multicultural"}).content.decode()
    sitemap = anonymous.get("/library/sitemap.xml").content.decode()
    assert f"/library/works/{work.pk}/" in sitemap and sitemap.count("<url>") == 1
    assert "Sitemap: http://testserver/library/sitemap.xml" in anonymous.get("/robots.txt").content.decode()
