"""Interim reports (中間報告): scheduled from the call's dates when a project is awarded (or one by one on an
award by headquarters), submitted by the grantee, accepted or returned by headquarters, reminded before they
are due."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, create_logged, save_logged
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from ..enums import APPLICATION_TRANSITIONS, INTERIM_OPEN, INTERIM_TRANSITIONS, Status
from ..models import Application, InterimReport
from .letters import recipients

REMIND_DAYS_BEFORE = (14, 3)
SCHEDULABLE = (Status.AWARDED, Status.REPORT_RETURNED)


def _create(application: Application, due_on: date, *, by) -> InterimReport:
    number = (application.interim_reports.aggregate(n=Max("number"))["n"] or 0) + 1
    return create_logged(InterimReport, "grants.interimreport.schedule", by=by, application=application,
                         number=number, due_on=due_on)


@APPLICATION_TRANSITIONS.effect("award")
def _schedule_from_the_call(application, *, by, note=""):
    """The call's interim report dates become the awarded project's reports (in the decision's transaction)."""
    for due_on in sorted(application.call.interim_due_dates or ()):
        _create(application, date.fromisoformat(due_on), by=by)


@transaction.atomic
def schedule_interim_report(*, by, application: Application, due_on: date) -> InterimReport:
    """One more interim report asked of an awarded project (the award's own date, beside the call's)."""
    require(by, "grants.schedule_interim", application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in SCHEDULABLE:
        raise ValidationError(_("Interim reports are asked of awarded projects before their performance report."),
                              code="state")
    if due_on <= timezone.localdate():
        raise ValidationError({"due_on": ValidationError(_("The due date must be after today."), code="past")})
    return _create(application, due_on, by=by)


@INTERIM_TRANSITIONS.guard("progress_described")
def _progress_described(report, *, by, **changes) -> None:
    if not (report.progress or "").strip():
        raise ValidationError({"progress": ValidationError(_("Describe how the project is progressing."),
                                                           code="progress")})
    if report.application.status not in SCHEDULABLE:
        raise ValidationError(_("Interim reports are sent between the grant decision and the performance report."),
                              code="state")


@INTERIM_TRANSITIONS.guard("comment_given")
def _comment_given(report, *, by, **changes) -> None:
    if not (report.comment or "").strip():
        raise ValidationError({"comment": ValidationError(_("Say what should be corrected."), code="comment")})


def submit_interim_report(*, by, report: InterimReport, progress: str, spent_to_date: int | None = None
                          ) -> InterimReport:
    if spent_to_date is not None and spent_to_date < 0:
        raise ValidationError({"spent_to_date": ValidationError(_("An amount cannot be negative."),
                                                                code="negative")})
    return transition(report, "submit", by=by, progress=progress.strip(), spent_to_date=spent_to_date,
                      submitted_at=timezone.now(), submitted_by=by)


def answer_interim_report(*, by, report: InterimReport, accept: bool, comment: str = "") -> InterimReport:
    """Accept the report, or return it for correction with what to correct."""
    return transition(report, "accept" if accept else "return", by=by, note=comment, comment=comment.strip(),
                      answered_at=timezone.now(), answered_by=by)


def remind_interim_reports(*, today: date) -> int:
    """Mail the grantees whose interim report is due in 14 or 3 days and not sent (or returned and not sent
    again); returns how many. A scheduled step, run hourly or daily: each reminder is recorded on its report as
    done by the system, with the day, so that a run repeated that day mails nobody twice."""
    due = [today + timedelta(days=d) for d in REMIND_DAYS_BEFORE]
    sent = 0
    for report in (InterimReport.objects.filter(status__in=INTERIM_OPEN, due_on__in=due,
                                                application__status__in=SCHEDULABLE)
                   .exclude(reminded_on=today)
                   .select_related("application__applicant", "application__person")):
        to = recipients(report.application)
        if to:
            queue_mail(to=to, template="grants/mail/interim_reminder", context={
                "application": report.application, "report": report, "due": report.due_on})
            report.reminded_on = today
            save_logged(report, "grants.interimreport.remind", by=SYSTEM, fields=["reminded_on"])
            sent += 1
    return sent
