"""Pages of the plan: the dashboard, a programme, a KPI with its figures, the Excel export, and the plan's
editor for headquarters (areas, programmes, KPIs, and the workbook of targets and figures)."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return, submit_form
from kizuna.core.downloads import file_response, named
from kizuna.core.history import history_of
from kizuna.core.permissions import permission_required
from kizuna.core.ui import import_page

from . import cache, queries, services, workbook
from .enums import FigureStatus, KPISource
from .exports import dashboard_workbook
from .forms import (
    AreaForm,
    DashboardFilterForm,
    KPIFigureForm,
    KPIForm,
    PlanImportForm,
    ProgrammeForm,
    ProgrammeReportForm,
    ReturnFigureForm,
)
from .models import KPI, Area, FiscalYear, KPIEntry, Programme

RECORDS_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request, year, **kwargs):
    return get_object_or_404(FiscalYear.objects.visible_to(request.user), year=year)


def _programme(request, pk, **kwargs):
    return get_object_or_404(queries.programmes(request.user), pk=pk)


def _kpi(request, pk, **kwargs):
    return get_object_or_404(queries.kpis(request.user), pk=pk)


def _area(request, pk, **kwargs):
    return get_object_or_404(Area.objects.visible_to(request.user).select_related("fiscal_year"), pk=pk)


def _entry(request, pk, **kwargs):
    return get_object_or_404(KPIEntry.objects.visible_to(request.user).select_related("kpi"), pk=pk)


def _dashboard_body(request, fiscal_year, quarter, office, can_export) -> str:
    """The figures part of the dashboard, rendered at most once per DASHBOARD_TTL for each view of it (year,
    quarter, office, language, export link) and whenever a figure is recorded or the plan reloaded
    (`cache.plan_version`). KPIs measured by other apps' queries are computed once per office in each DASHBOARD_TTL
    slice of time (`cache.with_kept_figures`) and shared by the views of that office, so at most DASHBOARD_TTL old;
    the page says when its figures were computed."""
    parts = cache.dashboard_parts(fiscal_year.year, quarter, office.pk if office else None, request.LANGUAGE_CODE,
                                  can_export)

    def render():
        board, computed_at = cache.with_kept_figures(fiscal_year.year, office.pk if office else None, lambda figures: (
            queries.dashboard(request.user, fiscal_year=fiscal_year, quarter=quarter, organisation=office,
                              with_quarters=True, figures=figures)))
        return render_to_string("plan/_dashboard_body.html", {
            "board": board, "can_export": can_export, "query_string": request.GET.urlencode(),
            "computed_at": timezone.localtime(computed_at),
        }, request)

    return cache.dashboard_body(parts, render)


def _render_dashboard(request, fiscal_year):
    form = DashboardFilterForm(request.GET or None, user=request.user)
    quarter, office = form.filters()
    can_export = request.user.has_perm("plan.export_dashboard", fiscal_year)
    body = _dashboard_body(request, fiscal_year, quarter, office, can_export) if fiscal_year else None
    return render(request, "plan/dashboard.html", {
        "fiscal_year": fiscal_year,
        "body": body,
        "form": form,
        "fiscal_years": list(queries.fiscal_years(request.user)),
    })


@permission_required("plan.view_results")
def dashboard(request):
    """The current fiscal year's plan, or the latest loaded."""
    return _render_dashboard(request, queries.default_fiscal_year(request.user))


@permission_required("plan.view_results", get_object=_year)
def dashboard_year(request, year, obj):
    return _render_dashboard(request, obj)


def _main(request, template: str, pk: int, context) -> str:
    """A results page's content (`template`, from `context()`): for anonymous visitors, most of its readers,
    rendered at most once per DASHBOARD_TTL for each address and language and whenever a figure counts or the
    plan changes (`cache.plan_version`), as the dashboard's figures are; for signed-in people each time (they may
    see who entered a figure, its forms, more records)."""
    return cache.pages.for_anonymous(
        request, lambda: [cache.plan_version(), template, pk, request.META.get("QUERY_STRING", "")],
        lambda: render_to_string(template, context(), request))


def _programme_page(request, programme, form=None, status=200):
    def context():
        board = queries.dashboard(request.user, fiscal_year=programme.area.fiscal_year,
                                  programme_ids=[programme.pk], with_quarters=True)
        rows = board.programme_rows
        can_report = request.user.has_perm("plan.report_programme", programme)
        return {
            "programme": programme, "row": rows[0] if rows else None, "offices": list(programme.offices.all()),
            "reports": queries.programme_reports(request.user, programme),
            "show_people": request.user.has_perm("plan.view_entered_by"),
            "report_form": (form or ProgrammeReportForm()) if can_report else None,
        }

    return render(request, "plan/programme.html", {
        "programme": programme, "main": _main(request, "plan/_programme_main.html", programme.pk, context),
    }, status=status)


