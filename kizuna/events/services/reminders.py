"""Reminders to confirmed registrants before the event, sent once (by the system: a scheduled step)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, save_logged

from ..enums import Status
from ..models import Registration
from . import mail


def remind_upcoming(*, within_hours: int = 24, now=None) -> int:
    now = now or timezone.now()
    due = (Registration.objects.filter(status=Status.CONFIRMED, reminded_at__isnull=True,
                                       event__starts_at__gt=now,
                                       event__starts_at__lte=now + timedelta(hours=within_hours))
           .select_related("event", "person"))
    count = 0
    for registration in due:
        with transaction.atomic():  # the mail is queued for the commit of its own stamp
            mail.reminder(registration)
            registration.reminded_at = now
            save_logged(registration, "events.registration.remind", by=SYSTEM, fields=["reminded_at"])
        count += 1
    return count
