from datetime import timedelta

from django.core import mail
from django.utils import timezone

from kizuna.grants import services
from kizuna.grants.services.reminders import remind_reports

from .conftest import make_submitted


def test_report_reminder_goes_14_days_before_and_not_after_the_report(world, call, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    call.report_due_on = today + timedelta(days=14)
    call.save()
    a, b = make_submitted(world, call, 2)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 100_000, b.pk: 100_000})
    mail.outbox.clear()
    line = b.lines.get()
    services.submit_report(by=world.people["municipality_staff"], application=b, actuals={line.pk: 1},
                           outcomes="済")
    with django_capture_on_commit_callbacks(execute=True):
        sent = remind_reports(today=today)
    assert (sent, len(mail.outbox), remind_reports(today=today - timedelta(days=1))) == (1, 1, 0)
    assert a.title in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        again = remind_reports(today=today)  # the hourly loop runs it again the same day
    assert (again, len(mail.outbox)) == (0, 1)
