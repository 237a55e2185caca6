from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kizuna.learning import services
from kizuna.learning.enums import CourseStatus, EnrolmentStatus
from kizuna.learning.models import Enrolment, QuizAttempt

from .conftest import answers, arrive, build_course, place

pytestmark = pytest.mark.django_db


def _study_all(world, enrolment):
    for module in enrolment.course.modules.all():
        enrolment = services.complete_module(by=world.people["jet"], enrolment=enrolment, module=module)
    return enrolment


def test_publish_course_without_modules_is_refused(world):
    course = build_course(world, modules=0, questions=0, publish=False)
    with pytest.raises(ValidationError):
        services.publish_course(by=world.people["hq_staff"], course=course)
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT


def test_create_course_by_a_supervisor_is_denied(world):
    with pytest.raises(PermissionDenied):
        services.create_course(by=world.people["municipality_staff"], data={"kind": "elearning", "title_ja": "x",
                                                                            "title_en": "x"})


def test_add_question_with_one_choice_is_refused_and_saves_nothing(world):
    course = build_course(world, questions=0, publish=False)
    with pytest.raises(ValidationError):
        services.add_question(by=world.people["hq_staff"], course=course, text_ja="問", text_en="Q",
                              choices=[("はい", "Yes"), ("", "")], correct=0)
    assert course.questions.count() == 0


def test_arrival_enrols_in_published_elearning_with_due_date_from_arrival(world, course, participant):
    arrive(world, participant, on=date(2026, 7, 27))
    enrolment = Enrolment.objects.get(participant=participant, course=course)
    assert (enrolment.status, enrolment.due_on) == (EnrolmentStatus.ENROLLED, date(2026, 8, 26))


def test_enrol_new_arrivals_enrols_those_who_fit_once(world, participant):
    arrive(world, participant)
    course = build_course(world, position="alt")
    other = place(world, jet_number="20260000009", position="cir")
    arrive(world, other)
    assert services.enrol_new_arrivals(by=world.people["hq_staff"], course=course) == 1
    assert services.enrol_new_arrivals(by=world.people["hq_staff"], course=course) == 0
    assert list(course.enrolments.values_list("participant__jet_number", flat=True)) == ["20260000001"]


def test_complete_course_passing_the_quiz(world, enrolled):
    enrolment = _study_all(world, enrolled)
    assert enrolment.status == EnrolmentStatus.IN_PROGRESS
    attempt = services.submit_quiz(by=world.people["jet"], enrolment=enrolment, answers=answers(enrolment.course))
    enrolment.refresh_from_db()
    assert (attempt.passed, attempt.score, enrolment.status, enrolment.score) == (True, 100, "completed", 100)
    actions = set(LogEntry.objects.get_for_object(enrolment).values_list("additional_data__action", flat=True))
    assert {"learning.enrolment.create", "learning.enrolment.start", "learning.enrolment.complete"} <= actions


def test_quiz_before_reading_every_module_is_refused(world, enrolled):
    with pytest.raises(ValidationError):
        services.submit_quiz(by=world.people["jet"], enrolment=enrolled, answers=answers(enrolled.course))
    assert QuizAttempt.objects.count() == 0


def test_quiz_failed_leaves_an_attempt_then_retries_run_out(world, enrolled):
    enrolment = _study_all(world, enrolled)
    first = services.submit_quiz(by=world.people["jet"], enrolment=enrolment,
                                 answers=answers(enrolment.course, right=False))
    enrolment.refresh_from_db()
    assert (first.passed, enrolment.status, services.attempts_left(enrolment)) == (False, "in_progress", 1)
    services.submit_quiz(by=world.people["jet"], enrolment=enrolment, answers=answers(enrolment.course, right=False))
    enrolment.refresh_from_db()
    assert (enrolment.status, services.attempts_left(enrolment)) == (EnrolmentStatus.FAILED, 0)
    with pytest.raises(PermissionDenied):  # no longer studying
        services.submit_quiz(by=world.people["jet"], enrolment=enrolment, answers=answers(enrolment.course))


def test_quiz_with_an_unanswered_question_saves_nothing(world, enrolled):
    enrolment = _study_all(world, enrolled)
    partial = dict(list(answers(enrolment.course).items())[:1])
    with pytest.raises(ValidationError):
        services.submit_quiz(by=world.people["jet"], enrolment=enrolment, answers=partial)
    assert enrolment.attempts.count() == 0


def test_quiz_by_a_supervisor_is_denied(world, enrolled):
    enrolment = _study_all(world, enrolled)
    with pytest.raises(PermissionDenied):
        services.submit_quiz(by=world.people["municipality_staff"], enrolment=enrolment,
                             answers=answers(enrolment.course))


