"""Internship pages: the offers, an offer with its applications (for the offerer) or the apply form (for a
participant), the participant's own applications, and an application with the steps each side may take."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kizuna.core.actions import flash_errors, run_and_return
from kizuna.core.forms import add_service_errors
from kizuna.core.models import Organisation
from kizuna.core.permissions import permission_required
from kizuna.core.rules import working_orgs
from kizuna.jet.queries import active_record

from . import services
from .enums import OFFERING_KINDS, TAKING_PLACE, OfferStatus
from .forms import ApplyForm, OfferForm
from .models import Application, Offer

PAGE = 50


def _offer(request, pk, **kwargs):
    return get_object_or_404(Offer.objects.visible_to(request.user).select_related("organisation"), pk=pk)


def _application(request, pk, **kwargs):
    return get_object_or_404(Application.objects.visible_to(request.user)
                             .select_related("offer__organisation", "participant__host__organisation"), pk=pk)


def _offering_orgs(user):
    """The organisations the person may offer internships for (headquarters may offer for any of them)."""
    ids = [o.pk for o in working_orgs(user, OFFERING_KINDS)]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


@permission_required("careers.view_offers")
def offers(request):
    user = request.user
    mine = request.GET.get("mine") == "1"
    qs = Offer.objects.visible_to(user).select_related("organisation").order_by("apply_by", "pk")
    if mine:
        qs = qs.filter(organisation__in=[o.pk for o in working_orgs(user)])
    else:
        qs = qs.filter(status=OfferStatus.OPEN, apply_by__gt=timezone.now())
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "careers/offers.html", {
        "page": page, "mine": mine, "can_create": user.has_perm("careers.create_offer"),
        "record": active_record(user)})


@permission_required("careers.create_offer")
def offer_create(request):
    organisations = _offering_orgs(request.user)
    form = OfferForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        try:
            offer = services.save_offer(by=request.user, organisation=form.cleaned_data["organisation"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The offer is saved as a draft. Open it for applications when it is ready."))
            return redirect(offer)
    return _form_page(request, form, _("New internship offer"), back="careers:offers")


@permission_required("careers.manage_offer", get_object=_offer)
def offer_edit(request, pk, obj):
    form = OfferForm(request.POST or None, instance=obj, organisations=None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_offer(by=request.user, offer=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(obj), back=obj.get_absolute_url())


def _form_page(request, form, title, back):
    return render(request, "core/form.html", {"form": form, "title": title, "back": back},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("careers.view_offer", get_object=_offer)
def offer(request, pk, obj):
    user = request.user
    manage = user.has_perm("careers.manage_offer", obj)
    applications = []
    if manage:
        applications = list(obj.applications.visible_to(user, "careers.decide_application")
                            .select_related("participant__host__organisation").order_by("created_at"))
    own = None
    record = active_record(user)
    if record is not None:
        own = obj.applications.filter(participant=record).order_by("-pk").first()
    return render(request, "careers/offer.html", {
        "offer": obj, "manage": manage, "applications": applications, "own": own,
        "taken": obj.applications.filter(status__in=TAKING_PLACE).count(),
        "actions": obj.transitions.available(obj, user) if manage else [],
        "apply_form": ApplyForm() if user.has_perm("careers.apply", obj) and (own is None or own.status not in (
            "submitted", "shortlisted", "offered", "accepted", "completed")) else None,
        "is_open": obj.status == OfferStatus.OPEN and obj.apply_by > timezone.now()})


@require_POST
@permission_required("careers.manage_offer", get_object=_offer)
def offer_publish(request, pk, obj):
    return run_and_return(request, obj, lambda: services.publish_offer(by=request.user, offer=obj),
                          _("The offer is open for applications."))


@require_POST
@permission_required("careers.manage_offer", get_object=_offer)
def offer_close(request, pk, obj):
    return run_and_return(request, obj, lambda: services.close_offer(by=request.user, offer=obj),
                          _("The offer is closed."))


@require_POST
@permission_required("careers.apply", get_object=_offer)
def offer_apply(request, pk, obj):
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            application = services.apply(by=request.user, offer=obj, motivation=form.cleaned_data["motivation"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your application was sent. The organisation will answer you by mail."))
            return redirect(application)
    return render(request, "careers/offer.html", {
        "offer": obj, "manage": False, "applications": [], "own": None, "apply_form": form, "actions": [],
        "taken": obj.applications.filter(status__in=TAKING_PLACE).count(), "is_open": True}, status=400)


@permission_required("careers.view_own_applications")
def my_applications(request):
    record = active_record(request.user)
    rows = (Application.objects.visible_to(request.user, "careers.answer_offer")
            .select_related("offer__organisation").order_by("-created_at"))
    return render(request, "careers/my_applications.html", {"applications": rows, "record": record})


@permission_required("careers.view_application", get_object=_application)
def application(request, pk, obj):
    return render(request, "careers/application.html", {
        "application": obj, "offer": obj.offer, "actions": obj.transitions.available(obj, request.user),
        "irreversible": IRREVERSIBLE, "answers": ("accept", "decline", "withdraw"),
        "confirm_question": _("This cannot be undone.")})


# Steps that cannot be taken back ask first.
IRREVERSIBLE = ("reject", "decline", "withdraw")


# The offering side's steps and the participant's, each with what is said when it is done.
DECISIONS = {
    "shortlist": (services.shortlist, gettext_lazy("Shortlisted.")),
    "offer": (services.offer_place, gettext_lazy("A place is offered; the participant is told by mail.")),
    "reject": (services.reject, gettext_lazy("Not selected; the participant is told by mail.")),
    "complete": (services.complete, gettext_lazy("The internship is recorded as completed.")),
}
ANSWERS = {
    "accept": (services.accept, gettext_lazy("You accepted the place.")),
    "decline": (services.decline, gettext_lazy("You declined the place.")),
    "withdraw": (services.withdraw, gettext_lazy("Your application is withdrawn.")),
}


def _step(request, obj, steps, action):
    if action not in steps:
        raise Http404
    step, success = steps[action]
    try:
        step(by=request.user, application=obj)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, success)
    return redirect(obj)


@require_POST
@permission_required("careers.decide_application", get_object=_application)
def application_decide(request, pk, action, obj):
    return _step(request, obj, DECISIONS, action)


@require_POST
@permission_required("careers.answer_offer", get_object=_application)
def application_answer(request, pk, action, obj):
    return _step(request, obj, ANSWERS, action)
