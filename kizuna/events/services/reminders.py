"""Reminders to confirmed registrants before the event, sent once."""

from datetime import timedelta

from django.utils import timezone

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
        mail._send(registration, "reminder")
        Registration.objects.filter(pk=registration.pk).update(reminded_at=now)
        count += 1
    return count
