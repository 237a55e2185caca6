"""Reminding office staff of requests due soon or overdue (a write: it sends mail)."""

from collections import defaultdict

from kizuna.core.notifications import queue_mail

from . import effects, queries


def remind_due() -> int:
    """One mail per person: the assignee of each due item, or the whole office when nobody is assigned.
    Returns the number of mails queued."""
    per_person = defaultdict(list)
    for r in queries.due_for_reminder():
        recipients = [r.assignee.email] if r.assignee_id else effects.emails_of(r.office)
        for email in recipients:
            per_person[email].append(r)
    for email, rows in sorted(per_person.items()):
        queue_mail(to=email, template="requests/mail/reminder", context={"rows": rows})
    return len(per_person)
