"""Dispatch in the API: own dispatches, the expert registry (CLAIR staff), the experts' monthly fee statements
(the expert's own, and every expert's for headquarters) and applications to join the expert bank."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router
from ninja.files import UploadedFile

from kizuna.core.api_permissions import MAX_ID, allowed, loaded, parse_id
from kizuna.core.schemas import refused, with_errors

from . import applying, queries, services, statements
from .enums import ApplicationStatus, Programme
from .models import Dispatch, Expert, ExpertApplication, ReportFile, Visit
from .schemas import (
    ApplicationIn,
    DispatchOut,
    ExpertApplicationOut,
    ExpertDecisionIn,
    ExpertOut,
    ReportFileOut,
    StatementOut,
    VisitIn,
    VisitOut,
    VisitReportIn,
)

router = Router(tags=["dispatch"])

ID = Path(..., ge=1, le=MAX_ID)
YEAR = Path(..., ge=statements.FIRST_YEAR, le=statements.LAST_YEAR)
MONTH = Path(..., ge=1, le=12)
FILES = File(...)
VISIT = Form(None, ge=1, le=MAX_ID)


@router.get("/mine", response=with_errors(list[DispatchOut], 401, 403, 422),
            auth=allowed("dispatch.view_own_dispatches"))
def dispatch_list_own(request):
    """Dispatches the caller's organisations host or asked for, and the caller's own as an expert."""
    return [{"id": d.pk, "programme": d.programme, "status": d.status, "theme": d.theme, "host": str(d.host),
             "starts_on": d.starts_on, "ends_on": d.ends_on, "expert": d.expert.name if d.expert_id else None}
            for d in queries.own_dispatches(request.user)]


@router.get("/experts", response=with_errors(list[ExpertOut], 401, 403, 422),
            auth=allowed("dispatch.view_experts"))
def dispatch_list_experts(request, programme: Programme | None = None, q: str = Query("", max_length=100)):
    """The expert registry, by programme (CLAIR staff); with `q`, the experts that match it, best first."""
    return list(queries.experts(request.user, programme=programme or "", q=q))


def _expert(request, expert_id, **kwargs):
    return get_object_or_404(Expert.objects.visible_to(request.user), pk=parse_id(expert_id))


def _statement_out(s: statements.Statement) -> dict:
    t = s.totals
    return {"expert": s.expert.pk, "expert_name": s.expert.name, "year": s.year, "month": s.month,
            "fee": t["fee"], "withholding": t["withheld"], "travel_costs": t["travel"], "allowance": t["allowance"],
            "net": t["net"],
            "lines": [{"dispatch": line.dispatch.pk, "day": line.day, "host": line.dispatch.host.name,
                       "theme": line.topic, "fee": line.fee, "withholding": line.withheld,
                       "travel_costs": line.travel, "allowance": line.allowance, "net": line.net}
                      for line in s.lines]}


@router.get("/experts/{expert_id}/statements/{year}/{month}", response=with_errors(StatementOut, 401, 404, 422),
            auth=allowed("dispatch.view_statement", get_object=_expert))
def dispatch_expert_statement(request, expert_id: int = ID, year: int = YEAR, month: int = MONTH):
    """An expert's fee statement of a month (the expert, headquarters): each visit whose report fixed the fee and
    whose last day is in the month, with the tax withheld and what is paid."""
    return _statement_out(statements.statement_of(request.user, loaded(request), year, month))


@router.get("/statements/{year}/{month}", response=with_errors(list[StatementOut], 401, 403, 422),
            auth=allowed("dispatch.view_statements"))
def dispatch_month_statements(request, year: int = YEAR, month: int = MONTH):
    """Every expert's fee statement of a month, for headquarters' accounting (experts with a visit in it)."""
    return [_statement_out(s) for s in statements.month_statements(request.user, year, month)]


def _dispatch(request, dispatch_id, **kwargs):
    return get_object_or_404(Dispatch.objects.visible_to(request.user).select_related("expert"),
                             pk=parse_id(dispatch_id))


def _visit(request, visit_id, **kwargs):
    return get_object_or_404(Visit.objects.visible_to(request.user).select_related("dispatch__expert"),
                             pk=parse_id(visit_id))


@router.get("/{dispatch_id}/visits", response=with_errors(list[VisitOut], 401, 404, 422),
            auth=allowed("dispatch.view_dispatch", get_object=_dispatch))
def dispatch_visits(request, dispatch_id: int = ID):
    """The visits of an engagement, by date: each with its state and, once filed, its report."""
    return list(loaded(request).visits.all())


@router.post("/{dispatch_id}/visits", response=with_errors(VisitOut, 401, 404, 422),
             auth=allowed("dispatch.plan_visits", get_object=_dispatch), url_name="dispatch_visits")
def dispatch_plan_visit(request, payload: VisitIn, dispatch_id: int = ID):
    """Plan a visit of the engagement (the host, headquarters): within its dates, one a day, while it is
    requested, offered or confirmed. Refused with the reasons, nothing saved."""
    try:
        return services.plan_visit(by=request.user, dispatch=loaded(request), day=payload.day,
                                   topic=payload.topic, hours=payload.hours)
    except ValidationError as error:
        raise refused(error) from None


@router.post("/visits/{visit_id}/report", response=with_errors(VisitOut, 401, 404, 422),
             auth=allowed("dispatch.file_visit_report", get_object=_visit))
def dispatch_report_visit(request, payload: VisitReportIn, visit_id: int = ID):
    """The expert's report of one visit of a confirmed engagement; the last one reported reports the
    engagement. Refused with the reasons, nothing saved."""
    try:
        return services.report_visit(by=request.user, visit=loaded(request), **payload.dict())
    except ValidationError as error:
        raise refused(error) from None


@router.get("/{dispatch_id}/files", response=with_errors(list[ReportFileOut], 401, 404, 422),
            auth=allowed("dispatch.view_dispatch", get_object=_dispatch))
def dispatch_report_files(request, dispatch_id: int = ID):
    """The photos and files of the report (and of its visits), each with the address it is served at."""
    return list(ReportFile.objects.visible_to(request.user).filter(dispatch=loaded(request)))


@router.post("/{dispatch_id}/files", response=with_errors(list[ReportFileOut], 401, 404, 422),
             auth=allowed("dispatch.add_report_files", get_object=_dispatch), url_name="dispatch_report_files")
def dispatch_add_report_files(request, dispatch_id: int = ID, files: list[UploadedFile] = FILES,
                              visit: int | None = VISIT):
    """The expert adds photos (PNG, JPEG) and PDFs to the report (multipart, field `files`, optionally the
    `visit` they are of). Each is checked by its content; one refused, none saved (422 with the reasons)."""
    dispatch = loaded(request)
    found = None
    if visit is not None:
        found = dispatch.visits.filter(pk=visit).first()
        if found is None:
            raise refused(ValidationError(_("Choose a visit of this dispatch that took place.")))
    try:
        return services.add_report_files(by=request.user, dispatch=dispatch, files=files, visit=found)
    except ValidationError as error:
        raise refused(error) from None


# --- applications to the expert bank ----------------------------------------------------------------------------


def _application(request, application_id, **kwargs):
    return get_object_or_404(ExpertApplication.objects.visible_to(request.user), pk=parse_id(application_id))


def _files_loaded(qs):
    return qs.prefetch_related("files")


@router.get("/applications", response=with_errors(list[ExpertApplicationOut], 401, 403, 422),
            auth=allowed("dispatch.view_expert_applications"))
def dispatch_applications(request, status: ApplicationStatus | None = None, programme: Programme | None = None):
    """The applications to the expert bank (headquarters), by state and programme."""
    return list(_files_loaded(queries.applications(request.user, status=status or "", programme=programme or "")))


@router.post("/applications", response=with_errors(ExpertApplicationOut, 401, 403, 422),
             auth=allowed("dispatch.apply_expert"), url_name="dispatch_applications")
def dispatch_apply(request, payload: ApplicationIn):
    """Apply to the expert bank (anyone signed in, one open application at a time): saved as a draft, or
    submitted with `submit`. Refused with the reasons, nothing saved."""
    data = payload.dict()
    submit = data.pop("submit")
    try:
        return applying.save_application(by=request.user, data=data, submit=submit)
    except ValidationError as error:
        raise refused(error) from None


@router.get("/applications/mine", response=with_errors(list[ExpertApplicationOut], 401, 403, 422),
            auth=allowed("dispatch.apply_expert"))
def dispatch_own_applications(request):
    """The caller's own applications, newest first, with their state and the reason of the last decision."""
    return list(_files_loaded(queries.own_applications(request.user)))


