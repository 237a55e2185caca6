"""Thin tasks: the confirmation mail with its .ics attachment, reminders, and lapsing offers."""

from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_confirmation(*, registration_id: int) -> int:
    from kizuna.core.notifications import render_mail

    from . import ical
    from .models import Registration

    r = Registration.objects.select_related("event__organiser", "person").get(pk=registration_id)
    subject, body = render_mail("events/mail/confirmed", {"registration": r, "event": r.event, "person": r.person},
                                r.person.preferred_language or "ja")
    message = EmailMessage(subject=subject, body=body, to=[r.person.email])
    message.attach(f"event-{r.event.pk}.ics", ical.calendar([r.event], name=r.event.title, with_link=True),
                   "text/calendar; charset=utf-8; method=PUBLISH")
    return message.send()


@task()
def send_reminders(*, within_hours: int = 24) -> int:
    from .services.reminders import remind_upcoming

    return remind_upcoming(within_hours=within_hours)


@task()
def expire_offers() -> int:
    from django.contrib.auth.models import AnonymousUser

    from .services import expire_offers as expire

    return expire(by=AnonymousUser())
