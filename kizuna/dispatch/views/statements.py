"""The experts' monthly fee statements: one expert's month as a page, PDF and Excel; every expert's month for
headquarters as a page and an Excel book."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from kizuna.core.downloads import file_response, pdf_response
from kizuna.core.permissions import permission_required

from .. import statements
from ._common import expert_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(year: int, month: int) -> tuple[int, int]:
    if not statements.valid_month(year, month):
        raise Http404
    return year, month



def _picked_month(request) -> tuple[int, int]:
    """The month asked for as ?month=2026-12, else the current one."""
    year, _, month = request.GET.get("month", "")[:7].partition("-")
    if year.isdigit() and month.isdigit() and statements.valid_month(int(year), int(month)):
        return int(year), int(month)
    today = timezone.localdate()
    return today.year, today.month


@permission_required("dispatch.view_statements")
def month(request):
    year, month = _picked_month(request)
    return render(request, "dispatch/statements.html", {
        "statements": statements.month_statements(request.user, year, month), "year": year, "month": month,
        "picked": f"{year}-{month:02d}"})


@permission_required("dispatch.view_statements")
def month_xlsx(request, year, month):
    year, month = _month(year, month)
    content = statements.month_xlsx(statements.month_statements(request.user, year, month), year, month)
    return file_response(content, XLSX, f"expert-fees-{year}-{month:02d}.xlsx")


def _statement(request, obj, year, month):
    year, month = _month(year, month)
    return statements.statement_of(request.user, obj, year, month)


@permission_required("dispatch.view_statement", get_object=expert_of)
def statement(request, pk, year, month, obj):
    found = _statement(request, obj, year, month)
    return render(request, "dispatch/statement.html", {"s": found, "e": obj, "title": statements.title_of(found),
                                                      **statements.rates()})


@permission_required("dispatch.view_statement", get_object=expert_of)
def statement_pdf(request, pk, year, month, obj):
    found = _statement(request, obj, year, month)
    return pdf_response(statements.statement_pdf(found), f"fee-statement-{obj.pk}-{year}-{month:02d}.pdf",
                        inline=True)


@permission_required("dispatch.view_statement", get_object=expert_of)
def statement_xlsx(request, pk, year, month, obj):
    found = _statement(request, obj, year, month)
    return file_response(statements.statement_xlsx(found), XLSX, f"fee-statement-{obj.pk}-{year}-{month:02d}.xlsx")
