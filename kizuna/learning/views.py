"""Pages of JET learning: headquarters builds courses; staff follow a course's progress; a participant studies,
takes the quiz and downloads the certificate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import run_and_return
from kizuna.core.downloads import pdf_response
from kizuna.core.forms import add_service_errors
from kizuna.core.permissions import permission_required

from . import queries, services
from .certificate import certificate_pdf
from .forms import CourseForm, ModuleForm, QuestionForm, QuizForm
from .models import Course, Enrolment

PROGRESS_PAGE = 50  # participants on a page of a course's progress


def _course(request, pk, **kwargs):
    return get_object_or_404(Course.objects.visible_to(request.user), pk=pk)


def _enrolment(request, pk, **kwargs):
    return get_object_or_404(Enrolment.objects.visible_to(request.user)
                             .select_related("course", "participant__host__organisation", "participant__person"),
                             pk=pk)


def _posted(request):
    """The submitted data, bound even when empty (an empty quiz is a refused quiz, not a fresh one)."""
    return request.POST if request.method == "POST" else None


def _form_page(request, form, title, back):
    return render(request, "core/form.html", {"form": form, "title": title, "back": back},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("learning.view_courses")
def courses(request):
    return render(request, "learning/courses.html", {
        "courses": Course.objects.visible_to(request.user).order_by("kind", "level", "title_ja", "pk"),
        "may_create": request.user.has_perm("learning.manage_courses")})


@permission_required("learning.manage_courses")
@require_http_methods(["GET", "POST"])
def course_new(request):
    form = CourseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(by=request.user, data=_course_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The course is created as a draft. Add its modules."))
            return redirect(course)
    return _form_page(request, form, _("New course"), reverse("learning:courses"))


def _course_data(form) -> dict:
    return dict(form.cleaned_data)


@permission_required("learning.view_course", get_object=_course)
def course(request, pk, obj):
    user = request.user
    own = None
    if user.has_perm("learning.enrol_self", obj):
        own = obj.enrolments.filter(participant__person=user).order_by("-pk").first()
    may_edit = user.has_perm("learning.edit_course", obj)
    return render(request, "learning/course.html", {
        "course": obj, "modules": obj.modules.all(),
        "questions": obj.questions.prefetch_related("choices") if may_edit else None,
        "may_edit": may_edit, "may_see_progress": user.has_perm("learning.view_course_progress", obj),
        "may_enrol_arrivals": user.has_perm("learning.enrol_arrivals", obj),
        "may_ask": user.has_perm("learning.enrol_self", obj), "own": own,
        "actions": {t.action for t in Course.transitions.available(obj, user)}})


@permission_required("learning.edit_course", get_object=_course)
@require_http_methods(["GET", "POST"])
def course_edit(request, pk, obj):
    initial = {name: getattr(obj, name) for name in services.COURSE_FIELDS}
    form = CourseForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_course(by=request.user, course=obj, data=_course_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The course is saved."))
            return redirect(obj)
    return _form_page(request, form, _("Edit the course"), obj.get_absolute_url())


@permission_required("learning.edit_course", get_object=_course)
@require_POST
def course_publish(request, pk, obj):
    return run_and_return(request, obj, lambda: services.publish_course(by=request.user, course=obj),
                          _("The course is published."))


@permission_required("learning.edit_course", get_object=_course)
@require_POST
def course_archive(request, pk, obj):
    return run_and_return(request, obj, lambda: services.archive_course(by=request.user, course=obj),
                          _("The course is archived: nobody new is enrolled in it."))


@permission_required("learning.edit_course", get_object=_course)
@require_http_methods(["GET", "POST"])
def module_new(request, pk, obj):
    form = ModuleForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_module(by=request.user, course=obj, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The module is added."))
            return redirect(obj)
    return _form_page(request, form, _("New module"), obj.get_absolute_url())


@permission_required("learning.edit_course", get_object=_course)
@require_http_methods(["GET", "POST"])
def module_edit(request, pk, module_pk, obj):
    module = get_object_or_404(obj.modules, pk=module_pk)
    form = ModuleForm(_posted(request), initial={k: getattr(module, k) for k in services.MODULE_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_module(by=request.user, module=module, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect(obj)
    return _form_page(request, form, _("Edit the module"), obj.get_absolute_url())


def _part(obj, kind: str, part_pk: int):
    return get_object_or_404(obj.modules if kind == "module" else obj.questions, pk=part_pk)


@permission_required("learning.edit_course", get_object=_course)
@require_POST
def part_move(request, pk, kind, part_pk, obj):
    """A module or quiz question one place up (`direction=up`) or down."""
    part = _part(obj, kind, part_pk)
    return run_and_return(request, obj, lambda: services.move_part(
        by=request.user, part=part, up=request.POST.get("direction") == "up"), _("The order is saved."))


@permission_required("learning.edit_course", get_object=_course)
@require_POST
def part_remove(request, pk, kind, part_pk, obj):
    part = _part(obj, kind, part_pk)
    done = _("The module is removed.") if kind == "module" else _("The question is removed.")
    return run_and_return(request, obj, lambda: services.remove_part(by=request.user, part=part), done)


@permission_required("learning.edit_course", get_object=_course)
@require_http_methods(["GET", "POST"])
def question_new(request, pk, obj):
    form = QuestionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(by=request.user, course=obj, text_ja=form.cleaned_data["text_ja"],
                                  text_en=form.cleaned_data["text_en"], choices=form.choices(),
                                  correct=form.cleaned_data["correct"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question is added to the quiz."))
            return redirect(obj)
    return _form_page(request, form, _("New quiz question"), obj.get_absolute_url())


@permission_required("learning.view_course_progress", get_object=_course)
def progress(request, pk, obj):
    page = Paginator(queries.progress_ids(request.user, obj), PROGRESS_PAGE).get_page(request.GET.get("page"))
    return render(request, "learning/progress.html", {
        "course": obj, "page": page, "rows": queries.progress_rows(request.user, obj, page.object_list),
        "modules": obj.modules.count(), "counts": queries.progress_counts(request.user, obj)})


@permission_required("learning.enrol_arrivals", get_object=_course)
@require_POST
def enrol_arrivals(request, pk, obj):
    try:
        count = services.enrol_new_arrivals(by=request.user, course=obj)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)s participants are enrolled.") % {"count": count})
    return redirect(obj)


@permission_required("learning.enrol_self", get_object=_course)
@require_POST
def enrol(request, pk, obj):
    return run_and_return(request, obj, lambda: services.request_enrolment(by=request.user, course=obj),
                          _("You have asked to take the course. Headquarters will confirm your place by email."))


@permission_required("learning.view_own_learning")
def mine(request):
    return render(request, "learning/mine.html", {
        "enrolments": queries.own_enrolments(request.user), "open": queries.open_to_ask(request.user)})


@permission_required("learning.view_enrolment", get_object=_enrolment)
def enrolment(request, pk, obj):
    user = request.user
    done = set(obj.progress.values_list("module_id", flat=True))
    modules = [(m, m.pk in done) for m in obj.course.modules.all()]
    has_quiz = obj.course.questions.exists()
    return render(request, "learning/enrolment.html", {
        "e": obj, "course": obj.course, "modules": modules, "all_read": all(d for _m, d in modules),
        "has_quiz": has_quiz, "attempts": obj.attempts.all(), "attempts_left": services.attempts_left(obj),
        "may_study": user.has_perm("learning.study", obj), "is_self": obj.participant.person_id == user.pk,
        "may_decide": user.has_perm("learning.decide_enrolment", obj),
        "may_download": user.has_perm("learning.download_certificate", obj),
        "actions": {t.action for t in Enrolment.transitions.available(obj, user)}})


@permission_required("learning.view_enrolment", get_object=_enrolment)
@require_http_methods(["GET", "POST"])
def module(request, pk, module_pk, obj):
    found = get_object_or_404(obj.course.modules, pk=module_pk)
    if request.method == "POST":
        return run_and_return(request, obj, lambda: services.complete_module(by=request.user, enrolment=obj,
                                                                             module=found),
                              _("The module is marked as read."))
    done = obj.progress.filter(module=found).exists()
    following = obj.course.modules.filter(number__gt=found.number).first()
    return render(request, "learning/module.html", {
        "e": obj, "module": found, "done": done, "next": following,
        "may_study": request.user.has_perm("learning.study", obj)})


@permission_required("learning.study", get_object=_enrolment)
@require_http_methods(["GET", "POST"])
def quiz(request, pk, obj):
    questions = list(obj.course.questions.prefetch_related("choices"))
    form = QuizForm(_posted(request), questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.submit_quiz(by=request.user, enrolment=obj, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if attempt.passed:
                messages.success(request, _("You passed with %(score)s%%. The course is complete.")
                                 % {"score": attempt.score})
            else:
                messages.error(request, _("%(score)s%%: the pass mark is %(mark)s%%. Attempts left: %(left)s.")
                               % {"score": attempt.score, "mark": obj.course.pass_mark,
                                  "left": services.attempts_left(obj)})
            return redirect(obj)
    return render(request, "learning/quiz.html", {"e": obj, "form": form,
                                                  "attempts_left": services.attempts_left(obj)},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("learning.decide_enrolment", get_object=_enrolment)
@require_POST
def approve(request, pk, obj):
    return run_and_return(request, obj, lambda: services.approve_enrolment(by=request.user, enrolment=obj),
                          _("The enrolment is approved."))


@permission_required("learning.decide_enrolment", get_object=_enrolment)
@require_POST
def decline(request, pk, obj):
    return run_and_return(request, obj, lambda: services.decline_enrolment(by=request.user, enrolment=obj),
                          _("The request is declined."))


@permission_required("learning.decide_enrolment", get_object=_enrolment)
@require_POST
def withdraw(request, pk, obj):
    return run_and_return(request, obj, lambda: services.withdraw_enrolment(by=request.user, enrolment=obj),
                          _("The enrolment is withdrawn."))


@permission_required("learning.download_certificate", get_object=_enrolment)
def certificate(request, pk, obj):
    return pdf_response(certificate_pdf(obj), f"certificate-{obj.pk}.pdf")
