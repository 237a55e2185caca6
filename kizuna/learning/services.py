"""Every write of the courses and the participants' learning, logged; enrolments through their transition table.

E-learning (BOATS for JET) is assigned: a participant arriving is enrolled in every published e-learning course
for their position (`enrol_on_arrival`, an effect of the JET arrival step), and headquarters can enrol every new
arrival at once. The Japanese correspondence course and the translation and interpreting course are asked for by
the participant and approved by headquarters. A course is completed when every module is read and, when it has a
quiz, an attempt reaches the pass mark; when the attempts run out first, the enrolment ends as not passed.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, create_logged, delete_logged, log_action, save_logged, unlogged, update_logged
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.workflow import transition
from kizuna.jet.enums import ACTIVE, PARTICIPANT_TRANSITIONS
from kizuna.jet.models import Participant

from .enums import COURSE_TRANSITIONS, ENROLMENT_TRANSITIONS, OPEN, STUDYING, CourseKind, CourseStatus, EnrolmentStatus
from .models import Choice, Course, Enrolment, Module, ModuleProgress, Question, QuizAttempt

COURSE_FIELDS = ("kind", "level", "title_ja", "title_en", "description_ja", "description_en", "position",
                 "new_arrivals_only", "due_days_after_arrival", "access_days", "pass_mark", "max_attempts")
MODULE_FIELDS = ("title_ja", "title_en", "content_ja", "content_en")
REMIND_WITHIN = timedelta(days=7)  # enrolments due this soon (or overdue) are reminded, once a week
MIN_CHOICES = 2


# -- courses ---------------------------------------------------------------------------------------------------

@transaction.atomic
def create_course(*, by, data: dict) -> Course:
    require(by, "learning.manage_courses")
    course = Course(**{k: data[k] for k in COURSE_FIELDS if k in data}, created_by=by)
    course.full_clean()
    save_logged(course, "learning.course.create", by=by)
    return course


@transaction.atomic
def update_course(*, by, course: Course, data: dict) -> Course:
    require(by, "learning.edit_course", course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    changed = [k for k in COURSE_FIELDS if k in data and getattr(course, k) != data[k]]
    for name in changed:
        setattr(course, name, data[name])
    course.full_clean()
    if changed:
        save_logged(course, "learning.course.update", by=by, fields=changed)
    return course


@COURSE_TRANSITIONS.guard("has_content")
def _has_content(course, *, by, **changes) -> None:
    if not course.modules.exists():
        raise ValidationError(_("Add at least one module before publishing the course."), code="no_modules")


def publish_course(*, by, course: Course) -> Course:
    return transition(course, "publish", by=by)


def archive_course(*, by, course: Course) -> Course:
    return transition(course, "archive", by=by)


@transaction.atomic
def add_module(*, by, course: Course, data: dict) -> Module:
    require(by, "learning.edit_course", course)
    Course.objects.select_for_update().get(pk=course.pk)  # numbers are given one at a time
    number = (course.modules.aggregate(n=Max("number"))["n"] or 0) + 1
    module = Module(course=course, number=number, **{k: data[k].strip() for k in MODULE_FIELDS})
    module.full_clean()
    save_logged(module, "learning.module.create", by=by)
    return module


@transaction.atomic
def update_module(*, by, module: Module, data: dict) -> Module:
    require(by, "learning.edit_course", module.course)
    module = Module.objects.select_for_update().get(pk=module.pk)
    changed = [k for k in MODULE_FIELDS if k in data and getattr(module, k) != data[k].strip()]
    for name in changed:
        setattr(module, name, data[name].strip())
    module.full_clean()
    if changed:
        save_logged(module, "learning.module.update", by=by, fields=changed)
    return module


@transaction.atomic
def add_question(*, by, course: Course, text_ja: str, text_en: str, choices: list[tuple[str, str]],
                 correct: int) -> Question:
    """A quiz question with its choices (Japanese, English); `correct` is the index of the right one."""
    require(by, "learning.edit_course", course)
    given = [(i, ja.strip(), en.strip()) for i, (ja, en) in enumerate(choices) if ja.strip() or en.strip()]
    if len(given) < MIN_CHOICES:
        raise ValidationError({"correct": _("Give at least two choices.")}, code="few_choices")
    if any(not ja or not en for _i, ja, en in given):
        raise ValidationError({"correct": _("Give each choice in Japanese and in English.")}, code="one_language")
    if correct not in {i for i, _ja, _en in given}:
        raise ValidationError({"correct": _("The right answer must be one of the choices given.")},
                              code="no_answer")
    Course.objects.select_for_update().get(pk=course.pk)
    number = (course.questions.aggregate(n=Max("number"))["n"] or 0) + 1
    question = Question(course=course, number=number, text_ja=text_ja.strip(), text_en=text_en.strip())
    question.full_clean()
    save_logged(question, "learning.question.create", by=by)
    for index, ja, en in given:
        create_logged(Choice, "learning.choice.create", by=by, question=question, text_ja=ja, text_en=en,
                      is_correct=index == correct)
    return question


# -- the order of modules and questions ------------------------------------------------------------------------

def _renumber(part, number: int, *, by) -> None:
    """Give a module or question another place, logged as its move."""
    old, part.number = part.number, number
    part.save(update_fields=["number"])
    log_action(part, f"learning.{part._meta.model_name}.move", by=by, changes={"number": [old, number]})


def _locked(part):
    """The part and its course locked: places in a course change one edit at a time."""
    Course.objects.select_for_update().get(pk=part.course_id)
    return type(part).objects.select_for_update().get(pk=part.pk)


@transaction.atomic
def move_part(*, by, part: Module | Question, up: bool):
    """Move a module (or a quiz question) one place up or down in its course: it and its neighbour swap
    places. The first cannot go up nor the last down: nothing changes."""
    require(by, "learning.edit_course", part.course)
    part = _locked(part)
    siblings = type(part).objects.filter(course_id=part.course_id)
    neighbour = (siblings.filter(number__lt=part.number).order_by("-number") if up
                 else siblings.filter(number__gt=part.number).order_by("number")).first()
    if neighbour is None:
        return part
    mine, theirs = part.number, neighbour.number
    with unlogged("the first half of a swap: both places are logged just below"):
        type(part).objects.filter(pk=part.pk).update(number=0)  # frees its place (numbers are unique)
    _renumber(neighbour, mine, by=by)
    _renumber(part, theirs, by=by)
    return part


@transaction.atomic
def remove_part(*, by, part: Module | Question) -> None:
    """Remove a module (or a quiz question) nobody has used yet; those after it move up a place. A module a
    participant has read, or a question of a quiz someone has taken, stays: it is part of their record."""
    require(by, "learning.edit_course", part.course)
    part = _locked(part)
    if isinstance(part, Module) and ModuleProgress.objects.filter(module=part).exists():
        raise ValidationError(_("Participants have read this module, so it stays in the course: edit it "
                                "instead."), code="in_use")
    if isinstance(part, Question) and QuizAttempt.objects.filter(enrolment__course_id=part.course_id).exists():
        raise ValidationError(_("Participants have taken this quiz, so its questions stay."), code="in_use")
    number, model = part.number, type(part)
    if isinstance(part, Question):
        for choice in part.choices.all():
            delete_logged(choice, "learning.choice.delete", by=by)
    delete_logged(part, f"learning.{model._meta.model_name}.delete", by=by)
    for later in model.objects.filter(course_id=part.course_id, number__gt=number).order_by("number"):
        _renumber(later, later.number - 1, by=by)


# -- enrolment -------------------------------------------------------------------------------------------------

def _dates(course: Course, participant: Participant, today) -> dict:
    """The due date counts from the participant's arrival; access from the day of enrolment."""
    due = (participant.arrived_on + timedelta(days=course.due_days_after_arrival)
           if course.due_days_after_arrival is not None and participant.arrived_on else None)
    access = today + timedelta(days=course.access_days) if course.access_days is not None else None
    return {"due_on": due, "access_until": access}


