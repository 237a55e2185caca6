"""Alumni pages: the network's home, joining it, one's own profile and privacy, the directory, a profile, the
chapters with their health, a chapter's page and its members, and headquarters' deletion requests."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import flash_errors, run_and_return
from kizuna.core.cache import RenderCache
from kizuna.core.countries import country_name
from kizuna.core.downloads import named
from kizuna.core.fiscal import current_fiscal_year
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required, public
from kizuna.core.queries import directory_version
from kizuna.core.ui import import_page

from . import exports, importing, queries, services
from .forms import ChapterForm, DirectoryForm, ImportForm, MailForm, ProfileForm
from .models import Alumnus, Chapter, ChapterMember, PossibleDuplicate
from .rules import own_alumnus, sees_field

PAGE = 50


def _alumnus(request, pk, **kwargs):
    return get_object_or_404(Alumnus.objects.visible_to(request.user), pk=pk)


def _chapter(request, pk, **kwargs):
    return get_object_or_404(Chapter.objects.visible_to(request.user).select_related("organisation", "supported_by"),
                             pk=pk)


def _member(request, pk, **kwargs):
    return get_object_or_404(ChapterMember.objects.visible_to(request.user).select_related("chapter__organisation"),
                             pk=pk)


def _own(request):
    record = own_alumnus(request.user)
    if record is None:
        raise Http404
    return record


@public("alumni.view_chapters")
def index(request):
    user = request.user
    record = own_alumnus(user)
    context = {"record": record, "may_join": record is None and services.joinable_record(user) is not None,
               "may_search": user.has_perm("alumni.use_directory"),
               "may_see_requests": user.has_perm("alumni.view_deletion_requests"),
               "may_import": user.has_perm("alumni.add_alumnus"),
               "may_see_mentors": user.has_perm("alumni.view_mentors")}
    if record is not None:
        context["my_chapters"] = list(record.chapter_memberships.filter(left_on__isnull=True)
                                      .select_related("chapter__organisation"))
    if context["may_see_requests"]:
        context["deletion_requests"] = _asked_deletion(user).count()
    return render(request, "alumni/index.html", context)


@permission_required("alumni.join_network")
def join(request):
    record = services.joinable_record(request.user)
    if request.method == "POST":
        try:
            services.join_network(by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("alumni:index")
        messages.success(request, _("Welcome to the JET alumni network. Choose who sees what on your profile."))
        return redirect("alumni:me")
    return render(request, "alumni/join.html", {
        "record": record, "wording": services.consent_wording(),
        "placements": services.placements_of(record) if record else []})


@permission_required("alumni.edit_profile", get_object=lambda request, **kw: _own(request))
def me(request, obj):
    form = ProfileForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(by=request.user, alumnus=obj,
                                    **{name: form.cleaned_data[name] for name in form.changed_data})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("alumni:me")
    elif request.method == "POST":
        obj.refresh_from_db()
    return render(request, "alumni/me.html", {
        "record": obj, "form": form, "profile": queries.profiles(request.user, [obj])[0],
        "actions": [t.action for t in obj.transitions.available(obj, request.user)]},
        status=400 if form.is_bound and form.errors else 200)


@permission_required("alumni.edit_profile", get_object=lambda request, **kw: _own(request))
def my_data(request, obj):
    """Everything Kizuna keeps about the person, as a JSON file."""
    response = HttpResponse(json.dumps(queries.own_data(obj), ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    named(response, "kizuna-alumni-my-data.json")
    return response


@require_POST
@permission_required("alumni.edit_profile", get_object=lambda request, **kw: _own(request))
def my_photo(request, obj):
    """A new photo, or none ("remove")."""
    upload = request.FILES.get("photo")
    if upload is None and request.POST.get("remove") != "1":
        messages.error(request, _("Choose a photo (PNG or JPEG)."))
        return redirect("alumni:me")
    try:
        services.set_photo(by=request.user, alumnus=obj, upload=upload)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Your photo is saved.") if upload else _("Your photo is removed."))
    return redirect("alumni:me")


@permission_required("alumni.view_alumnus", get_object=_alumnus)
def photo(request, pk, obj):
    """The photo, to those its owner shows it to (404 to others, as for a record they may not open)."""
    if not obj.photo or not sees_field(request.user, obj, "photo"):
        raise Http404
    response = FileResponse(obj.photo.open("rb"),
                            content_type="image/png" if obj.photo.name.endswith(".png") else "image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    return response


MY_STEPS = {
    "withdraw": (services.withdraw_consent,
                 gettext_lazy("Your consent is withdrawn: your profile is hidden from everyone.")),
    "rejoin": (services.give_consent_again, gettext_lazy("You are in the alumni network again.")),
    "delete": (services.request_deletion,
               gettext_lazy("Your request is sent: your profile is hidden, and CLAIR deletes your record.")),
}


@require_POST
@permission_required("alumni.edit_profile", get_object=lambda request, **kw: _own(request))
def my_step(request, action, obj):
    if action not in MY_STEPS:
        raise Http404
    step, success = MY_STEPS[action]
    try:
        step(by=request.user, alumnus=obj)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, str(success))
    return redirect("alumni:me")


@permission_required("alumni.use_directory")
def directory(request):
    form = DirectoryForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.DirectoryFilters(
            name=data["name"], country=data["country"], chapter=data["chapter"].pk if data["chapter"] else None,
            prefecture=data["prefecture"].pk if data["prefecture"] else None, year=data["year"],
            employer=data["employer"])
        page = Paginator(queries.directory(request.user, filters), PAGE).get_page(request.GET.get("page"))
        page.profiles = queries.profiles(request.user, page.object_list)
    return render(request, "alumni/directory.html", {"form": form, "page": page},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("alumni.view_alumnus", get_object=_alumnus)
def profile(request, pk, obj):
    return render(request, "alumni/profile.html", {
        "profile": queries.profiles(request.user, [obj])[0], "own": obj.person_id == request.user.pk,
        "may_appoint": request.user.has_perm("alumni.manage_representatives") and obj.status == "listed"})


# The chapters' table is the same for everyone (chapters are public: ChapterPolicy's view is ANYONE): rendered once
# per language, fiscal year and version of what it shows (names: `directory_version`), and kept in the process.
_chapter_tables = RenderCache("alumni-chapters", ttl=queries.HEALTH_TTL, max_entries=20)


@public("alumni.view_chapters")
def chapters(request):
    parts = [get_language(), current_fiscal_year(), queries.health_version(), directory_version()]
    table = _chapter_tables.get_or_render(parts, lambda: render_to_string("alumni/_chapters_table.html", {
        "rows": queries.chapters_with_health(Chapter.objects.visible_to(request.user))}))
    return render(request, "alumni/chapters.html", {"table": table})


@public("alumni.view_chapter")
def chapter(request, pk):
    obj = _chapter(request, pk)
    user = request.user
    record = own_alumnus(user)
    membership = None
    if record is not None:
        membership = obj.members.filter(alumnus=record, left_on__isnull=True).first()
    (_c, health), = queries.chapters_with_health(Chapter.objects.filter(pk=obj.pk))
    return render(request, "alumni/chapter.html", {
        "chapter": obj, "health": health, "membership": membership,
        "may_join": membership is None and user.has_perm("alumni.join_chapter", obj),
        "may_see_members": user.has_perm("alumni.view_members", obj),
        "may_edit": user.has_perm("alumni.edit_chapter", obj),
        "may_mail": user.has_perm("alumni.mail_members", obj),
        "may_hold_events": user.has_perm("alumni.mail_members", obj) and user.has_perm("events.add_event"),
        "actions": obj.transitions.available(obj, user)})


@permission_required("alumni.view_members", get_object=_chapter)
def chapter_members(request, pk, obj):
    page = Paginator(queries.chapter_members(obj), PAGE).get_page(request.GET.get("page"))
    page.profiles = queries.profiles(request.user, [m.alumnus for m in page.object_list])
    return render(request, "alumni/members.html", {"chapter": obj, "page": page})


@permission_required("alumni.view_members", get_object=_chapter)
def chapter_members_csv(request, pk, obj):
    """Every member as CSV, each profile's privacy applied (a hidden field is an empty cell)."""
    members = list(queries.chapter_members(obj))
    profiles = queries.profiles(request.user, [m.alumnus for m in members])
    response = HttpResponse(exports.members_csv(profiles, {m.alumnus_id: m for m in members}),
                            content_type="text/csv; charset=utf-8")
    named(response, f"chapter-{obj.pk}-members.csv")
    return response


