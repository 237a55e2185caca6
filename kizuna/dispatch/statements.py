"""The monthly fee statement of an expert, for accounting: each visit of the month with its fee, the costs
reimbursed, the tax withheld from the fee and what is paid; as a page, a PDF (kizuna/core/pdf.py) and Excel, and
every expert's statement of a month in one Excel book for headquarters' accounting.

Which visits a month holds: the reported visits of an engagement of several visits dated in the month, and the
expert's other dispatches whose report fixed the fee (reported or completed) and whose last day falls in the month,
since the fee is owed once the work is done. Each visit's fee is one payment, the unit
the tax is withheld from (costs.withholding: 10.21 %, 20.42 % on what exceeds 1,000,000 yen). Travel costs and the
daily allowance are reimbursed as they were reported, outside the tax (旅費: not income). These are Kizuna's
reading of DOMAIN.md, which states neither.
"""

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook
from openpyxl.styles import Font

from kizuna.core.fiscal import reiwa_date
from kizuna.core.pdf import FONTS, render_pdf
from kizuna.core.spreadsheets import safe_cell

from . import costs
from .enums import Status, VisitStatus
from .models import Dispatch, Expert, Visit

PAID = (Status.REPORTED, Status.COMPLETED)
FIRST_YEAR, LAST_YEAR = 2000, 2100
MONEY = '#,##0'


@dataclass(frozen=True)
class Line:
    """One visit on a statement."""

    dispatch: Dispatch
    day: date
    topic: str
    fee: int
    travel: int
    allowance: int
    withheld: int

    @property
    def net(self) -> int:
        """What is paid for the visit: the fee less the tax, with the costs reimbursed."""
        return self.fee - self.withheld + self.travel + self.allowance


@dataclass
class Statement:
    expert: Expert
    year: int
    month: int
    lines: list[Line] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(line, name) for line in self.lines)

    @property
    def totals(self) -> dict:
        return {name: self.total(name) for name in ("fee", "travel", "allowance", "withheld", "net")}


