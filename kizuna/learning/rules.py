"""Who sees and does what with the courses.

Headquarters (the JET Programme Department) builds the courses. A published course is seen by the people who
work with JET and by participants. An enrolment is seen by whoever sees the participant's record (the
participant, their contracting organisation's supervisors, the PAs of its coordinating body, headquarters:
kizuna/jet/rules.py); only the participant studies, and headquarters decides on requests to enrol.
"""

from kizuna.core.policies import SIGNED_IN, Field, Policy, Through, Who, register
from kizuna.core.rules import HQ_STAFF
from kizuna.jet.models import Participant
from kizuna.jet.rules import JET_STAFF, OWN_RECORD, SEES_PARTICIPANT

from .enums import SELF_ENROLLED, STUDYING, CourseKind, CourseStatus, EnrolmentStatus


def is_participant(user) -> bool:
    """The person has a JET participant's record (one query, kept on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_kizuna_is_participant", None)
    if cached is None:
        cached = Participant.objects.filter(person=user).exists()
        user._kizuna_is_participant = cached
    return cached


PARTICIPANT = Who(is_participant, "participant")
PUBLISHED = Field("status", CourseStatus.PUBLISHED)
SEES_COURSE = HQ_STAFF | (PUBLISHED & (JET_STAFF | PARTICIPANT))
SEES_ENROLMENT = Through("participant", SEES_PARTICIPANT)


class CoursePolicy(Policy):
    model = "learning.Course"
    view = "learning.view_course"
    actions = {
        "learning.view_course": SEES_COURSE,
        "learning.view_courses": SIGNED_IN,
        "learning.manage_courses": HQ_STAFF,
        "learning.edit_course": HQ_STAFF,
        "learning.view_course_progress": HQ_STAFF | (PUBLISHED & JET_STAFF),
        "learning.enrol_arrivals": HQ_STAFF & PUBLISHED & Field("kind", CourseKind.ELEARNING),
        "learning.enrol_self": PUBLISHED & Field("kind", in_=SELF_ENROLLED) & PARTICIPANT,
    }


class ModulePolicy(Policy):
    model = "learning.Module"
    view = "learning.view_module"
    actions = {"learning.view_module": Through("course", SEES_COURSE)}


class QuestionPolicy(Policy):
    """The questions and their right answers are headquarters'; a participant meets them in the quiz only."""

    model = "learning.Question"
    view = "learning.view_question"
    actions = {"learning.view_question": HQ_STAFF}


class ChoicePolicy(Policy):
    model = "learning.Choice"
    view = "learning.view_choice"
    actions = {"learning.view_choice": HQ_STAFF}


class EnrolmentPolicy(Policy):
    model = "learning.Enrolment"
    view = "learning.view_enrolment"
    actions = {
        "learning.view_enrolment": SEES_ENROLMENT,
        "learning.view_enrolments": SIGNED_IN,
        "learning.view_own_learning": SIGNED_IN,
        "learning.study": OWN_RECORD & Field("status", in_=STUDYING),
        "learning.decide_enrolment": HQ_STAFF,
        "learning.download_certificate": SEES_ENROLMENT & Field("status", EnrolmentStatus.COMPLETED),
    }


class ModuleProgressPolicy(Policy):
    model = "learning.ModuleProgress"
    view = "learning.view_module_progress"
    actions = {"learning.view_module_progress": Through("enrolment", SEES_ENROLMENT)}


class QuizAttemptPolicy(Policy):
    model = "learning.QuizAttempt"
    view = "learning.view_quiz_attempt"
    actions = {"learning.view_quiz_attempt": Through("enrolment", SEES_ENROLMENT)}


for _policy in (CoursePolicy(), ModulePolicy(), QuestionPolicy(), ChoicePolicy(), EnrolmentPolicy(),
                ModuleProgressPolicy(), QuizAttemptPolicy()):
    register(_policy)
