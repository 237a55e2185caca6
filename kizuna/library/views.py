"""Library pages: the search with facets, a work's page (editions, files and earlier versions, citation
metadata), downloads, the multicultural portal and the guide, and the staff's and proposers' workspace with
the forms that write a work, its editions and files, and its review."""

import zipfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import run_and_return
from kizuna.core.cache import RenderCache
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required, public
from kizuna.core.ui import form_page as _form_page

from . import importing, queries, services
from .citation import citation_meta, citation_text
from .enums import Kind, Language
from .forms import CorrectionForm, EditionForm, FileForm, ImportForm, WorkForm
from .models import EditionFile, Work

PAGE = 20


def _work(request, pk, **kwargs):
    return get_object_or_404(Work.objects.visible_to(request.user).select_related("publisher"), pk=pk)


def _file_to_edit(request, pk, **kwargs):
    """A file, checked against its work (edit and correct are permissions of the work)."""
    item = get_object_or_404(EditionFile.objects.select_related("edition__work"), pk=pk)
    get_object_or_404(Work.objects.visible_to(request.user), pk=item.edition.work_id)
    return item.edition.work


# The results (facets, count, works, pager) as anonymous visitors see them, all alike: per process, under the
# public's version of the library and the address's query (RenderCache.for_anonymous). A popular search is then
# ranked, counted and written once until the catalogue changes; signed-in people's are made each time.
_result_pages = RenderCache("library-results", ttl=300, max_entries=500)


@public("library.view_library")
def index(request):
    f = queries.Filters.from_query(request.GET)

    def results() -> str:
        found, facets = queries.search(request.user, f)
        page = Paginator(found, PAGE).get_page(request.GET.get("page"))
        return render_to_string("library/_results.html", {
            "f": f, "page": page, "works": page.object_list, "facets": facets}, request)

    content = _result_pages.for_anonymous(
        request, lambda: [queries.public_version(), request.GET.urlencode()], results)
    return render(request, "library/index.html", {
        "f": f, "results": content, "kinds": Kind.choices, "may_work": request.user.has_perm("library.view_workspace")})


@permission_required("library.view_work", get_object=_work)
def work(request, pk, obj):
    obj = queries.work_page(request.user, pk)
    user = request.user
    released = obj.is_released()
    if released:
        services.count_use(obj)
    editions = list(obj.editions.all())
    for e in editions:
        files = list(e.files.all())
        e.current_files, e.earlier_files = [f for f in files if f.is_current], [f for f in files if not f.is_current]
    shown = obj.edition_for()
    context = {
        "work": obj, "editions": editions, "shown": shown, "released": released,
        # the files' policy (rules.FILES_OPEN): released, or the staff and publisher who see it before
        "files_open": released or user.has_perm("library.view_work_history", obj),
        "others": [e for e in editions if e is not shown],
        "meta": citation_meta(request, obj, shown) if released and shown else [],
        "citation": citation_text(request, obj, shown) if shown else "",
        "articles": queries.articles_of(user, obj) if obj.kind == Kind.MAGAZINE_ISSUE else [],
        "may_edit": user.has_perm("library.edit_work", obj),
        "may_correct": user.has_perm("library.correct_work", obj),
        "may_history": user.has_perm("library.view_work_history", obj),
        "actions": obj.transitions.available(obj, user),
        "usage": queries.usage_of(obj) if user.has_perm("library.view_usage") else None,
    }
    return render(request, "library/work.html", context)


def _file(request, pk, **kwargs):
    return get_object_or_404(EditionFile.objects.visible_to(request.user).select_related("edition__work"), pk=pk)


@permission_required("library.download_file", get_object=_file)
def download(request, pk, obj):
    item = obj
    work = item.edition.work
    if work.is_released():
        services.count_use(work, download=True)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@public("library.view_library")
def portal(request):
    f = queries.Filters.from_query(request.GET)
    works, fields, regions = queries.portal(request.user, f)
    page = Paginator(works, PAGE).get_page(request.GET.get("page"))
    return render(request, "library/portal.html", {
        "f": f, "page": page, "works": page.object_list, "fields": fields, "regions": regions,
        "guides": queries.guides(request.user),
        "may_propose": request.user.has_perm("library.propose_item")})


@permission_required("library.view_workspace")
def workspace(request):
    return render(request, "library/workspace.html", {
        **queries.workspace(request.user), "may_add": request.user.has_perm("library.add_work"),
        "may_import": request.user.has_perm("library.import_works")})


def _work_values(data: dict) -> dict:
    return {k: data.get(k) or ("" if k in {"keywords", "field", "region", "contact", "outcomes"} else None)
            for k in services.WORK_FIELDS}