def valid_month(year: int, month: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12


def _line(dispatch: Dispatch, day: date, topic: str, fee: int, travel: int, allowance: int) -> Line:
    return Line(dispatch, day, topic, fee, travel, allowance, costs.withholding(fee))


def _paid_dispatches(user):
    """Dispatches paid as one visit: reported without a series of reported visits."""
    return (Dispatch.objects.visible_to(user).filter(status__in=PAID, expert__isnull=False)
            .exclude(visits__status=VisitStatus.REPORTED))


def _paid_visits(user):
    return Visit.objects.visible_to(user).filter(status=VisitStatus.REPORTED, dispatch__expert__isnull=False)


def _lines(user, year: int, month: int, experts: list) -> list[tuple[int, Line]]:
    """(expert id, line) of the month for the given experts, by date."""
    dispatches = (_paid_dispatches(user).filter(ends_on__year=year, ends_on__month=month, expert__in=experts)
                  .select_related("host"))
    visits = (_paid_visits(user).filter(day__year=year, day__month=month, dispatch__expert__in=experts)
              .select_related("dispatch__host"))
    found = [(d.expert_id, _line(d, d.ends_on, d.theme, d.fee, d.travel_costs, d.allowance)) for d in dispatches]
    found += [(v.dispatch.expert_id, _line(v.dispatch, v.day, f"{v.dispatch.theme}: {v.topic}", v.fee,
                                           v.travel_costs, v.allowance)) for v in visits]
    return sorted(found, key=lambda pair: (pair[1].day, pair[1].dispatch.pk))


def statement_of(user, expert: Expert, year: int, month: int) -> Statement:
    """The expert's statement of the month, from the dispatches `user` may open."""
    return Statement(expert, year, month, [line for _pk, line in _lines(user, year, month, [expert])])


def month_statements(user, year: int, month: int) -> list[Statement]:
    """Every expert's statement of the month that `user` may see, for the experts with a visit in it."""
    experts = {e.pk: e for e in Expert.objects.visible_to(user, "dispatch.view_statement")}
    found: dict[int, Statement] = {}
    for pk, line in _lines(user, year, month, list(experts)):
        found.setdefault(pk, Statement(experts[pk], year, month)).lines.append(line)
    return sorted(found.values(), key=lambda s: (s.expert.name, s.expert.pk))


def months_of(user, expert: Expert) -> list[tuple[int, int]]:
    """The months in which the expert has a statement, latest first."""
    days = set(_paid_dispatches(user).filter(expert=expert).dates("ends_on", "month"))
    days |= set(_paid_visits(user).filter(dispatch__expert=expert).dates("day", "month"))
    return [(d.year, d.month) for d in sorted(days, reverse=True)]


# --- documents ---------------------------------------------------------------------------------------------------

LINE_COLUMNS = (_l("Date"), _l("Local government"), _l("Theme"), _l("Fee (yen)"), _l("Withholding tax (yen)"),
                _l("Travel costs (yen)"), _l("Allowance (yen)"), _l("Net paid (yen)"))


def _line_cells(line: Line) -> list:
    return [line.day, safe_cell(line.dispatch.host.name), safe_cell(line.topic), line.fee, line.withheld,
            line.travel, line.allowance, line.net]


def _total_cells(statement: Statement) -> list:
    t = statement.totals
    return [_("Total"), "", "", t["fee"], t["withheld"], t["travel"], t["allowance"], t["net"]]


def _header(sheet, columns) -> None:
    sheet.append([str(c) for c in columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _format_money(sheet, first_column: int) -> None:
    for row in sheet.iter_rows(min_row=2, min_col=first_column):
        for cell in row:
            if isinstance(cell.value, int):
                cell.number_format = MONEY


def _save(book) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def title_of(statement: Statement) -> str:
    return _("Fee statement of %(name)s, %(year)d-%(month)02d") % {
        "name": statement.expert.name, "year": statement.year, "month": statement.month}


def statement_xlsx(statement: Statement) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{statement.year}-{statement.month:02d}"
    sheet.append([safe_cell(title_of(statement))])
    _header(sheet, LINE_COLUMNS)
    for line in statement.lines:
        sheet.append(_line_cells(line))
    sheet.append(_total_cells(statement))
    _format_money(sheet, 4)
    return _save(book)


EXPERT_COLUMNS = (_l("Expert"), _l("Visits"), _l("Fee (yen)"), _l("Withholding tax (yen)"), _l("Travel costs (yen)"),
                  _l("Allowance (yen)"), _l("Net paid (yen)"))


def month_xlsx(statements: list[Statement], year: int, month: int) -> bytes:
    """Every expert's statement of a month: the experts' totals on the first sheet, each visit on the second."""
    book = Workbook()
    summary = book.active
    summary.title = _("By expert")
    _header(summary, EXPERT_COLUMNS)
    for s in statements:
        t = s.totals
        summary.append([safe_cell(s.expert.name), len(s.lines), t["fee"], t["withheld"], t["travel"], t["allowance"],
                        t["net"]])
    all_totals = {k: sum(s.totals[k] for s in statements) for k in ("fee", "withheld", "travel", "allowance", "net")}
    summary.append([_("Total"), sum(len(s.lines) for s in statements), *all_totals.values()])
    _format_money(summary, 3)
    summary.freeze_panes = "A2"
    visits = book.create_sheet(_("Visits"))
    _header(visits, (_l("Expert"), *LINE_COLUMNS))
    for s in statements:
        for line in s.lines:
            visits.append([safe_cell(s.expert.name), *_line_cells(line)])
    _format_money(visits, 5)
    visits.freeze_panes = "A2"
    return _save(book)


def rates() -> dict:
    """The rates of withholding as a statement states them."""
    return {"rate": f"{costs.WITHHOLDING_RATE / 100:.2f}", "rate_above": f"{costs.WITHHOLDING_RATE_ABOVE / 100:.2f}",
            "threshold": costs.WITHHOLDING_THRESHOLD}


def statement_pdf(statement: Statement) -> bytes:
    return render_pdf("dispatch/print/statement.html", {
        "s": statement, "title": title_of(statement), "fonts": FONTS, "issued": reiwa_date(timezone.localdate()),
        **rates()})
