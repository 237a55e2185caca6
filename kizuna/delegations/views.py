"""Delegation pages: the programmes, a programme's delegations, a delegation with its members, visits and the
steps each person may take, the forms, the documents (PDF), and the visits a host local government receives.
Times are typed and shown in the time zone of the programme's venue."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.downloads import pdf_response
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required
from kizuna.core.ui import form_page as _form_page
from kizuna.core.ui import import_page
from kizuna.events.models import Event

from . import documents, importing, queries, services
from .forms import CancelForm, DelegationForm, MemberForm, MembersImportForm, NoteForm, ProgrammeForm, VisitForm
from .models import Delegation, Member, Programme, Visit


def _programme(request, pk, **kwargs):
    return get_object_or_404(Programme.objects.visible_to(request.user).select_related("event", "co_host"), pk=pk)


def _delegation(request, pk, **kwargs):
    return get_object_or_404(Delegation.objects.visible_to(request.user).select_related(
        "programme__event", "handled_by", "government"), pk=pk)


def _visit(request, pk, **kwargs):
    return get_object_or_404(Visit.objects.visible_to(request.user).select_related(
        "host", "delegation__programme__event", "delegation__handled_by"), pk=pk)


def _programme_of(obj):
    if isinstance(obj, Programme):
        return obj
    if isinstance(obj, Visit):
        return obj.delegation.programme
    return obj.programme


def in_venue_zone(view):
    """Times of a programme are typed and shown in the time zone of its venue."""
    @wraps(view)
    def wrapped(request, *args, obj, **kwargs):
        with timezone.override(documents.zone_of(_programme_of(obj))):
            return view(request, *args, obj=obj, **kwargs)

    return wrapped


def _zone_note(programme) -> str:
    return _("Times in %(zone)s, the time zone of the venue.") % {"zone": programme.zone_name}



# -- programmes ------------------------------------------------------------------------------------------------------

@permission_required("delegations.view_programmes")
def index(request):
    user = request.user
    return render(request, "delegations/index.html", {
        "programmes": queries.programmes(user), "arriving": queries.arriving(user),
        "can_add": user.has_perm("delegations.add_programme")})


@permission_required("delegations.add_programme")
def programme_new(request):
    events = Event.objects.visible_to(request.user).filter(delegation_programme__isnull=True).order_by("-starts_at")
    form = ProgrammeForm(request.POST or None, events=events, co_hosts=queries.governments())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "event"}
        try:
            programme = services.create_programme(by=request.user, event=form.cleaned_data["event"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme is set up. Register its delegations."))
            return redirect(programme)
    return _form_page(request, form, _("New delegation programme"), reverse("delegations:index"),
                      intro=_("Choose the event of the conference or seminar (create it under Events first)."))


@permission_required("delegations.manage_programme", get_object=_programme)
def programme_edit(request, pk, obj):
    form = ProgrammeForm(request.POST or None, instance=obj, co_hosts=queries.governments())
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_programme(by=request.user, programme=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(obj), obj.get_absolute_url())


@permission_required("delegations.view_programme", get_object=_programme)
def programme(request, pk, obj):
    user = request.user
    return render(request, "delegations/programme.html", {
        "programme": obj, "delegations": queries.delegations(user, obj),
        "can_manage": user.has_perm("delegations.manage_programme", obj),
        "can_add": user.has_perm("delegations.add_delegation", obj),
        "can_print": user.has_perm("delegations.print_programme", obj)})


def _programme_delegations(request, programme):
    return list(queries.with_members(Delegation.objects.visible_to(request.user).filter(programme=programme)))


@permission_required("delegations.print_programme", get_object=_programme)
def programme_badges(request, pk, obj):
    return pdf_response(documents.badges_pdf(obj, _programme_delegations(request, obj)), f"badges-{obj.pk}.pdf",
                        inline=True)


@permission_required("delegations.print_programme", get_object=_programme)
def programme_list(request, pk, obj):
    found = _programme_delegations(request, obj)
    needs = {d.pk for d in found if request.user.has_perm("delegations.view_needs", d)}
    return pdf_response(documents.list_pdf(obj, found, needs_of=needs), f"delegations-{obj.pk}.pdf", inline=True)


# -- delegations -----------------------------------------------------------------------------------------------------

@permission_required("delegations.add_delegation", get_object=_programme)
def delegation_new(request, pk, obj):
    handlers = services.handlers_for(request.user)
    form = DelegationForm(request.POST or None, handlers=handlers, governments=queries.governments())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "handled_by"}
        try:
            delegation = services.register_delegation(by=request.user, programme=obj,
                                                      handled_by=form.cleaned_data["handled_by"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The delegation is registered as invited. Add its members."))
            return redirect(delegation)
    return _form_page(request, form, _("Register a delegation: %(programme)s") % {"programme": obj},
                      obj.get_absolute_url(),
                      intro=_("One delegation per country or per local government. Its members, travel and "
                              "visits are added on its page."), submit_label=_("Register the delegation"))


@permission_required("delegations.manage_delegation", get_object=_delegation)
def delegation_edit(request, pk, obj):
    form = DelegationForm(request.POST or None, instance=obj, governments=queries.governments())
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_delegation(by=request.user, delegation=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(obj), obj.get_absolute_url())


@permission_required("delegations.view_delegation", get_object=_delegation)
@in_venue_zone
def delegation(request, pk, obj):
    user = request.user
    can_manage = user.has_perm("delegations.manage_delegation", obj)
    visits = (obj.visits.select_related("host").prefetch_related("members").order_by("starts_at", "pk"))
    return render(request, "delegations/delegation.html", {
        "delegation": obj, "programme": obj.programme, "members": obj.members.order_by("order", "pk"),
        "visits": visits, "can_manage": can_manage, "is_open": obj.status in services.EXPECTED,
        "show_needs": user.has_perm("delegations.view_needs", obj),
        "can_print": user.has_perm("delegations.print_delegation", obj),
        "actions": [t for t in obj.transitions.available(obj, user) if t.action in STEPS],
        "can_cancel": any(t.action == "cancel" for t in obj.transitions.available(obj, user)),
        "zone_note": _zone_note(obj.programme), "note_form": NoteForm()})


STEPS = {
    "confirm": (services.confirm_delegation, gettext_lazy("The delegation is confirmed.")),
    "arrive": (services.record_arrival, gettext_lazy("The arrival is recorded.")),
    "depart": (services.record_departure, gettext_lazy("The departure is recorded.")),
}


@require_POST
@permission_required("delegations.manage_delegation", get_object=_delegation)
def delegation_step(request, pk, action, obj):
    if action not in STEPS:
        raise Http404
    form = NoteForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    step, success = STEPS[action]
    return run_and_return(request, obj, lambda: step(by=request.user, delegation=obj,
                                                     note=form.cleaned_data["note"]), success)


@require_POST
@permission_required("delegations.manage_delegation", get_object=_delegation)
def delegation_cancel(request, pk, obj):
    form = CancelForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.cancel_delegation(
        by=request.user, delegation=obj, reason=form.cleaned_data["reason"]), _("The delegation is cancelled."))


def _one(obj):
    return list(queries.with_members(Delegation.objects.filter(pk=obj.pk)))


@permission_required("delegations.print_delegation", get_object=_delegation)
def delegation_badges(request, pk, obj):
    return pdf_response(documents.badges_pdf(obj.programme, _one(obj)), f"badges-delegation-{obj.pk}.pdf", inline=True)


@permission_required("delegations.print_delegation", get_object=_delegation)
def delegation_list(request, pk, obj):
    return pdf_response(documents.list_pdf(obj.programme, _one(obj), needs_of={obj.pk}), f"delegation-{obj.pk}.pdf",
                        inline=True)


@permission_required("delegations.print_delegation", get_object=_delegation)
def delegation_itinerary(request, pk, obj):
    return pdf_response(documents.itinerary_pdf(_one(obj)[0]), f"itinerary-{obj.pk}.pdf", inline=True)


# -- members ---------------------------------------------------------------------------------------------------------

def _member_data(form):
    data = dict(form.cleaned_data)
    if data.get("order") is None:
        data.pop("order", None)
    return data


@permission_required("delegations.manage_delegation", get_object=_delegation)
@in_venue_zone
def member_new(request, pk, obj):
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(by=request.user, delegation=obj, **_member_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member is added."))
            return redirect(obj)
    return _form_page(request, form, _("Add a member: %(delegation)s") % {"delegation": obj},
                      obj.get_absolute_url(), intro=_zone_note(obj.programme), submit_label=_("Add the member"))


def _member_of(obj, member_pk):
    return get_object_or_404(Member.objects.select_related("delegation"), pk=member_pk, delegation=obj)


@permission_required("delegations.manage_delegation", get_object=_delegation)
@in_venue_zone
def member_edit(request, pk, member_pk, obj):
    member = _member_of(obj, member_pk)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_member(by=request.user, member=member, **_member_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(member), obj.get_absolute_url(), intro=_zone_note(obj.programme))


@require_POST
@permission_required("delegations.manage_delegation", get_object=_delegation)
def member_remove(request, pk, member_pk, obj):
    member = _member_of(obj, member_pk)
    return run_and_return(request, obj, lambda: services.remove_member(by=request.user, member=member),
                          _("The member is removed."))


@permission_required("delegations.manage_delegation", get_object=_delegation)
@in_venue_zone
def members_import(request, pk, obj):
    """Members from a spreadsheet: all or nothing, row by row."""
    form = MembersImportForm(request.POST or None, request.FILES or None)
    return import_page(request, form, "delegations/import.html", lambda content, filename: importing.import_members(
        by=request.user, delegation=obj, content=content, filename=filename), delegation=obj,
        zone_note=_zone_note(obj.programme))


# -- visits ----------------------------------------------------------------------------------------------------------

def _visit_form(request, delegation, instance=None):
    members = delegation.members.order_by("order", "pk")
    return VisitForm(request.POST or None, instance=instance, hosts=queries.hosts(), members=members)


def _visit_data(form):
    data = dict(form.cleaned_data)
    return list(data.pop("members") or []), data


@permission_required("delegations.manage_delegation", get_object=_delegation)
@in_venue_zone
def visit_new(request, pk, obj):
    form = _visit_form(request, obj)
    if request.method == "POST" and form.is_valid():
        members, data = _visit_data(form)
        try:
            services.add_visit(by=request.user, delegation=obj, members=members, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The visit is added to the itinerary."))
            return redirect(obj)
    return _form_page(request, form, _("Plan a visit: %(delegation)s") % {"delegation": obj},
                      obj.get_absolute_url(), intro=_zone_note(obj.programme), submit_label=_("Add the visit"))


@permission_required("delegations.view_visit", get_object=_visit)
@in_venue_zone
def visit(request, pk, obj):
    user = request.user
    return render(request, "delegations/visit.html", {
        "visit": obj, "delegation": obj.delegation, "members": obj.members.order_by("order", "pk"),
        "can_manage": user.has_perm("delegations.manage_visit", obj),
        "can_open_delegation": user.has_perm("delegations.view_delegation", obj.delegation),
        "zone_note": _zone_note(obj.delegation.programme)})


@permission_required("delegations.manage_visit", get_object=_visit)
@in_venue_zone
def visit_edit(request, pk, obj):
    form = _visit_form(request, obj.delegation, instance=obj)
    if request.method == "POST" and form.is_valid():
        members, data = _visit_data(form)
        try:
            services.edit_visit(by=request.user, visit=obj, members=members, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(obj), obj.get_absolute_url(), intro=_zone_note(obj.delegation.programme))


@require_POST
@permission_required("delegations.manage_visit", get_object=_visit)
def visit_remove(request, pk, obj):
    delegation = obj.delegation
    return run_and_return(request, delegation, lambda: services.remove_visit(by=request.user, visit=obj),
                          _("The visit is removed from the itinerary."))


@permission_required("delegations.view_visits")
def visits(request):
    """The visits the person may see: to their local government, or all of them for CLAIR staff."""
    return render(request, "delegations/visits.html", {"visits": queries.visits(request.user)[:300]})
