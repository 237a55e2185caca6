"""Pages of the JET Programme: the roster by role, a participant's record, the participant's own page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.downloads import named
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required
from kizuna.core.sections import sections_for
from kizuna.core.ui import import_page

from . import exports, intake, queries, queries_reappointment, services
from .forms import DateForm, EmergencyForm, ImportForm, RosterFilterForm
from .models import Participant


def _participant(request, pk, **kwargs):
    return get_object_or_404(Participant.objects.visible_to(request.user)
                             .select_related("host__organisation", "host__coordinating_body", "person"), pk=pk)


def _host(request, pk, **kwargs):
    return get_object_or_404(queries.hosts(request.user), pk=pk)


@permission_required("jet.view_roster")
def roster(request):
    form = RosterFilterForm(request.GET or None)
    filters = queries.RosterFilters(**form.cleaned_data) if form.is_valid() else queries.RosterFilters()
    page = Paginator(queries.roster(request.user, filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "jet/roster.html", {
        "form": form, "page": page, "rows": queries.roster_rows(page.object_list),
        "counts": queries.counts(request.user), "query": query.urlencode()})


@permission_required("jet.view_roster")
def roster_export(request):
    """The roster as filtered on its page, as CSV for Excel: only the participants the reader may see."""
    form = RosterFilterForm(request.GET or None)
    filters = queries.RosterFilters(**form.cleaned_data) if form.is_valid() else queries.RosterFilters()
    response = HttpResponse(exports.roster_csv(queries.with_bodies(queries.roster(request.user, filters))),
                            content_type="text/csv; charset=utf-8")
    named(response, "jet-participants.csv")
    return response


@permission_required("jet.view_roster")
def overview(request):
    """Counts by position, country, prefecture, arrival group and year, and the placements on a map."""
    return render(request, "jet/overview.html", {"overview": queries.overview(request.user)})


@permission_required("jet.import_participants")
@require_http_methods(["GET", "POST"])
def import_placements(request):
    """Placements from a spreadsheet, all or nothing, with a report row by row."""
    form = ImportForm(request.POST or None, request.FILES or None, initial={"invite": True})
    return import_page(request, form, "jet/import.html", lambda content, filename: intake.import_participants(
        by=request.user, content=content, filename=filename, invite=form.cleaned_data["invite"]))


@permission_required("jet.view_participant", get_object=_participant)
def participant(request, pk, obj):
    user = request.user
    return render(request, "jet/participant.html", {
        "p": obj, "appointments": obj.appointments.all(), "workplaces": obj.workplaces.all(),
        "transfers": obj.transfers.select_related("from_host__organisation", "to_host__organisation"),
        "actions": {t.action for t in Participant.transitions.available(obj, user)},
        "can_manage": user.has_perm("jet.manage_participant", obj), "date_form": DateForm(),
        "is_self": obj.person_id == user.pk, "reappointment": queries_reappointment.latest_intention(user, obj),
        "sections": sections_for("jet.participant", request, obj),  # learning's
    })


@permission_required("jet.view_own_record")
def mine(request):
    record = queries.own_record(request.user) or services.claim_record(by=request.user)
    if record is None:
        return render(request, "jet/mine.html", {"p": None})
    return redirect(record)


@permission_required("jet.view_host", get_object=_host)
def host(request, pk, obj):
    return render(request, "jet/host.html", {
        "host": obj, "workplaces": obj.workplaces.all(),
        "participants": queries.roster(request.user, queries.RosterFilters(host=obj.pk))[:500]})


def _dated(request, obj, service, field, success):
    """A step that takes a date (`field` of the service): the date form, then the service."""
    form = DateForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: service(by=request.user, participant=obj,
                                                        **{field: form.cleaned_data["day"]}), success)


@permission_required("jet.manage_participant", get_object=_participant)
@require_POST
def arrive(request, pk, obj):
    return _dated(request, obj, services.record_arrival, "arrived_on",
                  _("The arrival is recorded; the first appointment year starts the next day."))


@permission_required("jet.manage_participant", get_object=_participant)
@require_POST
def take_post(request, pk, obj):
    return run_and_return(request, obj, lambda: services.take_post(by=request.user, participant=obj),
                          _("The participant is in post."))


@permission_required("jet.manage_participant", get_object=_participant)
@require_POST
def leaving(request, pk, obj):
    return _dated(request, obj, services.announce_leaving, "leaving_on",
                  _("The participant leaves at the end of the appointment."))


@permission_required("jet.manage_participant", get_object=_participant)
@require_POST
def stay_on(request, pk, obj):
    return run_and_return(request, obj, lambda: services.stay_on(by=request.user, participant=obj),
                          _("The participant stays on."))


@permission_required("jet.manage_participant", get_object=_participant)
@require_POST
def depart(request, pk, obj):
    return _dated(request, obj, services.record_departure, "departed_on", _("The departure is recorded."))


@permission_required("jet.manage_participant", get_object=_participant)
@require_POST
def withdraw(request, pk, obj):
    return run_and_return(request, obj, lambda: services.withdraw(by=request.user, participant=obj),
                          _("The placement is withdrawn."))


@permission_required("jet.manage_participant", get_object=_participant)
@require_http_methods(["GET", "POST"])
def emergency(request, pk, obj):
    """The emergency contact: kept by the contracting organisation (and headquarters)."""
    form = EmergencyForm(request.POST or None, initial={
        f: getattr(obj, f) for f in ("emergency_name", "emergency_relation", "emergency_phone", "emergency_email")})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(by=request.user, participant=obj, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The emergency contact is saved."))
            return redirect(obj)
    return render(request, "core/form.html", {"form": form, "title": _("Emergency contact"),
                                              "back": obj.get_absolute_url()},
                  status=400 if form.is_bound and form.errors else 200)

