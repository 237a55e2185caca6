"""The plan in the API: fiscal years, the dashboard of a year, one KPI with its figures."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.decorators import decorate_view

from kizuna.core.api_permissions import MAX_ID, allowed, loaded, parse_id
from kizuna.core.cache import for_anonymous_reads
from kizuna.core.schemas import refused, with_errors

from . import cache, queries, services
from .models import FiscalYear
from .schemas import DashboardOut, FiscalYearOut, KPIChangeIn, KPIDetailOut

router = Router(tags=["plan"])
ID = Path(..., ge=1, le=MAX_ID)


def _number(value) -> float | None:
    return None if value is None else float(value)


def _kpi(row: queries.KPIRow) -> dict:
    kpi = row.kpi
    return {
        "id": kpi.pk, "code": kpi.code, "name": kpi.name, "name_en": kpi.name_en, "unit": kpi.unit,
        "unit_en": kpi.unit_en, "source": kpi.source, "query_key": kpi.query_key,
        "aggregation": kpi.aggregation, "target": _number(kpi.target), "target_basis": kpi.target_basis,
        "actual": _number(row.figure.value), "progress": _number(row.progress),
        "measured": row.figure.measured, "status": row.figure.status,
    }


def _programme(prow: queries.ProgrammeRow) -> dict:
    p = prow.programme
    return {
        "id": p.pk, "code": p.code, "number": p.number, "name": p.name, "name_en": p.name_en,
        "description": p.description, "description_en": p.description_en, "division": p.division,
        "division_en": p.division_en, "app": p.app, "offices": [o.slug or str(o.pk) for o in p.offices.all()],
        "report": None if prow.report is None else {
            "quarter": prow.report.quarter, "progress": prow.report.progress, "note": prow.report.note,
            "reported_at": prow.report.reported_at},
        "kpis": [_kpi(row) for row in prow.kpis],
    }


def _get_year(request, year, **kwargs):
    return get_object_or_404(FiscalYear.objects.visible_to(request.user), year=parse_id(year))


def _get_kpi(request, kpi_id, **kwargs):
    return get_object_or_404(queries.kpis(request.user), pk=parse_id(kpi_id))


def _office(request, office: int | None):
    return None if office is None else get_object_or_404(queries.clair_organisations(request.user), pk=office)


@router.get("/years", response=with_errors(list[FiscalYearOut], 401, 403), auth=allowed("plan.view_results"))
def list_fiscal_years(request):
    """The fiscal years whose plan is loaded, newest first."""
    return [
        {"year": fy.year, "label": str(fy.label), "reiwa": fy.label.reiwa, "title": fy.title,
         "title_en": fy.title_en}
        for fy in queries.fiscal_years(request.user)
    ]


@router.get("/kpis/{kpi_id}", response=with_errors(KPIDetailOut),
            auth=allowed("plan.view_results", get_object=_get_kpi))
def get_kpi(request, kpi_id: int = ID, office: int | None = Query(None, ge=1, le=MAX_ID)):
    """One KPI: its figure for the year and each quarter and, for KPIs entered by staff, every figure entered
    (replaced ones included) with its sign-off state (only signed-off figures count). Who entered a figure is
    shown to CLAIR staff only."""
    return _kpi_detail(request, loaded(request), office)


@router.patch("/kpis/{kpi_id}", response=with_errors(KPIDetailOut, 401, 403, 404, 422),
              auth=allowed("plan.edit_kpi", get_object=_get_kpi), url_name="get_kpi")
def change_kpi(request, payload: KPIChangeIn, kpi_id: int = ID):
    """Headquarters: change a KPI — its names, unit, target and where the target comes from, how it is measured;
    fields left out keep their value. The change is in the KPI's history, as one made in its page."""
    changes = payload.dict(exclude_unset=True)
    try:
        kpi = services.save_kpi(by=request.user, kpi=loaded(request), **changes)
    except ValidationError as error:
        raise refused(error) from None
    return _kpi_detail(request, queries.kpis(request.user).get(pk=kpi.pk), None)


def _kpi_detail(request, kpi, office) -> dict:
    row = queries.kpi_detail(request.user, kpi, organisation=_office(request, office))
    show_people = request.user.has_perm("plan.view_entered_by")
    figures = [
        {"id": e.pk, "quarter": e.quarter, "organisation_id": e.organisation_id,
         "organisation": e.organisation.display_name if e.organisation else None, "value": float(e.value),
         "note": e.note, "entered_by": str(e.entered_by) if show_people else None, "entered_at": e.entered_at,
         "superseded_at": e.superseded_at, "current": e.superseded_at is None, "sign_off": e.status,
         "return_reason": e.return_reason}
        for e in queries.kpi_history(request.user, kpi)
    ]
    quarters = [{"quarter": q, "actual": _number(f.value), "status": f.status}
                for q, f in row.quarters.items()]
    quarters.append({"quarter": None, "actual": _number(row.figure.value), "status": row.figure.status})
    return {**_kpi(row), "year": kpi.programme.area.fiscal_year.year, "programme_id": kpi.programme_id,
            "programme_code": kpi.programme.code, "quarters": quarters, "figures": figures}


@router.get("/{year}", response=with_errors(DashboardOut),
            auth=allowed("plan.view_results", get_object=_get_year))
@decorate_view(for_anonymous_reads(cache.api_answers, cache.api_version))
def get_dashboard(request, year: int = ID, quarter: int | None = Query(None, ge=1, le=4),
                  office: int | None = Query(None, ge=1, le=MAX_ID)):
    """The plan of a fiscal year: areas → programmes → KPIs with target, actual and progress.

    `quarter` (1–4, April-based) narrows to one quarter; `office` (an organisation id: headquarters, an
    office or a branch) to one office's figures. A KPI that Kizuna cannot measure yet has `actual: null`
    and `measured: false`, never 0.

    Callers without an account or a token get the answer kept for all of them, as the dashboard page keeps its
    figures: a figure recorded or a plan loaded shows at once; a KPI measured by another app's query is at most
    30 seconds old."""
    fiscal_year = loaded(request)
    organisation = _office(request, office)
    office_id = organisation.pk if organisation else None
    board, _computed_at = cache.with_kept_figures(fiscal_year.year, office_id, lambda figures: (
        queries.dashboard(request.user, fiscal_year=fiscal_year, quarter=quarter, organisation=organisation,
                          figures=figures)))
    return {
        "year": fiscal_year.year, "label": str(fiscal_year.label), "quarter": quarter, "office_id": office,
        "kpis": len(board.kpi_rows), "measured": board.measured_count,
        "progress": _number(board.overall_progress),
        "areas": [
            {"number": a.area.number, "name": a.area.name, "name_en": a.area.name_en,
             "summary": a.area.summary, "summary_en": a.area.summary_en,
             "programmes": [_programme(p) for p in a.programmes]}
            for a in board.areas
        ],
    }
