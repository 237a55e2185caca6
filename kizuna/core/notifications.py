"""Mail to people, rendered in their language and sent by the task worker after the transaction commits."""

import smtplib

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email


def render_mail(template: str, context: dict, language: str = "ja") -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language`."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    return settings.EMAIL_SUBJECT_PREFIX_KIZUNA + subject, body


def queue_mail(*, to: str | list[str], template: str, context: dict, language: str = "ja",
               reply_to: str = "") -> None:
    """Send after commit, through the task queue: a refused transaction sends nothing. `reply_to`: where an
    answer to the mail goes (a signed address that names the record, kizuna.core.verp)."""

    recipients = [to] if isinstance(to, str) else list(to)
    subject, body = render_mail(template, context, language)
    extra = {"reply_to": reply_to} if reply_to else {}
    transaction.on_commit(lambda: send_email.enqueue(to=recipients, subject=subject, body=body, **extra))


def permanent_refusal(error: Exception) -> tuple[int, str] | None:
    """The SMTP code and words when the mail server refused a recipient for good (5xx): that row of a send-out
    is failed and the next one goes on. None for anything else (the server is away, a 4xx to try again later)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, words = next(iter(error.recipients.values()), (550, b""))
    elif isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500:
        code, words = error.smtp_code, error.smtp_error
    else:
        return None
    return code, words.decode("utf-8", "replace") if isinstance(words, bytes) else str(words)
