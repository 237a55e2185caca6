"""Thin tasks of the requests app."""

from django_tasks import task


@task()
def remind_due() -> int:
    from .reminders import remind_due as remind

    return remind()