@permission_required("plan.view_results", get_object=_programme)
def programme(request, pk, obj):
    return _programme_page(request, obj)


@permission_required("plan.report_programme", get_object=_programme)
@require_POST
def report_programme(request, pk, obj):
    form = ProgrammeReportForm(request.POST)
    done = submit_form(request, form, lambda **data: services.report_programme(by=request.user, programme=obj, **data),
                       _("The progress report was saved."), obj)
    return done or _programme_page(request, obj, form=form, status=400)


def _kpi_page(request, kpi, form=None, status=200):
    def context():
        can_record = kpi.source == KPISource.MANUAL and request.user.has_perm("plan.record_kpi", kpi)
        history = list(queries.kpi_history(request.user, kpi)) if kpi.source == KPISource.MANUAL else []
        return {
            "kpi": kpi,
            "rows": [queries.kpi_detail(request.user, kpi)],
            "history": history,
            "signable": {e.pk for e in history if e.status == FigureStatus.ENTERED and e.superseded_at is None
                         and e.entered_by_id != request.user.pk
                         and request.user.has_perm("plan.sign_off_figure", e)},
            "show_people": request.user.has_perm("plan.view_entered_by"),
            "has_records": queries.has_records(kpi),
            "form": (form or KPIFigureForm(user=request.user, kpi=kpi)) if can_record else None,
        }

    return render(request, "plan/kpi.html", {"kpi": kpi, "main": _main(request, "plan/_kpi_main.html", kpi.pk,
                                                                          context)}, status=status)


@permission_required("plan.view_results", get_object=_kpi)
def kpi(request, pk, obj):
    return _kpi_page(request, obj)


@permission_required("plan.view_results", get_object=_kpi)
def kpi_records(request, pk, obj):
    """The records a live KPI's figure is computed from (events held, applications decided, dispatches carried
    out, requests answered…), for the same quarter and office as the dashboard: a page of those the reader may
    see, and how many are counted in all."""
    if not queries.has_records(obj):
        raise Http404("This KPI has no records to show")

    def context():
        form = DashboardFilterForm(request.GET or None, user=request.user)
        quarter, office = form.filters()
        found = queries.kpi_records(request.user, obj, quarter=quarter, organisation=office)
        return {
            "kpi": obj, "form": form, "quarter": quarter, "office": office,
            "figure": queries.kpi_figure(request.user, obj, quarter=quarter, organisation=office),
            "records_label": found.model._meta.verbose_name_plural if found else "",
            "found": found, "page": Paginator(found.visible, RECORDS_PAGE).get_page(request.GET.get("page"))
            if found else None,
        }

    return render(request, "plan/kpi_records.html", {
        "kpi": obj, "main": _main(request, "plan/_kpi_records_main.html", obj.pk, context)})


@permission_required("plan.record_kpi", get_object=_kpi)
@require_POST
def record_kpi(request, pk, obj):
    form = KPIFigureForm(request.POST, user=request.user, kpi=obj)
    done = submit_form(request, form, lambda **data: services.record_kpi_figure(by=request.user, kpi=obj, **data),
                       _("The figure was recorded."), obj)
    return done or _kpi_page(request, obj, form=form, status=400)


@permission_required("plan.sign_off_figure", get_object=_entry)
@require_POST
def sign_off_figure(request, pk, obj):
    return run_and_return(request, obj.kpi, lambda: services.sign_off_figure(by=request.user, entry=obj),
                          _("The figure was signed off: the plan now counts it."))


@permission_required("plan.sign_off_figure", get_object=_entry)
@require_POST
def return_figure(request, pk, obj):
    form = ReturnFigureForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj.kpi, form)
    return run_and_return(request, obj.kpi, lambda: services.return_figure(
        by=request.user, entry=obj, reason=form.cleaned_data["reason"]),
        _("The figure was returned to the person who entered it."))


@permission_required("plan.export_dashboard", get_object=_year)
def export(request, year, obj):
    form = DashboardFilterForm(request.GET or None, user=request.user)
    _quarter, office = form.filters()
    board = queries.dashboard(request.user, fiscal_year=obj, organisation=office, with_quarters=True)
    response = HttpResponse(dashboard_workbook(board), content_type=XLSX)
    suffix = f"-{office.slug or office.pk}" if office else ""
    named(response, f"kizuna-plan-fy{obj.year}{suffix}.xlsx")
    return response


# -- the plan, edited by headquarters ----------------------------------------------------------------------------

