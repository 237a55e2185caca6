"""Staff pages that set up schemes, rubrics, calls and questions; the public call and scheme pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import run_and_return
from kizuna.core.permissions import permission_required, public

from .. import queries, services
from ..forms import CallForm, CriterionForm, QuestionForm, SchemeForm
from ._common import add_errors, call_of, form_page, scheme_of


@public("grants.view_calls")
def call_list(request):
    return render(request, "grants/call_list.html", {
        "calls": queries.calls(request.user), "can_manage": request.user.has_perm("grants.manage_calls"),
        "overview": queries.overview(request.user) if request.user.is_authenticated else {}})


@permission_required("grants.view_call", get_object=call_of)
def call_detail(request, pk, obj):
    user = request.user
    return render(request, "grants/call_detail.html", {
        "call": obj, "scheme": obj.scheme, "questions": obj.questions.visible_to(user),
        "can_apply": user.has_perm("grants.start_application", obj) and obj.is_open(),
        "can_manage": user.has_perm("grants.manage_calls", obj),
        "can_board": user.has_perm("grants.view_board", obj)})


@public("grants.view_schemes")
def scheme_list(request):
    return render(request, "grants/scheme_list.html", {
        "schemes": queries.schemes(request.user), "can_manage": request.user.has_perm("grants.manage_schemes")})


@permission_required("grants.view_scheme", get_object=scheme_of)
def scheme_detail(request, pk, obj):
    return render(request, "grants/scheme_detail.html", {
        "scheme": obj, "criteria": obj.criteria.visible_to(request.user),
        "calls": queries.calls(request.user).filter(scheme=obj),
        "can_manage": request.user.has_perm("grants.manage_schemes", obj)})


def _save(request, form, save, success, title, back=None):
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(obj if hasattr(obj, "get_absolute_url") else back)
    return form_page(request, form=form, title=title, back=back)


@permission_required("grants.manage_schemes")
def scheme_create(request):
    form = SchemeForm(request.POST or None)
    return _save(request, form, lambda data: services.save_scheme(by=request.user, **data),
                 _("The scheme was saved."), _("New grant scheme"))


@permission_required("grants.manage_schemes", get_object=scheme_of)
def scheme_edit(request, pk, obj):
    form = SchemeForm(request.POST or None, instance=obj)
    return _save(request, form, lambda data: services.save_scheme(by=request.user, scheme=obj, **data),
                 _("The scheme was saved."), obj.display_name, back=obj.get_absolute_url())


@permission_required("grants.manage_schemes", get_object=scheme_of)
def criterion_add(request, pk, obj):
    form = CriterionForm(request.POST or None)
    return _save(request, form,
                 lambda data: services.save_criterion(by=request.user, scheme=obj, **data) and obj,
                 _("The criterion was added."), _("Add a scoring criterion"), back=obj.get_absolute_url())


@permission_required("grants.manage_schemes", get_object=scheme_of)
def criterion_edit(request, pk, criterion_pk, obj):
    criterion = get_object_or_404(obj.criteria, pk=criterion_pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    return _save(request, form,
                 lambda data: services.save_criterion(by=request.user, scheme=obj, criterion=criterion, **data)
                 and obj, _("The criterion was saved."), criterion.name, back=obj.get_absolute_url())


@permission_required("grants.manage_schemes", get_object=scheme_of)
@require_POST
def criterion_delete(request, pk, criterion_pk, obj):
    criterion = get_object_or_404(obj.criteria, pk=criterion_pk)
    return run_and_return(request, obj, lambda: services.delete_criterion(by=request.user, criterion=criterion),
                   _("The criterion was deleted."))


@permission_required("grants.manage_calls")
def call_create(request):
    form = CallForm(request.POST or None)
    return _save(request, form, lambda data: services.save_call(by=request.user, **data),
                 _("The call was saved."), _("New call"))


@permission_required("grants.manage_calls", get_object=call_of)
def call_edit(request, pk, obj):
    form = CallForm(request.POST or None, instance=obj)
    return _save(request, form, lambda data: services.save_call(by=request.user, call=obj, **data),
                 _("The call was saved."), str(obj), back=obj.get_absolute_url())


@permission_required("grants.manage_calls", get_object=call_of)
def question_add(request, pk, obj):
    form = QuestionForm(request.POST or None)
    return _save(request, form,
                 lambda data: services.save_question(by=request.user, call=obj, **data) and obj,
                 _("The question was added."), _("Add a question"), back=obj.get_absolute_url())


@permission_required("grants.manage_calls", get_object=call_of)
def question_edit(request, pk, question_pk, obj):
    question = get_object_or_404(obj.questions, pk=question_pk)
    form = QuestionForm(request.POST or None, instance=question)
    return _save(request, form,
                 lambda data: services.save_question(by=request.user, call=obj, question=question, **data) and obj,
                 _("The question was saved."), question.label, back=obj.get_absolute_url())


@permission_required("grants.manage_calls", get_object=call_of)
@require_POST
def question_delete(request, pk, question_pk, obj):
    question = get_object_or_404(obj.questions, pk=question_pk)
    return run_and_return(request, obj, lambda: services.delete_question(by=request.user, question=question),
                   _("The question was deleted."))


@public("grants.view_selected")
def selected(request, pk, year):
    scheme = scheme_of(request, pk)
    if not scheme.pays_money:
        # An award's winners are public only once published, with their citations, on the award's own page.
        raise Http404("an award's winners are published on the award's page")
    return render(request, "grants/selected.html", {
        "scheme": scheme, "year": year, "projects": queries.selected_projects(scheme, year)})
