"""Pages of the core: home, directory, organisation, members, profile and tokens, health."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import queries, services
from .cache import RenderCache
from .codes import normalise_code, validate_lgcode
from .forms import ApiTokenForm, DirectorySearchForm, InvitationForm, OrganisationForm, SearchAliasForm
from .forms import add_service_errors as _add_errors
from .history import history_of
from .home import home_contributions
from .models import ApiToken, Invitation, Membership, Organisation, SearchAlias
from .permissions import permission_required, public
from .policies import policy_for
from .sections import organisation_sections


def _organisation(request, pk, **kwargs):
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)


def _membership(request, pk, membership_pk, **kwargs):
    org = _organisation(request, pk)
    membership = get_object_or_404(Membership.objects.active().filter(organisation=org), pk=membership_pk)
    return membership.organisation


@public("core.view_home")
def home(request):
    context = {"items": queries.my_open_items(request.user)}
    if request.user.is_authenticated:
        context["contributions"] = home_contributions(request)
    return render(request, "core/home.html", context)


# Rendered directory pages, per app-server process, under the version of the organisation data.
_directory_pages = RenderCache("directory", ttl=300)


def _directory_context(request, version: str) -> dict:
    form = DirectorySearchForm(request.GET or None, version=version)
    code_error = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        compact = normalise_code(query)
        if compact.isdigit() and len(compact) >= 6:
            try:
                validate_lgcode(compact)
            except ValidationError as error:
                code_error = error.messages[0]
        results = queries.directory(request.user, query=query, kind=form.cleaned_data["kind"],
                                    prefecture=form.cleaned_data["prefecture"], version=version,
                                    columns=queries.DIRECTORY_COLUMNS)
    else:
        results = queries.directory(request.user, columns=queries.DIRECTORY_COLUMNS)
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    queries.with_successors(page)
    return {"form": form, "page": page, "code_error": code_error}


@public("core.view_directory")
def directory(request):
    """The directory's search form and results, rendered once per query, language and audience and kept in the
    cache under a key that changes with the organisation data (queries.directory_cache_key): the type-ahead
    sends a request per pause in typing, and most searches are the same few names."""
    partial = bool(request.htmx)
    template = "core/_directory.html#results" if partial else "core/_directory.html"
    version = queries.directory_version()
    content = _directory_pages.get_or_render(
        queries.directory_cache_parts(request.user, request.GET, language=request.LANGUAGE_CODE, partial=partial,
                                      version=version),
        lambda: render_to_string(template, _directory_context(request, version), request))
    if partial:
        return HttpResponse(content)
    return render(request, "core/directory.html", {"content": content})


def _organisation_page(request, pk, **kwargs):
    return get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("prefecture", "parent", "local_government"),
        pk=pk,
    )


@permission_required("core.view_organisation", get_object=_organisation_page)
def organisation(request, pk, obj):
    org = obj
    user = request.user
    context = {
        "org": org,
        "branch": queries.branch_for(org) if org.kind in {"prefecture", "municipality", "ward"} else None,
        "children": org.children.filter(is_active=True).order_by("code")[:200],
        "countries": list(org.covered_countries.all()) if org.kind == "office" else [],
        "predecessors": list(org.predecessors.order_by("code")),
        "can_view_members": user.has_perm("core.view_members", org),
        "can_manage_members": user.has_perm("core.manage_members", org),
        "can_view_history": user.has_perm("core.view_history", org),
    }
    if context["can_view_members"]:
        context["members"] = queries.members_of(org)
    if context["can_manage_members"]:
        context["invitations"] = queries.pending_invitations(org)
        context["invite_form"] = InvitationForm()
    if context["can_view_history"]:
        context["history"] = history_of(org, limit=20)

    context["sections"] = organisation_sections(request, org)
    return render(request, "core/organisation.html", context)


@permission_required("core.add_organisation")
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organisation(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The organisation was added."))
            return redirect(org)
    return render(request, "core/form.html", {"form": form, "title": _("Add an organisation"),
                                              "submit_label": _("Add"), "back": reverse("core:directory")},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("core.manage_members", get_object=_organisation)
@require_POST
def invite(request, pk, obj):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(by=request.user, organisation=obj, language=request.LANGUAGE_CODE,
                                   **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % form.cleaned_data)
            return redirect(obj)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect(obj)


@permission_required("core.manage_members", get_object=_membership)
@require_POST
def remove_member(request, pk, membership_pk, obj):
    membership = get_object_or_404(Membership.objects.active(), pk=membership_pk, organisation=obj)
    try:
        services.remove_member(by=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s was removed.") % {"person": membership.person})
    return redirect(obj)


@permission_required("core.manage_members", get_object=_organisation)
@require_POST
def revoke_invitation(request, pk, invitation_pk, obj):
    invitation = get_object_or_404(Invitation.objects.pending(), pk=invitation_pk, organisation=obj)
    services.revoke_invitation(by=request.user, invitation=invitation)
    messages.success(request, _("The invitation was withdrawn."))
    return redirect(obj)


@public("core.accept_invitation")
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = Invitation.find(token)
    if invitation is None:
        return render(request, "core/invitation.html", {"invalid": True}, status=404)
    if not request.user.is_authenticated:
        request.session["kizuna_invitation"] = token
        return render(request, "core/invitation.html", {"invitation": invitation, "needs_login": True})
    if request.method == "POST":
        try:
            membership = services.accept_invitation(by=request.user, token=token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You are now a member of %(org)s.") % {"org": membership.organisation})
            return redirect(membership.organisation)
    return render(request, "core/invitation.html", {"invitation": invitation})


@permission_required("core.view_profile")
def profile(request):
    tokens = ApiToken.objects.visible_to(request.user).active()
    return render(request, "core/profile.html", {
        "memberships": queries.my_open_items(request.user)["memberships"],
        "tokens": tokens,
        "token_form": ApiTokenForm(),
        "new_token": request.session.pop("kizuna_new_token", None),
    })


@permission_required("core.manage_api_tokens")
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _record, token = services.create_api_token(by=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            # Shown once on the next page, then gone: only its hash is kept.
            request.session["kizuna_new_token"] = token
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("core:profile")


@permission_required("core.manage_api_tokens")
@require_POST
def token_revoke(request, token_pk):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user).active(), pk=token_pk)
    services.revoke_api_token(by=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("core:profile")


@public("core.view_health")
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# URL names of the sitemaps the apps publish (the library's), listed in robots.txt for search engines.
SITEMAPS: list[str] = []


def register_sitemap(url_name: str) -> None:
    if url_name not in SITEMAPS:
        SITEMAPS.append(url_name)


@public("core.view_health")
def robots(request):
    lines = ["User-agent: *", "Disallow: /accounts/", "Disallow: /api/"]
    lines += [f"Sitemap: {request.build_absolute_uri(reverse(name))}" for name in SITEMAPS]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _record(request, model, pk, **kwargs):
    """A record of any model that has a policy, if the person may open it (404 otherwise)."""
    try:
        policy = policy_for(apps.get_model(model))
    except (LookupError, ValueError):
        raise Http404 from None
    return get_object_or_404(policy.model_class.objects.visible_to(request.user), pk=pk)


@permission_required("core.view_record_history", get_object=_record)
def record_history(request, model, pk, obj):
    """The history of a record in words, for whoever may open the record (addresses for CLAIR staff only)."""
    return render(request, "core/history.html", {
        "obj": obj, "entries": history_of(obj, limit=200),
        "show_address": request.user.has_perm("core.view_history", obj if isinstance(obj, Organisation) else None),
    })


@permission_required("core.manage_search_aliases")
@require_http_methods(["GET", "POST"])
def search_aliases(request):
    """The other names organisations are found by in search: listed, added and removed by headquarters."""
    form = SearchAliasForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            alias = services.add_search_alias(by=request.user, record=form.cleaned_data["organisation"],
                                              text=form.cleaned_data["text"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(record)s is now also found by “%(text)s”.")
                             % {"record": alias.record, "text": alias.text})
            return redirect("core:search_aliases")
    return render(request, "core/search_aliases.html", {"form": form, "aliases": queries.search_aliases()},
                  status=400 if form.is_bound and form.errors else 200)


def _alias(request, alias_pk, **kwargs):
    return get_object_or_404(SearchAlias.objects.visible_to(request.user), pk=alias_pk)


@permission_required("core.manage_search_aliases", get_object=_alias)
@require_POST
def search_alias_remove(request, alias_pk, obj):
    services.remove_search_alias(by=request.user, alias=obj)
    messages.success(request, _("“%(text)s” was removed.") % {"text": obj.text})
    return redirect("core:search_aliases")
