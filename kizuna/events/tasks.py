"""Thin tasks: the confirmation mail with its .ics and QR-code attachments, reminders, and lapsing offers."""

import io

from django.core.mail import EmailMessage
from django_tasks import task

from kizuna.core.notifications import render_mail

from . import ical
from .links import registration_url
from .models import Registration
from .services.reminders import remind_upcoming


@task()
def send_confirmation(*, registration_id: int) -> int:


    r = Registration.objects.select_related("event__organiser", "person").get(pk=registration_id)
    context = {"registration": r, "event": r.event, "person": r.person, "registration_url": registration_url(r)}
    subject, body = render_mail("events/mail/confirmed", context, r.person.preferred_language or "ja")
    message = EmailMessage(subject=subject, body=body, to=[r.person.email])
    message.attach(f"event-{r.event.pk}.ics", ical.calendar([r.event], name=r.event.title, with_link=True),
                   "text/calendar; charset=utf-8; method=PUBLISH")
    message.attach(f"check-in-{r.code}.png", qr_png(r.code), "image/png")
    return message.send()


QR_SCALE = 8  # pixels per module: about 300 px wide, sharp on a phone held up at the door


def qr_png(code: str) -> bytes:
    """The check-in code as a QR image, the same code the registration page shows (segno writes the PNG)."""

    import segno  # heavy: loaded only when it is needed

    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


@task()
def send_reminders(*, within_hours: int = 24) -> int:

    return remind_upcoming(within_hours=within_hours)


@task()
def expire_offers() -> int:
    from .services import expire_offers as expire  # the services enqueue this module's tasks

    return expire()


@task()
def deliver_event_mail(*, mail_id: int) -> int:
    from .services.mailing import deliver  # the services enqueue this module's tasks

    return deliver(mail_id)
