"""The learning app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import SIGNED_IN

HQ = frozenset({"hq_staff", "superuser"})
CHIYODA = frozenset({"municipality_staff", "municipality_admin"})

# The sample course is headquarters' published e-learning course; the sample participant (the "jet" person, placed
# at Chiyoda, coordinated by Tokyo) arrived and was enrolled in it. Chiyoda is then a contracting organisation.
PERMISSION_ROLES = {
    "learning.view_courses": SIGNED_IN,
    "learning.manage_courses": HQ,
    "learning.view_course": HQ | CHIYODA | {"pa", "other_pa", "jet"},
    "learning.edit_course": HQ,
    "learning.view_course_progress": HQ | CHIYODA | {"pa", "other_pa"},
    "learning.enrol_arrivals": HQ,
    "learning.enrol_self": frozenset({"jet"}),
    "learning.view_own_learning": SIGNED_IN,
    "learning.view_enrolments": SIGNED_IN,
    "learning.view_enrolment": HQ | CHIYODA | {"pa", "jet"},
    "learning.study": frozenset({"jet"}),
    "learning.decide_enrolment": HQ,
    "learning.download_certificate": HQ | CHIYODA | {"pa", "jet"},
}

BOATS, READING, JAPANESE = "BOATS for JET", "Living in Japan", "Japanese correspondence course (beginner)"


def _course(w, title, **extra):
    from kizuna.learning.models import Course
    from tests.learning.conftest import build_course

    return Course.objects.filter(title_en=title).first() or build_course(w, title=title, **extra)


def _world(w):
    """The sample courses, then the sample participant's arrival (which enrols them in the e-learning), and the
    reading course completed (a course without a quiz)."""
    from tests.jet.access import _arrived, _participant

    boats = _course(w, BOATS, due_days_after_arrival=30)
    reading = _course(w, READING, questions=0)
    _course(w, JAPANESE, kind="japanese", level="beginner", access_days=183, questions=0)
    from kizuna.learning import services

    participant = _arrived(w, _participant(w))
    for course in (boats, reading):  # arrived before the courses were published (the JET mixed records)
        if not course.enrolments.filter(participant=participant).exists():
            services.enrol_new_arrivals(by=w.people["hq_staff"], course=course)
    done = reading.enrolments.get(participant=participant)
    if done.status != "completed":
        for module in reading.modules.all():
            services.complete_module(by=w.people["jet"], enrolment=done, module=module)
    return boats.enrolments.get(participant=participant)


def _enrolment(w, role):
    return {"pk": _world(w).pk}


def _completed(w, role):
    from kizuna.learning.models import Enrolment

    _world(w)
    return {"pk": Enrolment.objects.get(course__title_en=READING, participant__jet_number="20260000001").pk}


def _boats(w, role):
    return {"pk": _world(w).course_id}


def _japanese(w, role):
    _world(w)
    return {"pk": _course(w, JAPANESE).pk}


SAMPLES = {
    **{f"learning:{name}": _boats for name in (
        "course", "course_edit", "course_publish", "course_archive", "module_new", "question_new", "progress",
        "enrol_arrivals")},
    "learning:module_edit": lambda w, role: {**_boats(w, role), "module_pk": _world(w).course.modules.first().pk},
    **{f"learning:module_{step}": lambda w, role: {**_boats(w, role), "part_pk": _world(w).course.modules.first().pk}
       for step in ("move", "remove")},
    **{f"learning:question_{step}": lambda w, role: {**_boats(w, role),
                                                     "part_pk": _world(w).course.questions.first().pk}
       for step in ("move", "remove")},
    "learning:enrol": _japanese,
    **{f"learning:{name}": _enrolment for name in ("enrolment", "quiz", "approve", "decline", "withdraw")},
    "learning:module": lambda w, role: {**_enrolment(w, role), "module_pk": _world(w).course.modules.first().pk},
    "learning:certificate": _completed,
}


def _mixed(w):
    """Courses of every state and kind, and enrolments of participants of two coordinating bodies (Chiyoda and
    Minato for Tokyo, Osaka): one completed with its progress, one with a failed quiz attempt, a request to take
    the Japanese course."""
    from kizuna.jet.models import Participant
    from kizuna.learning import services
    from tests.jet.access import _arrived
    from tests.learning.conftest import answers, build_course

    hq, jet = w.people["hq_staff"], w.people["jet"]
    enrolment = _world(w)
    build_course(w, title="Draft course", publish=False)
    for number in ("20260000002", "20260000004"):
        _arrived(w, Participant.objects.get(jet_number=number))
    services.enrol_new_arrivals(by=hq, course=enrolment.course)
    for module in enrolment.course.modules.all():
        enrolment = services.complete_module(by=jet, enrolment=enrolment, module=module)
    services.submit_quiz(by=jet, enrolment=enrolment, answers=answers(enrolment.course, right=False))
    services.request_enrolment(by=jet, course=_course(w, JAPANESE))


MIXED = [_mixed]
LISTS_WITH_ARGUMENTS = {"learning:progress"}
