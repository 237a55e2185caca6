"""Kinds of course, their levels, and the states of a course and of an enrolment with their transition tables
(imports nothing of its app). ../shared/DOMAIN.md "JET Programme": the BOATS for JET e-learning for new ALTs,
the Japanese correspondence course (three levels, six months' access) and the translation and interpreting
course."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable

JAPANESE_ACCESS_DAYS = 183  # six months' access to the correspondence course


class CourseKind(models.TextChoices):
    ELEARNING = "elearning", _("E-learning for new participants (BOATS for JET)")
    JAPANESE = "japanese", _("Japanese correspondence course")
    TRANSLATION = "translation", _("Translation and interpreting course")


# Courses a participant asks to take (staff approve); e-learning is assigned on arrival.
SELF_ENROLLED = frozenset({CourseKind.JAPANESE, CourseKind.TRANSLATION})


class Level(models.TextChoices):
    BEGINNER = "beginner", pgettext_lazy("Japanese course level", "Beginner")
    INTERMEDIATE = "intermediate", pgettext_lazy("Japanese course level", "Intermediate")
    ADVANCED = "advanced", pgettext_lazy("Japanese course level", "Advanced")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("course", "Draft")
    PUBLISHED = "published", pgettext_lazy("course", "Published")
    ARCHIVED = "archived", pgettext_lazy("course", "Archived")


COURSE_TRANSITIONS = TransitionTable(
    Transition("publish", {CourseStatus.DRAFT}, CourseStatus.PUBLISHED, "learning.edit_course",
               pgettext_lazy("course", "Publish"), guard="has_content"),
    Transition("archive", {CourseStatus.PUBLISHED}, CourseStatus.ARCHIVED, "learning.edit_course",
               pgettext_lazy("course", "Archive")),
)


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Asked to enrol")
    ENROLLED = "enrolled", _("Enrolled")
    IN_PROGRESS = "in_progress", pgettext_lazy("enrolment", "In progress")
    COMPLETED = "completed", pgettext_lazy("enrolment", "Completed")
    FAILED = "failed", _("Quiz not passed")
    EXPIRED = "expired", pgettext_lazy("enrolment", "Access ended")
    WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn")
    DECLINED = "declined", pgettext_lazy("enrolment", "Declined")


# Enrolments that still hold the participant's place: one of these per participant and course.
OPEN = frozenset({EnrolmentStatus.REQUESTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.IN_PROGRESS})
STUDYING = frozenset({EnrolmentStatus.ENROLLED, EnrolmentStatus.IN_PROGRESS})

ENROLMENT_TRANSITIONS = TransitionTable(
    Transition("approve", {EnrolmentStatus.REQUESTED}, EnrolmentStatus.ENROLLED, "learning.decide_enrolment",
               pgettext_lazy("enrolment", "Approve"), fields=("enrolled_at", "access_until", "due_on")),
    Transition("decline", {EnrolmentStatus.REQUESTED}, EnrolmentStatus.DECLINED, "learning.decide_enrolment",
               pgettext_lazy("enrolment", "Decline")),
    Transition("start", {EnrolmentStatus.ENROLLED}, EnrolmentStatus.IN_PROGRESS, "learning.study",
               pgettext_lazy("enrolment", "Start")),
    Transition("complete", {EnrolmentStatus.IN_PROGRESS}, EnrolmentStatus.COMPLETED, "learning.study",
               pgettext_lazy("enrolment", "Complete"), guard="all_done", fields=("completed_at", "score")),
    Transition("fail", {EnrolmentStatus.IN_PROGRESS}, EnrolmentStatus.FAILED, "learning.study",
               _("No attempts left")),
    Transition("withdraw", OPEN, EnrolmentStatus.WITHDRAWN, "learning.decide_enrolment",
               pgettext_lazy("enrolment", "Withdraw")),
    # Access to the course ends (the correspondence course's six months): run by the schedule.
    Transition("expire", STUDYING, EnrolmentStatus.EXPIRED, label=_("Access ended"), system=True),
)
