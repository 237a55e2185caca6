"""Background tasks of the core: thin, taking plain values."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str, html: str = "", from_email: str = "",
               reply_to: str = "") -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email or None,
                                     reply_to=[reply_to] if reply_to else None)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
