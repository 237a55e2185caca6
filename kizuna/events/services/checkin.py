"""Checking people in on the day by their code (QR or typed), and attendance imported from a webinar CSV."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import save_logged
from kizuna.core.policies import require

from ..enums import Status
from ..models import Event, Registration


@dataclass
class CheckIn:
    ok: bool
    outcome: str  # checked_in | unknown | cancelled | not_confirmed | already
    message: str
    registration: Registration | None = None


def check_in(*, by, event: Event, code: str) -> CheckIn:
    """One clear answer for every code: checked in now, unknown, cancelled, not confirmed, or already used."""
    require(by, "events.check_in", event)
    code = "".join(code.split()).upper()[:12]
    with transaction.atomic():
        found = (Registration.objects.select_for_update().select_related("person")
                 .filter(event=event, code=code).first()) if code else None
        if found is None:
            return CheckIn(False, "unknown", _("Unknown code: no registration for this event has it."))
        if found.status in (Status.CANCELLED, Status.DECLINED, Status.LAPSED):
            return CheckIn(False, "cancelled", _("This registration was cancelled (%(status)s).")
                           % {"status": found.get_status_display()}, found)
        if found.status != Status.CONFIRMED:
            return CheckIn(False, "not_confirmed", _("This registration is not confirmed (%(status)s).")
                           % {"status": found.get_status_display()}, found)
        if found.checked_in_at is not None:
            local = timezone.localtime(found.checked_in_at)
            return CheckIn(False, "already", _("Already checked in at %(time)s.")
                           % {"time": local.strftime("%H:%M")}, found)
        found.checked_in_at = timezone.now()
        found.checked_in_by = by
        save_logged(found, "events.registration.check_in", by=by, fields=["checked_in_at", "checked_in_by"])
    return CheckIn(True, "checked_in", _("Welcome, %(name)s: checked in.") % {"name": found.person}, found)
