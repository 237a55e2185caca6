"""Creating events (staff)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kizuna.core.enums import CLAIR_KINDS

from ..models import Event, Session


def create_event(*, by, organiser, sessions: list[dict] = (), invitees=(), **fields) -> Event:
    """An event run by headquarters, a branch or an overseas office, with its sessions."""
    if organiser.kind not in CLAIR_KINDS:
        raise ValidationError(_("Events are organised by headquarters, a branch or an overseas office."),
                              code="bad_organiser")
    probe = Event(organiser=organiser)
    if not by.has_perm("events.manage_event", probe):
        raise PermissionDenied("events.manage_event")
    event = Event(organiser=organiser, created_by=by, **fields)
    event.full_clean(exclude=["created_by"])
    event.save()
    for s in sessions:
        Session.objects.create(event=event, **s)
    if invitees:
        event.invitees.set(invitees)
    return event
