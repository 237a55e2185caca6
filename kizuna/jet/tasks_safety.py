"""Thin tasks of the safety confirmation (kept apart from the JET intake's tasks)."""

from django_tasks import task

from .safety import remind_due as remind


@task()
def remind_safety_confirmations() -> int:
    """The scheduled reminders and escalation of open safety confirmations (hourly)."""
    return remind()
