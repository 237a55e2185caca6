"""The job board and mentoring: postings by companies, local governments and chapters, open until they expire
or their poster closes them; alumni who offer to mentor participants, and the participants' requests.

A posting says where to apply (a link or an address): applications go to the poster, not through Kizuna. A
mentor's email is shared with the participant, and the participant's with the mentor, only once the mentor
accepts."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from .enums import LIVE_MENTORING, AlumnusStatus
from .models import Alumnus, JobPosting, Mentor, MentoringRequest
from .rules import participant_record

# Jobs -----------------------------------------------------------------------------------------------------

JOB_FIELDS = ("kind", "title", "description", "place", "apply_url", "contact_email", "expires_on")


def _check_job(job: JobPosting) -> None:
    problems = {}
    if not job.apply_url and not job.contact_email:
        problems["apply_url"] = _("Say where to apply: a link, an email address, or both.")
    if job.expires_on and job.expires_on < timezone.localdate():
        problems["expires_on"] = _("The posting would already be closed: choose a later date.")
    if job.expires_on and job.expires_on > timezone.localdate() + timedelta(days=366):
        problems["expires_on"] = _("A posting stays open for a year at most.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def post_job(*, by, organisation, **fields) -> JobPosting:
    """A posting of `organisation`, one the person posts for (its staff; a chapter's officers)."""
    unknown = set(fields) - set(JOB_FIELDS)
    if unknown:
        raise TypeError(f"post_job cannot set {sorted(unknown)}")
    require(by, "alumni.post_job")
    job = JobPosting(organisation=organisation, created_by=by, **fields)
    if not by.has_perm("alumni.manage_job", job):
        raise ValidationError({"organisation": _("Choose an organisation you post for.")})
    job.full_clean(validate_constraints=False)
    _check_job(job)
    return create_logged(JobPosting, "alumni.jobposting.create", by=by, organisation=organisation, created_by=by,
                         **fields)


def close_job(*, by, job: JobPosting) -> JobPosting:
    return transition(job, "close", by=by)


# Mentoring ------------------------------------------------------------------------------------------------

@transaction.atomic
def offer_mentoring(*, by, topics: str, languages: str, is_available: bool = True) -> Mentor:
    """The alumnus offers (or changes their offer) to mentor participants."""
    require(by, "alumni.offer_mentoring")
    alumnus = Alumnus.objects.filter(person=by, status=AlumnusStatus.LISTED).first()
    if alumnus is None:
        raise ValidationError(_("Mentors are alumni in the network: join it first."), code="not_alumnus")
    mentor = Mentor.objects.select_for_update().filter(alumnus=alumnus).first()
    values = {"topics": (topics or "").strip(), "languages": (languages or "").strip(), "is_available": is_available}
    candidate = mentor or Mentor(alumnus=alumnus)
    for name, value in values.items():
        setattr(candidate, name, value)
    candidate.full_clean(validate_unique=False)
    if mentor is None:
        return create_logged(Mentor, "alumni.mentor.create", by=by, alumnus=alumnus, **values)
    save_logged(candidate, "alumni.mentor.update", by=by, fields=list(values))
    return candidate


MAX_MESSAGE = 2000


@transaction.atomic
def ask_mentor(*, by, mentor: Mentor, message: str) -> MentoringRequest:
    """A participant in the programme asks a mentor; the mentor is told by mail (the participant's email is
    shared only when they accept)."""
    # locked alone: PostgreSQL locks no row of a LEFT JOIN's nullable side (the alumnus's account)
    mentor = Mentor.objects.select_for_update(of=("self",)).select_related("alumnus__person").get(pk=mentor.pk)
    require(by, "alumni.ask_mentor", mentor)
    message = (message or "").strip()
    if not message or len(message) > MAX_MESSAGE:
        raise ValidationError({"message": _("Write a few lines, at most %(n)s characters.") % {"n": MAX_MESSAGE}})
    participant = participant_record(by)
    if MentoringRequest.objects.filter(mentor=mentor, participant=participant, status__in=LIVE_MENTORING).exists():
        raise ValidationError(_("You have already asked this mentor."), code="already")
    request = create_logged(MentoringRequest, "alumni.mentoringrequest.create", by=by, mentor=mentor,
                            participant=participant, message=message)
    _tell(mentor.alumnus, "alumni/mail/mentoring_asked", {"request": request})
    return request


def _tell(alumnus_or_participant, template: str, context: dict) -> None:
    email = alumnus_or_participant.email
    if email:
        person = alumnus_or_participant.person
        language = getattr(person, "preferred_language", "") or "en"
        queue_mail(to=email, template=template, language=language,
                   context={**context, "path": reverse("alumni:mentoring")})


def answer_mentoring(*, by, request: MentoringRequest, accept: bool) -> MentoringRequest:
    request = transition(request, "accept" if accept else "decline", by=by, answered_at=timezone.now())
    _tell(request.participant, "alumni/mail/mentoring_answered", {"request": request, "accepted": accept})
    return request


def withdraw_mentoring(*, by, request: MentoringRequest) -> MentoringRequest:
    return transition(request, "withdraw", by=by)


def end_mentoring(*, by, request: MentoringRequest) -> MentoringRequest:
    return transition(request, "end", by=by)
