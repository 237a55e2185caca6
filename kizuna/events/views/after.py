"""Staff: the lottery draw, attendance import; registrants: survey and certificate; public: verification."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.actions import flash_errors
from kizuna.core.downloads import pdf_response
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required, public

from .. import services
from ..forms import AttendanceImportForm, MaterialForm, SurveyForm
from ..models import Certificate, Draw, Material
from ..services import after as after_services
from ._common import act, event_of, registration_of


@permission_required("events.run_draw", get_object=event_of)
def lottery(request, pk, obj):
    draw = Draw.objects.filter(event=obj).select_related("drawn_by").first()
    if request.method == "POST":
        try:
            draw = services.run_draw(by=request.user, event=obj)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The draw was run: %(n)s seats.") % {"n": draw.seats})
        return redirect("events:lottery", pk=obj.pk)
    applicants = obj.registrations.filter(status="applied").count()
    return render(request, "events/lottery.html", {
        "event": obj, "draw": draw, "applicants": applicants,
        "reproduced": services.replay_draw(draw) if draw else None})


@permission_required("events.check_in", get_object=event_of)
def attendance_import(request, pk, obj):
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = after_services.import_attendance(by=request.user, event=obj,
                                                      content=form.cleaned_data["file"].read())
        except (ValidationError, UnicodeDecodeError) as error:
            form.add_error("file", getattr(error, "messages", [_("The file could not be read.")])[0])
    status = 400 if (form.errors or (report and not report.saved)) else 200
    return render(request, "events/attendance_import.html", {"event": obj, "form": form, "report": report},
                  status=status)


@permission_required("events.answer_survey", get_object=registration_of)
def survey(request, pk, obj):
    form = SurveyForm(request.POST or None, event=obj.event)
    if request.method == "POST" and form.is_valid():
        return act(request, obj, _("Thank you for your answers."), after_services.answer_survey, registration=obj,
                   satisfaction=form.cleaned_data["satisfaction"], answers=form.answers())
    return render(request, "events/survey.html", {"event": obj.event, "form": form})


@permission_required("events.manage_event", get_object=event_of)
def survey_summary(request, pk, obj):
    return render(request, "events/survey_summary.html",
                  {"event": obj, "summary": after_services.survey_summary(obj)})


@permission_required("events.download_certificate", get_object=registration_of)
def certificate(request, pk, obj):
    try:
        issued = after_services.issue_certificate(by=request.user, registration=obj)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(obj)
    return pdf_response(after_services.certificate_pdf(issued), f"certificate-{obj.event_id}.pdf")


@public("events.verify_certificate")
def verify(request, code):
    found = Certificate.objects.select_related("registration__person", "registration__event").filter(
        code=code[:32]).first()
    return render(request, "events/verify.html", {"certificate": found}, status=200 if found else 404)


# -- materials -------------------------------------------------------------------------------------------------

def _material(request, pk, **kwargs):
    return get_object_or_404(Material.objects.visible_to(request.user).select_related("event"), pk=pk)


@permission_required("events.manage_materials", get_object=event_of)
def materials(request, pk, obj):
    """The organisers add the event's slides, recordings and documents, and take them off."""
    here = reverse("events:materials", kwargs={"pk": obj.pk})
    if request.method == "POST" and "remove" in request.POST:
        chosen = request.POST.get("remove", "").strip()
        material = get_object_or_404(obj.materials, pk=int(chosen) if chosen.isdigit() and len(chosen) < 10 else 0)
        after_services.remove_material(by=request.user, material=material)
        messages.success(request, _("“%(title)s” was removed.") % {"title": material.title})
        return redirect(here)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            after_services.add_material(by=request.user, event=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The material was added."))
            return redirect(here)
    return render(request, "events/materials.html", {"event": obj, "form": form,
                                                     "materials": list(obj.materials.all())},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("events.view_material", get_object=_material)
def material(request, pk, obj):
    """A material's file, or its link, for those who may see it."""
    if obj.url:
        return redirect(obj.url)
    if not obj.file:
        raise Http404
    return FileResponse(obj.file.open("rb"), as_attachment=True, filename=obj.name or obj.file.name.rsplit("/")[-1],
                        content_type=obj.content_type or "application/octet-stream")
