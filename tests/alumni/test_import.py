"""Alumni from earlier lists: all or nothing with a row-by-row report; matched by JET number to an alumnus (empty
fields filled) or to a participant (placements carried over); possible duplicates recorded, never merged until
headquarters decides."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from kizuna.alumni import importing, services
from kizuna.alumni.models import Alumnus, ChapterMember, Placement, PossibleDuplicate
from tests.jet.access import _leaving

from .conftest import alumnus, chapter_for

HEADER = "name,jet_number,country,birth_date,email,employer,organisation,position,from,until,chapter,consented_on\n"


def _import(world, text: str, *, who="hq_staff", filename="alumni.csv", **kwargs):
    return importing.import_alumni(by=world.people[who], content=text.encode("utf-8"), filename=filename,
                                   consent_wording="I agree to be in the JETAA register.", **kwargs)


def test_a_clean_file_is_imported_with_placements_chapters_and_its_consent(world):
    chapter_for(world)
    report = _import(world, HEADER
                     + "Alex Kim,,US,1990-04-01,alex@example.org,JETRO,131016,ALT,2012,2015,JETAA New York,2016-05-01\n"
                     + "Jo Lee,,KR,,,,千代田区,cir,2018-08-01,2020-07-31,,\n",
                     consented_on=date(2020, 1, 1))
    assert report.saved and report.errors == 0 and report.ok == 2
    alex = Alumnus.objects.get(full_name="Alex Kim")
    assert (alex.country, alex.birth_date, alex.source, alex.consent_wording) == (
        "US", date(1990, 4, 1), "import", "I agree to be in the JETAA register.")
    assert alex.consented_at.date() == date(2016, 5, 1)
    assert Alumnus.objects.get(full_name="Jo Lee").consented_at.date() == date(2020, 1, 1)
    placement = alex.placements.get()
    assert (placement.organisation, placement.prefecture, placement.position, placement.started_on,
            placement.ended_on) == (world.chiyoda, world.tokyo, "alt", date(2012, 8, 1), date(2015, 7, 31))
    assert ChapterMember.objects.get(alumnus=alex).chapter.organisation == world.jetaa


def test_one_bad_row_refuses_the_file_and_the_report_says_why_row_by_row(world):
    before = Alumnus.objects.count()
    report = _import(world, HEADER
                     + "Good Row,,US,,,,,,,,,\n"
                     + ",,Atlantis,1890-01-01,not-mail,,99999,boss,twenty,,Nowhere,\n"
                     + "Twice,20150000001,US,,,,,,,,,\n"
                     + "Twice Again,20150000001,US,,,,,,,,,\n")
    assert not report.saved and report.errors == 2
    lines = {line: (outcome, message) for line, _key, outcome, message in report.rows}
    assert lines[3][0] == "error"
    for words in ("name is missing", "Unknown country", "date of birth", "not an email address",
                  "No local government", "ALT, CIR or SEA", "not a year or a date", "No JETAA chapter"):
        assert words in lines[3][1], words
    assert "twice in the file" in lines[5][1]
    assert Alumnus.objects.count() == before


def test_matching_by_jet_number_fills_only_empty_fields_and_adds_the_placement(world):
    record = alumnus(world, "Pat Quinn", jet_number="20150000009", employer="Sony", placement=False)
    report = _import(world, HEADER + "Patricia Quinn,20150000009,US,1988-02-02,pat@example.org,Nintendo,131016,"
                                     "ALT,2015,2016,,\n")
    assert report.saved and "Matched to Pat Quinn" in report.rows[0][3]
    record.refresh_from_db()
    assert (record.full_name, record.employer, record.email, record.birth_date) == (
        "Pat Quinn", "Sony", "pat@example.org", date(1988, 2, 2))
    assert record.placements.count() == 1
    _import(world, HEADER + "Pat Quinn,20150000009,US,,,,131016,ALT,2015,2016,,\n")
    assert record.placements.count() == 1 and Alumnus.objects.filter(jet_number="20150000009").count() == 1


def test_a_participant_s_jet_number_carries_the_programme_record_over(world):
    participant = _leaving(world)
    report = _import(world, HEADER + f"Alex Smith,{participant.jet_number},US,,,Self-employed,,,,,,\n")
    assert report.saved and "programme's record" in report.rows[0][3]
    record = Alumnus.objects.get(jet_number=participant.jet_number)
    assert record.person == world.people["jet"] and record.employer == "Self-employed"
    assert record.placements.get().participant == participant


def test_the_same_name_birth_date_and_years_is_a_possible_duplicate_never_merged_by_itself(world):
    first = alumnus(world, "Sam Doe", birth_date=date(1990, 1, 1))  # placed 2015-2018 at Chiyoda
    report = _import(world, HEADER + "Sam Doe,,US,1990-01-01,sam@example.org,,131016,ALT,2016,2017,,\n"
                                     "Sam Doe,,US,1990-01-01,,,131016,ALT,2001,2002,,\n")
    assert report.saved and "may be the same person" in report.rows[0][3] and "Added." == report.rows[1][3]
    assert Alumnus.objects.filter(full_name="Sam Doe").count() == 3
    pair = PossibleDuplicate.objects.get()
    assert pair.other == first and pair.resolution == ""
    # headquarters merges: one record, the placements of both, the later one's email kept
    page = world.client_for("hq_staff").get("/alumni/duplicates/").content.decode()
    assert page.count('data-testid="pair"') == 1
    assert world.client_for("chapter_officer").get("/alumni/duplicates/").status_code == 403
    response = world.client_for("hq_staff").post(f"/alumni/duplicates/{pair.pk}/merge/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.email == "sam@example.org" and first.placements.count() == 2
    assert Alumnus.objects.filter(full_name="Sam Doe").count() == 2
    assert not PossibleDuplicate.objects.exists()


def test_different_people_are_kept_apart(world):
    alumnus(world, "Sam Doe", birth_date=date(1990, 1, 1))
    _import(world, HEADER + "Sam Doe,,US,1990-01-01,,,131016,ALT,2016,2017,,\n")
    pair = PossibleDuplicate.objects.get()
    services.resolve_duplicate(by=world.people["hq_staff"], duplicate=pair, merge=False)
    pair.refresh_from_db()
    assert pair.resolution == "distinct" and Alumnus.objects.filter(full_name="Sam Doe").count() == 2
    with pytest.raises(ValidationError):
        services.resolve_duplicate(by=world.people["hq_staff"], duplicate=pair, merge=True)


def test_excel_and_japanese_headers_are_read(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["氏名", "国籍", "生年月日", "任用団体", "職種", "着任", "離任"])
    sheet.append(["山田 花子", "Japan", date(1985, 3, 3), "千代田区", "CIR", 2008, 2011])
    out = io.BytesIO()
    book.save(out)
    report = importing.import_alumni(by=world.people["hq_staff"], content=out.getvalue(), filename="list.xlsx",
                                     consent_wording="同意します。")
    assert report.saved
    record = Alumnus.objects.get(full_name="山田 花子")
    assert record.country == "JP" and Placement.objects.get(alumnus=record).started_on == date(2008, 8, 1)


def test_only_headquarters_imports_and_the_page_reports_row_by_row(world):
    with pytest.raises(PermissionDenied):
        _import(world, HEADER + "A B,,US,,,,,,,,,\n", who="office_staff")
    with pytest.raises(ValidationError):
        importing.import_alumni(by=world.people["hq_staff"], content=b"name,country\nA,US\n", filename="a.csv",
                                consent_wording="  ")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client_for("hq_staff")
    bad = SimpleUploadedFile("a.csv", (HEADER + "A B,,Narnia,,,,,,,,,\n").encode())
    response = client.post("/alumni/import/", {"file": bad, "consent_wording": "I agree."})
    assert response.status_code == 400 and 'data-outcome="error"' in response.content.decode()
    good = SimpleUploadedFile("a.csv", (HEADER + "A B,,US,,,,,,,,,\n").encode())
    response = client.post("/alumni/import/", {"file": good, "consent_wording": "I agree."})
    assert response.status_code == 200 and Alumnus.objects.filter(full_name="A B").exists()
