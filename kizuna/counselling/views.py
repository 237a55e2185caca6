"""Pages of counselling: the participant's cases and the way to ask; the counsellors' queue, their cases, notes
and free slots; the supervisor's access log; headquarters' statistics without content."""

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kizuna.core.actions import back_with_form_errors, flash_errors, run_and_return
from kizuna.core.audit import read_accesses
from kizuna.core.downloads import file_response, named
from kizuna.core.enums import Role
from kizuna.core.fiscal import current_fiscal_year
from kizuna.core.forms import add_service_errors
from kizuna.core.models import User
from kizuna.core.permissions import permission_required

from . import queries, services
from .calendar import session_ics
from .enums import Risk
from .forms import (
    AllowanceForm,
    AskForm,
    AssignForm,
    BookForm,
    ClassifyForm,
    EscalateForm,
    MessageForm,
    NoteForm,
    ReferForm,
    SlotForm,
)
from .models import Attachment, Case, Session, Slot
from .rules import is_active_participant

ACCESS_PAGE = 100
CASES_PAGE = 50  # each list of the counsellors' page: the queue, their cases, the cases at high risk


def _case(request, pk, **kwargs):
    return get_object_or_404(Case.objects.visible_to(request.user).select_related("participant__person"), pk=pk)


def _session(request, pk, **kwargs):
    return get_object_or_404(Session.objects.visible_to(request.user)
                             .select_related("case__participant__person", "slot__counsellor"), pk=pk)


def _slot(request, pk, **kwargs):
    return get_object_or_404(Slot.objects.visible_to(request.user), pk=pk)


def _counsellors():
    return User.objects.filter(memberships__role=Role.COUNSELLOR, memberships__ended_at__isnull=True,
                               is_active=True).distinct().order_by("full_name", "pk")


def _paged(request, rows, param: str, *, count: int) -> dict:
    """One list of the index, CASES_PAGE rows at a time, paged by its own parameter (`?queue=2`) so that the
    lists of the page turn apart; the links keep the other lists' pages. `count`: the whole list's length,
    counted with the other lists' (`queries.list_counts`)."""
    paginator = Paginator(rows, CASES_PAGE)
    paginator.count = count  # a cached property: set, the paginator does not count again
    page = paginator.get_page(request.GET.get(param))

    def link(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}#{param}"

    return {"page": page, "rows": page.object_list, "count": page.paginator.count, "param": param,
            "previous": link(page.previous_page_number()) if page.has_previous() else "",
            "next": link(page.next_page_number()) if page.has_next() else ""}


@permission_required("counselling.view_own_cases")
def index(request):
    """One page for every side: the participant's cases, the counsellor's queue and cases, the supervisor's.
    The counsellors' lists are paged, each with the count of the whole list above it."""
    user = request.user
    context = {"may_ask": user.has_perm("counselling.ask"), "own": queries.own_cases(user),
               "may_queue": user.has_perm("counselling.view_queue"),
               "may_review": user.has_perm("counselling.review_access_log"),
               "may_see_statistics": user.has_perm("counselling.view_statistics"),
               "may_manage_slots": user.has_perm("counselling.manage_slots"),
               "may_set_allowance": user.has_perm("counselling.set_allowance")}
    if context["may_queue"]:
        counts = queries.list_counts(user, with_urgent=context["may_review"])
        context.update(waiting=_paged(request, queries.waiting(user), "queue", count=counts["waiting"]),
                       mine=_paged(request, queries.on_my_cases(user), "mine", count=counts["mine"]),
                       mine_awaiting=counts["awaiting"],
                       urgent=_paged(request, queries.urgent(user), "urgent", count=counts["urgent"])
                       if context["may_review"] else None)
    if is_active_participant(user):
        year = current_fiscal_year()
        participant = user.jet_participant
        context.update(year=year, allowed=services.allowance(year),
                       used=services.sessions_used(participant, year))
    return render(request, "counselling/index.html", context)


@permission_required("counselling.ask")
@require_http_methods(["GET", "POST"])
def ask(request):
    form = AskForm(request.POST or None, initial={"language": "ja" if request.LANGUAGE_CODE == "ja" else "en"})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.ask(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message is sent. A counsellor will answer here; we will mail you "
                                        "when they do (the mail does not contain the message)."))
            return redirect(case)
    return render(request, "counselling/ask.html", {"form": form}, status=400 if form.errors else 200)


