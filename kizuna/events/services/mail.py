"""Mail to registrants, rendered now and delivered after the commit. Confirmations carry an .ics attachment and
the check-in QR code (see tasks.py), so they are built by a task enqueued on commit."""

from django.db import transaction

from kizuna.core.notifications import queue_mail

from ..enums import Status
from ..links import confirm_url, registration_url
from ..tasks import send_confirmation


def _context(registration) -> dict:
    return {"registration": registration, "event": registration.event, "person": registration.person,
            "registration_url": registration_url(registration)}


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


def link_again(registration) -> None:
    """The registration's link again, to someone who filled in the public form while already registered."""
    _send(registration, "link_again")


def reminder(registration) -> None:
    _send(registration, "reminder")


def confirm_guest(*, event, email: str, name: str, language: str, token: str) -> None:
    """The mail that asks someone who used the public form to confirm their address (and so their registration)."""
    queue_mail(to=email, template="events/mail/guest_confirm", language=language,
               context={"event": event, "person": name, "confirm_url": confirm_url(event.pk, token)})
