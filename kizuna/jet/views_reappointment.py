"""Pages of the reappointment round (再任用): the rounds, opening one, a round's rows by role, one participant's row
with the step the reader may take (intention, decision, confirmation), confirming all agreed stays, closing, the
outcome and its CSV export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import flash_errors, run_and_return
from kizuna.core.downloads import file_response
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required

from . import queries_reappointment as queries
from . import reappointment
from .enums import Reappointment
from .exports import outcome_csv
from .forms_reappointment import AdjustPlacesForm, DecisionForm, IntentionForm, OpenRoundForm, RoundFilterForm
from .models import ReappointmentIntention


def _round(request, pk, **kwargs):
    return get_object_or_404(queries.rounds(request.user), pk=pk)


def _intention(request, pk, **kwargs):
    return get_object_or_404(ReappointmentIntention.objects.visible_to(request.user).select_related(
        "round", "participant", "host__organisation", "coordinating_body", "stated_by"), pk=pk)


@permission_required("jet.view_reappointment_rounds")
def rounds(request):
    return render(request, "jet/reappointment/list.html", {
        "rounds": queries.rounds(request.user)[:50],
        "may_open": request.user.has_perm("jet.open_reappointment_round")})


@permission_required("jet.open_reappointment_round")
@require_http_methods(["GET", "POST"])
def open_round(request):
    form = OpenRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = reappointment.open_round(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round is open: %(n)s participants are asked for their intention.")
                             % {"n": rnd.intentions.count()})
            return redirect(rnd)
    return render(request, "core/form.html", {
        "form": form, "title": _("Open a reappointment round"), "back": reverse("jet:reappointment"),
        "intro": _("Every participant who has arrived or is in post is mailed to state, by the deadline, whether "
                   "they re-contract."), "submit_label": _("Open the round and send the mails")},
        status=400 if form.is_bound and form.errors else 200)


@permission_required("jet.view_reappointment_round", get_object=_round)
def board(request, pk, obj):
    form = RoundFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(queries.intentions(request.user, obj, status), 100).get_page(request.GET.get("page"))
    user = request.user
    return render(request, "jet/reappointment/board.html", {
        "r": obj, "form": form, "status": status, "page": page, "counts": queries.counts(user, obj),
        "may_close": user.has_perm("jet.close_reappointment_round", obj),
        "may_confirm_all": user.has_perm("jet.confirm_reappointments", obj)})


def _outcome_page(request, rnd, form=None, status=200):
    found = queries.outcome(request.user, rnd)
    may_adjust = request.user.has_perm("jet.adjust_places", rnd)
    if may_adjust and form is None:
        form = AdjustPlacesForm(hosts=_hosts_of(found))
    return render(request, "jet/reappointment/outcome.html", {
        "r": rnd, "outcome": found, "adjustments": queries.adjustments(request.user, rnd),
        "form": form if may_adjust else None}, status=status)


def _hosts_of(outcome) -> list:
    return [(h["host_id"], h["name"]) for body in outcome["bodies"] for h in body["hosts"]]


@permission_required("jet.view_reappointment_round", get_object=_round)
def outcome(request, pk, obj):
    return _outcome_page(request, obj)


@permission_required("jet.adjust_places", get_object=_round)
@require_POST
def adjust_places(request, pk, obj):
    """Headquarters records a change to a contracting organisation's new places, with its reason."""
    form = AdjustPlacesForm(request.POST, hosts=_hosts_of(queries.outcome(request.user, obj)))
    if form.is_valid():
        try:
            reappointment.adjust_places(by=request.user, rnd=obj, host_id=form.cleaned_data["host"],
                                        change=form.cleaned_data["change"], reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The adjustment of new places is recorded."))
            return redirect("jet:reappointment_outcome", pk=obj.pk)
    return _outcome_page(request, obj, form, status=400)


@permission_required("jet.view_reappointment_round", get_object=_round)
def outcome_export(request, pk, obj):
    return file_response(outcome_csv(queries.outcome(request.user, obj)), "text/csv; charset=utf-8",
                         f"reappointment-{obj.year}.csv")


@permission_required("jet.close_reappointment_round", get_object=_round)
@require_POST
def close(request, pk, obj):
    return run_and_return(request, obj, lambda: reappointment.close_round(by=request.user, rnd=obj),
                          _("The round is closed; it stays here as a record."))


@permission_required("jet.confirm_reappointments", get_object=_round)
@require_POST
def confirm_agreed(request, pk, obj):
    try:
        done = reappointment.confirm_all_agreed(by=request.user, rnd=obj)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(n)s stays are confirmed.") % {"n": done})
    return redirect(obj)


def _page(request, row, *, intention_form=None, decision_form=None, status=200):
    user = request.user
    steps = {t.action for t in ReappointmentIntention.transitions.available(row, user)}
    return render(request, "jet/reappointment/intention.html", {
        "row": row, "p": row.participant, "r": row.round, "steps": steps,
        "may_state": bool(steps & {"intend_to_stay", "intend_to_leave"}) and row.round.takes_intentions,
        "may_decide": "agree" in steps and row.round.takes_decisions,
        "may_confirm": bool(steps & {"confirm_stay", "confirm_leave"}),
        "intention_form": intention_form or IntentionForm(),
        "decision_form": decision_form or DecisionForm(initial={"reason": row.reason}),
        "needs_reason": row.next_year > 3}, status=status)


@permission_required("jet.view_reappointment_intention", get_object=_intention)
def intention(request, pk, obj):
    return _page(request, obj)


@permission_required("jet.state_intention", get_object=_intention)
@require_POST
def state(request, pk, obj):
    form = IntentionForm(request.POST)
    if form.is_valid():
        try:
            reappointment.state_intention(by=request.user, row=obj, stay=form.cleaned_data["intention"] == "stay")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your intention is recorded."))
            return redirect(obj)
    return _page(request, obj, intention_form=form, status=400)


@permission_required("jet.decide_reappointment", get_object=_intention)
@require_POST
def decide(request, pk, obj):
    form = DecisionForm(request.POST)
    if form.is_valid():
        agree = form.cleaned_data["decision"] == "agree"
        service = reappointment.agree if agree else reappointment.decline
        try:
            service(by=request.user, row=obj, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(obj)
    return _page(request, obj, decision_form=form, status=400)


@permission_required("jet.confirm_reappointment", get_object=_intention)
@require_POST
def confirm(request, pk, obj):
    stays = obj.status == Reappointment.HOST_AGREED
    return run_and_return(request, obj, lambda: reappointment.confirm(by=request.user, row=obj),
                          _("The stay is confirmed.") if stays else _("The departure is confirmed."))
