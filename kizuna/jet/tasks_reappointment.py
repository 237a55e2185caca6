"""Thin tasks of the reappointment round."""

from django_tasks import task

from .reappointment import remind_due


@task()
def remind_reappointment_intentions() -> int:
    """The reminders to participants who have not stated their intention (daily)."""
    return remind_due()