@permission_required("counselling.view_case", get_object=_case)
def case(request, pk, obj):
    user = request.user
    reads = user.has_perm("counselling.read_case", obj)
    notes = user.has_perm("counselling.read_notes", obj)
    if reads:
        services.opened_by(by=user, case=obj)
    works = user.has_perm("counselling.work_case", obj)
    context = {
        "case": obj, "reads": reads, "reads_notes": notes, "works": works,
        "messages_": obj.messages.select_related("author").prefetch_related(
            Prefetch("attachments", Attachment.objects.defer("content"))) if reads else None,
        "notes": obj.notes.select_related("author") if notes else None,
        "counsellors": [a.counsellor for a in obj.assignments.select_related("counsellor")] if reads else [],
        "sessions": obj.sessions.select_related("slot__counsellor") if reads else None,
        "escalations": obj.escalations.select_related("taken_by") if notes else None,
        "may_write": user.has_perm("counselling.write_message", obj),
        "may_take": user.has_perm("counselling.take_case", obj),
        "may_assign": user.has_perm("counselling.assign_counsellor", obj),
        "may_escalate": user.has_perm("counselling.escalate", obj),
        "may_book": user.has_perm("counselling.book_session", obj),
        "accesses": read_accesses(obj).order_by("-timestamp")[:50]
        if (obj.participant.person_id == user.pk or user.has_perm("counselling.review_access", obj)) else None,
        "actions": {t.action for t in Case.transitions.available(obj, user)},
        "message_form": MessageForm(), "note_form": NoteForm(),
        "classify_form": ClassifyForm(initial={"topic": obj.topic, "risk": obj.risk}),
        "refer_form": ReferForm(), "escalate_form": EscalateForm(),
        "assign_form": AssignForm(counsellors=_counsellors().exclude(pk__in=obj.assignments.values("counsellor"))),
        "is_participant": obj.participant.person_id == user.pk, "high": obj.risk == Risk.HIGH,
    }
    return render(request, "counselling/case.html", context)


def _small_form(request, obj, form, call, success):
    """A button's small form on the case page: its service step, then back to the case."""
    if not form.is_valid():
        return back_with_form_errors(request, obj, form)
    return run_and_return(request, obj, lambda: call(form.cleaned_data), success)


@permission_required("counselling.write_message", get_object=_case)
@require_POST
def write(request, pk, obj):
    return _small_form(request, obj, MessageForm(request.POST, request.FILES),
                       lambda data: services.write(by=request.user, case=obj, body=data["body"],
                                                   attachment=data.get("attachment")),
                       _("The message is sent."))


def _attachment(request, pk, **kwargs):
    return get_object_or_404(Attachment.objects.visible_to(request.user).select_related("message__case"), pk=pk)


