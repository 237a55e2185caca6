"""The award's pages: the rounds, the nomination form with its route through the prefecture, headquarters'
eligibility check, the panel meeting (ranking, conflicts, judges, the decision of at most three winners with
their citations, publication) and the public page of winners. Judges declare and score on the grants reviewers'
pages (their assignments are the grants engine's)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, flash_errors, run_and_return
from kizuna.core.forms import add_service_errors
from kizuna.core.models import Organisation, User
from kizuna.core.permissions import permission_required
from kizuna.core.rules import working_orgs
from kizuna.grants.enums import Status

from . import queries, services
from .enums import NOMINATING_KINDS, Eligibility, NominationStatus
from .forms import EligibilityForm, JudgeForm, NominationForm, ReturnForm, RoundForm


def _round(request, pk, **kwargs):
    return get_object_or_404(queries.rounds(request.user), pk=pk)


def _nomination(request, pk, **kwargs):
    return get_object_or_404(queries.nominations(request.user).select_related("round__call__scheme"), pk=pk)


def _form_page(request, form, title, back, **extra):
    return render(request, "core/form.html", {"form": form, "title": title, "back": back, **extra},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("awards.view_rounds")
def index(request):
    visible = queries.rounds(request.user).order_by("-call__fiscal_year")
    return render(request, "awards/index.html", {
        "rounds": visible, "can_start": request.user.has_perm("awards.manage_round"),
        "mine": queries.nominations(request.user)[:20] if request.user.is_authenticated else []})


@permission_required("awards.manage_round")
def round_new(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.start_round(by=request.user, fiscal_year=data["fiscal_year"], opens_at=data["opens_at"],
                                         closes_at=data["closes_at"], blind=data["blind"],
                                         through_prefecture=data["through_prefecture"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round is open for nominations."))
            return redirect(found)
    return _form_page(request, form, _("Start a round of the award"), reverse("awards:index"))


@permission_required("awards.view_round", get_object=_round)
def round_detail(request, pk, obj):
    user = request.user
    return render(request, "awards/round.html", {
        "round": obj, "call": obj.call,
        "can_nominate": user.has_perm("awards.nominate", obj) and obj.call.is_open(),
        "can_panel": user.has_perm("awards.view_panel", obj),
        "mine": queries.nominations(user).filter(round=obj) if user.is_authenticated else []})


def _proposers(user):
    return Organisation.objects.filter(pk__in=[o.pk for o in working_orgs(user, NOMINATING_KINDS)])


@permission_required("awards.nominate", get_object=_round)
def nominate(request, pk, obj):
    proposers = list(_proposers(request.user))
    form = NominationForm(request.POST or None, proposers=proposers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            nomination = services.start_nomination(by=request.user, round=obj, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The nomination is saved as a draft. Check it, then send it."))
            return redirect(nomination)
    return _form_page(request, form, _("Nominate for the award"), obj.get_absolute_url(),
                      intro=_("A municipality's nomination goes to its prefecture, which endorses it and nominates "
                              "it to CLAIR.") if obj.through_prefecture else "")


@permission_required("awards.view_nominations")
def nominations(request):
    return render(request, "awards/nominations.html", {"nominations": queries.nominations(request.user)})


@permission_required("awards.view_nomination", get_object=_nomination)
def nomination(request, pk, obj):
    user = request.user
    steps = {t.action for t in obj.transitions.available(obj, user)}
    routed = services.is_routed(obj)
    checking = (user.has_perm("awards.check_eligibility", obj) and obj.status == NominationStatus.NOMINATED
                and obj.application.status == Status.SUBMITTED)
    return render(request, "awards/nomination.html", {
        "nomination": obj, "routed": routed,
        "can_edit": user.has_perm("awards.change_nomination", obj),
        "can_send": "send" in steps and routed, "can_nominate": "nominate" in steps and not routed,
        "can_endorse": "endorse" in steps, "can_withdraw": "withdraw" in steps,
        "return_form": ReturnForm() if "return" in steps else None,
        "check_form": EligibilityForm(checklist=obj.round.checklist, initial={
            **{f"check_{i}": obj.checks.get(item) for i, item in enumerate(obj.round.checklist)},
            "eligible": {"eligible": "yes", "ineligible": "no"}.get(obj.eligibility),
            "reason": obj.ineligible_reason}) if checking else None,
        "can_letter": obj.application_id and obj.application.letter_number is not None
        and user.has_perm("grants.download_letter", obj.application),
    })


@permission_required("awards.change_nomination", get_object=_nomination)
def nomination_edit(request, pk, obj):
    form = NominationForm(request.POST or None, instance=obj, proposers=[obj.proposer], editing=True)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.NOMINATION_FIELDS}
        fields["nominee"] = fields["nominee"] or obj.proposer
        try:
            services.update_nomination(by=request.user, nomination=obj, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(obj)
    return _form_page(request, form, _("Edit the nomination"), obj.get_absolute_url())


@require_POST
@permission_required("awards.send_nomination", get_object=_nomination)
def nomination_send(request, pk, obj):
    return run_and_return(request, obj, lambda: services.send_to_prefecture(by=request.user, nomination=obj),
                          _("Sent to the prefecture for endorsement."))


@require_POST
@permission_required("awards.send_nomination", get_object=_nomination)
def nomination_nominate(request, pk, obj):
    return run_and_return(request, obj, lambda: services.nominate(by=request.user, nomination=obj),
                          _("Nominated: the nomination has reached CLAIR."))


@require_POST
@permission_required("awards.send_nomination", get_object=_nomination)
def nomination_withdraw(request, pk, obj):
    return run_and_return(request, obj, lambda: services.withdraw_nomination(by=request.user, nomination=obj),
                          _("The nomination was withdrawn."))


@require_POST
@permission_required("awards.endorse_nomination", get_object=_nomination)
def nomination_endorse(request, pk, obj):
    return run_and_return(request, obj, lambda: services.endorse_nomination(by=request.user, nomination=obj),
                          _("Endorsed: the prefecture's nomination has reached CLAIR."))


@require_POST
@permission_required("awards.endorse_nomination", get_object=_nomination)
def nomination_return(request, pk, obj):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.return_nomination(
        by=request.user, nomination=obj, note=form.cleaned_data["reason"]), _("Returned to the municipality."))


@require_POST
@permission_required("awards.check_eligibility", get_object=_nomination)
def nomination_check(request, pk, obj):
    form = EligibilityForm(request.POST, checklist=obj.round.checklist)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: services.check_eligibility(
        by=request.user, nomination=obj, checks=form.checks(), eligible=form.cleaned_data["eligible"],
        reason=form.cleaned_data["reason"]), _("The eligibility check is recorded."))


@permission_required("awards.view_panel", get_object=_round)
def panel(request, pk, obj):
    rows = queries.panel(obj)
    user = request.user
    deciding = user.has_perm("awards.decide_winners", obj) and any(
        r.nomination.application.status == Status.SUBMITTED for r in rows)
    return render(request, "awards/panel.html", {
        "round": obj, "call": obj.call, "rows": rows, "progress": queries.progress(obj.call),
        "eligible": Eligibility.ELIGIBLE, "deciding": deciding,
        "winners": [r for r in rows if r.winner],
        "judge_form": JudgeForm() if user.has_perm("awards.assign_judges", obj) else None,
        "can_publish": user.has_perm("awards.publish_round", obj) and not obj.is_published
        and any(r.winner for r in rows),
        "unchecked": sum(r.nomination.eligibility == Eligibility.UNCHECKED for r in rows),
    })


@require_POST
@permission_required("awards.assign_judges", get_object=_round)
def panel_assign(request, pk, obj):
    form = JudgeForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, reverse("awards:panel", args=[obj.pk]), form)
    judge = User.objects.filter(email__iexact=form.cleaned_data["judge"], is_active=True).first()
    if judge is None:
        messages.error(request, _("Nobody with that email address has an account."))
    else:
        try:
            done = services.assign_judge(by=request.user, round=obj, judge=judge)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("%(judge)s is assigned to %(count)d nominations.")
                             % {"judge": judge, "count": len(done)})
    return redirect("awards:panel", pk=obj.pk)


@require_POST
@permission_required("awards.decide_winners", get_object=_round)
def panel_decide(request, pk, obj):
    chosen = [v for v in request.POST.getlist("winner") if v.isdigit() and len(v) < 10]
    winners = {int(pk): {"citation": request.POST.get(f"citation_{pk}", "")[:2000],
                         "citation_en": request.POST.get(f"citation_en_{pk}", "")[:2000]} for pk in chosen}
    try:
        done = services.decide_winners(by=request.user, round=obj, winners=winners)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Decided: %(winners)d winners, %(others)d not selected. The letters are "
                                    "being sent.") % {"winners": len(winners), "others": len(done) - len(winners)})
    return redirect("awards:panel", pk=obj.pk)


@require_POST
@permission_required("awards.publish_round", get_object=_round)
def publish(request, pk, obj):
    try:
        services.publish_round(by=request.user, round=obj)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The winners are published."))
    return redirect("awards:panel", pk=obj.pk)


@permission_required("awards.view_winners")
def winners(request):
    return render(request, "awards/winners.html", {"years": queries.winners_by_year()})

