"""Pages of the people and bodies of the field: the three public directories (no login; only what is listed),
a manager's consents and network, headquarters' pages to certify, enter and edit, the associations' and NGOs'
own pages to keep their entries, and the Plaza's consultations as cases."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.cache import RenderCache
from kizuna.core.enums import OrgKind
from kizuna.core.forms import add_service_errors
from kizuna.core.history import history_of
from kizuna.core.models import Organisation, User
from kizuna.core.permissions import permission_required, public
from kizuna.core.rules import is_hq_staff, working_orgs
from kizuna.core.ui import form_page as _form_page

from . import queries, services
from .enums import OPEN, ConsultationStatus
from .forms import (
    AnswerForm,
    AssociationForm,
    CaseNoteForm,
    CertifyForm,
    ConsentForm,
    ConsultationForm,
    FilterForm,
    ManagerForm,
    NewNgoForm,
    NgoForm,
    NoteForm,
)
from .models import AssociationProfile, Consultation, Manager, NgoProfile
from .search import data_version

PAGE = 50
# The three directories' lists as anonymous visitors see them, per app-server process, under the version of their
# data: a change (a consent withdrawn) shows at once.
_lists = RenderCache("networks-lists", ttl=300, max_entries=500)


def _manager(request, pk, **kwargs):
    return get_object_or_404(Manager.objects.visible_to(request.user).select_related(
        "organisation", "prefecture", "person"), pk=pk)


def _association(request, pk, **kwargs):
    return get_object_or_404(AssociationProfile.objects.visible_to(request.user).select_related(
        "organisation", "area"), pk=pk)


def _ngo(request, pk, **kwargs):
    return get_object_or_404(NgoProfile.objects.visible_to(request.user).select_related(
        "organisation__prefecture"), pk=pk)


def _consultation(request, pk, **kwargs):
    return get_object_or_404(Consultation.objects.visible_to(request.user).select_related("ngo", "handled_by"),
                             pk=pk)


def _save(request, form, call, success, title, back, **extra):
    """A form page: on a valid post, run the service (`call(data)` returns the record to go to); its refusals
    go beside their fields, nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            record = call(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(record)
    return _form_page(request, form, title, back, **extra)


def _filters(request, *, language=False):
    """The directory's filters as typed; anything unknown is dropped (the list is then not narrowed by it)."""
    form = FilterForm(request.GET or None, prefectures=queries.prefectures(), language=language)
    data = form.cleaned_data if form.is_valid() else {}
    prefecture = queries.prefecture_by_code(data.get("prefecture", ""))
    return form, {"query": data.get("q", ""), "prefecture": prefecture, "field": data.get("field", ""),
                  **({"language": data.get("language", "")} if language else {})}


def _page(request, rows):
    return Paginator(rows, PAGE).get_page(request.GET.get("page"))


def _directory_list(request, model, template, rows, *, language=False):
    """The filters, the count and a page of a directory, kept for anonymous visitors (RenderCache.for_anonymous)."""
    def body():
        form, filters = _filters(request, language=language)
        return render_to_string(template, {"form": form, "page": _page(request, rows(request.user, **filters))},
                                request)

    return _lists.for_anonymous(request, lambda: [template, data_version(model), request.GET.urlencode()], body)


@public("networks.view_directories")
def index(request):
    user = request.user
    return render(request, "networks/index.html", {
        "counts": {"managers": Manager.objects.visible_to(user).count(),
                   "associations": AssociationProfile.objects.visible_to(user).count(),
                   "ngos": NgoProfile.objects.visible_to(user).count()},
        "open_consultations": queries.open_consultations(user).count()
        if user.has_perm("networks.view_consultations") else None,
        "me": Manager.objects.filter(person=user).first() if user.is_authenticated else None})


# -- managers --------------------------------------------------------------------------------------------------------

@public("networks.view_directories")
def managers(request):
    return render(request, "networks/managers.html", {
        "body": _directory_list(request, Manager, "networks/_managers.html", queries.managers),
        "can_add": request.user.has_perm("networks.add_manager")})


@permission_required("networks.view_manager", get_object=_manager)
def manager(request, pk, obj):
    user = request.user
    return render(request, "networks/manager.html", {
        "manager": obj, "show_contact": user.has_perm("networks.view_manager_contact", obj),
        "can_change": user.has_perm("networks.change_manager", obj),
        "can_consent": user.has_perm("networks.change_consent", obj),
        "history": history_of(obj, limit=10) if is_hq_staff(user) else None})


def _manager_form(request, data, initial=None):
    organisations = Organisation.objects.filter(
        is_active=True, kind__in=[OrgKind.PREFECTURE, OrgKind.MUNICIPALITY, OrgKind.WARD, OrgKind.ASSOCIATION,
                                  OrgKind.NGO]).order_by("kind", "code", "name")
    return ManagerForm(data, initial=initial, organisations=organisations, prefectures=queries.prefectures())


def _with_person(data: dict) -> dict:
    """The form's account address as the person it names (left out when empty: an entry keeps its link)."""
    data = dict(data)
    email = data.pop("person_email", "")
    if email:
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise ValidationError({"person_email": _("No account has this address.")})
        data["person"] = person
    return data


@permission_required("networks.add_manager")
def manager_new(request):
    form = _manager_form(request, request.POST or None)
    return _save(request, form, lambda data: services.add_manager(by=request.user, **_with_person(data)),
                 _("The manager is in the registry (not listed until they consent)."),
                 _("Enter a certified manager"), reverse("networks:managers"),
                 intro=_("For managers certified before the training's completions were kept in Kizuna. "
                         "Those who complete a training in Kizuna are certified from its completions."))


@permission_required("networks.change_manager", get_object=_manager)
def manager_edit(request, pk, obj):
    initial = {name: getattr(obj, name) for name in services.MANAGER_FIELDS}
    initial["person_email"] = obj.person.email if obj.person_id else ""
    form = _manager_form(request, request.POST or None, initial=initial)
    return _save(request, form, lambda data: services.change_manager(by=request.user, manager=obj,
                                                                     **_with_person(data)),
                 _("Saved."), str(obj), obj.get_absolute_url())


@permission_required("networks.change_consent", get_object=_manager)
def manager_consent(request, pk, obj):
    form = ConsentForm(request.POST or None, initial={"listed": obj.is_listed, "network": obj.in_network})
    if request.method == "POST" and form.is_valid():
        services.set_consent(by=request.user, manager=obj, listed=form.cleaned_data["listed"],
                             network=form.cleaned_data["network"])
        messages.success(request, _("Saved. A withdrawn consent takes effect at once."))
        return redirect(obj)
    return _form_page(request, form, _("Listing and network"), obj.get_absolute_url(),
                      intro=_("Both are your choice and can be withdrawn at any time; the date you agree is "
                              "recorded."))


@permission_required("networks.certify_managers")
def certify(request):
    """Certify the completers of a manager training: a preview of who completed it, then one button."""
    events = services.training_events().filter(ends_at__lte=timezone.now())
    form = CertifyForm(request.POST or request.GET or None, events=events)
    event = form.cleaned_data["event"] if form.is_valid() else None
    rows = []
    if event is not None:
        certified = set(Manager.objects.filter(registration__event=event).values_list("registration_id", flat=True))
        known = set(Manager.objects.filter(person__isnull=False).values_list("person_id", flat=True))
        rows = [(r, r.pk in certified or r.person_id in known) for r in services.completers(event)]
    if request.method == "POST" and event is not None:
        try:
            done = services.certify_from_event(by=request.user, event=event)
        except ValidationError as error:
            form.add_error("event", error.messages[0])
        else:
            messages.success(request, _("%(n)s certified, %(m)s already certified.")
                             % {"n": done["certified"], "m": done["already"]})
            for name in done["skipped"]:
                messages.warning(request, _("%(name)s has no prefecture: enter them by hand.") % {"name": name})
            return redirect(reverse("networks:managers"))
    return render(request, "networks/certify.html", {"form": form, "event": event, "rows": rows},
                  status=400 if form.is_bound and form.errors and request.method == "POST" else 200)


@permission_required("networks.view_network")
def network(request):
    rows, me = queries.network_of(request.user)
    return render(request, "networks/network.html", {"me": me, "page": _page(request, rows)})


# -- associations ----------------------------------------------------------------------------------------------------

@public("networks.view_directories")
def associations(request):
    return render(request, "networks/associations.html", {
        "body": _directory_list(request, AssociationProfile, "networks/_associations.html", queries.associations),
        "can_add": request.user.has_perm("networks.add_association")})


@permission_required("networks.view_association", get_object=_association)
def association(request, pk, obj):
    return render(request, "networks/association.html", {
        "profile": obj, "can_change": request.user.has_perm("networks.change_association", obj)})


def _areas():
    return Organisation.objects.filter(Q(kind=OrgKind.PREFECTURE) | Q(municipality_type="designated_city"),
                                       is_active=True).order_by("code")


def _profile_values(data, names):
    return {name: data[name] for name in names if name in data}


@permission_required("networks.add_association")
def association_new(request):
    candidates = Organisation.objects.filter(kind=OrgKind.ASSOCIATION, is_active=True,
                                             association_profile__isnull=True).order_by("name")
    form = AssociationForm(request.POST or None, areas=_areas(), associations=candidates)
    return _save(request, form, lambda data: services.add_association(
        by=request.user, organisation=data["organisation"], **_profile_values(data, services.ASSOCIATION_FIELDS)),
        _("The association is in the directory."), _("Add a regional international association"),
        reverse("networks:associations"), intro=_("The association must first be in the organisation directory."))


@permission_required("networks.change_association", get_object=_association)
def association_edit(request, pk, obj):
    initial = {name: getattr(obj, name) for name in services.ASSOCIATION_FIELDS}
    form = AssociationForm(request.POST or None, initial=initial, areas=_areas())
    return _save(request, form, lambda data: services.change_association(
        by=request.user, profile=obj, **_profile_values(data, services.ASSOCIATION_FIELDS)),
        _("Saved."), str(obj), obj.get_absolute_url())


# -- NGOs ------------------------------------------------------------------------------------------------------------

@public("networks.view_directories")
def ngos(request):
    return render(request, "networks/ngos.html", {
        "body": _directory_list(request, NgoProfile, "networks/_ngos.html", queries.ngos, language=True),
        "can_add": request.user.has_perm("networks.add_ngo")})


@permission_required("networks.view_ngo", get_object=_ngo)
def ngo(request, pk, obj):
    return render(request, "networks/ngo.html", {
        "profile": obj, "can_change": request.user.has_perm("networks.change_ngo", obj),
        "consultations": obj.organisation.plaza_consultations.order_by("-received_on")[:20]
        if request.user.has_perm("networks.view_consultations") else None})


@permission_required("networks.add_ngo")
def ngo_new(request):
    user = request.user
    hq = is_hq_staff(user)
    own = Organisation.objects.filter(kind=OrgKind.NGO, is_active=True, ngo_profile__isnull=True)
    if not hq:
        own = own.filter(pk__in=[o.pk for o in working_orgs(user, {OrgKind.NGO})])
    form = NewNgoForm(request.POST or None, organisations=own.order_by("name"), prefectures=queries.prefectures(),
                      may_add=hq)
    new_org = ("name", "name_kana", "name_en", "prefecture", "website")
    return _save(request, form, lambda data: services.register_ngo(
        by=user, organisation=data["organisation"], **_profile_values(data, new_org),
        **_profile_values(data, services.NGO_FIELDS)),
        _("The NGO is in the directory of the Citizens' International Plaza."), _("Register an NGO / NPO"),
        reverse("networks:ngos"))


@permission_required("networks.change_ngo", get_object=_ngo)
def ngo_edit(request, pk, obj):
    initial = {name: getattr(obj, name) for name in services.NGO_FIELDS}
    form = NgoForm(request.POST or None, initial=initial)
    return _save(request, form, lambda data: services.change_ngo(
        by=request.user, profile=obj, **_profile_values(data, services.NGO_FIELDS)),
        _("Saved."), str(obj), obj.get_absolute_url())


# -- the Plaza's consultations ----------------------------------------------------------------------------------------

@permission_required("networks.view_consultations")
def consultations(request):
    status = request.GET.get("status", "")
    rows = queries.consultations(request.user, status=status if status in ConsultationStatus.values else "")
    if status == "open":
        rows = rows.filter(status__in=OPEN)
    return render(request, "networks/consultations.html", {
        "page": _page(request, rows), "status": status, "statuses": ConsultationStatus.choices,
        "can_add": request.user.has_perm("networks.add_consultation")})


@permission_required("networks.add_consultation")
def consultation_new(request):
    ngos = Organisation.objects.filter(kind=OrgKind.NGO, is_active=True).order_by("name")
    form = ConsultationForm(request.POST or None, ngos=ngos, initial={"received_on": timezone.localdate()})
    return _save(request, form, lambda data: services.record_consultation(by=request.user, **data),
                 _("The consultation is recorded."), _("Record a consultation"), reverse("networks:consultations"))


@permission_required("networks.view_consultation", get_object=_consultation)
def consultation(request, pk, obj):
    user = request.user
    actions = obj.transitions.available(obj, user)
    return render(request, "networks/consultation.html", {
        "case": obj, "notes": obj.notes.select_related("written_by"),
        "actions": [t for t in actions if t.action in STEPS], "can_answer": any(t.action == "answer" for t in actions),
        "can_work": user.has_perm("networks.work_consultation", obj), "note_form": NoteForm(),
        "answer_form": AnswerForm(), "case_note_form": CaseNoteForm(), "irreversible": IRREVERSIBLE,
        "confirm_question": _("The person asking will not be answered further unless it is reopened."),
        "history": history_of(obj, limit=20)})


IRREVERSIBLE = ("close",)
STEPS = {
    "take": (lambda by, case, note: services.take_consultation(by=by, consultation=case, note=note),
             gettext_lazy("You handle this consultation.")),
    "reopen": (lambda by, case, note: services.reopen_consultation(by=by, consultation=case, note=note),
               gettext_lazy("Reopened.")),
    "close": (lambda by, case, note: services.close_consultation(by=by, consultation=case, note=note),
              gettext_lazy("Closed.")),
}


@require_POST
@permission_required("networks.work_consultation", get_object=_consultation)
def consultation_step(request, pk, action, obj):
    if action == "answer":
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return back_with_form_errors(request, obj, form)
        return run_and_return(request, obj, lambda: services.answer_consultation(
            by=request.user, consultation=obj, answer=form.cleaned_data["answer"]), _("The answer is recorded."))
    if action not in STEPS:
        raise Http404
    form = NoteForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    step, success = STEPS[action]
    return run_and_return(request, obj, lambda: step(request.user, obj, form.cleaned_data["note"]), success)


@require_POST
@permission_required("networks.work_consultation", get_object=_consultation)
def consultation_note(request, pk, obj):
    form = CaseNoteForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.add_note(by=request.user, consultation=obj,
                                                                  text=form.cleaned_data["text"]),
                          _("The note is added."))
