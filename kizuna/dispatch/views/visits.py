"""The visits of an engagement (planning one, reporting one, cancelling one) and the photos and files of a report;
each page calls one service."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import run_and_return, submit_form
from kizuna.core.permissions import permission_required

from .. import services
from ..forms import ReportFilesForm, VisitForm, VisitReportForm
from ..models import ReportFile, Visit
from ._common import dispatch_of


def visit_of(request, pk, **kwargs):
    return get_object_or_404(Visit.objects.visible_to(request.user).select_related("dispatch__expert"), pk=pk)


def _form_page(request, form, title, back):
    return render(request, "core/form.html", {"form": form, "title": title, "back": back},
                  status=400 if form.is_bound else 200)


@permission_required("dispatch.plan_visits", get_object=dispatch_of)
def plan_visit(request, pk, obj):
    form = VisitForm(request.POST or None, initial={"day": obj.starts_on})
    if request.method == "POST":
        done = submit_form(request, form, lambda **d: services.plan_visit(by=request.user, dispatch=obj, **d),
                           _("The visit was planned."), obj)
        if done:
            return done
    return _form_page(request, form, _("Plan a visit"), obj.get_absolute_url())


@permission_required("dispatch.file_visit_report", get_object=visit_of)
def report_visit(request, pk, obj):
    form = VisitReportForm(request.POST or None, initial={"hours": obj.hours})
    if request.method == "POST":
        done = submit_form(request, form, lambda **d: services.report_visit(by=request.user, visit=obj, **d),
                           _("The report of the visit was filed."), obj.dispatch)
        if done:
            return done
    return _form_page(request, form, _("Report of the visit of %(day)s") % {"day": obj.day},
                      obj.get_absolute_url())


@permission_required("dispatch.cancel_visit", get_object=visit_of)
@require_POST
def cancel_visit(request, pk, obj):
    return run_and_return(request, obj.dispatch, lambda: services.cancel_visit(by=request.user, visit=obj),
                          _("The visit was cancelled."))


@permission_required("dispatch.add_report_files", get_object=dispatch_of)
def add_files(request, pk, obj):
    form = ReportFilesForm(request.POST or None, request.FILES or None, dispatch=obj)
    if request.method == "POST":
        done = submit_form(request, form, lambda **d: services.add_report_files(by=request.user, dispatch=obj, **d),
                           _("The files were added to the report."), obj)
        if done:
            return done
    return render(request, "core/form.html", {
        "form": form, "title": _("Add photos and files to the report"), "back": obj.get_absolute_url(),
        "multipart": True, "submit_label": _("Add")}, status=400 if form.is_bound else 200)


def report_file_of(request, pk, **kwargs):
    return get_object_or_404(ReportFile.objects.visible_to(request.user), pk=pk)


@permission_required("dispatch.view_report_file", get_object=report_file_of)
def report_file(request, pk, obj):
    """A photo is shown in the page (its type checked when it was added); a PDF is downloaded."""
    response = FileResponse(obj.file.open("rb"), content_type=obj.content_type, as_attachment=not obj.is_image,
                            filename=obj.name)
    response["Cache-Control"] = "private"
    return response
