"""A year's targets and hand-entered figures as an Excel workbook, out and back in.

Headquarters exports the workbook, fills in targets and figures (or passes it round the divisions), and imports
it again. Two sheets, read by their names in Japanese or English:

- 目標 / Targets: a row per KPI — programme code, KPI code, target, where the target comes from (the KPI's name,
  unit and how it is measured are there to read, and ignored on import);
- 実績 / Figures: a row per figure of a KPI entered by hand — programme code, KPI code, quarter, office or branch
  (empty: CLAIR as a whole), value, note (the status is there to read).

The import is all or nothing: every row of both sheets is checked first, and if any is refused nothing is
saved and the report says why, row by row. A target that changes is saved through `services.save_kpi`, a figure
through `services.record_kpi_figure` (it supersedes the quarter's current figure and waits for a second
person's sign-off, as one typed on the KPI's page does). Rows that change nothing are reported and skipped.
"""

import re
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from kizuna.core.codes import normalise_code
from kizuna.core.imports import ImportReport, read_table
from kizuna.core.policies import require
from kizuna.core.spreadsheets import safe_cell

from . import services
from .enums import FigureStatus, KPISource, TargetBasis
from .models import KPI, FiscalYear, KPIEntry
from .queries import clair_organisations

MAX_ROWS = 5_000
TARGET_SHEET = ("目標", "Targets")
FIGURE_SHEET = ("実績", "Figures")

# key → (Japanese header, English header); the import also takes the key itself.
TARGET_COLUMNS = {
    "programme": ("事業コード", "Programme code"),
    "kpi": ("指標コード", "KPI code"),
    "name": ("指標", "KPI"),
    "unit": ("単位", "Unit"),
    "source": ("実績の取り方", "How the actual is obtained"),
    "target": ("目標値", "Target"),
    "target_basis": ("目標の根拠", "Where the target comes from"),
}
FIGURE_COLUMNS = {
    "programme": ("事業コード", "Programme code"),
    "kpi": ("指標コード", "KPI code"),
    "name": ("指標", "KPI"),
    "quarter": ("四半期", "Quarter"),
    "office": ("事務所・支部", "Office or branch"),
    "value": ("実績値", "Figure"),
    "note": ("備考", "Remarks"),
    "status": ("状態", "Status"),
}
INFORMATIVE = {"name", "unit", "source", "status"}  # written for the reader, ignored on import


def _headers(columns: dict) -> list[str]:
    japanese = (translation.get_language() or "ja").startswith("ja")
    return [ja if japanese else en for ja, en in columns.values()]


