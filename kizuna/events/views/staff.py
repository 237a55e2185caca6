"""Organiser staff (headquarters, the organising branch or overseas office) shape their events: the event itself,
its sessions, its registration questions, its invitees, and the joint booths offered at a trade fair."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.actions import flash_errors
from kizuna.core.enums import CLAIR_KINDS, OrgKind, Role
from kizuna.core.forms import add_service_errors
from kizuna.core.models import Organisation
from kizuna.core.permissions import permission_required
from kizuna.core.rules import is_hq_staff, memberships_of, working_orgs

from ..enums import FAIRS
from ..forms import (
    BoothForm,
    ChecklistFormSet,
    CoOrganiserForm,
    CopyEventForm,
    EventForm,
    InviteesForm,
    QuestionFormSet,
    SessionForm,
    checklist_initial,
    condition_choices,
    kept_items,
    questions_initial,
)
from ..models import Booth
from ..services import booths as booth_services
from ..services import events as event_services
from ._common import event_of, visible_or_404


def _organisers(user):
    """Headquarters may organise for any CLAIR organisation or chapter; others for their own branch or office,
    and a chapter's officers for their chapter."""
    if is_hq_staff(user):
        return Organisation.objects.filter(kind__in=event_services.ORGANISING_KINDS).order_by("kind", "name")
    ids = [o.pk for o in working_orgs(user, CLAIR_KINDS)]
    ids += [m.organisation_id for m in memberships_of(user)
            if m.role == Role.CHAPTER_OFFICER and m.organisation.kind == OrgKind.JETAA_CHAPTER]
    return Organisation.objects.filter(pk__in=ids)


def _page(request, template, context, form_or_errors):
    return render(request, template, context, status=400 if form_or_errors else 200)


def _submit(request, form, save, success, then):
    """On a valid POST, run `save()`: its refusal goes on the form (None is returned and the page is shown
    again), else `success` (or `success(result)`) is said and the browser goes to `then` (or `then(result)`)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then(result) if callable(then) else then)


def _initial_organiser(request, organisers) -> dict:
    """`?organiser=<id>` (a chapter's page links so), or the person's only organiser: chosen already, with its
    time zone (an overseas office's, a chapter's) for the venue."""
    wanted = request.GET.get("organiser", "")
    chosen = organisers.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
    if chosen is None and len(organisers) == 1:
        chosen = organisers[0]
    if chosen is None:
        return {}
    return {"organiser": chosen.pk, **({"venue_timezone": chosen.timezone} if chosen.timezone else {})}


@permission_required("events.add_event")
def event_create(request):
    organisers = _organisers(request.user)
    form = EventForm(request.POST or None, organisers=organisers,
                     initial=None if request.method == "POST" else _initial_organiser(request, organisers))
    done = _submit(request, form, lambda: event_services.create_event(by=request.user, **form.cleaned_data),
                   _("The event was created."), lambda event: event)
    if done:
        return done
    return _page(request, "core/form.html", {"form": form, "title": _("New event")}, form.errors)


@permission_required("events.manage_event", get_object=event_of)
def event_edit(request, pk, obj):
    form = EventForm(request.POST or None, instance=obj, organisers=_organisers(request.user))
    done = _submit(request, form, lambda: event_services.update_event(
        by=request.user, event=obj, **form.cleaned_data), _("The event was saved."), obj)
    if done:
        return done
    return _page(request, "core/form.html", {
        "form": form, "title": _("Edit the event"), "back": obj.get_absolute_url(),
        "intro": _("Seats taken: %(n)s. The capacity cannot go below them.") % {"n": obj.seats_taken}},
        form.errors)


def _session_data(form) -> dict:
    return {k: form.cleaned_data[k] for k in ("title", "title_en", "starts_at", "ends_at", "capacity")}


@permission_required("events.manage_event", get_object=event_of)
def sessions(request, pk, obj):
    """The event's sessions, and a form to add one."""
    form = SessionForm(request.POST or None, zone=obj.venue_timezone,
                       initial={"starts_at": obj.starts_at, "ends_at": obj.ends_at})
    done = _submit(request, form, lambda: event_services.save_session(
        by=request.user, event=obj, **_session_data(form)),
        _("The session was added."), reverse("events:sessions", kwargs={"pk": obj.pk}))
    if done:
        return done
    return _page(request, "events/sessions.html", {
        "event": obj, "form": form, "sessions": list(obj.sessions.order_by("starts_at", "pk"))}, form.errors)


@permission_required("events.manage_event", get_object=event_of)
def session_edit(request, pk, session_pk, obj):
    session = get_object_or_404(obj.sessions, pk=session_pk)
    if request.method == "POST" and "delete" in request.POST:
        try:
            event_services.delete_session(by=request.user, session=session)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("events:session", pk=obj.pk, session_pk=session.pk)
        messages.success(request, _("The session was deleted."))
        return redirect("events:sessions", pk=obj.pk)
    form = SessionForm(request.POST or None, zone=obj.venue_timezone, initial={
        "title": session.title, "title_en": session.title_en, "starts_at": session.starts_at,
        "ends_at": session.ends_at, "capacity": session.capacity})
    done = _submit(request, form, lambda: event_services.save_session(
        by=request.user, event=obj, session=session, **_session_data(form)),
        _("The session was saved."), reverse("events:sessions", kwargs={"pk": obj.pk}))
    if done:
        return done
    return _page(request, "events/session_form.html", {"event": obj, "session": session, "form": form},
                 form.errors)


def _items_page(request, obj, *, formset, save, template_context, done: str, back):
    """The page of a list kept as JSON (questions, a checklist): a formset of keyed items, saved whole."""
    if request.method == "POST" and formset.is_valid():
        try:
            save(kept_items(formset))
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, done)
            return redirect(back)
    errors = request.method == "POST"  # a valid POST has redirected
    return _page(request, "events/items_form.html", {"formset": formset, **template_context}, errors)