def test_course_without_quiz_completes_with_its_last_module(world, participant):
    course = build_course(world, title="Safety basics", questions=0)
    arrive(world, participant)
    enrolment = _study_all(world, course.enrolments.get(participant=participant))
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_japanese_course_asked_approved_with_six_months_access(world, participant):
    course = build_course(world, kind="japanese", title="Japanese beginner", level="beginner", access_days=183,
                          questions=0)
    arrive(world, participant)
    enrolment = services.request_enrolment(by=world.people["jet"], course=course)
    assert enrolment.status == EnrolmentStatus.REQUESTED
    with pytest.raises(ValidationError):
        services.request_enrolment(by=world.people["jet"], course=course)
    enrolment = services.approve_enrolment(by=world.people["hq_staff"], enrolment=enrolment)
    assert (enrolment.status, enrolment.access_until) == ("enrolled", timezone.localdate() + timedelta(days=183))


def test_approve_by_a_pa_is_denied(world, participant):
    course = build_course(world, kind="japanese", title="Japanese", access_days=183, questions=0)
    arrive(world, participant)
    enrolment = services.request_enrolment(by=world.people["jet"], course=course)
    with pytest.raises(PermissionDenied):
        services.approve_enrolment(by=world.people["pa"], enrolment=enrolment)


def test_access_ended_expires_and_refuses_study(world, participant):
    course = build_course(world, kind="japanese", title="Japanese", access_days=183, questions=0)
    arrive(world, participant)
    enrolment = services.approve_enrolment(
        by=world.people["hq_staff"], enrolment=services.request_enrolment(by=world.people["jet"], course=course))
    assert services.expire_access(today=enrolment.access_until) == 0
    assert services.expire_access(today=enrolment.access_until + timedelta(days=1)) == 1
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.EXPIRED


def test_remind_due_mails_once_a_week(world, enrolled, smtp_server, django_capture_on_commit_callbacks):
    today = enrolled.due_on - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_due(today=today) == 1
        assert services.remind_due(today=today) == 0
    assert [m["to"] for m in smtp_server.messages] == [[enrolled.participant.email]]
    assert smtp_server.messages[0]["message"]["Subject"].strip() == {  # in the participant's language
        "ja": "[Kizuna] まもなく修了期限：BOATS for JET（日本語）", "en": "[Kizuna] Due soon: BOATS for JET"}[
        enrolled.participant.person.preferred_language or "en"]


def test_remind_due_skips_courses_due_later(world, enrolled):
    assert services.remind_due(today=enrolled.due_on - timedelta(days=30)) == 0


def test_pages_study_flow_through_quiz(world, enrolled):
    client = world.client_for("jet")
    for module in enrolled.course.modules.all():
        url = reverse("learning:module", args=[enrolled.pk, module.pk])
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 302
    quiz = reverse("learning:quiz", args=[enrolled.pk])
    assert client.post(quiz, {}).status_code == 400  # every question must be answered
    data = {f"q{q}": c for q, c in answers(enrolled.course).items()}
    assert client.post(quiz, data).status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.status == EnrolmentStatus.COMPLETED
    page = client.get(reverse("learning:enrolment", args=[enrolled.pk])).content.decode()
    assert reverse("learning:certificate", args=[enrolled.pk]) in page


def test_course_form_errors_are_shown_next_to_the_fields(world):
    response = world.client_for("hq_staff").post(reverse("learning:course_new"), {"kind": "elearning"})
    assert response.status_code == 400
    assert "field--error" in response.content.decode()


def test_course_built_in_pages(world):
    client = world.client_for("hq_staff")
    response = client.post(reverse("learning:course_new"), {
        "kind": "elearning", "title_ja": "着任研修", "title_en": "Induction", "pass_mark": 80, "max_attempts": 3})
    assert response.status_code == 302
    course_url = response["Location"]
    pk = int(course_url.rstrip("/").split("/")[-1])
    assert client.post(reverse("learning:module_new", args=[pk]), {
        "title_ja": "学校", "title_en": "Schools", "content_ja": "本文", "content_en": "Text"}).status_code == 302
    assert client.post(reverse("learning:question_new", args=[pk]), {
        "text_ja": "問", "text_en": "Q", "choice_0_ja": "はい", "choice_0_en": "Yes", "choice_1_ja": "いいえ",
        "choice_1_en": "No", "correct": "1"}).status_code == 302
    assert client.post(reverse("learning:course_publish", args=[pk])).status_code == 302
    from kizuna.learning.models import Course

    course = Course.objects.get(pk=pk)
    assert (course.status, course.questions.get().choices.get(is_correct=True).text_en) == ("published", "No")


def test_home_page_offers_my_learning_and_the_course_to_finish(world, enrolled):
    page = world.client_for("jet").get("/").content.decode()
    assert (reverse("learning:mine") in page, enrolled.get_absolute_url() in page) == (True, True)


def test_my_learning_lists_own_enrolments_only(world, enrolled):
    page = world.client_for("jet").get(reverse("learning:mine")).content.decode()
    other = world.client_for("municipality_staff").get(reverse("learning:mine")).content.decode()
    assert (enrolled.get_absolute_url() in page, enrolled.get_absolute_url() in other) == (True, False)