def fits(course: Course, participant: Participant) -> bool:
    """The participant is in the programme and of the course's audience (position, new arrivals)."""
    return (participant.status in ACTIVE and (not course.position or course.position == participant.position)
            and (not course.new_arrivals_only or participant.contract_year == 1))


def _enrol(course: Course, participant: Participant, *, by) -> Enrolment:
    now = timezone.now()
    return create_logged(Enrolment, "learning.enrolment.create", by=by, course=course, participant=participant,
                         status=EnrolmentStatus.ENROLLED, enrolled_at=now,
                         **_dates(course, participant, timezone.localdate()))


def _new_for(course: Course, participants):
    """The participants who fit the course and were never enrolled in it."""
    taken = set(course.enrolments.values_list("participant_id", flat=True))
    return [p for p in participants if p.pk not in taken and fits(course, p)]


@transaction.atomic
def enrol_new_arrivals(*, by, course: Course) -> int:
    """Headquarters enrols every participant in the programme who fits the e-learning course and is not in it."""
    require(by, "learning.enrol_arrivals", course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    found = _new_for(course, Participant.objects.filter(status__in=ACTIVE))
    for participant in found:
        _enrol(course, participant, by=by)
    return len(found)


@PARTICIPANT_TRANSITIONS.effect("arrive")
def enrol_on_arrival(participant, *, by, note="") -> None:
    """A participant arriving is enrolled in each published e-learning course they fit (a system step)."""
    for course in Course.objects.filter(kind=CourseKind.ELEARNING, status=CourseStatus.PUBLISHED):
        if _new_for(course, [participant]):
            _enrol(course, participant, by=SYSTEM)


@transaction.atomic
def request_enrolment(*, by, course: Course) -> Enrolment:
    """A participant asks to take the Japanese or the translation course; headquarters approves."""
    require(by, "learning.enrol_self", course)
    participant = Participant.objects.select_for_update().get(person=by)
    if not fits(course, participant):
        raise ValidationError(_("This course is not open to you."), code="not_audience")
    if course.enrolments.filter(participant=participant, status__in=OPEN).exists():
        raise ValidationError(_("You have already asked for this course."), code="already")
    if course.enrolments.filter(participant=participant, status=EnrolmentStatus.COMPLETED).exists():
        raise ValidationError(_("You have already completed this course."), code="completed")
    return create_logged(Enrolment, "learning.enrolment.request", by=by, course=course, participant=participant,
                         status=EnrolmentStatus.REQUESTED)


def approve_enrolment(*, by, enrolment: Enrolment) -> Enrolment:
    """Access (six months for the correspondence course) runs from the approval."""
    dates = _dates(enrolment.course, enrolment.participant, timezone.localdate())
    return transition(enrolment, "approve", by=by, enrolled_at=timezone.now(), **dates)


def decline_enrolment(*, by, enrolment: Enrolment, note: str = "") -> Enrolment:
    return transition(enrolment, "decline", by=by, note=note)


def withdraw_enrolment(*, by, enrolment: Enrolment, note: str = "") -> Enrolment:
    return transition(enrolment, "withdraw", by=by, note=note)


# -- studying --------------------------------------------------------------------------------------------------

def _check_access(enrolment: Enrolment) -> None:
    if enrolment.access_until is not None and enrolment.access_until < timezone.localdate():
        raise ValidationError(_("Your access to this course has ended."), code="access_ended")


def _started(enrolment: Enrolment, *, by) -> Enrolment:
    if enrolment.status == EnrolmentStatus.ENROLLED:
        enrolment = transition(enrolment, "start", by=by)
    return enrolment


@ENROLMENT_TRANSITIONS.guard("all_done")
def _all_done(enrolment, *, by, **changes) -> None:
    modules = set(enrolment.course.modules.values_list("pk", flat=True))
    done = set(enrolment.progress.values_list("module_id", flat=True))
    if modules - done:
        raise ValidationError(_("Read every module first."), code="modules_left")
    if enrolment.course.questions.exists() and not enrolment.attempts.filter(passed=True).exists():
        raise ValidationError(_("Pass the quiz first."), code="quiz_left")


def _complete(enrolment: Enrolment, *, by, score=None) -> Enrolment:
    return transition(enrolment, "complete", by=by, completed_at=timezone.now(), score=score)


@transaction.atomic
def complete_module(*, by, enrolment: Enrolment, module: Module) -> Enrolment:
    """The participant has read a module; a course without a quiz is complete when its last module is read."""
    require(by, "learning.study", enrolment)
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    if module.course_id != enrolment.course_id:
        raise ValidationError(_("This module is not part of the course."), code="other_course")
    _check_access(enrolment)
    enrolment = _started(enrolment, by=by)
    if not ModuleProgress.objects.filter(enrolment=enrolment, module=module).exists():
        create_logged(ModuleProgress, "learning.moduleprogress.create", by=by, enrolment=enrolment, module=module,
                      completed_at=timezone.now())
    left = enrolment.course.modules.exclude(pk__in=enrolment.progress.values("module_id")).exists()
    if not left and not enrolment.course.questions.exists():
        enrolment = _complete(enrolment, by=by)
    return enrolment


def attempts_left(enrolment: Enrolment) -> int:
    return max(enrolment.course.max_attempts - enrolment.attempts.count(), 0)


@transaction.atomic
def submit_quiz(*, by, enrolment: Enrolment, answers: dict[int, int]) -> QuizAttempt:
    """One attempt at the quiz: `answers` maps each question's id to the id of the chosen choice. Every question
    must be answered. Passing completes the course; the last attempt failed ends the enrolment as not passed."""
    require(by, "learning.study", enrolment)
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    course = enrolment.course
    _check_access(enrolment)
    if course.modules.exclude(pk__in=enrolment.progress.values("module_id")).exists():
        raise ValidationError(_("Read every module before the quiz."), code="modules_left")
    used = enrolment.attempts.count()
    if used >= course.max_attempts:
        raise ValidationError(_("You have no attempts left."), code="no_attempts")
    questions = list(course.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError(_("This course has no quiz."), code="no_quiz")
    right = 0
    for question in questions:
        chosen = answers.get(question.pk)
        choices = {c.pk: c for c in question.choices.all()}
        if chosen not in choices:
            raise ValidationError({f"q{question.pk}": _("Answer this question.")}, code="unanswered")
        right += choices[chosen].is_correct
    score = round(100 * right / len(questions))
    passed = score >= course.pass_mark
    enrolment = _started(enrolment, by=by)
    attempt = create_logged(QuizAttempt, "learning.quizattempt.create", by=by, enrolment=enrolment,
                            number=used + 1, score=score, passed=passed,
                            answers={str(q.pk): answers[q.pk] for q in questions}, submitted_at=timezone.now())
    if passed:
        _complete(enrolment, by=by, score=score)
    elif used + 1 >= course.max_attempts:
        transition(enrolment, "fail", by=by)
    return attempt


# -- the schedule: access ending, reminders ---------------------------------------------------------------------

def expire_access(*, today=None) -> int:
    """Enrolments whose access has ended (the correspondence course's six months) end as such."""
    today = today or timezone.localdate()
    ended = Enrolment.objects.filter(status__in=STUDYING, access_until__lt=today)
    count = 0
    for enrolment in ended:
        transition(enrolment, "expire", by=SYSTEM)
        count += 1
    return count


def _language(participant: Participant) -> str:
    person = participant.person
    language = getattr(person, "preferred_language", "") if person is not None else ""
    return language if language in ("ja", "en") else "en"


def remind_due(*, today=None) -> int:
    """Mail each participant whose course is due within a week (or overdue) and not completed; once a week."""
    today = today or timezone.localdate()
    now = timezone.now()
    due = (Enrolment.objects.filter(status__in=STUDYING, due_on__lte=today + REMIND_WITHIN)
           .exclude(reminded_at__gt=now - REMIND_WITHIN).select_related("course", "participant__person"))
    rows = list(due)
    if not rows:
        return 0
    with transaction.atomic():
        update_logged(Enrolment.objects.filter(pk__in=[e.pk for e in rows]), "learning.enrolment.remind",
                      by=SYSTEM, reminded_at=now)
        for enrolment in rows:
            language = _language(enrolment.participant)
            queue_mail(to=enrolment.participant.email, template="learning/mail/due", language=language,
                       context={"enrolment": enrolment, "participant": enrolment.participant,
                                "course": enrolment.course, "overdue": enrolment.due_on < today,
                                "path": enrolment.get_absolute_url()})
    return len(rows)