@permission_required("events.manage_event", get_object=event_of)
def questions(request, pk, obj):
    formset = QuestionFormSet(request.POST or None, prefix="q", initial=questions_initial(obj.questions),
                              form_kwargs={"conditions": condition_choices(obj.questions)})
    return _items_page(
        request, obj, formset=formset, done=_("The questions were saved."), back=obj,
        save=lambda items: event_services.set_questions(by=request.user, event=obj, questions=items),
        template_context={"event": obj, "title": _("Questions for registrants"), "back": obj.get_absolute_url(),
                          "intro": _("Asked on the registration form. Answers already given stay with their "
                                     "question (and with their option, when its label stays); a deleted question "
                                     "is no longer asked. To show a question only on an earlier question's "
                                     "answer, save that earlier question first.")})


@permission_required("events.manage_event", get_object=event_of)
def invitees(request, pk, obj):
    """Who is invited to an invite-only event: add people by e-mail address, take them off one by one."""
    form = InviteesForm(request.POST if "emails" in request.POST else None)
    if request.method == "POST" and "remove" in request.POST:
        chosen = request.POST.get("remove", "").strip()
        person = get_object_or_404(obj.invitees, pk=int(chosen) if chosen.isdigit() and len(chosen) < 10 else 0)
        try:
            event_services.remove_invitee(by=request.user, event=obj, person=person)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(person)s is no longer invited.") % {"person": person})
        return redirect("events:invitees", pk=obj.pk)
    done = _submit(request, form, lambda: event_services.add_invitees(
        by=request.user, event=obj, emails=form.cleaned_data["emails"]),
        lambda added: _("%(n)s people invited.") % {"n": len(added)}, reverse("events:invitees", kwargs={"pk": obj.pk}))
    if done:
        return done
    return _page(request, "events/invitees.html", {
        "event": obj, "form": form, "invite_only": obj.audience == "invited",
        "invitees": list(obj.invitees.order_by("email").only("pk", "email", "full_name"))}, form.errors)


@permission_required("events.manage_event", get_object=event_of)
def copy_event(request, pk, obj):
    """The same event on another date: a draft in the same series, to check and publish."""
    form = CopyEventForm(request.POST or None, event=obj)
    done = _submit(request, form, lambda: event_services.copy_event(
        by=request.user, event=obj, starts_at=form.cleaned_data["starts_at"]),
        _("The copy was made as a draft: check it and publish it."), lambda copy: reverse("events:edit",
                                                                                          kwargs={"pk": copy.pk}))
    if done:
        return done
    return _page(request, "core/form.html", {
        "form": form, "title": _("Copy the event to another date"), "back": obj.get_absolute_url(),
        "intro": _("Its details, questions, sessions and co-organisers are copied; nobody is registered or invited."),
        "submit_label": _("Make the copy")}, form.errors)


@permission_required("events.manage_event", get_object=event_of)
def co_organisers(request, pk, obj):
    """The bodies that run the event with its organiser: add one by its name or code, take one off."""
    back = reverse("events:co_organisers", kwargs={"pk": obj.pk})
    if request.method == "POST" and "remove" in request.POST:
        chosen = request.POST.get("remove", "").strip()
        organisation = get_object_or_404(obj.co_organisers, pk=int(chosen) if chosen.isdigit() and len(chosen) < 10
                                         else 0)
        event_services.remove_co_organiser(by=request.user, event=obj, organisation=organisation)
        messages.success(request, _("%(org)s no longer co-organises the event.") % {"org": organisation})
        return redirect(back)
    form = CoOrganiserForm(request.POST or None, user=request.user)
    done = _submit(request, form, lambda: event_services.add_co_organiser(
        by=request.user, event=obj, organisation=form.cleaned_data["organisation"]),
        _("The co-organiser was added: its staff see the roster."), back)
    if done:
        return done
    return _page(request, "events/co_organisers.html", {
        "event": obj, "form": form, "co_organisers": list(obj.co_organisers.order_by("kind", "name"))}, form.errors)


def _booth_page(request, event, booth, form, formset):
    if formset.is_bound and not formset.is_valid():
        form.is_valid()  # show the booth's own errors too
    else:
        done = _submit(request, form, lambda: booth_services.save_booth(
            by=request.user, event=event, booth=booth, checklist=kept_items(formset),
            **{k: form.cleaned_data[k] for k in booth_services.BOOTH_FIELDS}), _("The booth was saved."),
            lambda saved: saved)
        if done:
            return done
    return _page(request, "events/booth_form.html", {
        "event": event, "booth": booth, "form": form, "formset": formset,
        "title": _("Edit the joint booth") if booth else _("New joint booth")},
        request.method == "POST")


@permission_required("events.manage_event", get_object=event_of)
def booth_create(request, pk, obj):
    form = BoothForm(request.POST or None, event=obj)
    formset = ChecklistFormSet(request.POST or None, prefix="c")
    if obj.kind not in FAIRS:
        messages.error(request, _("Joint booths are offered at trade fairs and career fairs only."))
    return _booth_page(request, obj, None, form, formset)


def booth_for_staff(request, pk, **kwargs):
    return visible_or_404(request, Booth.objects.select_related("event__organiser"), pk)


@permission_required("events.manage_booth", get_object=booth_for_staff)
def booth_edit(request, pk, obj):
    form = BoothForm(request.POST or None, instance=obj, event=obj.event)
    formset = ChecklistFormSet(request.POST or None, prefix="c", initial=checklist_initial(obj.checklist))
    return _booth_page(request, obj.event, obj, form, formset)
