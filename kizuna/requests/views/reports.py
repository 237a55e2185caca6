"""Reports per office and kind (headquarters over every office, an office over its own), and their Excel file."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from kizuna.core.downloads import named
from kizuna.core.fiscal import current_fiscal_year
from kizuna.core.permissions import permission_required

from .. import exports, queries, reports
from ..forms import ReportFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    """The filter form read from the query (this fiscal year unless asked) and, when it is valid, the report."""
    data = request.GET.copy()
    data.setdefault("year", str(current_fiscal_year()))
    form = ReportFilterForm(data, offices=queries.visible_offices(request.user))
    if not form.is_valid():
        return form, None
    chosen = form.cleaned_data
    return form, reports.build(offices=form.chosen_offices(), year=chosen["year"], quarter=chosen["quarter"],
                               kind=chosen["kind"])


@permission_required("requests.view_reports")
def reports_page(request):
    form, report = _filtered(request)
    query = urlencode({k: v for k, v in form.data.items() if v}) if report else ""
    return render(request, "requests/reports.html", {"form": form, "report": report, "query": query},
                  status=200 if report else 400)


@permission_required("requests.view_reports")
def reports_export(request):
    form, report = _filtered(request)
    if report is None:
        return render(request, "requests/reports.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(exports.report_xlsx(report), content_type=XLSX)
    period = f"fy{report.year}" + (f"-q{report.quarter}" if report.quarter else "")
    named(response, f"requests-report-{period}.xlsx")
    return response