@permission_required("counselling.view_attachment", get_object=_attachment)
def attachment(request, pk, obj):
    """The file, opened from its seal; the read is logged on its case like any other read."""
    services.opened_by(by=request.user, case=obj.message.case)
    response = HttpResponse(obj.content, content_type=obj.content_type)
    named(response, obj.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("counselling.take_case", get_object=_case)
@require_POST
def take(request, pk, obj):
    return run_and_return(request, obj, lambda: services.take(by=request.user, case=obj),
                          _("You are on the case; the participant is told."))


@permission_required("counselling.work_case", get_object=_case)
@require_POST
def note(request, pk, obj):
    return _small_form(request, obj, NoteForm(request.POST),
                       lambda data: services.add_note(by=request.user, case=obj, body=data["body"]),
                       _("The note is kept."))


@permission_required("counselling.work_case", get_object=_case)
@require_POST
def classify(request, pk, obj):
    return _small_form(request, obj, ClassifyForm(request.POST),
                       lambda data: services.classify(by=request.user, case=obj, **data),
                       _("The topic and the risk level are recorded."))


@permission_required("counselling.work_case", get_object=_case)
@require_POST
def refer(request, pk, obj):
    return _small_form(request, obj, ReferForm(request.POST),
                       lambda data: services.refer(by=request.user, case=obj, clinic=data["clinic"]),
                       _("The referral is recorded."))


@permission_required("counselling.work_case", get_object=_case)
@require_POST
def close(request, pk, obj):
    return run_and_return(request, obj, lambda: services.close(by=request.user, case=obj), _("The case is closed."))


@permission_required("counselling.work_case", get_object=_case)
@require_POST
def reopen(request, pk, obj):
    return run_and_return(request, obj, lambda: services.reopen(by=request.user, case=obj),
                          _("The case is open again."))


@permission_required("counselling.assign_counsellor", get_object=_case)
@require_POST
def assign(request, pk, obj):
    return _small_form(request, obj, AssignForm(request.POST, counsellors=_counsellors()),
                       lambda data: services.add_counsellor(by=request.user, case=obj, counsellor=data["counsellor"]),
                       _("The counsellor is on the case."))


@permission_required("counselling.escalate", get_object=_case)
@require_POST
def escalate(request, pk, obj):
    return _small_form(request, obj, EscalateForm(request.POST),
                       lambda data: services.escalate(by=request.user, case=obj, **data),
                       _("The step is logged."))


@permission_required("counselling.book_session", get_object=_case)
@require_http_methods(["GET", "POST"])
def book(request, pk, obj):
    slots = services.free_slots(obj)
    form = BookForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            services.book(by=request.user, case=obj, slot=form.cleaned_data["slot"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session is booked. Add it to your calendar from the case page."))
            return redirect(obj)
    year = current_fiscal_year()
    return render(request, "counselling/book.html", {
        "case": obj, "form": form, "has_slots": slots.exists(), "allowed": services.allowance(year),
        "used": services.sessions_used(obj.participant, year)}, status=400 if form.errors else 200)


@permission_required("counselling.cancel_session", get_object=_session)
@require_POST
def session_cancel(request, pk, obj):
    return run_and_return(request, obj.case, lambda: services.cancel_session(by=request.user, session=obj),
                          _("The session is cancelled."))


@permission_required("counselling.record_session", get_object=_session)
@require_POST
def session_record(request, pk, obj):
    held = request.POST.get("held") == "1"
    return run_and_return(request, obj.case, lambda: services.record_session(by=request.user, session=obj, held=held),
                          _("The session is recorded."))


@permission_required("counselling.view_session", get_object=_session)
def session_calendar(request, pk, obj):
    return file_response(session_ics(obj), "text/calendar; charset=utf-8", f"counselling-session-{obj.pk}.ics")


@permission_required("counselling.manage_slots")
@require_http_methods(["GET", "POST"])
def slots(request):
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_slot(by=request.user, starts_at=form.cleaned_data["starts_at"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The time is offered to the participants of your video cases."))
            return redirect("counselling:slots")
    rows = (Slot.objects.filter(counsellor=request.user, starts_at__gte=timezone.now())
            .prefetch_related("sessions").order_by("starts_at"))
    return render(request, "counselling/slots.html", {"form": form, "slots": rows},
                  status=400 if form.errors else 200)


@permission_required("counselling.remove_slot", get_object=_slot)
@require_POST
def slot_remove(request, pk, obj):
    try:
        services.remove_slot(by=request.user, slot=obj)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The time is no longer offered."))
    return redirect("counselling:slots")


@permission_required("counselling.review_access_log")
def access_log(request):
    """Every read of a case by someone other than its participant, newest first: the supervisor reviews it."""
    entries = (LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Case),
                                       action=LogEntry.Action.ACCESS)
               .select_related("actor").order_by("-timestamp", "-pk"))
    counsellor = request.GET.get("person", "")
    if counsellor.isdigit():
        entries = entries.filter(actor_id=int(counsellor))
    page = Paginator(entries, ACCESS_PAGE).get_page(request.GET.get("page"))
    return render(request, "counselling/access_log.html", {"page": page, "people": _counsellors(),
                                                           "person": counsellor})


@permission_required("counselling.view_statistics")
def statistics(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else current_fiscal_year()
    return render(request, "counselling/statistics.html", {"year": year, "stats": queries.labelled_statistics(year)})


@permission_required("counselling.set_allowance")
@require_http_methods(["GET", "POST"])
def allowance(request):
    year = current_fiscal_year()
    form = AllowanceForm(request.POST or None,
                         initial={"fiscal_year": year, "video_sessions": services.allowance(year)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_allowance(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The limit of video sessions is saved."))
            return redirect(reverse("counselling:index"))
    return render(request, "core/form.html", {"form": form, "title": _("Video sessions a year"),
                                              "back": reverse("counselling:index")},
                  status=400 if form.errors else 200)

