"""Thin tasks of the requests app."""

from django_tasks import task

from .reminders import remind_due as remind


@task()
def remind_due() -> int:

    return remind()