@router.get("/applications/{application_id}", response=with_errors(ExpertApplicationOut, 401, 404, 422),
            auth=allowed("dispatch.view_expert_application", get_object=_application))
def dispatch_application(request, application_id: int = ID):
    """An application (the applicant, headquarters)."""
    return loaded(request)


@router.put("/applications/{application_id}", response=with_errors(ExpertApplicationOut, 401, 404, 422),
            auth=allowed("dispatch.edit_expert_application", get_object=_application),
            url_name="dispatch_application")
def dispatch_edit_application(request, payload: ApplicationIn, application_id: int = ID):
    """The applicant edits a draft or a returned application; `submit` submits (or resubmits) it."""
    data = payload.dict()
    submit = data.pop("submit")
    try:
        return applying.save_application(by=request.user, application=loaded(request), data=data, submit=submit)
    except ValidationError as error:
        raise refused(error) from None


@router.post("/applications/{application_id}/withdrawal", response=with_errors(ExpertApplicationOut, 401, 404, 422),
             auth=allowed("dispatch.withdraw_expert_application", get_object=_application))
def dispatch_withdraw_application(request, application_id: int = ID):
    """The applicant withdraws an application not yet decided; they may apply again later."""
    try:
        return applying.withdraw_application(by=request.user, application=loaded(request))
    except ValidationError as error:
        raise refused(error) from None


@router.post("/applications/{application_id}/decision", response=with_errors(ExpertApplicationOut, 401, 404, 422),
             auth=allowed("dispatch.review_expert_application", get_object=_application))
def dispatch_decide_application(request, payload: ExpertDecisionIn, application_id: int = ID):
    """Headquarters starts the review, or accepts (making the expert's entry in the registry), returns or
    declines it, the reason mailed to the applicant. Refused with the reasons, nothing saved."""
    application, by = loaded(request), request.user
    try:
        if payload.action == "review":
            return applying.start_review(by=by, application=application)
        if payload.action == "accept":
            return applying.accept_application(by=by, application=application, programme=payload.programme,
                                               hourly_fee=payload.hourly_fee, reason=payload.reason)
        if payload.action == "return":
            return applying.return_application(by=by, application=application, reason=payload.reason)
        return applying.decline_application(by=by, application=application, reason=payload.reason)
    except ValidationError as error:
        raise refused(error) from None
