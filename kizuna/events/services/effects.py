"""Guards and mail effects of the registration and co-exhibitor transitions, attached to their tables by name.

Effects run inside the step's transaction: they render the mail and queue its delivery for after the commit
(`queue_mail`, or the confirmation task enqueued on commit), so a refused step sends nothing.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import BOOTH_TRANSITIONS, REGISTRATION_TRANSITIONS
from ..models import Booth
from . import mail

# Guards -----------------------------------------------------------------------------------------------------


@REGISTRATION_TRANSITIONS.guard("offer_open")
def offer_open(registration, *, by, **changes) -> None:
    if registration.offer_expires_at is not None and registration.offer_expires_at <= timezone.now():
        raise ValidationError(_("This offer has lapsed; the seat went to the next person waiting."),
                              code="offer_lapsed")


@REGISTRATION_TRANSITIONS.guard("offer_expired")
def offer_expired(registration, *, by, **changes) -> None:
    if registration.offer_expires_at is None or registration.offer_expires_at > timezone.now():
        raise ValidationError(_("This offer is still open: it lapses only when its time is up."),
                              code="offer_still_open")


@BOOTH_TRANSITIONS.guard("slot_free")
def slot_free(exhibitor, *, by, **changes) -> None:
    """The caller holds the booth's row lock, so the count read here cannot change before the slot is taken."""
    booth = Booth.objects.get(pk=exhibitor.booth_id)
    if booth.slots_taken >= booth.slots:
        raise ValidationError(_("All %(n)s slots are taken.") % {"n": booth.slots}, code="booth_full")


@BOOTH_TRANSITIONS.guard("sound_numbers")
def sound_numbers(exhibitor, *, by, **changes) -> None:
    numbers = (exhibitor.visitors, exhibitor.leads, exhibitor.deals)
    if any(n is None or n < 0 for n in numbers) or exhibitor.deals > exhibitor.leads:
        raise ValidationError(_("Numbers must be zero or more, and deals cannot exceed leads."), code="bad_numbers")


# Mail effects -----------------------------------------------------------------------------------------------


@REGISTRATION_TRANSITIONS.effect("approve", "accept", "win")
def mail_confirmed(registration, *, by, note="") -> None:
    mail.confirmed(registration)


@REGISTRATION_TRANSITIONS.effect("lose")
def mail_waiting(registration, *, by, note="") -> None:
    mail.waiting(registration)


@REGISTRATION_TRANSITIONS.effect("offer")
def mail_offered(registration, *, by, note="") -> None:
    mail.offered(registration)


@REGISTRATION_TRANSITIONS.effect("decline")
def mail_declined(registration, *, by, note="") -> None:
    mail.declined(registration)


@REGISTRATION_TRANSITIONS.effect("cancel")
def mail_cancelled(registration, *, by, note="") -> None:
    mail.cancelled(registration)