@permission_required("alumni.mail_members", get_object=_chapter)
def chapter_mail(request, pk, obj):
    """An officer writes to every member; the button says how many will receive it."""
    form = MailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.mail_members(by=request.user, chapter=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, ngettext("Sent to %(n)s member.", "Sent to %(n)s members.", sent) % {"n": sent})
            return redirect(obj)
    recipients = queries.chapter_members(obj).exclude(alumnus__email="").count()
    return render(request, "alumni/mail.html", {"chapter": obj, "form": form, "recipients": recipients},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("alumni.edit_chapter", get_object=_chapter)
def chapter_edit(request, pk, obj):
    form = ChapterForm(request.POST or None, request.FILES or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "bylaws"}
        upload = request.FILES.get("bylaws")
        try:
            with transaction.atomic():
                services.update_chapter(by=request.user, chapter=obj, **data)
                if upload is not None:
                    services.set_bylaws(by=request.user, chapter=obj, upload=upload)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return render(request, "core/form.html", {"form": form, "title": str(obj), "back": obj.get_absolute_url(),
                                              "multipart": True},
                  status=400 if form.is_bound and form.errors else 200)


@public("alumni.view_chapter")
def chapter_bylaws(request, pk):
    obj = _chapter(request, pk)
    if not obj.bylaws:
        raise Http404
    pdf = obj.bylaws.name.endswith(".pdf")
    return FileResponse(obj.bylaws.open("rb"), as_attachment=not pdf,
                        filename=f"bylaws-{obj.pk}{'.pdf' if pdf else '.docx'}",
                        content_type="application/pdf" if pdf else
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@require_POST
@permission_required("alumni.join_chapter", get_object=_chapter)
def chapter_join(request, pk, obj):
    return run_and_return(request, obj, lambda: services.join_chapter(by=request.user, chapter=obj),
                          _("You are a member of the chapter."))


@require_POST
@permission_required("alumni.leave_chapter", get_object=_member)
def chapter_leave(request, pk, obj):
    return run_and_return(request, obj.chapter, lambda: services.leave_chapter(by=request.user, member=obj),
                          _("You have left the chapter."))


CHAPTER_STEPS = {
    "found": (services.found_chapter, gettext_lazy("The chapter is recorded as founded.")),
    "lapse": (services.lapse_chapter, gettext_lazy("The chapter is recorded as dormant.")),
    "refound": (services.refound_chapter, gettext_lazy("The chapter is being re-founded.")),
}


@require_POST
@permission_required("alumni.manage_chapter", get_object=_chapter)
def chapter_step(request, pk, action, obj):
    if action not in CHAPTER_STEPS:
        raise Http404
    step, success = CHAPTER_STEPS[action]
    return run_and_return(request, obj, lambda: step(by=request.user, chapter=obj), str(success))


@permission_required("alumni.view_deletion_requests")
def deletion_requests(request):
    rows = _asked_deletion(request.user).order_by("deletion_requested_at", "pk")
    return render(request, "alumni/deletion_requests.html", {"rows": rows})


def _asked_deletion(user):
    """The records whose owners asked for their deletion, as the person may see them (headquarters)."""
    return Alumnus.objects.visible_to(user).filter(deletion_requested_at__isnull=False)


def _requested(request, pk, **kwargs):
    return get_object_or_404(_asked_deletion(request.user), pk=pk)


@require_POST
@permission_required("alumni.delete_alumnus", get_object=_requested)
def delete(request, pk, obj):
    try:
        services.delete_alumnus(by=request.user, alumnus=obj)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The record is deleted."))
    return redirect(reverse("alumni:deletion_requests"))


@permission_required("alumni.add_alumnus")
@require_http_methods(["GET", "POST"])
def import_alumni(request):
    """Alumni from an earlier list, all or nothing, with a report row by row."""
    form = ImportForm(request.POST or None, request.FILES or None)
    return import_page(request, form, "alumni/import.html", lambda content, filename: importing.import_alumni(
        by=request.user, content=content, filename=filename, consent_wording=form.cleaned_data["consent_wording"],
        consented_on=form.cleaned_data["consented_on"]), duplicates=_open_duplicates(request.user).count())


def _open_duplicates(user):
    return PossibleDuplicate.objects.visible_to(user).filter(resolution="")


@permission_required("alumni.merge_alumni")
def duplicates(request):
    rows = _open_duplicates(request.user).select_related("alumnus", "other").order_by("found_at", "pk")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    ids = {a.pk for d in page.object_list for a in (d.alumnus, d.other)}
    profiles = {p.alumnus.pk: p for p in queries.profiles(request.user, Alumnus.objects.filter(pk__in=ids))}
    page.pairs = [(d, profiles.get(d.alumnus_id), profiles.get(d.other_id)) for d in page.object_list]
    return render(request, "alumni/duplicates.html", {"page": page})


def _duplicate(request, pk, **kwargs):
    return get_object_or_404(_open_duplicates(request.user), pk=pk)


@require_POST
@permission_required("alumni.merge_alumni", get_object=_duplicate)
def duplicate_resolve(request, pk, action, obj):
    if action not in ("merge", "distinct"):
        raise Http404
    try:
        services.resolve_duplicate(by=request.user, duplicate=obj, merge=action == "merge")
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The two records are now one.") if action == "merge"
                         else _("Kept apart: they are different people."))
    return redirect("alumni:duplicates")


@public("alumni.view_chapters")
def international(request):
    """JETAA International at a glance: the chapters on a world map (no tile server: the land is a static SVG
    built from Natural Earth at setup), with the table behind it, the country representatives and the
    40th-anniversary and chapter events of the year."""
    return render(request, "alumni/international.html", {
        **queries.international(request.user), "may_appoint": request.user.has_perm("alumni.manage_representatives")})


@require_POST
@permission_required("alumni.manage_representatives", get_object=_alumnus)
def appoint(request, pk, obj):
    country = (request.POST.get("country") or obj.country).strip().upper()
    try:
        services.appoint_representative(by=request.user, alumnus=obj, country=country)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(name)s now represents %(country)s in JETAA International.")
                         % {"name": obj.full_name, "country": country_name(country)})
    return redirect(obj)
