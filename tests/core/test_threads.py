"""The thread mechanism of core (kizuna/core/threads), apart from any app's choices: posting, its checks and
steps, the mail to the other side in each person's language, the rule of who reads a message, the form and the
template. Grants' message model stands in for an app's (the mechanism is abstract)."""

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from kizuna.core.rules import CLAIR_STAFF, Who
from kizuna.core.threads import MAX_BODY, message_view
from kizuna.core.threads.forms import MessageForm
from kizuna.core.threads.services import Thread, clean_body, post_message
from kizuna.grants.models import ApplicationMessage
from tests.factories import arrange_update
from tests.grants.factories import ApplicationFactory, CallFactory, SchemeFactory


@pytest.fixture
def application(world):
    return ApplicationFactory(call=CallFactory(scheme=SchemeFactory()), applicant=world.chiyoda,
                              created_by=world.people["municipality_staff"])


def _thread(world, **changes) -> Thread:
    """The applicant's two people on one side, headquarters' staff and the branch on the other."""
    people = world.people
    values = {"model": ApplicationMessage, "on": "application", "action": "grants.applicationmessage.post",
              "reply": "grants.write_message", "note": "grants.note_application", "mail": "grants/mail/message",
              "parties": lambda record: [people["municipality_staff"], people["municipality_admin"]],
              "staff": lambda record: [people["hq_staff"], people["branch_staff"]],
              "context": lambda record, message: {"application": record}}
    return Thread(**{**values, **changes})


def test_clean_body_strips_and_refuses_empty_or_overlong_words():
    assert clean_body("  ご質問  \n") == "ご質問"
    for body, code in (("", "required"), (" \n\t", "required"), (None, "required"), ("あ" * (MAX_BODY + 1),
                                                                                       "too_long")):
        with pytest.raises(ValidationError) as excinfo:
            clean_body(body)
        assert [e.code for e in excinfo.value.error_dict["body"]] == [code]


def test_post_message_mails_the_other_side_once_per_language_never_the_author(
        world, application, smtp_server, django_capture_on_commit_callbacks):
    admin = world.people["municipality_admin"]
    arrange_update(type(admin).objects.filter(pk=admin.pk), preferred_language="en")
    admin.refresh_from_db()
    thread = _thread(world, parties=lambda record: [world.people["municipality_staff"], admin,
                                                     world.people["hq_staff"]],
                     reply_to=lambda record: f"thread+{record.pk}@kizuna.example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        post_message(thread, by=world.people["hq_staff"], record=application, body="回答です")
    sent = sorted((m["to"], m["message"]["Reply-To"], "CLAIR wrote to you" in m["message"].get_content())
                  for m in smtp_server.messages)
    reply_to = f"thread+{application.pk}@kizuna.example.jp"
    assert sent == [(["municipality_admin@example.jp"], reply_to, True),
                    (["municipality_staff@example.jp"], reply_to, False)]


def test_post_message_from_the_party_mails_the_staff_without_a_reply_address(
        world, application, smtp_server, django_capture_on_commit_callbacks):
    thread = _thread(world, reply_to=lambda record: "thread@kizuna.example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        post_message(thread, by=world.people["municipality_staff"], record=application, body="質問です")
    assert [(m["to"], m["message"]["Reply-To"]) for m in smtp_server.messages] == [
        (["branch_staff@example.jp", "hq_staff@example.jp"], None)]


def test_post_message_internal_note_mails_nobody(world, application, smtp_server,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = post_message(_thread(world), by=world.people["hq_staff"], record=application, body="メモ",
                            internal=True)
    assert (note.internal, note.author, smtp_server.messages) == (True, world.people["hq_staff"], [])


def test_post_message_app_check_refuses_before_anything_is_saved(world, application):
    def check(staff):
        raise ValidationError({"minutes": ValidationError("no", code="bad")})

    with pytest.raises(ValidationError):
        post_message(_thread(world), by=world.people["hq_staff"], record=application, body="x", check=check)
    assert ApplicationMessage.objects.count() == 0


def test_post_message_app_steps_run_in_the_same_transaction(world, application, smtp_server,
                                                             django_capture_on_commit_callbacks):
    seen = []

    def then(message, staff):
        seen.append((message.body, staff))
        raise ValidationError("a later step refused")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        post_message(_thread(world), by=world.people["hq_staff"], record=application, body="回答", then=then)
    assert (seen, ApplicationMessage.objects.count(), smtp_server.messages) == ([("回答", True)], 0, [])


def test_message_view_staff_read_every_message_the_party_all_but_internal_notes(world, application):
    party = Who(lambda user: user.email == "municipality_staff@example.jp", "party")
    rule = message_view(staff=CLAIR_STAFF, parties=party)
    reply = ApplicationMessage(application=application, internal=False)
    note = ApplicationMessage(application=application, internal=True)
    people = world.people
    assert [(rule.test(people[r], reply), rule.test(people[r], note))
            for r in ("hq_staff", "municipality_staff", "municipality_admin")] == [
        (True, True), (True, False), (False, False)]


def test_message_form_offers_the_internal_note_to_the_staff_side_only():
    party, staff = MessageForm(), MessageForm(staff=True, internal_label="内部メモ（申請者には表示されません）")
    assert (list(party.fields), list(staff.fields)) == (["body"], ["body", "internal"])
    assert str(staff.fields["internal"].label) == "内部メモ（申請者には表示されません）"
    posted = MessageForm({"body": "x", "internal": "on"})
    assert (posted.is_valid(), posted.is_note) == (True, False)


def test_thread_template_tags_internal_notes_and_shows_the_error_beside_the_field(world, application):
    note = ApplicationMessage.objects.create(application=application, author=world.people["hq_staff"],
                                             body="内部のメモ", internal=True)
    form = MessageForm({"body": "  "}, staff=True, auto_id="msg_%s")
    form.is_valid()
    html = render_to_string("core/_thread.html", {"thread": [note], "form": form, "action": "/post/",
                                                  "new_ids": set()})
    assert 'class="tag tag--warning">内部メモ</span>' in html
    assert '<div class="field-error" id="msg_body_error"><p>メッセージを入力してください。</p></div>' in html
    assert 'name="internal"' in html and 'action="/post/#message-form"' in html
