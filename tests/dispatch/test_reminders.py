"""Reminders to experts: a visit ahead, a report overdue; once each (weekly for a report), through real SMTP."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from kizuna.dispatch import services
from kizuna.dispatch.enums import REPORT_DUE_DAYS, REPORT_REMINDER_EVERY_DAYS, VISIT_REMINDER_DAYS
from kizuna.dispatch.reminders import remind_dispatches

from .conftest import DAY, ask, make_expert


def _run(today, capture):
    with capture(execute=True):
        return remind_dispatches(today=today)


def test_visit_reminder_goes_to_the_expert_once(world, confirmed, smtp_server, django_capture_on_commit_callbacks):
    today = DAY - timedelta(days=VISIT_REMINDER_DAYS)
    assert _run(today, django_capture_on_commit_callbacks) == {"visits": 1, "reports": 0}
    assert _run(today + timedelta(days=1), django_capture_on_commit_callbacks) == {"visits": 0, "reports": 0}
    (sent,) = smtp_server.messages
    assert sent["to"] == ["expert@example.jp"]
    assert "2026-12-01" in sent["message"]["Subject"] and f"/dispatch/{confirmed.pk}/" in sent["message"].get_content()


def test_no_visit_reminder_too_early_or_before_confirmation(world, offered, smtp_server,
                                                             django_capture_on_commit_callbacks):
    assert _run(DAY - timedelta(days=VISIT_REMINDER_DAYS), django_capture_on_commit_callbacks)["visits"] == 0
    services.respond_offer(by=world.people["expert"], dispatch=offered, accept=True)
    assert _run(DAY - timedelta(days=VISIT_REMINDER_DAYS + 1), django_capture_on_commit_callbacks)["visits"] == 0
    assert smtp_server.messages == []


def test_overdue_report_is_reminded_weekly_until_filed(world, confirmed, smtp_server,
                                                        django_capture_on_commit_callbacks):
    due = DAY + timedelta(days=REPORT_DUE_DAYS)
    assert _run(due, django_capture_on_commit_callbacks)["reports"] == 0  # due today: not yet overdue
    overdue = due + timedelta(days=1)
    assert _run(overdue, django_capture_on_commit_callbacks)["reports"] == 1
    assert _run(overdue + timedelta(days=1), django_capture_on_commit_callbacks)["reports"] == 0
    week_later = overdue + timedelta(days=REPORT_REMINDER_EVERY_DAYS)
    assert _run(week_later, django_capture_on_commit_callbacks)["reports"] == 1
    services.file_report(by=world.people["expert"], dispatch=confirmed, report="実施", hours=2, travel_costs=0)
    assert _run(week_later + timedelta(days=REPORT_REMINDER_EVERY_DAYS), django_capture_on_commit_callbacks) == {
        "visits": 0, "reports": 0}
    assert [m["to"] for m in smtp_server.messages] == [["expert@example.jp"], ["expert@example.jp"]]
    assert "2026-12-15" in smtp_server.messages[0]["message"].get_content()


def test_overdue_report_of_an_expert_without_account_goes_to_headquarters(world, smtp_server,
                                                                          django_capture_on_commit_callbacks):
    dispatch = ask(world)
    dispatch = services.offer_expert(by=world.people["hq_staff"], dispatch=dispatch,
                                     expert=make_expert(name="no account"))
    services.respond_offer(by=world.people["superuser"], dispatch=dispatch, accept=True)
    assert _run(DAY + timedelta(days=REPORT_DUE_DAYS + 1), django_capture_on_commit_callbacks)["reports"] == 1
    (sent,) = smtp_server.messages
    assert sent["to"] == ["hq_staff@example.jp"]


def test_dispatch_reminders_command_runs(world, confirmed):
    out = StringIO()
    call_command("dispatch_reminders", stdout=out)
    assert out.getvalue().startswith("visit reminders: ")
