"""Applicant pages: start a draft, edit it with colleagues, the cost breakdown, submit; staff return it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import flash_errors, run_and_return
from kizuna.core.downloads import pdf_response
from kizuna.core.models import Organisation
from kizuna.core.permissions import permission_required
from kizuna.core.rules import working_orgs

from .. import queries, services
from ..checks import budget_of, eligible_cost
from ..enums import DECIDED, AttachmentStage, InterimStatus, PaymentStatus, Status
from ..forms import (
    ApplicationForm,
    ApplicationStartForm,
    ChangeDecisionForm,
    CostLineForm,
    IncomeLineForm,
    InterimAnswerForm,
    PaymentForm,
    ReturnForm,
)
from ..rules import participant_of
from ..services.applying import default_request, missing_documents
from ..services.letters import letter_pdf
from ._common import add_errors, application_of, call_of, form_page
from ._thread import thread_context
from .settlement import settlement_context


@permission_required("grants.view_own_applications")
def my_applications(request):
    page = Paginator(queries.own_application_rows(request.user), queries.OWN_PAGE).get_page(request.GET.get("page"))
    page.object_list = queries.own_entries(request.user, page.object_list)
    return render(request, "grants/my_applications.html", {"applications": page, "page": page})


@permission_required("grants.start_application", get_object=call_of)
def application_start(request, pk, obj):
    if not obj.scheme.pays_money:
        messages.info(request, _("An award is not applied for here: nominations are made on the award's pages."))
        return redirect(obj)
    if obj.scheme.claims_for_participants:
        return _claim_start(request, obj)
    orgs = [o.pk for o in working_orgs(request.user) if o.kind in obj.scheme.applicant_kinds]
    form = ApplicationStartForm(request.POST or None, organisations=Organisation.objects.filter(pk__in=orgs),
                                persons_may_apply=obj.scheme.persons_may_apply)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(by=request.user, call=obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The draft was created. Your colleagues can edit it too."))
            return redirect(application)
    return form_page(request, form=form, title=_("Apply to %(call)s") % {"call": obj}, back=obj.get_absolute_url())


def _claim_start(request, call):
    """A participant's claim: nothing to choose (it is theirs, filed by their contracting organisation)."""
    participant = participant_of(request.user)
    if request.method == "POST":
        try:
            application = services.start_claim(by=request.user, call=call)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(call)
        messages.success(request, _("The claim was created. Add the cost and attach the receipt; your contracting "
                                    "organisation checks it and files it."))
        return redirect(application)
    return render(request, "grants/claim_start.html", {"call": call, "participant": participant})


@permission_required("grants.view_application", get_object=application_of)
def application_detail(request, pk, obj):
    return _detail_page(request, obj)


def _detail_page(request, obj, *, line_form=None, income_form=None, message_form=None):
    """The application's page; `line_form` / `income_form` / `message_form` is a refused cost or income line or
    message, shown with its errors and what was typed."""
    user = request.user
    lines = list(obj.lines.visible_to(user))
    incomes = list(obj.income_lines.visible_to(user))
    partners = list(obj.partners.all())
    attachments = list(obj.attachments.visible_to(user))
    own_review = obj.assignments.filter(reviewer_id=user.pk).first()
    labels = dict(obj.call.questions.values_list("key", "label")) if obj.answers else {}
    return render(request, "grants/application_detail.html", {
        "answer_rows": [(labels.get(key, key), value) for key, value in (obj.answers or {}).items()],
        "application": obj, "lines": lines, "partners": partners, "eligible": eligible_cost(lines),
        "incomes": incomes, "budget": budget_of(obj, lines, incomes, partners),
        "income_form": income_form or (IncomeLineForm(scheme=obj.call.scheme) if obj.is_editable else None),
        "suggested": default_request(obj) if obj.is_editable else None,
        "rounds": obj.rounds.visible_to(user),
        "attachments": [f for f in attachments if f.stage == AttachmentStage.APPLICATION],
        "report_files": [f for f in attachments if f.stage == AttachmentStage.REPORT],
        "missing_documents": missing_documents(obj) if obj.is_editable else [],
        "line_form": line_form or (CostLineForm(scheme=obj.call.scheme) if obj.is_editable else None),
        "actions": obj.transitions.available(obj, user),
        "return_form": ReturnForm() if user.has_perm("grants.return_application", obj) else None,
        "can_edit": obj.is_editable and user.has_perm("grants.change_application", obj),
        "can_score": own_review is not None and user.has_perm("grants.score_application", own_review),
        "can_letter": obj.decided_at is not None and user.has_perm("grants.download_letter", obj),
        **_after_context(obj, user),
        **thread_context(obj, user, message_form),
    }, status=400 if line_form is not None or income_form is not None or message_form is not None else 200)


