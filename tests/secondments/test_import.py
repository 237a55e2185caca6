"""Language-test results from a spreadsheet: all or nothing, with a report row by row."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kizuna.secondments.importing import import_tests

from .conftest import secondment

pytestmark = pytest.mark.django_db


def _csv(rows):
    return ("email,test,language,taken_on,score,level\n" + "\n".join(rows) + "\n").encode()


def test_a_good_file_is_imported_and_a_second_run_updates(world):
    s = secondment(world)
    day = (s.starts_on + timedelta(days=30)).isoformat()
    content = _csv([f"office_staff@example.jp,TOEIC L&R,English,{day},815,",
                    f"office_staff@example.jp,英検,英語,{day},,準1級"])
    report = import_tests(by=world.people["hq_staff"], content=content, filename="tests.csv")
    assert report.saved and report.ok == 2
    assert s.language_tests.count() == 2
    content = _csv([f"office_staff@example.jp,TOEIC L&R,en,{day},860,"])
    report = import_tests(by=world.people["hq_staff"], content=content, filename="tests.csv")
    assert report.saved
    assert s.language_tests.get(name="TOEIC L&R").score == "860"


def test_one_bad_row_saves_nothing(world, client_for):
    s = secondment(world)
    day = (s.starts_on + timedelta(days=30)).isoformat()
    content = _csv([f"office_staff@example.jp,TOEIC L&R,en,{day},815,",
                    f"nobody@example.jp,TOEIC L&R,en,{day},700,",
                    f"office_staff@example.jp,HSK,klingon,{day},,5級",
                    "office_staff@example.jp,TOPIK,ko,not a date,,3級"])
    response = client_for("hq_staff").post(reverse("secondments:test_import"),
                                            {"file": SimpleUploadedFile("tests.csv", content)})
    assert response.status_code == 400
    report = response.context["report"]
    assert [outcome for _line, _key, outcome, _m in report.rows] == ["ok", "error", "error", "error"]
    assert not s.language_tests.exists()
