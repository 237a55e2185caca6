"""Reviewers' pages (their assignments, the declaration, scoring) and staff's board, decisions and export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import flash_errors
from kizuna.core.downloads import file_response
from kizuna.core.models import User
from kizuna.core.permissions import permission_required

from .. import queries, services
from ..enums import ReviewerKind, Status
from ..exports import call_workbook
from ..forms import AssignForm, DecisionForm, DeclareForm, ScoreForm
from ..services.deciding import awarded_total
from ._common import add_errors, application_of, assignment_of, call_of, form_page, own_assignment_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("grants.view_reviews")
def my_reviews(request):
    return render(request, "grants/my_reviews.html", {"assignments": queries.my_assignments(request.user)})


@permission_required("grants.declare_conflict", get_object=assignment_of)
def declare(request, pk, obj):
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(by=request.user, assignment=obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if form.cleaned_data["has_conflict"]:
                messages.info(request, _("Thank you. The assignment is blocked; staff will reassign it."))
                return redirect("grants:reviews")
            return redirect(obj.application)
    application = obj.application
    who = f" — {application.applicant_name}" if request.user.has_perm("grants.view_applicant", application) else ""
    return form_page(request, form=form, title=_("Declaration of interests"), back=reverse("grants:reviews"),
                     intro=f"{application.title}{who}")


@permission_required("grants.score_application", get_object=own_assignment_of)
def score(request, pk, obj):
    application = obj.application
    form = ScoreForm(request.POST or None, criteria=application.call.scheme.criteria.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.score_application(by=request.user, application=application, scores=form.scores(),
                                       comments=form.comments(), comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your scores were saved."))
            return redirect("grants:reviews")
    return form_page(request, form=form, title=_("Score: %(title)s") % {"title": application.title},
                     back=application.get_absolute_url())


@permission_required("grants.view_board", get_object=call_of)
def board(request, pk, obj):
    awarded = awarded_total(obj)
    kinds = dict(ReviewerKind.choices)
    progress = [{**p, "kind_label": kinds.get(p["kind"], p["kind"])} for p in queries.progress(obj)]
    page = queries.ranking_page(request.user, obj, request.GET.get("page"), scored=any(p["scored"] for p in progress))
    return render(request, "grants/board.html", {
        "call": obj, "page": page, "ranked": page.object_list, "progress": progress, "awarded": awarded,
        "left": obj.envelope - awarded,
        # The amount inputs are written with the rows (grants_tags.ranking_rows); the form checks them on POST.
        # An award's winners are chosen on its panel, each with its citation (kizuna/awards).
        "form": DecisionForm(applications=()) if obj.scheme.pays_money and request.user.has_perm(
            "grants.decide_application") else None,
        "assign_form": AssignForm(call=obj) if request.user.has_perm("grants.assign_reviewers") else None,
    })


def _back_to_board(request, call):
    """The board's page the form was sent from (its `page` field)."""
    url = reverse("grants:board", kwargs={"pk": call.pk})
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() and len(page) < 7 else url)


@permission_required("grants.decide_application", get_object=call_of)
@require_POST
def decide(request, pk, obj):
    undecided = obj.applications.filter(status=Status.SUBMITTED)
    form = DecisionForm(request.POST, applications=undecided)
    if form.is_valid():
        awards, rejections = form.awards()
        try:
            done = services.decide_applications(by=request.user, call=obj, awards=awards, rejections=rejections,
                                                conditions=form.cleaned_data["conditions"])
        except ValidationError as error:
            flash_errors(request, error)
        else:
            if done:
                messages.success(request, _("%(count)d applications were decided.") % {"count": len(done)})
            else:
                messages.warning(request, _("Nothing was decided: enter an amount to award, or 0 to reject, for "
                                            "at least one application."))
    else:
        messages.error(request, _("Check the amounts: whole yen, not negative."))
    return _back_to_board(request, obj)


@permission_required("grants.assign_reviewers", get_object=call_of)
@require_POST
def assign(request, pk, obj):
    form = AssignForm(request.POST, call=obj)
    if not form.is_valid():
        messages.error(request, _("Give the reviewer's email address and choose applications."))
        return _back_to_board(request, obj)
    reviewer = User.objects.filter(email__iexact=form.cleaned_data["reviewer"], is_active=True).first()
    if reviewer is None:
        messages.error(request, _("Nobody with that email address has an account."))
        return _back_to_board(request, obj)
    for application in form.cleaned_data["applications"]:
        try:
            services.assign_reviewer(by=request.user, application=application, reviewer=reviewer,
                                     kind=form.cleaned_data["kind"])
        except ValidationError as error:
            flash_errors(request, error)
    return _back_to_board(request, obj)


@permission_required("grants.export_call", get_object=call_of)
def export(request, pk, obj):
    return file_response(call_workbook(request.user, obj), XLSX, f"kizuna-grants-call-{obj.pk}.xlsx")


__all__ = ["form_page", "application_of"]
