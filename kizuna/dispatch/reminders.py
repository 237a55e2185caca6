"""Reminding experts of a visit ahead and of a report overdue (a write: it sends mail and marks what was sent).

Run by `kizuna dispatch_reminders` (the periodic jobs, hourly): each reminder goes once, or once a week for a
report still overdue, because each dispatch is claimed by marking it under a lock on its row, so two runs at
once cannot both send it. Each mark is logged as a step of the system.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from kizuna.core.audit import SYSTEM, update_logged
from kizuna.core.enums import WORKING_ROLES, OrgKind
from kizuna.core.models import Membership
from kizuna.core.notifications import queue_mail

from .enums import REPORT_DUE_DAYS, REPORT_REMINDER_EVERY_DAYS, VISIT_REMINDER_DAYS, Status
from .models import Dispatch

VERBS = {"visit_reminded_on": "remind_visit", "report_reminded_on": "remind_report"}  # the audit entry's verb


def hq_emails() -> list[str]:
    return sorted(set(Membership.objects.active().filter(
        organisation__kind=OrgKind.HEADQUARTERS, role__in=WORKING_ROLES).values_list("person__email", flat=True)))


def _claim(dispatch, mark: str, today: date, still: Q) -> bool:
    """Mark the dispatch as reminded today unless another run did: True when this run is to send. The row is
    locked while it is read (update_logged reads the rows it updates, then updates them by id), so a second
    run waits for the first and then finds it no longer matches `still`."""
    claimed = Dispatch.objects.select_for_update().filter(still, pk=dispatch.pk)
    return update_logged(claimed, f"dispatch.dispatch.{VERBS[mark]}", by=SYSTEM, **{mark: today}) == 1


def _visits_ahead(today: date) -> int:
    sent = 0
    for d in (Dispatch.objects.filter(status=Status.CONFIRMED, visit_reminded_on__isnull=True,
                                      starts_on__gte=today, starts_on__lte=today + timedelta(days=VISIT_REMINDER_DAYS),
                                      expert__person__isnull=False)
              .select_related("expert__person", "host").order_by("starts_on", "pk")):
        if _claim(d, "visit_reminded_on", today, Q(visit_reminded_on__isnull=True)):
            queue_mail(to=d.expert.person.email, template="dispatch/mail/visit_reminder",
                       context={"d": d, "path": d.get_absolute_url()})
            sent += 1
    return sent


def _reports_overdue(today: date) -> int:
    last_day = today - timedelta(days=REPORT_DUE_DAYS + 1)
    not_lately = Q(report_reminded_on__isnull=True) | Q(
        report_reminded_on__lte=today - timedelta(days=REPORT_REMINDER_EVERY_DAYS))
    staff = None
    sent = 0
    for d in (Dispatch.objects.filter(not_lately, status=Status.CONFIRMED, ends_on__lte=last_day)
              .select_related("expert__person", "host").order_by("ends_on", "pk")):
        if not _claim(d, "report_reminded_on", today, not_lately):
            continue
        if d.expert.person_id:
            to = [d.expert.person.email]
        else:  # an expert without an account: headquarters follows the report up
            staff = hq_emails() if staff is None else staff
            to = staff
        if to:
            queue_mail(to=to, template="dispatch/mail/report_reminder", context={
                "d": d, "due": d.ends_on + timedelta(days=REPORT_DUE_DAYS), "path": d.get_absolute_url()})
            sent += 1
    return sent


def remind_dispatches(*, today: date) -> dict:
    """Mail experts whose confirmed visit starts within VISIT_REMINDER_DAYS, and those whose report is more
    than REPORT_DUE_DAYS past the last day (again every REPORT_REMINDER_EVERY_DAYS). Returns the counts."""
    with transaction.atomic():
        return {"visits": _visits_ahead(today), "reports": _reports_overdue(today)}
