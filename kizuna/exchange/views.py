"""The sister-city registry's pages. Public (no login): the registry with its filters, by prefecture and by
country, a local government's affiliations, an affiliation, a partner, the counts over time, the map (and its
data as JSON), the open data (CSV, JSON, schema, DCAT) and the "looking for a partner" list. For local
governments: proposals and their own entry of the list. For headquarters: decisions, states and the import."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.countries import country_choices, country_name
from kizuna.core.downloads import named
from kizuna.core.enums import OrgKind
from kizuna.core.forms import add_service_errors
from kizuna.core.history import history_of
from kizuna.core.maps import LAND, VIEWBOX
from kizuna.core.models import Organisation
from kizuna.core.permissions import permission_required, public
from kizuna.core.rules import working_orgs
from kizuna.core.ui import form_page as _form_page
from kizuna.core.ui import import_page

from . import importing, opendata, queries, services
from .enums import HOLDER_KINDS, AffiliationStatus, AffiliationType, ProposalKind, ProposalStatus
from .forms import DissolveForm, ImportForm, NoteForm, ProposalForm, ReasonForm, ReinstateForm, WantedForm
from .models import Affiliation, ForeignPartner, PartnerWanted, Proposal

PAGE = 50


def _affiliation(request, pk, **kwargs):
    return get_object_or_404(Affiliation.objects.visible_to(request.user).select_related(
        "local_government__prefecture", "partner"), pk=pk)


def _partner(request, pk, **kwargs):
    return get_object_or_404(ForeignPartner.objects.visible_to(request.user), pk=pk)


def _proposal(request, pk, **kwargs):
    return get_object_or_404(Proposal.objects.visible_to(request.user).select_related(
        "local_government", "affiliation__partner", "partner", "proposed_by", "decided_by"), pk=pk)


def _wanted(request, pk, **kwargs):
    return get_object_or_404(PartnerWanted.objects.visible_to(request.user).select_related(
        "local_government__prefecture"), pk=pk)


def _prefectures():
    return Organisation.objects.filter(kind=OrgKind.PREFECTURE).order_by("code")


# -- public: the registry ------------------------------------------------------------------------------------------

@public("exchange.view_registry")
def index(request):
    """`?prefecture=130001&country=US&type=sister&status=active&counted=1&q=セントポール&page=2`. The filters, the
    count and the page of rows are the same for everyone: rendered once per query string, language and version of
    the registry, and kept in the process (queries.CACHE)."""
    def body():
        filters = queries.Filters.from_query(request.GET)
        page = Paginator(queries.registry(filters), PAGE).get_page(request.GET.get("page"))
        return render_to_string("exchange/_registry.html", {
            "page": page, "filters": filters, "prefectures": _prefectures(), "countries": queries.countries(),
            "types": AffiliationType.choices, "statuses": AffiliationStatus.choices}, request)

    return render(request, "exchange/index.html", {
        "body": queries.CACHE.get_or_render(["registry", queries.version(), get_language(), request.GET.urlencode()],
                                            body),
        "totals": queries.totals(), "can_propose": request.user.has_perm("exchange.propose"),
        "can_import": request.user.has_perm("exchange.import_affiliations")})


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@public("exchange.view_registry")
def prefectures(request):
    return render(request, "exchange/prefectures.html", {"groups": queries.by_prefecture(),
                                                         "totals": queries.totals()})


@public("exchange.view_registry")
def countries(request):
    return render(request, "exchange/countries.html", {"groups": queries.by_country(), "totals": queries.totals()})


@public("exchange.view_registry")
def government(request, code):
    organisation = get_object_or_404(Organisation.objects.select_related("prefecture"), code=code,
                                     kind__in=HOLDER_KINDS)
    rows = queries.for_government(organisation)
    entry = PartnerWanted.objects.visible_to(request.user).filter(local_government=organisation).first()
    return render(request, "exchange/government.html", {
        "organisation": organisation, "affiliations": rows, "wanted": entry,
        "can_propose": services.may_propose_for(request.user, organisation),
        "municipalities": (Organisation.objects.filter(prefecture=organisation, kind__in=HOLDER_KINDS,
                                                       affiliations__isnull=False).exclude(pk=organisation.pk)
                           .distinct().order_by("code") if organisation.kind == OrgKind.PREFECTURE else [])})


@permission_required("exchange.view_affiliation", get_object=_affiliation)
def affiliation(request, pk, obj):
    user = request.user
    manage = user.has_perm("exchange.manage_affiliation", obj)
    return render(request, "exchange/affiliation.html", {
        "affiliation": obj, "field_labels": [queries.FIELD_LABELS.get(f, f) for f in obj.exchange_fields],
        "may_history": user.has_perm("exchange.view_affiliation_history", obj),
        "history": history_of(obj, limit=30) if user.has_perm("exchange.view_affiliation_history", obj) else [],
        "may_agreement": bool(obj.document) and user.has_perm("exchange.view_agreement", obj),
        "may_propose": user.has_perm("exchange.propose_change", obj) and services.may_propose_for(
            user, obj.local_government),
        "actions": [t for t in obj.transitions.available(obj, user)] if manage else [],
        "note_form": NoteForm(), "dissolve_form": DissolveForm(), "reinstate_form": ReinstateForm()})


@public("exchange.view_registry")
def partner(request, pk):
    obj = get_object_or_404(ForeignPartner, pk=pk)
    rows = list(queries.affiliations(obj.affiliations.all()).order_by("signed_on", "pk"))
    return render(request, "exchange/partner.html", {"partner": obj, "affiliations": rows})


@public("exchange.view_registry")
def counts(request):
    return render(request, "exchange/counts.html", {"years": queries.by_year(), "totals": queries.totals()})


@public("exchange.view_registry")
def world_map(request):
    def body():
        return render_to_string("exchange/_map_body.html", {
            "data": queries.map_data(), "viewbox": VIEWBOX, "land": LAND, "by_country": queries.by_country()})

    # the points and tables are the same for everyone: rendered once per version of the registry and language
    return render(request, "exchange/map.html", {"body": queries.CACHE.get_or_render(
        ["map.html", queries.version(), get_language()], body), "totals": queries.totals()})


@public("exchange.view_registry")
def map_data(request):
    return HttpResponse(queries.map_data_json(), content_type="application/json")


# -- public: open data ---------------------------------------------------------------------------------------------

@public("exchange.view_registry")
def open_data(request):
    return render(request, "exchange/open_data.html", {"fields": opendata.FIELDS, "totals": queries.totals(),
                                                       "modified": queries.modified()})


@public("exchange.view_registry")
def registry_csv(request):
    response = StreamingHttpResponse(opendata.csv_stream(), content_type="text/csv; charset=utf-8")
    named(response, "sister-cities.csv")
    response["Link"] = f'<{request.build_absolute_uri(reverse("exchange:schema"))}>; rel="describedby"'
    return response


@public("exchange.view_registry")
def registry_json(request):
    return JsonResponse(opendata.document(request), json_dumps_params={"ensure_ascii": False})


@public("exchange.view_registry")
def schema(request):
    return JsonResponse(opendata.schema(request), json_dumps_params={"ensure_ascii": False})


@public("exchange.view_registry")
def dcat(request):
    return HttpResponse(json.dumps(opendata.dcat(request), ensure_ascii=False, indent=1),
                        content_type="application/ld+json; charset=utf-8")


# -- the agreement document and the states -------------------------------------------------------------------------

@permission_required("exchange.view_agreement", get_object=_affiliation)
def agreement(request, pk, obj):
    if not obj.document:
        raise Http404
    return FileResponse(obj.document.open("rb"), as_attachment=True,
                        filename=f"agreement-{obj.pk}-{obj.document.name.rsplit('/', 1)[-1]}")


STEPS = {
    "lapse": (NoteForm, lambda by, a, data: services.lapse_affiliation(by=by, affiliation=a, note=data["note"]),
              gettext_lazy("Recorded as lapsed.")),
    "reinstate": (ReinstateForm, lambda by, a, data: services.reinstate_affiliation(
        by=by, affiliation=a, renewed_on=data["renewed_on"], ends_on=data["ends_on"], note=data["note"]),
        gettext_lazy("Recorded as active again.")),
    "dissolve": (DissolveForm, lambda by, a, data: services.dissolve_affiliation(
        by=by, affiliation=a, dissolved_on=data["dissolved_on"], note=data["note"]),
        gettext_lazy("Recorded as dissolved.")),
}


@require_POST
@permission_required("exchange.manage_affiliation", get_object=_affiliation)
def affiliation_step(request, pk, action, obj):
    if action not in STEPS:
        raise Http404
    form_class, step, success = STEPS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: step(request.user, obj, form.cleaned_data), success)


# -- proposals -----------------------------------------------------------------------------------------------------

@permission_required("exchange.view_proposals")
def proposals(request):
    user = request.user
    rows = Proposal.objects.visible_to(user).select_related("local_government", "partner", "affiliation__partner")
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        rows = rows.filter(status=status)
    return render(request, "exchange/proposals.html", {
        "proposals": rows.order_by("-created_at", "-pk")[:200], "status": status,
        "statuses": ProposalStatus.choices, "can_propose": user.has_perm("exchange.propose"),
        "deciding": user.has_perm("exchange.decide_proposal")})


def _governments(user):
    return Organisation.objects.filter(pk__in=[o.pk for o in services.proposes_for(user)]).order_by("code")


def _proposal_values(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "local_government"}


@permission_required("exchange.propose")
def proposal_new(request):
    governments = _governments(request.user)
    form = ProposalForm(request.POST or None, request.FILES or None, governments=governments)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose(by=request.user, local_government=form.cleaned_data["local_government"],
                                        **_proposal_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your proposal is sent to CLAIR. It appears in the registry once approved."))
            return redirect(proposal)
    return _form_page(request, form, _("Propose a sister-city affiliation"), reverse("exchange:proposals"),
                      intro=_("CLAIR counts an affiliation that meets three conditions: the heads of both sides "
                              "signed an agreement; the exchange covers more than one field; the assembly approved "
                              "it (its budget or a resolution). Say which hold: an affiliation that does not meet "
                              "them all is recorded but not counted."),
                      submit_label=_("Send the proposal"), multipart=True)


@permission_required("exchange.propose_change", get_object=_affiliation)
def proposal_change(request, pk, obj):
    if not services.may_propose_for(request.user, obj.local_government):
        raise Http404
    initial = {name: getattr(obj, name) for name in services.AFFILIATION_FIELDS}
    form = ProposalForm(request.POST or None, request.FILES or None, change=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose(by=request.user, local_government=obj.local_government, affiliation=obj,
                                        **_proposal_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your proposal is sent to CLAIR. The registry changes once approved."))
            return redirect(proposal)
    return _form_page(request, form, _("Propose a change: %(affiliation)s") % {"affiliation": obj},
                      obj.get_absolute_url(), submit_label=_("Send the proposal"), multipart=True,
                      intro=_("Give the affiliation as it should now be recorded; to record that it was "
                              "dissolved, give the day."))


@permission_required("exchange.edit_proposal", get_object=_proposal)
def proposal_edit(request, pk, obj):
    change = obj.kind == ProposalKind.CHANGE
    form = ProposalForm(request.POST or None, request.FILES or None, instance=obj, change=change)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_proposal(by=request.user, proposal=obj, **_proposal_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your proposal is sent to CLAIR again."))
            return redirect(obj)
    return _form_page(request, form, _("Change the proposal"), obj.get_absolute_url(), multipart=True,
                      intro=_("CLAIR returned it: %(reason)s") % {"reason": obj.reason},
                      submit_label=_("Send again"))


@permission_required("exchange.view_proposal", get_object=_proposal)
def proposal(request, pk, obj):
    user = request.user
    decide = user.has_perm("exchange.decide_proposal", obj) and obj.status == ProposalStatus.SUBMITTED
    current = obj.affiliation if obj.kind == ProposalKind.CHANGE else None
    rows = []
    for name in (*services.AFFILIATION_FIELDS, "dissolved_on"):
        field = Proposal._meta.get_field(name)
        value = getattr(obj, name)
        if name == "exchange_fields":
            value = ", ".join(str(queries.FIELD_LABELS.get(f, f)) for f in value)
        elif name == "affiliation_type":
            value = obj.get_affiliation_type_display()
        before = None
        if current is not None and hasattr(current, name):
            before = getattr(current, name)
            if name == "exchange_fields":
                before = ", ".join(str(queries.FIELD_LABELS.get(f, f)) for f in before)
            elif name == "affiliation_type":
                before = current.get_affiliation_type_display()
        rows.append({"label": field.verbose_name, "value": _shown(value), "before": _shown(before),
                     "changed": current is not None and before != value})
    return render(request, "exchange/proposal.html", {
        "proposal": obj, "rows": rows, "decide": decide, "reason_form": ReasonForm() if decide else None,
        "can_edit": user.has_perm("exchange.edit_proposal", obj),
        "partner_country": country_name(obj.partner_country) if obj.partner_country else ""})


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@require_POST
@permission_required("exchange.decide_proposal", get_object=_proposal)
def proposal_decide(request, pk, action, obj):
    if action not in services.DECISIONS:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    reason = form.cleaned_data["reason"]
    call = services.DECISIONS[action]
    success = {"approve": _("Approved: the registry is updated."), "return": _("Returned to the local government."),
               "reject": _("Rejected.")}[action]
    if action == "approve":
        return run_and_return(request, obj, lambda: call(by=request.user, proposal=obj, note=reason), success)
    return run_and_return(request, obj, lambda: call(by=request.user, proposal=obj, reason=reason), success)


# -- import --------------------------------------------------------------------------------------------------------

@permission_required("exchange.import_affiliations")
def import_affiliations(request):
    """All or nothing, row by row (importing.py)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    return import_page(request, form, "exchange/import.html", lambda content, filename: importing.import_affiliations(
        by=request.user, content=content, filename=filename))


