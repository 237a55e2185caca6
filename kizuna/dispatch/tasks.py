"""Thin tasks of the dispatch app."""

from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_with_ics(*, to: list[str], subject: str, body: str, ics: str) -> int:
    message = EmailMessage(subject=subject, body=body, to=to)
    message.attach("dispatch.ics", ics, "text/calendar")
    return message.send()


@task()
def remind_dispatches() -> dict:
    from django.utils import timezone

    from .reminders import remind_dispatches as remind

    return remind(today=timezone.localdate())
