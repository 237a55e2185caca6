from io import BytesIO

from openpyxl import load_workbook

from kizuna.plan.models import KPI
from tests.factories import arrange_update
from tests.plan.factories import counted_figure

from .conftest import english_client


def _sheet(response):
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return workbook, rows[0], rows[1:]


def _by_kpi(header, rows, programme_code, kpi_code) -> dict:
    row = next(
        r
        for r in rows
        if r[header.index("Programme code")] == programme_code and r[header.index("KPI code")] == kpi_code
    )
    return dict(zip(header, row, strict=True))


def test_export_reads_back_with_every_kpi_and_both_languages(world, plan):
    forum = KPI.objects.get(programme__code="5-4", code="forum")
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=3)
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=2, value=3)
    response = english_client(world, "office_staff").get("/plan/2026/export.xlsx")
    workbook, header, rows = _sheet(response)
    row = _by_kpi(header, rows, "5-4", "forum")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (workbook.sheetnames, len(rows)) == (["FY2026", "About"], 127)
    assert {
        k: row[k]
        for k in (
            "Area",
            "KPI (Japanese)",
            "KPI (English)",
            "Target",
            "Q1",
            "Q2",
            "Q3",
            "Q4",
            "Year",
            "Progress (%)",
            "Status",
        )
    } == {
        "Area": 5,
        "KPI (Japanese)": "自治体国際化フォーラムの発行号数",
        "KPI (English)": "Jichitai Kokusaika Forum issues published",
        "Target": 12,
        "Q1": 3,
        "Q2": 3,
        "Q3": None,
        "Q4": None,
        "Year": 6,
        "Progress (%)": 50.0,
        "Status": "Measured",
    }


def test_export_leaves_kpis_not_yet_measured_empty_not_zero(world, plan):
    from kizuna.plan.models import KPI

    # A key no app registers (the real keys fill in as their apps arrive).
    arrange_update(KPI.objects.filter(programme__code="1-1", code="seminar-participants"),
        source="query", query_key="tests.nothing_registers_this")
    response = english_client(world, "hq_staff").get("/plan/2026/export.xlsx")
    _workbook, header, rows = _sheet(response)
    row = _by_kpi(header, rows, "1-1", "seminar-participants")
    assert ([row[k] for k in ("Q1", "Q2", "Q3", "Q4", "Year", "Progress (%)")], row["Status"]) == (
        [None] * 6,
        "Not yet measured",
    )


def test_export_for_one_office(world, plan):
    forum = KPI.objects.get(programme__code="5-4", code="forum")
    counted_figure(world, by=world.people["office_staff"], kpi=forum, quarter=1, value=2, organisation=world.nyc)
    counted_figure(world, by=world.people["hq_staff"], kpi=forum, quarter=1, value=9)
    response = english_client(world, "hq_staff").get(f"/plan/2026/export.xlsx?office={world.nyc.pk}")
    _workbook, header, rows = _sheet(response)
    assert (_by_kpi(header, rows, "5-4", "forum")["Q1"], response["Content-Disposition"]) == (
        2,
        'attachment; filename="kizuna-plan-fy2026-nyc.xlsx"',
    )


def test_export_is_forbidden_for_municipality_staff(world, plan):
    assert world.client_for("municipality_staff").get("/plan/2026/export.xlsx").status_code == 404


def test_export_sends_anonymous_people_to_the_login_page(world, plan):
    assert world.client_for("anonymous").get("/plan/2026/export.xlsx").status_code == 302


def test_export_writes_a_name_that_looks_like_a_formula_as_text(world, plan):
    arrange_update(KPI.objects.filter(programme__code="5-4", code="forum"), name='=HYPERLINK("https://attacker.example/")')
    response = english_client(world, "hq_staff").get("/plan/2026/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    codes = (header.index("Programme code"), header.index("KPI code"))
    row = next(r for r in sheet.iter_rows(min_row=2) if (r[codes[0]].value, r[codes[1]].value) == ("5-4", "forum"))
    cell = row[header.index("KPI (Japanese)")]
    assert (cell.data_type, cell.value) == ("s", "'=HYPERLINK(\"https://attacker.example/\")")
