"""Headquarters edits the plan in pages (areas, programmes, KPIs and their targets, each change in the history),
and exports and imports the year's targets and hand-entered figures as a workbook, all or nothing."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from kizuna.plan import services
from kizuna.plan.models import KPI, Area, KPIEntry, Programme
from tests.audit_helpers import logged

from .conftest import SEVEN
from .factories import AreaFactory, KPIFactory, ProgrammeFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def programme(world):
    programme = ProgrammeFactory(code="1-1")
    programme.offices.add(world.hq)
    return programme


@pytest.fixture
def manual(programme):
    return KPIFactory(programme=programme, code="visits", target=Decimal("10"), target_basis="demo", unit="回",
                      unit_en="times")


def _kpi_form(**changes) -> dict:
    data = {"code": "new-kpi", "name": "相談件数", "name_en": "Consultations", "unit": "件", "unit_en": "cases",
            "target": "120", "target_basis": "clair", "source": "manual", "query_key": "", "aggregation": "sum",
            "order": ""}
    return {**data, **changes}


# -- pages ------------------------------------------------------------------------------------------------------

def test_headquarters_changes_a_target_in_the_page_and_the_change_is_in_its_history(world, manual):
    client = world.client_for("hq_staff")
    response = client.post(f"/plan/kpis/{manual.pk}/edit/", _kpi_form(
        code="visits", name=manual.name, name_en=manual.name_en, unit="回", unit_en="times", target="25"))
    assert response.status_code == 302, response.content.decode()[:2000]
    manual.refresh_from_db()
    assert (manual.target, manual.target_basis) == (Decimal("25.00"), "clair")
    who, changes = logged(manual, "plan.kpi.update")
    assert who == world.people["hq_staff"]
    assert changes["target"] == ["10.00", "25.00"] and changes["target_basis"] == ["demo", "clair"]
    page = client.get(f"/plan/kpis/{manual.pk}/edit/").content.decode()
    assert 'data-testid="history"' in page and "25.00" in page


def test_headquarters_adds_an_area_a_programme_and_a_kpi_measured_by_a_query(world, programme):
    client = world.client_for("hq_staff")
    year = programme.area.fiscal_year
    number = max(year.areas.values_list("number", flat=True)) + 1
    assert client.post(f"/plan/{year.year}/areas/new/", {"number": number, "name": "新分野", "name_en": "New area",
                                                          "summary": "", "summary_en": ""}).status_code == 302
    area = Area.objects.get(fiscal_year=year, number=number)
    response = client.post(f"/plan/areas/{area.pk}/programmes/new/", {
        "code": f"{number}-1", "number": "1", "name": "新事業", "name_en": "New programme", "description": "",
        "description_en": "", "division": "総務部", "division_en": "", "app": "events", "offices": [world.nyc.pk]})
    assert response.status_code == 302
    new = Programme.objects.get(area=area, code=f"{number}-1")
    assert list(new.offices.all()) == [world.nyc]
    response = client.post(f"/plan/programmes/{new.pk}/kpis/new/", _kpi_form(source="query", query_key=SEVEN))
    assert response.status_code == 302
    kpi = KPI.objects.get(programme=new)
    assert (kpi.source, kpi.query_key, kpi.order) == ("query", SEVEN, 1)
    editor = client.get(f"/plan/{year.year}/edit/").content.decode()
    assert "新事業" in editor and "相談件数" in editor and f'/plan/kpis/{kpi.pk}/edit/' in editor


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"source": "query", "query_key": ""}, "query_key", "needs the query"),
    ({"code": "visits"}, "code", "already has a KPI with the code visits"),
    ({"target": "-3"}, "target", ""),
    ({"code": "two words"}, "code", ""),
])
def test_a_kpi_refused_says_why_beside_the_field_and_nothing_is_saved(world, manual, changes, field, message):
    client = world.client_for("hq_staff")
    client.cookies["django_language"] = "en"
    before = KPI.objects.count()
    response = client.post(f"/plan/programmes/{manual.programme_id}/kpis/new/", _kpi_form(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert KPI.objects.count() == before


def test_an_unknown_query_key_is_refused_by_the_service(world, manual):
    with pytest.raises(ValidationError) as refusal:
        services.save_kpi(by=world.people["hq_staff"], kpi=manual, source="query", query_key="no.such.key")
    assert refusal.value.error_dict["query_key"][0].code == "unknown_query"
    manual.refresh_from_db()
    assert manual.source == "manual"


def test_a_programme_code_is_unique_in_the_whole_year(world, programme):
    other_area = AreaFactory(fiscal_year=programme.area.fiscal_year)
    with pytest.raises(ValidationError) as refusal:
        services.save_programme(by=world.people["hq_staff"], area=other_area, code="1-1", number=1, name="重複",
                                name_en="Twice")
    assert refusal.value.error_dict["code"][0].code == "duplicate"
    assert not Programme.objects.filter(area=other_area).exists()


@pytest.mark.parametrize("role", ["office_staff", "branch_staff", "municipality_staff"])
def test_only_headquarters_edits_the_plan(world, manual, role):
    client = world.client_for(role)
    assert client.get(f"/plan/kpis/{manual.pk}/edit/").status_code in (403, 404)
    assert client.post(f"/plan/kpis/{manual.pk}/edit/", _kpi_form(code="visits", target="1")).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.save_kpi(by=world.people[role], kpi=manual, target=1)
    manual.refresh_from_db()
    assert manual.target == Decimal("10")


# -- the workbook -----------------------------------------------------------------------------------------------

def _exported(client, year) -> object:
    response = client.get(f"/plan/{year}/targets-and-figures.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return load_workbook(BytesIO(response.content))


def _upload(client, year, book):
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "plan.xlsx"
    return client.post(f"/plan/{year}/import/", {"file": out})


def _row_of(sheet, *values) -> int:
    for row in sheet.iter_rows(min_row=2):
        if tuple(c.value for c in row[:len(values)]) == values:
            return row[0].row
    raise AssertionError(f"no row {values}")


def test_targets_and_figures_go_out_and_come_back_in_through_the_workbook(world, manual, programme):
    measured = KPIFactory(programme=programme, code="live", source="query", query_key=SEVEN, target=5)
    services.record_kpi_figure(by=world.people["hq_staff"], kpi=manual, quarter=1, value=3, note="Q1")
    client = world.client_for("hq_staff")
    year = programme.area.fiscal_year.year
    book = _exported(client, year)
    targets, figures = book["目標"], book["実績"]
    assert _row_of(targets, "1-1", "live") and _row_of(figures, "1-1", "visits")
    targets.cell(_row_of(targets, "1-1", "visits"), 6).value = 40  # target
    targets.cell(_row_of(targets, "1-1", "live"), 7).value = "plan"  # where the target comes from
    figures.append(["1-1", "visits", "", 2, "クレア ニューヨーク事務所", 6, "ニューヨーク分"])

    response = _upload(client, year, book)

    assert response.status_code == 200, response.content.decode()[:3000]
    report = response.context["report"]
    assert report.saved and report.errors == 0
    assert [(r[1], r[2]) for r in report.rows if r[2] != "skipped"] == [
        ("1-1/visits", "ok"), ("1-1/live", "ok"), ("1-1/visits Q2 クレア ニューヨーク事務所", "ok")]
    manual.refresh_from_db()
    measured.refresh_from_db()
    assert (manual.target, measured.target_basis) == (Decimal("40.00"), "plan")
    new = KPIEntry.objects.get(kpi=manual, quarter=2)
    assert (new.organisation, new.value, new.status, new.entered_by) == (
        world.nyc, Decimal("6.00"), "entered", world.people["hq_staff"])
    assert KPIEntry.objects.filter(kpi=manual, quarter=1).count() == 1  # unchanged: not entered again
    assert logged(manual, "plan.kpi.update")[1]["target"] == ["10.00", "40.00"]


def test_one_bad_row_refuses_the_whole_workbook_and_says_which_and_why(world, manual, programme):
    KPIFactory(programme=programme, code="live", source="query", query_key=SEVEN)
    client = world.client_for("hq_staff")
    client.cookies["django_language"] = "en"
    year = programme.area.fiscal_year.year
    book = _exported(client, year)
    targets, figures = book["Targets"], book["Figures"]
    targets.cell(_row_of(targets, "1-1", "visits"), 6).value = 99
    figures.append(["1-1", "visits", "", 1, "", "12", ""])  # good
    figures.append(["1-1", "live", "", 1, "", "3", ""])  # measured by Kizuna
    figures.append(["1-1", "visits", "", 5, "", "3", ""])  # no such quarter
    figures.append(["1-1", "nope", "", 1, "", "3", ""])  # no such KPI
    figures.append(["1-1", "visits", "", 2, "Atlantis", "3", ""])  # no such office
    figures.append(["1-1", "visits", "", 3, "", "many", ""])  # not a number

    response = _upload(client, year, book)

    assert response.status_code == 400
    report = response.context["report"]
    assert not report.saved
    refused = [(line, message) for line, _key, outcome, message in report.rows if outcome == "error"]
    assert [line for line, _ in refused] == [3, 4, 5, 6, 7]
    messages = " | ".join(m for _, m in refused)
    for expected in ("measured by Kizuna", "Q1 (April–June)", "No KPI of this year", "Atlantis", "not a number"):
        assert expected in messages
    manual.refresh_from_db()
    assert manual.target == Decimal("10") and not KPIEntry.objects.filter(kpi=manual).exists()


def test_a_file_that_is_not_the_workbook_is_refused_beside_the_field(world, manual):
    client = world.client_for("hq_staff")
    year = manual.programme.area.fiscal_year.year
    upload = BytesIO(b"programme,kpi\n1-1,visits\n")
    upload.name = "plan.csv"
    response = client.post(f"/plan/{year}/import/", {"file": upload})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    book = load_workbook(BytesIO(client.get(f"/plan/{year}/targets-and-figures.xlsx").content))
    for sheet in book.worksheets:
        sheet.title = f"x-{sheet.title}"
    response = _upload(client, year, book)
    assert response.status_code == 400 and response.context["report"].errors == 1


def test_the_import_is_for_headquarters_only(world, manual):
    year = manual.programme.area.fiscal_year.year
    for role in ("office_staff", "municipality_staff"):
        client = world.client_for(role)
        assert client.get(f"/plan/{year}/targets-and-figures.xlsx").status_code in (403, 404)
        assert client.get(f"/plan/{year}/import/").status_code in (403, 404)
