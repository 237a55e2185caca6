"""Thin tasks of the safety confirmation (kept apart from the JET intake's tasks)."""

from django_tasks import task

from . import safety


@task()
def remind_safety_confirmations() -> int:
    """The scheduled reminders and escalation of open safety confirmations (hourly)."""
    return safety.remind_due()


@task()
def mail_safety_links(*, row_ids: list[int], template: str) -> int:
    """Write the mails of a batch of a confirmation's rows, each with its signed link, and queue them."""
    return safety.mail_links(row_ids, template)
