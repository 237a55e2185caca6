"""Thin tasks of the dispatch app."""

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from .reminders import remind_dispatches as remind


@task()
def send_with_ics(*, to: list[str], subject: str, body: str, ics: str) -> int:
    message = EmailMessage(subject=subject, body=body, to=to)
    message.attach("dispatch.ics", ics, "text/calendar")
    return message.send()


@task()
def remind_dispatches() -> dict:


    return remind(today=timezone.localdate())