@permission_required("library.view_workspace")
def create(request):
    form = WorkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            obj = services.create_work(by=request.user, kind=d["kind"], publisher=d["publisher"],
                                       themes=d["themes"], countries=d["countries"], authors=d["authors"],
                                       **_work_values(d))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved as a draft. Add its editions (a title in each language) and files."))
            return redirect(obj)
    title = _("New publication") if request.user.has_perm("library.add_work") else _("Propose a good practice or "
                                                                                      "a tool")
    return _form_page(request, form, title, back=reverse("library:workspace"))


@permission_required("library.edit_work", get_object=_work)
def edit(request, pk, obj):
    form = WorkForm(request.POST or None, user=request.user, work=obj, initial=WorkForm.initial_for(obj))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_work(by=request.user, work=obj, themes=d["themes"], countries=d["countries"],
                                 authors=d["authors"], **_work_values(d))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(obj.title or obj), back=obj.get_absolute_url())


@permission_required("library.edit_work", get_object=_work)
def edition(request, pk, language, obj):
    if language not in Language.values:
        raise Http404
    existing = obj.editions.filter(language=language).first()
    guide = obj.kind == Kind.GUIDE
    initial = {}
    if existing is not None:
        initial = {"title": existing.title, "subtitle": existing.subtitle, "abstract": existing.abstract,
                   "body": existing.body, "outline": services.outline_of(existing)}
    form = EditionForm(request.POST or None, guide=guide, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = services.save_edition(by=request.user, work=obj, language=language, title=d["title"],
                                          subtitle=d["subtitle"], abstract=d["abstract"], body=d["body"])
            if guide:
                services.set_sections(by=request.user, edition=saved, outline=d["outline"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The edition is saved."))
            return redirect(obj)
    title = _("%(language)s edition") % {"language": Language(language).label}
    return _form_page(request, form, title, back=obj.get_absolute_url())


@permission_required("library.edit_work", get_object=_work)
def add_file(request, pk, obj):
    languages = list(obj.editions.values_list("language", flat=True))
    form = FileForm(request.POST or None, request.FILES or None, languages=languages)
    if request.method == "POST" and form.is_valid():
        target = obj.editions.get(language=form.cleaned_data["language"])
        try:
            services.add_file(by=request.user, edition=target, upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file is added; its text is being read for the search."))
            return redirect(obj)
    return _form_page(request, form, _("Add a file"), back=obj.get_absolute_url(), multipart=True,
                      intro=None if languages else _("Add an edition first: each file belongs to one."))


@permission_required("library.edit_work", get_object=_file_to_edit)
@require_POST
def remove_file(request, pk, obj):
    item = get_object_or_404(EditionFile, pk=pk)
    return run_and_return(request, obj, lambda: services.remove_file(by=request.user, item=item),
                          _("The file is removed."))


@permission_required("library.correct_work", get_object=_file_to_edit)
def correct_file(request, pk, obj):
    item = get_object_or_404(EditionFile, pk=pk)
    form = CorrectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_file(by=request.user, item=item, upload=form.cleaned_data["file"],
                                  note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The corrected version is published; the earlier one stays available."))
            return redirect(obj)
    return _form_page(request, form, _("Correct “%(name)s”") % {"name": item.name}, back=obj.get_absolute_url(),
                      multipart=True)


def _step(request, obj, action):
    # the note of a return, or the reason asked by the withdrawal's confirmation (core/_confirm.html)
    note = (request.POST.get("note") or request.POST.get("reason") or "")[:5000]
    labels = {"submit": _("Sent for review."), "return": _("Returned for changes."),
              "publish": _("Published."), "withdraw": _("Withdrawn: the notice replaces the files.")}
    return run_and_return(request, obj, lambda: services.take_step(by=request.user, work=obj, action=action,
                                                                   note=note), labels[action])


@permission_required("library.submit_work", get_object=_work)
@require_POST
def submit(request, pk, obj):
    return _step(request, obj, "submit")


@permission_required("library.review_work", get_object=_work)
@require_POST
def review(request, pk, action, obj):
    if action not in {"return", "publish", "withdraw"}:
        raise Http404
    return _step(request, obj, action)



@permission_required("library.import_works")
@require_http_methods(["GET", "POST"])
def import_catalogue(request):
    """The existing catalogue from a spreadsheet and a ZIP of its files: all or nothing, row by row."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        sheet, archive = form.cleaned_data["file"], form.cleaned_data["archive"]
        try:
            files = importing.Files(archive=archive.read() if archive else None)
            report = importing.import_catalogue(by=request.user, content=sheet.read(), filename=sheet.name,
                                                files=files)
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        except zipfile.BadZipFile:
            form.add_error("archive", _("The files must come as a ZIP archive."))
    status = 400 if form.errors or (report is not None and not report.saved) else 200
    return render(request, "library/import.html", {"form": form, "report": report}, status=status)
