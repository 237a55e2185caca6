from datetime import date

import pytest

from kizuna.jet import services as jet
from kizuna.learning import services
from kizuna.learning.models import Course
from tests.jet.conftest import chiyoda_host, host_for, participant, place  # noqa: F401 - fixtures shared with JET


def build_course(world, *, kind="elearning", title="BOATS for JET", modules=2, questions=2, publish=True, **extra):
    hq = world.people["hq_staff"]
    data = {"kind": kind, "title_ja": f"{title}（日本語）", "title_en": title, "description_ja": "説明",
            "description_en": "About", "pass_mark": 50, "max_attempts": 2, **extra}
    course = services.create_course(by=hq, data=data)
    for n in range(1, modules + 1):
        services.add_module(by=hq, course=course, data={"title_ja": f"第{n}章", "title_en": f"Chapter {n}",
                                                        "content_ja": f"本文{n}", "content_en": f"Text {n}"})
    for n in range(1, questions + 1):
        services.add_question(by=hq, course=course, text_ja=f"問{n}", text_en=f"Question {n}",
                              choices=[("正しい", "Right"), ("誤り", "Wrong")], correct=0)
    if publish:
        course = services.publish_course(by=hq, course=course)
    return Course.objects.get(pk=course.pk)


def arrive(world, p, on=date(2026, 7, 27)):
    return jet.record_arrival(by=world.people["hq_staff"], participant=p, arrived_on=on)


def answers(course, right=True):
    """Every question answered, all right or all wrong."""
    return {q.pk: q.choices.get(is_correct=right).pk for q in course.questions.all()}


@pytest.fixture
def course(world):
    return build_course(world, due_days_after_arrival=30)


@pytest.fixture
def enrolled(world, course, participant):  # noqa: F811 - the JET fixture
    """The sample participant arrives and is enrolled in the published e-learning course on arrival."""
    arrive(world, participant)
    return course.enrolments.get(participant=participant)
