"""Seconded-staff pages: the list (with the training hours chart), a person's record with the steps each person
may take, the forms for postings and training records, a home government's people at CLAIR, the curriculum
matrix and its courses, and the import of language-test results."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Sum, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kizuna.core.actions import back_with_form_errors, run_and_return
from kizuna.core.charts import bars
from kizuna.core.enums import WORKING_ROLES, OrgKind
from kizuna.core.forms import add_service_errors
from kizuna.core.models import Organisation, User
from kizuna.core.permissions import permission_required
from kizuna.core.rules import working_orgs
from kizuna.core.ui import form_page as _form_page
from kizuna.core.ui import import_page
from kizuna.events.models import Event
from kizuna.library.enums import Language

from . import importing, queries, services
from .enums import HOME_KINDS, POSTING_KINDS, USUAL_YEARS
from .forms import (
    RECORD_FORMS,
    CourseForm,
    FilterForm,
    PostingForm,
    ReportForm,
    SecondmentForm,
    StepForm,
    TestImportForm,
)
from .models import Course, FieldTraining, Posting, Secondment


def _secondment(request, pk, **kwargs):
    return get_object_or_404(Secondment.objects.visible_to(request.user).select_related(
        "person", "home_government", "organisation"), pk=pk)


def _posting(request, pk, **kwargs):
    posting = get_object_or_404(Posting.objects.visible_to(request.user).select_related(
        "secondment__person", "secondment__home_government", "organisation"), pk=pk)
    return posting.secondment


def _field_training(request, pk, **kwargs):
    return get_object_or_404(FieldTraining.objects.visible_to(request.user).select_related(
        "secondment__person", "secondment__organisation"), pk=pk)


def _home(request, pk, **kwargs):
    return get_object_or_404(Organisation.objects.filter(kind__in=HOME_KINDS), pk=pk)


def _course(request, pk, **kwargs):
    return get_object_or_404(Course.objects.visible_to(request.user), pk=pk)


def _places():
    return Organisation.objects.filter(kind__in=POSTING_KINDS, is_active=True).order_by("kind", "name")


def _offices():
    return Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE, is_active=True).order_by("name")


# -- the list ------------------------------------------------------------------------------------------------------

@permission_required("secondments.view_secondments")
def index(request):
    user = request.user
    form = FilterForm(request.GET or None, places=_places())
    rows = queries.secondments(user)
    if form.is_valid():
        data = form.cleaned_data
        rows = queries.filtered(rows, status=data["status"], organisation=data["organisation"], query=data["q"])
    rows = list(rows[:500])
    today = timezone.localdate()
    return render(request, "secondments/index.html", {
        "form": form, "rows": rows, "today": today,
        "ending": {s.pk for s in rows if s.status == "serving" and (s.ends_on - today).days <= 90},
        "can_add": user.has_perm("secondments.add_secondment"),
        "can_import": user.has_perm("secondments.import_tests"),
        "homes": working_orgs(user, HOME_KINDS)})


@permission_required("secondments.view_secondments")
def training(request):
    """Language training hours per person (a chart with its table), over the people the person may see."""
    rows = list(queries.secondments(request.user).filter(status__in=("serving", "completed", "ended_early"))[:300])
    by_language = (queries.secondments(request.user).values("language_trainings__language")
                   .annotate(hours=Sum("language_trainings__hours")).order_by("-hours"))
    labels = dict(Language.choices)
    languages = bars([(str(labels.get(r["language_trainings__language"], "—")), r["hours"])
                              for r in by_language if r["language_trainings__language"] and r["hours"]])
    return render(request, "secondments/training.html", {
        "bars": queries.hours_bars(rows), "languages": languages, "rows": rows})


# -- a secondment --------------------------------------------------------------------------------------------------

def _people():
    return (User.objects.filter(is_active=True, memberships__ended_at__isnull=True,
                                memberships__role__in=WORKING_ROLES,
                                memberships__organisation__kind__in=POSTING_KINDS)
            .distinct().order_by("full_name_kana", "full_name", "email"))


@permission_required("secondments.add_secondment")
def secondment_new(request):
    today = timezone.localdate()
    initial = {"starts_on": today.replace(month=4, day=1) if today.month >= 4 else today.replace(
        year=today.year - 1, month=4, day=1)}
    initial["ends_on"] = initial["starts_on"].replace(year=initial["starts_on"].year + USUAL_YEARS, month=3, day=31)
    form = SecondmentForm(request.POST or None, initial=initial, people=_people(), places=_places(),
                          governments=Organisation.objects.filter(kind__in=HOME_KINDS, is_active=True)
                          .order_by("code"))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("person", "home_government", "starts_on", "ends_on",
                                                  "home_division", "note")}
        try:
            secondment = services.create_secondment(by=request.user, posting=form.posting(), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The secondment is recorded as planned."))
            return redirect(secondment)
    return _form_page(request, form, _("New secondment"), reverse("secondments:index"),
                      intro=_("Secondments usually last two years, from April. Record the arrival once the person "
                              "has started."))


@permission_required("secondments.manage_secondment", get_object=_secondment)
def secondment_edit(request, pk, obj):
    form = SecondmentForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_secondment(by=request.user, secondment=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, str(obj), obj.get_absolute_url())


PREFETCH = (Prefetch("postings", queryset=Posting.objects.select_related("organisation")), "language_trainings",
            "language_tests", Prefetch("field_trainings", queryset=FieldTraining.objects.select_related(
                "host_office")), "ojt_records")


def record_of(secondment, user) -> dict:
    """What a secondment's page and the home government's page show of one person (prefetched with PREFETCH):
    the postings, training records; the tests and assessments only for those who may see them."""
    assessments = user.has_perm("secondments.view_assessments", secondment)
    trainings = list(secondment.language_trainings.all())
    return {
        "s": secondment,
        "postings": list(secondment.postings.all()),
        "trainings": trainings,
        "hours": sum((t.hours for t in trainings), 0),
        "tests": list(secondment.language_tests.all()) if assessments else None,
        "fields": list(secondment.field_trainings.all()),
        "ojts": list(secondment.ojt_records.all()),
        "assessments": assessments,
    }


STEPS = {
    "start": (lambda by, s, form: services.start_secondment(by=by, secondment=s, started_on=form["day"]),
              gettext_lazy("The arrival is recorded: the secondment has begun.")),
    "complete": (lambda by, s, form: services.complete_secondment(by=by, secondment=s, ended_on=form["day"]),
                 gettext_lazy("The secondment is recorded as completed.")),
    "end_early": (lambda by, s, form: services.end_secondment_early(by=by, secondment=s, ended_on=form["day"],
                                                                    reason=form["reason"]),
                  gettext_lazy("The secondment is recorded as ended early.")),
}


@permission_required("secondments.view_secondment", get_object=_secondment)
def secondment(request, pk, obj):
    user = request.user
    prefetch_related_objects([obj], *PREFETCH)
    curriculum = queries.curriculum([obj])
    return render(request, "secondments/secondment.html", {
        **record_of(obj, user), "courses": list(zip(curriculum.courses, curriculum.rows[0][1], strict=True)),
        "actions": [t for t in obj.transitions.available(obj, user) if t.action in STEPS],
        "step_form": StepForm(initial={"day": timezone.localdate()}),
        "can_manage": user.has_perm("secondments.manage_secondment", obj),
        "can_keep": user.has_perm("secondments.keep_records", obj),
        "is_self": obj.person_id == user.pk})


@require_POST
@permission_required("secondments.manage_secondment", get_object=_secondment)
def secondment_step(request, pk, action, obj):
    if action not in STEPS:
        raise Http404
    form = StepForm(request.POST)
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    step, success = STEPS[action]
    return run_and_return(request, obj, lambda: step(request.user, obj, form.cleaned_data), success)


# -- postings ------------------------------------------------------------------------------------------------------

@permission_required("secondments.manage_secondment", get_object=_secondment)
def posting_new(request, pk, obj):
    current = services.current_posting(list(obj.postings.all()))
    initial = {"starts_on": max(obj.starts_on, timezone.localdate()) if current else obj.starts_on}
    form = PostingForm(request.POST or None, places=_places(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_posting(by=request.user, secondment=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The posting is recorded."))
            return redirect(obj)
    return _form_page(request, form, _("New posting: %(person)s") % {"person": obj.person},
                      obj.get_absolute_url(),
                      intro=_("The posting still open ends the day before the new one begins."))


@permission_required("secondments.manage_secondment", get_object=_posting)
def posting_edit(request, pk, obj):
    posting = obj.postings.get(pk=pk)
    form = PostingForm(request.POST or None, instance=posting, places=_places())
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_posting(by=request.user, posting=posting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, _("Edit the posting"), obj.get_absolute_url())


@require_POST
@permission_required("secondments.manage_secondment", get_object=_posting)
def posting_delete(request, pk, obj):
    posting = obj.postings.get(pk=pk)
    return run_and_return(request, obj, lambda: services.remove_posting(by=request.user, posting=posting),
                          _("The posting is removed."))


# -- training records ------------------------------------------------------------------------------------------------

TITLES = {"training": gettext_lazy("Language training"), "test": gettext_lazy("Language test result"),
          "field": gettext_lazy("Field training abroad"), "ojt": gettext_lazy("On-the-job training record")}


def _record_form(kind, data, instance=None):
    if kind not in RECORD_FORMS:
        raise Http404
    extra = {"offices": _offices()} if kind == "field" else {}
    return RECORD_FORMS[kind](data, instance=instance, **extra)


@permission_required("secondments.keep_records", get_object=_secondment)
def record_new(request, pk, kind, obj):
    form = _record_form(kind, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_record(by=request.user, kind=kind, secondment=obj, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The record is saved."))
            return redirect(obj)
    return _form_page(request, form, f"{TITLES[kind]}: {obj.person}", obj.get_absolute_url())


def _record(obj, kind, record):
    if kind not in services.RECORDS:
        raise Http404
    model = services.RECORDS[kind][0]
    return get_object_or_404(model, pk=record, secondment=obj)


@permission_required("secondments.keep_records", get_object=_secondment)
def record_edit(request, pk, kind, record, obj):
    found = _record(obj, kind, record)
    form = _record_form(kind, request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_record(by=request.user, kind=kind, record=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(obj)
    return _form_page(request, form, f"{TITLES[kind]}: {obj.person}", obj.get_absolute_url())


@require_POST
@permission_required("secondments.keep_records", get_object=_secondment)
def record_delete(request, pk, kind, record, obj):
    found = _record(obj, kind, record)
    return run_and_return(request, obj, lambda: services.delete_record(by=request.user, record=found),
                          _("The record is removed."))


@permission_required("secondments.write_report", get_object=_field_training)
def report(request, pk, obj):
    form = ReportForm(request.POST or None, initial={"report": obj.report})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_report(by=request.user, training=obj, report=form.cleaned_data["report"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is saved."))
            return redirect(obj.secondment)
    return _form_page(request, form, _("Report: %(theme)s") % {"theme": obj.theme},
                      obj.secondment.get_absolute_url(),
                      intro=_("What you saw and learnt in %(place)s, and what your local government could take "
                              "from it.") % {"place": obj.place})


# -- a home government's people --------------------------------------------------------------------------------------

@permission_required("secondments.view_home_people", get_object=_home)
def home_government(request, pk, obj):
    user = request.user
    rows = list(queries.secondments(user).filter(home_government=obj).prefetch_related(*PREFETCH))
    people = [record_of(s, user) for s in rows]
    return render(request, "secondments/home_government.html", {
        "government": obj, "current": [p for p in people if p["s"].status in ("planned", "serving")],
        "past": [p for p in people if p["s"].status not in ("planned", "serving")],
        "curriculum": queries.curriculum(rows)})


# -- the curriculum ------------------------------------------------------------------------------------------------

@permission_required("secondments.view_curriculum")
def curriculum(request):
    rows = queries.secondments(request.user).filter(status__in=("serving", "planned"))
    if request.GET.get("all") == "1":
        rows = queries.secondments(request.user)
    return render(request, "secondments/curriculum.html", {
        "curriculum": queries.curriculum(rows[:300], Course.objects.visible_to(request.user).filter(
            is_active=True)),
        "all": request.GET.get("all") == "1",
        "can_manage": request.user.has_perm("secondments.manage_courses")})


@permission_required("secondments.manage_courses")
def courses(request):
    rows = Course.objects.visible_to(request.user).prefetch_related("events")
    return render(request, "secondments/courses.html", {"courses": rows})


def _course_events():
    return Event.objects.filter(kind__in=("training", "seminar")).order_by("-starts_at")[:200]


@permission_required("secondments.manage_courses")
def course_new(request):
    form = CourseForm(request.POST or None, events=Event.objects.filter(
        pk__in=[e.pk for e in _course_events()]).order_by("-starts_at"))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "events"}
        try:
            services.save_course(by=request.user, events=form.cleaned_data["events"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The course is added to the curriculum."))
            return redirect("secondments:courses")
    return _form_page(request, form, _("New curriculum course"), reverse("secondments:courses"))


@permission_required("secondments.manage_courses", get_object=_course)
def course_edit(request, pk, obj):
    form = CourseForm(request.POST or None, instance=obj, events=Event.objects.filter(
        pk__in=[e.pk for e in _course_events()] + list(obj.events.values_list("pk", flat=True))).order_by(
        "-starts_at"))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "events"}
        try:
            services.save_course(by=request.user, course=obj, events=form.cleaned_data["events"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("secondments:courses")
    return _form_page(request, form, str(obj), reverse("secondments:courses"))


# -- import ----------------------------------------------------------------------------------------------------------

@permission_required("secondments.import_tests")
def test_import(request):
    """Language-test results from a spreadsheet: all or nothing, row by row."""
    form = TestImportForm(request.POST or None, request.FILES or None)
    return import_page(request, form, "secondments/import.html", lambda content, filename: importing.import_tests(
        by=request.user, content=content, filename=filename))
