"""Mail to registrants, queued after commit. Confirmations carry an .ics attachment (see tasks.py)."""

from django.db import transaction

from kizuna.core.notifications import queue_mail


def _context(registration) -> dict:
    return {"registration": registration, "event": registration.event, "person": registration.person}


def _send(registration, template: str) -> None:
    queue_mail(to=registration.person.email, template=f"events/mail/{template}", context=_context(registration),
               language=getattr(registration.person, "preferred_language", "ja") or "ja")


def confirmed(registration) -> None:
    from ..tasks import send_confirmation

    transaction.on_commit(lambda: send_confirmation.enqueue(registration_id=registration.pk))


def registered(registration) -> None:
    from ..enums import Status

    if registration.status == Status.CONFIRMED:
        confirmed(registration)
    else:
        _send(registration, registration.status)  # applied / pending / waiting


def offered(registration) -> None:
    _send(registration, "offered")


def declined(registration) -> None:
    _send(registration, "declined")
