"""Joint booths: the booth page (apply; staff select), a co-exhibitor's page (checklist, report, withdraw), and
its leads (visitors' codes scanned at the booth)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import flash_errors
from kizuna.core.downloads import named
from kizuna.core.permissions import permission_required
from kizuna.core.rules import working_orgs

from ..forms import LeadForm
from ..models import Booth, Exhibitor
from ..services import booths as booth_services
from ..services import leads as lead_services
from ._common import act, visible_or_404


def booth_of(request, pk, **kwargs):
    return get_object_or_404(Booth.objects.visible_to(request.user).select_related("event__organiser"), pk=pk)


def exhibitor_of(request, pk, **kwargs):
    return visible_or_404(request, Exhibitor.objects.select_related("booth__event__organiser", "organisation"), pk)


@permission_required("events.view_booth", get_object=booth_of)
def booth(request, pk, obj):
    can_manage = request.user.has_perm("events.manage_booth", obj)
    exhibitors = obj.exhibitors.visible_to(request.user, "events.select_exhibitors").select_related("organisation")
    return render(request, "events/booth.html", {
        "booth": obj, "can_select": can_manage, "can_manage": can_manage,
        "exhibitors": list(exhibitors) if can_manage else [],
        "apply_orgs": [o for o in working_orgs(request.user) if o.kind in booth_services.exhibitor_kinds(obj.event)]})


@require_POST
@permission_required("events.apply_for_booth", get_object=booth_of)
def booth_apply(request, pk, obj):
    orgs = {str(o.pk): o for o in working_orgs(request.user) if o.kind in booth_services.exhibitor_kinds(obj.event)}
    organisation = orgs.get(request.POST.get("organisation", ""))
    if organisation is None:
        messages.error(request, _("Choose the organisation you apply for."))
        return redirect(obj)
    try:
        exhibitor = booth_services.apply_for_booth(by=request.user, booth=obj, organisation=organisation,
                                                   exhibits=request.POST.get("exhibits", "")[:5000])
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(obj)
    messages.success(request, _("Your application was sent."))
    return redirect(exhibitor)


@permission_required("events.view_exhibitor", get_object=exhibitor_of)
def exhibitor(request, pk, obj):
    done = set(obj.checklist_done)
    return render(request, "events/exhibitor.html", {
        "exhibitor": obj, "booth": obj.booth,
        "checklist": [{**item, "done": item["key"] in done} for item in obj.booth.checklist],
        "can_act": request.user.has_perm("events.act_for_exhibitor", obj),
        "can_see_leads": request.user.has_perm("events.view_leads", obj),
        "lead_count": obj.captured_leads.count(),
        "can_select": request.user.has_perm("events.select_exhibitors", obj)})


@require_POST
@permission_required("events.select_exhibitors", get_object=exhibitor_of)
def exhibitor_select(request, pk, obj):
    return act(request, obj, _("Selected."), booth_services.select_exhibitor, exhibitor=obj)


@require_POST
@permission_required("events.select_exhibitors", get_object=exhibitor_of)
def exhibitor_reject(request, pk, obj):
    return act(request, obj, _("Not selected."), booth_services.reject_exhibitor, exhibitor=obj)


@require_POST
@permission_required("events.act_for_exhibitor", get_object=exhibitor_of)
def exhibitor_withdraw(request, pk, obj):
    return act(request, obj, _("Withdrawn."), booth_services.withdraw_exhibitor, exhibitor=obj)


@require_POST
@permission_required("events.act_for_exhibitor", get_object=exhibitor_of)
def exhibitor_checklist(request, pk, obj):
    return act(request, obj, _("Checklist saved."), booth_services.tick_checklist, exhibitor=obj,
               done=request.POST.getlist("done"))


def _count(request, name) -> int:
    value = request.POST.get(name, "").strip()
    if not value.isdigit() or len(value) > 9:
        raise ValidationError(_("%(field)s must be a whole number.") % {"field": name})
    return int(value)


@require_POST
@permission_required("events.act_for_exhibitor", get_object=exhibitor_of)
def exhibitor_report(request, pk, obj):
    try:
        numbers = {n: _count(request, n) for n in ("visitors", "leads", "deals")}
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(obj)
    return act(request, obj, _("Report saved."), booth_services.report_fair, exhibitor=obj,
               report=request.POST.get("report", "")[:5000], **numbers)


@permission_required("events.view_leads", get_object=exhibitor_of)
def exhibitor_leads(request, pk, obj):
    """The co-exhibitor's leads, and on the fair's days its phone page to scan visitors' codes."""
    can_capture = request.user.has_perm("events.capture_leads", obj)
    form, result = LeadForm(request.POST or None), None
    if request.method == "POST":
        if not can_capture:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            result = lead_services.capture_lead(by=request.user, exhibitor=obj, code=data["code"],
                                                interest=data["interest"], note=data["note"])
            form = LeadForm()  # ready for the next visitor
    return render(request, "events/leads.html", {
        "exhibitor": obj, "booth": obj.booth, "form": form, "result": result, "can_capture": can_capture,
        "leads": list(lead_services.leads_of(obj))}, status=400 if form.errors else 200)


@permission_required("events.view_leads", get_object=exhibitor_of)
def exhibitor_leads_csv(request, pk, obj):
    response = StreamingHttpResponse(lead_services.leads_csv(obj), content_type="text/csv; charset=utf-8")
    named(response, f"leads-{obj.pk}.csv")
    return response
