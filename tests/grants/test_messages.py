"""The thread of an application with CLAIR (kizuna/core/threads): who reads it, internal notes, mail, pages, API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kizuna.core.enums import Role
from kizuna.grants import services
from kizuna.grants.models import ApplicationMessage
from tests.factories import MembershipFactory, UserFactory, add_totp, arrange_update
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on

API = "/api/v1/grants"


def _post(world, role, application, body, internal=False):
    return services.post_application_message(by=world.people[role], application=application, body=body,
                                             internal=internal)


def _page(world, role, application) -> str:
    response = world.client_for(role).get(application.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _mails(smtp_server) -> dict:
    """Each mail's recipients → (subject, body)."""
    return {tuple(m["to"]): (m["message"]["Subject"], m["message"].get_content()) for m in smtp_server.messages}


# Service --------------------------------------------------------------------------------------------------------

def test_post_message_applicant_question_mails_headquarters(world, submitted, smtp_server,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _post(world, "municipality_staff", submitted, "謝金の単価について教えてください")
    ((to, (subject, body)),) = _mails(smtp_server).items()
    assert to == ("hq_staff@example.jp",)
    assert f"「{submitted.title}」" in subject or submitted.title in subject
    assert "謝金の単価について教えてください" in body and f"/grants/applications/{submitted.pk}/#thread" in body


def test_post_message_staff_answer_mails_the_applicant_each_in_their_language(
        world, submitted, smtp_server, django_capture_on_commit_callbacks):
    arrange_update(type(world.people["municipality_admin"]).objects.filter(pk=world.people["municipality_admin"].pk),
                   preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _post(world, "hq_staff", submitted, "謝金は1時間1万円までです")
    mails = _mails(smtp_server)
    assert sorted(mails) == [("municipality_admin@example.jp",), ("municipality_staff@example.jp",)]
    english, japanese = mails[("municipality_admin@example.jp",)], mails[("municipality_staff@example.jp",)]
    assert "A message from CLAIR about" in english[0] and "CLAIR wrote to you" in english[1]
    assert "クレアから" in japanese[0] and "謝金は1時間1万円までです" in japanese[1]


def test_post_message_internal_note_mails_nobody(world, submitted, smtp_server,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = _post(world, "hq_staff", submitted, "前年度も同じ質問あり", internal=True)
    assert (note.internal, smtp_server.messages) == (True, [])


def test_post_message_applicant_mails_only_the_staff_who_took_part(world, submitted, smtp_server,
                                                                    django_capture_on_commit_callbacks):
    second = UserFactory(email="grants_officer@example.jp")
    MembershipFactory(person=second, organisation=world.hq, role=Role.STAFF)
    add_totp(second)
    services.post_application_message(by=second, application=submitted, body="書類を確認しました")
    with django_capture_on_commit_callbacks(execute=True):
        _post(world, "municipality_staff", submitted, "ありがとうございます")
    assert list(_mails(smtp_server)) == [("grants_officer@example.jp",)]


def test_post_message_internal_note_by_the_applicant_is_denied(world, submitted):
    with pytest.raises(PermissionDenied):
        _post(world, "municipality_staff", submitted, "x", internal=True)
    assert ApplicationMessage.objects.count() == 0


@pytest.mark.parametrize("role", ["reviewer", "other_municipality_staff", "branch_staff", "former_member"])
def test_post_message_denied_outside_the_thread(world, submitted, role):
    with pytest.raises(PermissionDenied):
        _post(world, role, submitted, "x")


@pytest.mark.parametrize("body", ["", "   \n ", "あ" * 20_001])
def test_post_message_empty_or_overlong_is_refused_on_the_body(world, submitted, body):
    with pytest.raises(ValidationError) as excinfo:
        _post(world, "municipality_staff", submitted, body)
    assert (list(excinfo.value.message_dict), ApplicationMessage.objects.count()) == (["body"], 0)


def test_post_message_is_in_the_audit_trail(world, submitted):
    from kizuna.core import audit
    from tests.audit_helpers import entry_of

    with audit.watch():
        message = _post(world, "municipality_staff", submitted, "質問です")
    entry = entry_of(message, "grants.applicationmessage.post")
    assert (entry.actor_id, entry.changes["body"]) == (world.people["municipality_staff"].pk, [None, "質問です"])


# Page -----------------------------------------------------------------------------------------------------------

def test_page_hides_internal_notes_from_the_applicant(world, submitted):
    _post(world, "municipality_staff", submitted, "質問です")
    _post(world, "hq_staff", submitted, "回答です")
    _post(world, "hq_staff", submitted, "内部メモです", internal=True)
    applicant, staff = _page(world, "municipality_staff", submitted), _page(world, "branch_staff", submitted)
    assert ("質問です" in applicant, "回答です" in applicant, "内部メモです" in applicant) == (True, True, False)
    assert ("内部メモです" in staff, 'class="tag tag--warning">内部メモ<' in staff) == (True, True)


def test_page_shows_no_thread_to_the_reviewer(world, submitted):
    from tests.grants.factories import AssignmentFactory

    AssignmentFactory(application=submitted, reviewer=world.people["reviewer"], status="active")
    _post(world, "municipality_staff", submitted, "質問です")
    page = _page(world, "reviewer", submitted)
    assert ("質問です" in page, 'data-testid="thread"' in page) == (False, False)


def test_page_offers_the_internal_note_to_headquarters_only(world, submitted):
    applicant, hq = _page(world, "municipality_staff", submitted), _page(world, "hq_staff", submitted)
    branch = _page(world, "branch_staff", submitted)
    assert ('name="internal"' in applicant, 'name="internal"' in hq) == (False, True)
    # other CLAIR staff read the thread, and headquarters answer it
    assert ('data-testid="thread"' in branch, 'data-testid="message-form"' in branch) == (True, False)


def test_page_post_adds_the_message_and_goes_back_to_it(world, submitted):
    response = world.client_for("municipality_staff").post(reverse("grants:message", args=[submitted.pk]),
                                                           {"body": "日程の変更は可能ですか", "internal": "on"})
    message = ApplicationMessage.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"{submitted.get_absolute_url()}#message-"
                                                                  f"{message.pk}")
    # an applicant's ticked "internal" is no field of theirs: a message headquarters read and answer
    assert (message.body, message.internal) == ("日程の変更は可能ですか", False)


def test_page_staff_posts_an_internal_note(world, submitted):
    world.client_for("hq_staff").post(reverse("grants:message", args=[submitted.pk]),
                                      {"body": "要確認", "internal": "on"})
    assert list(ApplicationMessage.objects.values_list("body", "internal")) == [("要確認", True)]


def test_page_empty_message_is_refused_beside_the_field(world, submitted):
    response = world.client_for("municipality_staff").post(reverse("grants:message", args=[submitted.pk]),
                                                           {"body": "   "})
    page = response.content.decode()
    assert (response.status_code, ApplicationMessage.objects.count()) == (400, 0)
    assert 'id="msg_body_error"' in page and "メッセージを入力してください。" in page


def test_page_marks_the_other_sides_new_messages(world, submitted):
    _post(world, "municipality_staff", submitted, "質問です")
    answer = _post(world, "hq_staff", submitted, "回答です")
    page = _page(world, "municipality_staff", submitted)
    assert page.count("tag tag--info") == 1 and f'id="message-{answer.pk}"' in page
    _post(world, "municipality_staff", submitted, "了解しました")
    assert "tag tag--info" not in _page(world, "municipality_staff", submitted)


def test_page_query_count_is_the_same_with_one_and_three_messages(world, submitted):
    client = world.client_for("municipality_staff")
    _post(world, "hq_staff", submitted, "1")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(submitted.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    _post(world, "municipality_staff", submitted, "2")
    _post(world, "hq_staff", submitted, "3")
    assert count() == one


# History --------------------------------------------------------------------------------------------------------

def test_history_of_an_internal_note_is_closed_to_the_applicant(world, submitted):
    note = _post(world, "hq_staff", submitted, "内部メモです", internal=True)
    url = reverse("core:history", args=["grants.ApplicationMessage", note.pk])
    application_history = reverse("core:history", args=["grants.Application", submitted.pk])
    applicant = world.client_for("municipality_staff")
    assert (applicant.get(url).status_code, world.client_for("hq_staff").get(url).status_code) == (404, 200)
    assert "内部メモです" not in applicant.get(application_history).content.decode()


# API ------------------------------------------------------------------------------------------------------------

def test_api_thread_hides_internal_notes_from_the_applicant(world, submitted):
    _post(world, "municipality_staff", submitted, "質問です")
    _post(world, "hq_staff", submitted, "内部メモです", internal=True)
    url = f"{API}/applications/{submitted.pk}/messages"
    applicant = world.client_for("municipality_staff").get(url).json()
    staff = world.client_for("hq_staff").get(url).json()
    assert [(m["body"], m["internal"]) for m in applicant] == [("質問です", False)]
    assert [(m["body"], m["internal"]) for m in staff] == [("質問です", False), ("内部メモです", True)]


def test_api_application_and_list_carry_no_internal_note_to_the_applicant(world, submitted):
    _post(world, "hq_staff", submitted, "内部メモです", internal=True)
    client = world.client_for("municipality_staff")
    for url in (f"{API}/applications/{submitted.pk}", f"{API}/applications"):
        response = client.get(url)
        assert (response.status_code, "内部メモです" in response.content.decode()) == (200, False)


def test_api_thread_is_404_for_the_reviewer(world, submitted):
    from tests.grants.factories import AssignmentFactory

    AssignmentFactory(application=submitted, reviewer=world.people["reviewer"], status="active")
    response = world.client_for("reviewer").get(f"{API}/applications/{submitted.pk}/messages")
    assert response.status_code == 404


def test_api_post_message_and_internal_note(world, submitted):
    url = f"{API}/applications/{submitted.pk}/messages"
    asked = world.client_for("municipality_staff").post(url, {"body": "質問です"}, content_type="application/json")
    noted = world.client_for("hq_staff").post(url, {"body": "メモ", "internal": True},
                                              content_type="application/json")
    assert (asked.status_code, asked.json()["internal"], noted.status_code, noted.json()["internal"]) == (
        200, False, 200, True)


def test_api_post_internal_note_by_the_applicant_is_403(world, submitted):
    response = world.client_for("municipality_staff").post(
        f"{API}/applications/{submitted.pk}/messages", {"body": "x", "internal": True},
        content_type="application/json")
    assert (response.status_code, ApplicationMessage.objects.count()) == (403, 0)


def test_api_post_blank_message_is_refused_on_the_body(world, submitted):
    response = world.client_for("municipality_staff").post(
        f"{API}/applications/{submitted.pk}/messages", {"body": "   "}, content_type="application/json")
    assert (response.status_code, response.json(), ApplicationMessage.objects.count()) == (
        422, {"detail": "メッセージを入力してください。"}, 0)


# Demo -----------------------------------------------------------------------------------------------------------

def test_demo_thread_has_one_internal_note_and_is_seeded_once(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo
    from kizuna.grants.demo import seed_grants_demo

    seed_demo()
    seed_grants_demo()
    seed_grants_demo()
    thread = ApplicationMessage.objects.filter(application__title="千代田区国際交流フェスティバル")
    assert [(m.author.email.split("@")[0], m.internal) for m in thread] == [
        ("chiyoda-staff", False), ("hq-staff", False), ("hq-staff", True)]