def test_learning_reminders_command_mails_due_enrolments(world, enrolled, smtp_server,
                                                         django_capture_on_commit_callbacks):
    from django.core.management import call_command

    assert enrolled.due_on < timezone.localdate()  # overdue: arrived in July, due in 30 days
    with django_capture_on_commit_callbacks(execute=True):
        call_command("learning_reminders")
    assert [m["to"] for m in smtp_server.messages] == [[enrolled.participant.email]]


def test_withdraw_by_headquarters_after_confirmation(world, enrolled):
    response = world.client_for("hq_staff").post(reverse("learning:withdraw", args=[enrolled.pk]))
    enrolled.refresh_from_db()
    assert (response.status_code, enrolled.status) == (302, EnrolmentStatus.WITHDRAWN)


def test_withdraw_by_a_supervisor_is_refused(world, enrolled):
    response = world.client_for("municipality_staff").post(reverse("learning:withdraw", args=[enrolled.pk]))
    enrolled.refresh_from_db()
    assert (response.status_code, enrolled.status) == (404, EnrolmentStatus.ENROLLED)  # as if missing


def test_archived_course_enrols_nobody_on_arrival(world, participant):
    course = build_course(world)
    services.archive_course(by=world.people["hq_staff"], course=course)
    arrive(world, participant)
    assert course.enrolments.count() == 0


# -- the order of modules and questions, and removing them ---------------------------------------------------

def _titles(course):
    return list(course.modules.order_by("number").values_list("number", "title_en"))


def test_headquarters_moves_a_module_on_the_course_page_and_each_place_is_logged(world):
    course = build_course(world, modules=3, publish=False)
    third = course.modules.get(number=3)
    client = world.client_for("hq_staff")
    page = client.get(course.get_absolute_url()).content.decode()
    assert 'data-testid="module-1-up"' not in page and 'data-testid="module-3-down"' not in page
    response = client.post(reverse("learning:module_move", args=[course.pk, third.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert _titles(course) == [(1, "Chapter 1"), (2, "Chapter 3"), (3, "Chapter 2")]
    assert [e.changes["number"] for e in LogEntry.objects.filter(additional_data__action="learning.module.move")
            .order_by("pk")] == [[2, 3], [3, 2]]
    services.move_part(by=world.people["hq_staff"], part=course.modules.get(number=1), up=True)  # already first
    assert _titles(course)[0] == (1, "Chapter 1")


def test_a_module_nobody_has_read_is_removed_and_those_after_move_up(world, enrolled):
    course = enrolled.course
    services.add_module(by=world.people["hq_staff"], course=course, data={
        "title_ja": "第3章", "title_en": "Chapter 3", "content_ja": "本文", "content_en": "Text"})
    services.complete_module(by=world.people["jet"], enrolment=enrolled, module=course.modules.get(number=1))
    read, unread = course.modules.get(number=1), course.modules.get(number=2)
    with pytest.raises(ValidationError) as refused:
        services.remove_part(by=world.people["hq_staff"], part=read)
    assert refused.value.code == "in_use" and "読んだ単元" in refused.value.messages[0]
    response = world.client_for("hq_staff").post(reverse("learning:module_remove", args=[course.pk, unread.pk]))
    assert response.status_code == 302
    assert _titles(course) == [(1, "Chapter 1"), (2, "Chapter 3")]
    assert LogEntry.objects.filter(additional_data__action="learning.module.delete", object_pk=str(unread.pk)).exists()


def test_quiz_questions_are_removed_until_someone_takes_the_quiz(world, enrolled):
    course = enrolled.course
    first = course.questions.get(number=1)
    services.remove_part(by=world.people["hq_staff"], part=first)
    assert list(course.questions.values_list("number", "text_en")) == [(1, "Question 2")]
    assert not first.choices.exists()
    enrolled = _study_all(world, enrolled)
    services.submit_quiz(by=world.people["jet"], enrolment=enrolled, answers=answers(course, right=False))
    with pytest.raises(ValidationError) as refused:
        services.remove_part(by=world.people["hq_staff"], part=course.questions.get())
    assert refused.value.code == "in_use" and course.questions.count() == 1


def test_moving_and_removing_are_headquarters_work(world, course):
    module = course.modules.first()
    for role in ("municipality_staff", "pa", "jet"):
        assert world.client_for(role).post(reverse("learning:module_move", args=[course.pk, module.pk]),
                                           {"direction": "down"}).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.remove_part(by=world.people["pa"], part=module)
    assert _titles(course) == [(1, "Chapter 1"), (2, "Chapter 2")]


def test_the_participant_page_shows_their_learning_to_those_who_see_it(world, enrolled):
    done = _study_all(world, enrolled)
    done = services.submit_quiz(by=world.people["jet"], enrolment=done, answers=answers(done.course)).enrolment
    url = done.participant.get_absolute_url()
    own = world.client_for("jet").get(url).content.decode()
    supervisor = world.client_for("municipality_staff").get(url).content.decode()
    assert 'data-testid="participant-learning"' in own and "BOATS for JET" in own
    assert "2 / 2" in supervisor and reverse("learning:certificate", args=[done.pk]) in supervisor
    assert world.client_for("other_pa").get(url).status_code == 404  # the page itself is not theirs