def _aliases(columns: dict) -> dict[str, tuple[str, ...]]:
    return {key: labels for key, labels in columns.items() if key not in INFORMATIVE}


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet(book: Workbook, title: str, columns: dict, rows) -> None:
    sheet = book.create_sheet(title)
    sheet.append(_headers(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF9")
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for i, key in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = 40 if key in ("name", "note", "office") else 14
    sheet.freeze_panes = "A2"


def plan_workbook(fiscal_year: FiscalYear) -> bytes:
    """Every KPI of the year with its target, and the current figures of the KPIs entered by hand."""
    japanese = (translation.get_language() or "ja").startswith("ja")
    kpis = list(KPI.objects.filter(programme__area__fiscal_year=fiscal_year).select_related("programme"))
    entries = (KPIEntry.objects.current().filter(kpi__programme__area__fiscal_year=fiscal_year)
               .exclude(status=FigureStatus.RETURNED).select_related("kpi__programme", "organisation")
               .order_by("kpi__programme__area__number", "kpi__programme__number", "kpi__order", "kpi_id",
                         "quarter", "organisation__name"))
    book = Workbook()
    book.remove(book.active)
    _sheet(book, TARGET_SHEET[0 if japanese else 1], TARGET_COLUMNS, (
        [k.programme.code, k.code, k.display_name, k.display_unit, k.get_source_display(), _number(k.target),
         k.target_basis] for k in kpis))
    _sheet(book, FIGURE_SHEET[0 if japanese else 1], FIGURE_COLUMNS, (
        [e.kpi.programme.code, e.kpi.code, e.kpi.display_name, e.quarter,
         e.organisation.display_name if e.organisation else "", _number(e.value), e.note, e.get_status_display()]
        for e in entries))
    about = book.create_sheet(_("About"))
    for line in (
        (_("Plan"), str(fiscal_year.label)),
        (_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        (_("Targets"), _("Change the target and where it comes from (plan, clair or demo); the other columns "
                         "are for reading.")),
        (_("Figures"), _("Add or change rows for KPIs entered by staff: quarter 1–4, the office or branch as "
                         "its name (empty for CLAIR as a whole), the figure. Each new figure waits for a "
                         "second person's sign-off.")),
    ):
        about.append([safe_cell(v) for v in line])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 100
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# -- import ----------------------------------------------------------------------------------------------------

def _decimal(text: str) -> Decimal | None:
    text = normalise_code(text).replace(",", "")
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _quarter(text: str) -> int | None:
    match = re.fullmatch(r"(?:q|第)?([1-4])(?:\.0+)?(?:四半期)?", normalise_code(text).lower())
    return int(match.group(1)) if match else None


def _basis(text: str, labels: dict) -> str | None:
    return labels.get(text.strip().lower())


def _basis_labels() -> dict[str, str]:
    labels = {}
    for code, label in TargetBasis.choices:
        labels[code] = code
        for language in ("ja", "en"):
            with translation.override(language):
                labels[str(label).lower()] = code
    return labels


def _office_names(by) -> dict[str, object]:
    names = {}
    for office in clair_organisations(by):
        for name in (office.name, office.name_en, office.slug):
            if name:
                names[name.strip().lower()] = office
    return names


def _target_rows(table, kpis: dict, report: ImportReport, changes: list, by) -> None:
    labels = _basis_labels()
    for row in table.rows:
        key = f"{row['programme']}/{row['kpi']}"
        kpi = kpis.get((row["programme"], row["kpi"]))
        target = _decimal(row["target"]) if row["target"] else None
        basis = _basis(row["target_basis"], labels) if row["target_basis"] else None
        problem = ""
        if kpi is None:
            problem = _("No KPI of this year's plan has this programme and KPI code.")
        elif row["target"] and target is None:
            problem = _("The target is not a number.")
        elif target is not None and target < 0:
            problem = _("A target cannot be negative.")
        elif row["target_basis"] and basis is None:
            problem = _("Where the target comes from must be plan, clair or demo.")
        if problem:
            report.add(row.line, key, "error", problem)
            continue
        values = {"target": target, "target_basis": basis or kpi.target_basis}
        if target is not None:
            values["target"] = target.quantize(Decimal("0.01"))
        if (values["target"], values["target_basis"]) == (kpi.target, kpi.target_basis):
            report.add(row.line, key, "skipped", _("No change."))
            continue
        changes.append(lambda kpi=kpi, values=values: services.save_kpi(by=by, kpi=kpi, **values))
        report.add(row.line, key, "ok", _("Target: %(old)s → %(new)s") % {
            "old": _number(kpi.target) if kpi.target is not None else "—",
            "new": _number(values["target"]) if values["target"] is not None else "—"})


def _figure_rows(table, kpis: dict, report: ImportReport, changes: list, by) -> None:
    offices = _office_names(by)
    current = {(e.kpi_id, e.quarter, e.organisation_id): e
               for e in KPIEntry.objects.current().filter(kpi__in=list(kpis.values()))}
    seen = set()
    for row in table.rows:
        key = f"{row['programme']}/{row['kpi']} Q{row['quarter']} {row['office']}".strip()
        kpi = kpis.get((row["programme"], row["kpi"]))
        quarter = _quarter(row["quarter"])
        office = offices.get(row["office"].strip().lower()) if row["office"] else None
        value = _decimal(row["value"])
        problem = ""
        if kpi is None:
            problem = _("No KPI of this year's plan has this programme and KPI code.")
        elif kpi.source != KPISource.MANUAL:
            problem = _("“%(kpi)s” is measured by Kizuna; its figures cannot be entered by hand.") % {"kpi": kpi}
        elif quarter is None:
            problem = _("Choose a quarter from Q1 (April–June) to Q4 (January–March).")
        elif row["office"] and office is None:
            problem = _("No CLAIR office or branch is called “%(name)s”.") % {"name": row["office"]}
        elif value is None:
            problem = _("The figure is missing or not a number.")
        elif (kpi.pk, quarter, office.pk if office else None) in seen:
            problem = _("The same KPI, quarter and office are in the file twice.")
        elif len(row["note"]) > 500:
            problem = _("The note is too long (500 characters at most).")
        if problem:
            report.add(row.line, key, "error", problem)
            continue
        where = (kpi.pk, quarter, office.pk if office else None)
        seen.add(where)
        try:
            clean = services.clean_value(value)
        except ValidationError as error:
            report.add(row.line, key, "error", " ".join(error.messages))
            continue
        existing = current.get(where)
        if existing is not None and existing.status != FigureStatus.RETURNED \
                and (existing.value, existing.note) == (clean, row["note"]):
            report.add(row.line, key, "skipped", _("No change."))
            continue
        changes.append(lambda kpi=kpi, quarter=quarter, office=office, value=clean, note=row["note"]:
                       services.record_kpi_figure(by=by, kpi=kpi, quarter=quarter, organisation=office, value=value,
                                                  note=note))
        report.add(row.line, key, "ok", _("Figure %(value)s, to be signed off") % {"value": _number(clean)})


def import_plan_workbook(*, by, fiscal_year: FiscalYear, content: bytes, filename: str) -> ImportReport:
    """Check every row of the workbook's two sheets; save all of them, or none."""
    require(by, "plan.manage_plan", fiscal_year)
    if not (filename or "").lower().endswith(".xlsx") and content[:2] != b"PK":
        raise ValidationError(_("Upload the Excel workbook (.xlsx) exported from this page."), code="file_type")
    targets = read_table(content, filename, columns=_aliases(TARGET_COLUMNS), required=("programme", "kpi"),
                         max_rows=MAX_ROWS, sheet=TARGET_SHEET)
    figures = read_table(content, filename, columns=_aliases(FIGURE_COLUMNS),
                         required=("programme", "kpi", "quarter", "value"), max_rows=MAX_ROWS, sheet=FIGURE_SHEET)
    report = ImportReport()
    if not targets.found and not figures.found:
        report.add(1, "", "error", _("The workbook has neither a sheet “%(targets)s” nor a sheet “%(figures)s”.")
                   % {"targets": TARGET_SHEET[0], "figures": FIGURE_SHEET[0]})
        return report
    for table, sheet in ((targets, TARGET_SHEET), (figures, FIGURE_SHEET)):
        if table.missing:
            report.add(1, sheet[0], "error", _("Columns missing: %(columns)s.") % {"columns": ", ".join(
                (TARGET_COLUMNS if sheet is TARGET_SHEET else FIGURE_COLUMNS)[c][0] for c in table.missing)})
    if report.errors:
        return report
    kpis = {(k.programme.code, k.code): k
            for k in KPI.objects.filter(programme__area__fiscal_year=fiscal_year).select_related("programme")}
    changes: list = []  # service steps, run once every row has passed
    _target_rows(targets, kpis, report, changes, by)
    _figure_rows(figures, kpis, report, changes, by)
    if report.errors:
        return report
    if not changes:
        report.add(1, "", "skipped", _("Nothing to change: every row is as the plan already has it."))
        report.saved = True  # nothing refused, and nothing to write
        return report
    try:
        with transaction.atomic():
            for change in changes:
                change()
    except ValidationError as error:  # a rule only the service knows: still all or nothing
        report.add(1, "", "error", " ".join(error.messages))
        return report
    report.saved = True
    return report