def _editor_url(fiscal_year, anchor: str = "") -> str:
    return reverse("plan:editor", kwargs={"year": fiscal_year.year}) + (f"#{anchor}" if anchor else "")


@permission_required("plan.manage_plan", get_object=_year)
def editor(request, year, obj):
    """The year's plan as headquarters edits it: every area, programme and KPI with its target, a link to change
    each and to add more, and the workbook of targets and figures."""
    kpis = Prefetch("kpis", queryset=KPI.objects.order_by("order", "pk"))
    programmes = Prefetch("programmes", queryset=Programme.objects.order_by("number", "code").prefetch_related(kpis))
    return render(request, "plan/editor.html", {
        "fiscal_year": obj, "areas": obj.areas.order_by("number").prefetch_related(programmes),
    })


def _edit_page(request, form, *, title, back, call, success, done_url, record=None):
    """A plan record's form: the service saves it (errors beside their fields, nothing saved), and the page
    shows the record's history below the form."""
    if request.method == "POST":
        saved = submit_form(request, form, call, success, done_url)
        if saved:
            return saved
    return render(request, "plan/edit.html", {
        "form": form, "title": title, "back": back, "history": history_of(record, limit=30) if record else None,
    }, status=400 if form.is_bound and form.errors else 200)


@permission_required("plan.manage_plan", get_object=_year)
def add_area(request, year, obj):
    form = AreaForm(request.POST or None)
    return _edit_page(request, form, title=_("Add an area"), back=_editor_url(obj),
                      call=lambda **data: services.save_area(by=request.user, fiscal_year=obj, **data),
                      success=_("The area was added."), done_url=_editor_url(obj))


@permission_required("plan.edit_area", get_object=_area)
def edit_area(request, pk, obj):
    form = AreaForm(request.POST or None, instance=obj)
    url = _editor_url(obj.fiscal_year, f"area-{obj.pk}")
    return _edit_page(request, form, title=_("Change the area"), back=url, record=obj,
                      call=lambda **data: services.save_area(by=request.user, area=obj, **data),
                      success=_("The area was changed."), done_url=url)


@permission_required("plan.edit_area", get_object=_area)
def add_programme(request, pk, obj):
    form = ProgrammeForm(request.POST or None, user=request.user)
    url = _editor_url(obj.fiscal_year, f"area-{obj.pk}")
    return _edit_page(request, form, title=_("Add a programme to %(area)s") % {"area": obj}, back=url,
                      call=lambda **data: services.save_programme(by=request.user, area=obj, **data),
                      success=_("The programme was added."), done_url=url)


@permission_required("plan.edit_programme", get_object=_programme)
def edit_programme(request, pk, obj):
    form = ProgrammeForm(request.POST or None, user=request.user, instance=obj)
    url = _editor_url(obj.area.fiscal_year, f"programme-{obj.pk}")
    return _edit_page(request, form, title=_("Change the programme"), back=url, record=obj,
                      call=lambda **data: services.save_programme(by=request.user, programme=obj, **data),
                      success=_("The programme was changed."), done_url=url)


@permission_required("plan.edit_programme", get_object=_programme)
def add_kpi(request, pk, obj):
    form = KPIForm(request.POST or None)
    url = _editor_url(obj.area.fiscal_year, f"programme-{obj.pk}")
    return _edit_page(request, form, title=_("Add a KPI to %(programme)s") % {"programme": obj}, back=url,
                      call=lambda **data: services.save_kpi(by=request.user, programme=obj, **data),
                      success=_("The KPI was added."), done_url=url)


@permission_required("plan.edit_kpi", get_object=_kpi)
def edit_kpi(request, pk, obj):
    form = KPIForm(request.POST or None, instance=obj)
    url = _editor_url(obj.programme.area.fiscal_year, f"kpi-{obj.pk}")
    return _edit_page(request, form, title=_("Change the KPI"), back=url, record=obj,
                      call=lambda **data: services.save_kpi(by=request.user, kpi=obj, **data),
                      success=_("The KPI was changed."), done_url=url)


@permission_required("plan.manage_plan", get_object=_year)
def plan_workbook(request, year, obj):
    return file_response(workbook.plan_workbook(obj), XLSX, f"kizuna-plan-fy{obj.year}-targets-figures.xlsx")


@permission_required("plan.manage_plan", get_object=_year)
def import_workbook(request, year, obj):
    """The workbook of targets and figures, back with changes: all or nothing, row by row."""
    form = PlanImportForm(request.POST or None, request.FILES or None)
    return import_page(request, form, "plan/import.html", lambda content, filename: workbook.import_plan_workbook(
        by=request.user, fiscal_year=obj, content=content, filename=filename), fiscal_year=obj)
