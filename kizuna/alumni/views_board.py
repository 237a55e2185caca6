"""The job board and mentoring pages: open postings, posting one, a posting; the mentors, offering to mentor,
asking a mentor, and each side's requests with the steps they may take."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import run_and_return
from kizuna.core.enums import OrgKind, Role
from kizuna.core.forms import add_service_errors
from kizuna.core.models import Organisation
from kizuna.core.permissions import permission_required
from kizuna.core.rules import is_hq_staff, memberships_of, working_orgs

from . import board
from .enums import LIVE_MENTORING, AlumnusStatus, JobStatus
from .forms import AskMentorForm, JobForm, MentorForm
from .models import JobPosting, Mentor, MentoringRequest
from .rules import POSTING_KINDS, own_alumnus, participant_record

PAGE = 50


def _job(request, pk, **kwargs):
    return get_object_or_404(JobPosting.objects.visible_to(request.user).select_related("organisation"), pk=pk)


def _posting_orgs(user):
    """The organisations the person posts for: their company or local government, the chapters they are an
    officer of; headquarters for any of them."""
    if is_hq_staff(user):
        return Organisation.objects.filter(kind__in=[*POSTING_KINDS, OrgKind.JETAA_CHAPTER]).order_by("kind", "name")
    ids = [o.pk for o in working_orgs(user, POSTING_KINDS)]
    ids += [m.organisation_id for m in memberships_of(user) if m.role == Role.CHAPTER_OFFICER]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


@permission_required("alumni.view_jobs")
def jobs(request):
    user = request.user
    mine = request.GET.get("mine") == "1" and user.has_perm("alumni.post_job")
    qs = JobPosting.objects.visible_to(user).select_related("organisation")
    if mine:
        qs = qs.filter(organisation__in=list(_posting_orgs(user).values_list("pk", flat=True))).order_by("-created_at")
    else:
        qs = qs.filter(status=JobStatus.OPEN, expires_on__gte=timezone.localdate()).order_by("expires_on", "pk")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "alumni/jobs.html", {"page": page, "mine": mine,
                                                "may_post": user.has_perm("alumni.post_job")})


@permission_required("alumni.post_job")
def job_create(request):
    form = JobForm(request.POST or None, organisations=_posting_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        try:
            job = board.post_job(by=request.user, organisation=form.cleaned_data["organisation"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The posting is open until %(date)s.") % {
                "date": date_format(job.expires_on, "DATE_FORMAT")})
            return redirect(job)
    return render(request, "core/form.html", {"form": form, "title": _("Post a job or an internship"),
                                              "back": "alumni:jobs"},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("alumni.view_job", get_object=_job)
def job(request, pk, obj):
    return render(request, "alumni/job.html", {
        "job": obj, "expired": obj.expires_on < timezone.localdate(),
        "actions": obj.transitions.available(obj, request.user)})


@require_POST
@permission_required("alumni.manage_job", get_object=_job)
def job_close(request, pk, obj):
    return run_and_return(request, obj, lambda: board.close_job(by=request.user, job=obj),
                          _("The posting is closed."))


@permission_required("alumni.view_mentors")
def mentors(request):
    rows = (Mentor.objects.visible_to(request.user).filter(is_available=True, alumnus__status=AlumnusStatus.LISTED)
            .select_related("alumnus").order_by("alumnus__search_name", "pk"))
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    record = own_alumnus(request.user)
    return render(request, "alumni/mentors.html", {
        "page": page, "is_participant": participant_record(request.user) is not None,
        "may_offer": request.user.has_perm("alumni.offer_mentoring"),
        "is_mentor": record is not None and Mentor.objects.filter(alumnus=record).exists()})


@permission_required("alumni.offer_mentoring")
def mentor_offer(request):
    record = own_alumnus(request.user)
    instance = Mentor.objects.filter(alumnus=record).first()
    form = MentorForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            board.offer_mentoring(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your offer to mentor is saved."))
            return redirect("alumni:mentors")
    return render(request, "core/form.html", {"form": form, "title": _("Offer to mentor participants"),
                                              "back": "alumni:mentors"},
                  status=400 if form.is_bound and form.errors else 200)


def _mentor(request, pk, **kwargs):
    return get_object_or_404(Mentor.objects.visible_to(request.user).select_related("alumnus"), pk=pk)


@permission_required("alumni.ask_mentor", get_object=_mentor)
def mentor_ask(request, pk, obj):
    form = AskMentorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            board.ask_mentor(by=request.user, mentor=obj, message=form.cleaned_data["message"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request is sent; the mentor answers you by mail."))
            return redirect("alumni:mentoring")
    return render(request, "alumni/mentor_ask.html", {"mentor": obj, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@permission_required("alumni.view_own_mentoring")
def mentoring(request):
    """Each side's requests: those the person made as a participant, and those made to them as a mentor."""
    user = request.user
    visible = MentoringRequest.objects.visible_to(user).select_related("mentor__alumnus", "participant")
    record = own_alumnus(user)
    participant = participant_record(user)
    return render(request, "alumni/mentoring.html", {
        "asked": list(visible.filter(participant__person=user)) if participant or not record else [],
        "to_me": list(visible.filter(mentor__alumnus=record)) if record else [],
        "live": LIVE_MENTORING})


def _request(request, pk, **kwargs):
    return get_object_or_404(MentoringRequest.objects.visible_to(request.user), pk=pk)


@require_POST
@permission_required("alumni.answer_mentoring", get_object=_request)
def mentoring_answer(request, pk, action, obj):
    """The mentor accepts (the participant is mailed their address) or declines."""
    if action not in ("accept", "decline"):
        raise Http404
    accept = action == "accept"
    return run_and_return(request, obj, lambda: board.answer_mentoring(by=request.user, request=obj, accept=accept),
                 _("Accepted: the participant is told by mail, with your email address.") if accept
                 else _("Declined: the participant is told by mail."))


@require_POST
@permission_required("alumni.withdraw_mentoring", get_object=_request)
def mentoring_withdraw(request, pk, obj):
    return run_and_return(request, obj, lambda: board.withdraw_mentoring(by=request.user, request=obj),
                 _("Your request is withdrawn."))


@require_POST
@permission_required("alumni.end_mentoring", get_object=_request)
def mentoring_end(request, pk, obj):
    return run_and_return(request, obj, lambda: board.end_mentoring(by=request.user, request=obj),
                 _("The mentoring has ended."))