# -- looking for a partner -----------------------------------------------------------------------------------------

@public("exchange.view_registry")
def wanted_list(request):
    prefecture = request.GET.get("prefecture", "")[:6]
    country = request.GET.get("country", "")[:2].upper()
    q = request.GET.get("q", "")[:100].strip()
    rows = queries.wanted(request.user, prefecture=prefecture, country=country, q=q)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    user = request.user
    own = PartnerWanted.objects.filter(local_government__in=working_orgs(user, HOLDER_KINDS)).first() \
        if user.is_authenticated else None
    return render(request, "exchange/wanted_list.html", {
        "page": page, "prefecture": prefecture, "country": country, "q": q, "prefectures": _prefectures(),
        "countries": country_choices(), "query": _query_without_page(request), "own": own,
        "can_add": user.has_perm("exchange.add_wanted") and own is None})


@permission_required("exchange.view_wanted", get_object=_wanted)
def wanted(request, pk, obj):
    return render(request, "exchange/wanted.html", {
        "entry": obj, "countries": [country_name(c) for c in obj.wished_countries],
        "can_edit": request.user.has_perm("exchange.edit_wanted", obj)})


@permission_required("exchange.add_wanted")
def wanted_new(request):
    user = request.user
    ids = [o.pk for o in working_orgs(user, HOLDER_KINDS)]
    governments = Organisation.objects.filter(pk__in=ids).exclude(partner_wanted__isnull=False).order_by("code")
    form = WantedForm(request.POST or None, governments=governments)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "local_government"}
        try:
            entry = services.save_wanted(by=user, local_government=form.cleaned_data["local_government"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your entry is saved."))
            return redirect(entry)
    return _form_page(request, form, _("Looking for a partner"), reverse("exchange:wanted_list"),
                      intro=_("Describe your local government and the partner you look for. Foreign local "
                              "governments and CLAIR's offices read the public list."))


@permission_required("exchange.edit_wanted", get_object=_wanted)
def wanted_edit(request, pk, obj):
    form = WantedForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_wanted(by=request.user, entry=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(obj), obj.get_absolute_url())

