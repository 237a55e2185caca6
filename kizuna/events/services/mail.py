"""Mail to registrants, rendered now and delivered after the commit. Confirmations carry an .ics attachment and
the check-in QR code (see tasks.py), so they are built by a task enqueued on commit."""

from django.db import transaction

from kizuna.core.notifications import queue_mail

from ..enums import Status
from ..tasks import send_confirmation


def _context(registration) -> dict:
    return {"registration": registration, "event": registration.event, "person": registration.person}


def _send(registration, template: str) -> None:
    queue_mail(to=registration.person.email, template=f"events/mail/{template}", context=_context(registration),
               language=getattr(registration.person, "preferred_language", "ja") or "ja")


def confirmed(registration) -> None:
    transaction.on_commit(lambda: send_confirmation.enqueue(registration_id=registration.pk))


def registered(registration) -> None:
    """What a new registration is told: confirmed, or applied / pending / waiting."""
    if registration.status == Status.CONFIRMED:
        confirmed(registration)
    else:
        _send(registration, registration.status)


def waiting(registration) -> None:
    _send(registration, "waiting")


def offered(registration) -> None:
    _send(registration, "offered")


def declined(registration) -> None:
    _send(registration, "declined")


def cancelled(registration) -> None:
    _send(registration, "cancelled")


def reminder(registration) -> None:
    _send(registration, "reminder")