def _after_context(obj, user) -> dict:
    """What the page shows and offers after the decision."""
    if obj.status not in DECIDED:
        return {}
    staff = user.has_perm("grants.accept_report", obj)
    changes = list(obj.changes.visible_to(user))
    return {
        # Each payment with whether this person may approve it now (the two-person rule: not its preparer).
        "payments": [(p, p.status == PaymentStatus.PREPARED and p.prepared_by_id != user.pk
                      and user.has_perm("grants.approve_payment", p))
                     for p in obj.payments.visible_to(user).select_related("prepared_by", "approved_by")],
        "changes": [(c, user.has_perm("grants.decide_change", c)) for c in changes],
        "can_report": obj.status in (Status.AWARDED, Status.REPORT_RETURNED)
        and user.has_perm("grants.report_application", obj),
        "can_change": obj.status == Status.AWARDED and user.has_perm("grants.request_change", obj),
        "can_accept": staff and obj.status == Status.REPORTED,
        "payment_form": PaymentForm() if user.has_perm("grants.prepare_payment", obj) else None,
        "change_form": ChangeDecisionForm(),
        **_interim_context(obj, user),
        **settlement_context(obj, user),
    }


def _interim_context(obj, user) -> dict:
    """The interim reports with what this person may do on each: send it (the grantee, while it is owed and the
    project runs), answer it (headquarters, once sent)."""
    running = obj.status in (Status.AWARDED, Status.REPORT_RETURNED)
    today = timezone.localdate()
    reports = list(obj.interim_reports.visible_to(user))
    return {
        "interim_reports": [
            (r, r.is_overdue(today), running and r.is_open and user.has_perm("grants.submit_interim", r),
             r.status == InterimStatus.SUBMITTED and user.has_perm("grants.answer_interim", r)) for r in reports],
        "interim_answer_form": InterimAnswerForm(),
        "can_schedule_interim": running and user.has_perm("grants.schedule_interim", obj),
    }


@permission_required("grants.change_application", get_object=application_of)
def application_edit(request, pk, obj):
    questions = list(obj.call.questions.all())
    initial = {"title": obj.title, "summary": obj.summary, "theme": obj.theme,
               "requested_amount": obj.requested_amount or default_request(obj),
               **{f"q_{k}": v for k, v in (obj.answers or {}).items()}}
    form = ApplicationForm(request.POST or None, initial=initial, questions=questions,
                           themes=obj.call.scheme.themes)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("title", "summary", "theme", "requested_amount")}
        try:
            answers = {**(obj.answers or {}), **form.answers()}
            services.update_application(by=request.user, application=obj, answers=answers, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return form_page(request, form=form, title=str(obj), back=obj.get_absolute_url())


@permission_required("grants.change_application", get_object=application_of)
@require_POST
def line_add(request, pk, obj):
    form = CostLineForm(request.POST, scheme=obj.call.scheme)
    if form.is_valid():
        try:
            services.add_cost_line(by=request.user, application=obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The cost line was added."))
            return redirect(obj)
    return _detail_page(request, obj, line_form=form)


@permission_required("grants.change_application", get_object=application_of)
@require_POST
def line_remove(request, pk, line_pk, obj):
    line = get_object_or_404(obj.lines, pk=line_pk)
    try:
        services.remove_cost_line(by=request.user, line=line)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(obj)


@permission_required("grants.change_application", get_object=application_of)
@require_POST
def income_add(request, pk, obj):
    form = IncomeLineForm(request.POST, scheme=obj.call.scheme)
    if form.is_valid():
        try:
            services.add_income_line(by=request.user, application=obj, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The income line was added."))
            return redirect(obj)
    return _detail_page(request, obj, income_form=form)


@permission_required("grants.change_application", get_object=application_of)
@require_POST
def income_remove(request, pk, line_pk, obj):
    line = get_object_or_404(obj.income_lines, pk=line_pk)
    try:
        services.remove_income_line(by=request.user, line=line)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(obj)


def _act(request, obj, func, success, **kwargs):
    return run_and_return(request, obj, lambda: func(by=request.user, application=obj, **kwargs), success)


@permission_required("grants.submit_application", get_object=application_of)
@require_POST
def application_submit(request, pk, obj):
    return _act(request, obj, services.submit_application, _("The application was submitted; it is now locked."))


@permission_required("grants.withdraw_application", get_object=application_of)
@require_POST
def application_withdraw(request, pk, obj):
    return _act(request, obj, services.withdraw_application, _("The application was withdrawn."))


@permission_required("grants.return_application", get_object=application_of)
@require_POST
def application_return(request, pk, obj):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the applicant should add or change."))
        return redirect(obj)
    return _act(request, obj, services.return_application, _("The application was returned to the applicant."),
                comment=form.cleaned_data["comment"])


@permission_required("grants.download_letter", get_object=application_of)
def letter(request, pk, obj):
    if obj.decided_at is None:
        messages.error(request, _("There is no letter yet: the application has not been decided."))
        return redirect(obj)
    return pdf_response(letter_pdf(obj), f"grant-letter-{obj.pk}.pdf")
