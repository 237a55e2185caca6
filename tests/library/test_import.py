"""The catalogue import: all or nothing with a row-by-row report, files from a folder or a ZIP archive checked
by their content, on the page and by the command."""

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from kizuna.library.enums import Extraction, Kind, Status
from kizuna.library.models import EditionFile, Work
from tests.library.conftest import pdf_bytes

pytestmark = pytest.mark.django_db

HEADER = ["種別", "号", "タイトル", "英語タイトル", "発行日", "テーマ", "国", "ファイル", "英語ファイル", "掲載号",
          "状態"]


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _zip(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


GOOD = [
    ["クレアレポート", "300", "ドイツの地方財政", "Local finance in Germany", "2019-03-31", "finance", "DE",
     "reports/300.pdf", "reports/300-en.pdf", "", ""],
    ["magazine_issue", "350", "自治体国際化フォーラム 350号", "", "2018/12/1", "", "", "forum/350.pdf", "", "", ""],
    ["magazine_article", "", "特集記事", "", "2018-12-01", "多文化共生", "", "", "", "350", "draft"],
]


def _post(client, sheet: bytes, archive: bytes | None):
    data = {"file": io.BytesIO(sheet)}
    data["file"].name = "catalogue.csv"
    if archive is not None:
        data["archive"] = io.BytesIO(archive)
        data["archive"].name = "files.zip"
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/library/import/", data)


def test_a_catalogue_with_its_files_is_imported(world, client_for):
    archive = _zip({"reports/300.pdf": pdf_bytes("ドイツの地方税制度を解説する。"),
                    "reports/300-en.pdf": pdf_bytes("Local taxes in Germany."),
                    "forum/350.pdf": pdf_bytes("特集　多文化共生の地域づくりと日本語教室の取組")})
    response = _post(client_for("hq_staff"), _csv(GOOD), archive)
    assert response.status_code == 200
    report = Work.objects.get(kind=Kind.CLAIR_REPORT, number=300)
    assert (report.status, str(report.published_on), sorted(e.language for e in report.editions.all())) == (
        Status.PUBLISHED, "2019-03-31", ["en", "ja"])
    assert list(report.themes.values_list("slug", flat=True)) == ["finance"]
    article = Work.objects.get(kind=Kind.MAGAZINE_ARTICLE)
    assert (article.status, article.issue.number) == (Status.DRAFT, 350)
    assert set(EditionFile.objects.values_list("extraction", flat=True)) == {Extraction.DONE}
    found = client_for("anonymous").get("/api/v1/library/search", {"q": "地方税"}).json()
    assert [w["id"] for w in found["items"]] == [report.pk]


def test_one_bad_row_saves_nothing_and_says_why(world, client_for):
    archive = _zip({"reports/300.pdf": pdf_bytes("本文"), "reports/300-en.pdf": b"MZ not a pdf",
                    "forum/350.pdf": pdf_bytes("特集　多文化共生の地域づくりと日本語教室の取組")})
    bad = [*GOOD, ["clair_report", "300", "重複", "", "", "", "", "", "", "", "draft"],
           ["工具", "", "不明な種別", "", "", "", "", "", "", "", ""],
           ["tool", "", "国が不明", "", "", "", "Atlantis", "", "", "", "draft"]]
    response = _post(client_for("hq_staff"), _csv(bad), archive)
    assert response.status_code == 400 and Work.objects.count() == 0
    rows = {line: message for line, _key, outcome, message in response.context["report"].rows if outcome == "error"}
    assert sorted(rows) == [2, 5, 6, 7]
    assert "内容で判定" in rows[2] and "300" in rows[5]
    assert "Atlantis" in rows[7]


def test_the_command_reads_files_from_a_folder(world, tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "300.pdf").write_bytes(pdf_bytes("フォルダから"))
    sheet = tmp_path / "catalogue.csv"
    sheet.write_bytes(_csv([["clair_report", "300", "フォルダの報告", "", "", "", "", "reports/300.pdf", "", "", ""]]))
    out = io.StringIO()
    call_command("import_library", str(sheet), "--files", str(tmp_path), "--by", "hq_staff@example.jp", stdout=out)
    assert "1 works imported" in out.getvalue()
    sheet.write_bytes(_csv([["clair_report", "301", "ない", "", "", "", "", "../etc/passwd", "", "", ""]]))
    with pytest.raises(CommandError):
        call_command("import_library", str(sheet), "--files", str(tmp_path), "--by", "hq_staff@example.jp",
                     stdout=io.StringIO())
    assert Work.objects.count() == 1


def test_only_headquarters_import(world, client_for):
    assert client_for("office_staff").get("/library/import/").status_code == 403
