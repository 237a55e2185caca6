"""Thin tasks of the grants app."""

from django.utils import timezone
from django_tasks import task


@task()
def remind_reports() -> int:
    from .services.reminders import remind_reports as remind

    return remind(today=timezone.localdate())
