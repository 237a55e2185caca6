"""Reminders before the performance report is due (sent by a daily task or cron)."""

from datetime import date, timedelta

from kizuna.core.audit import SYSTEM, log_action, logged_on
from kizuna.core.notifications import queue_mail

from ..enums import Status
from ..models import Application
from .letters import recipients

REMIND_DAYS_BEFORE = (14, 3)


def remind_reports(*, today: date) -> int:
    """Mail the grantees whose report is due in 14 or 3 days and not yet submitted; returns how many. A
    scheduled step, run hourly or daily: each reminder is recorded on its application as done by the system,
    and a run repeated the same day mails nobody twice."""
    due = [today + timedelta(days=d) for d in REMIND_DAYS_BEFORE]
    sent = 0
    for application in (Application.objects.filter(status__in=[Status.AWARDED, Status.REPORT_RETURNED],
                                                    call__report_due_on__in=due)
                        .exclude(pk__in=logged_on(Application, "grants.application.remind", today))
                        .select_related("call", "applicant", "person")):
        to = recipients(application)
        if to:
            queue_mail(to=to, template="grants/mail/report_reminder", context={
                "application": application, "due": application.call.report_due_on})
            log_action(application, "grants.application.remind", by=SYSTEM,
                       data={"due": application.call.report_due_on, "recipients": len(to)})
            sent += 1
    return sent
