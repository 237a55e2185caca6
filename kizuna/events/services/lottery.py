"""A fair, auditable draw for oversubscribed trainings: applications until the closing date, then staff run
the draw. The seed is recorded with the applicants, so `replay_draw` reproduces the order exactly."""

import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from ..enums import Mode, Status
from ..models import Draw, Event, Registration
from .registering import take_seat


def drawn_order(seed: str, applicants: list[int]) -> list[int]:
    """The draw itself: the applicants in id order, shuffled by a generator seeded with `seed`."""
    order = sorted(applicants)
    random.Random(seed).shuffle(order)
    return order


def replay_draw(draw: Draw) -> bool:
    """True when the recorded seed and applicants give the recorded order."""
    return drawn_order(draw.seed, draw.applicants) == draw.order


def run_draw(*, by, event: Event, seed: str | None = None) -> Draw:
    """Draw the places of every applicant: the first `seats` win a seat (mailed their confirmation), the others
    wait in drawn order (mailed that they wait)."""
    require(by, "events.run_draw", event)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.mode != Mode.LOTTERY:
            raise ValidationError(_("This event does not use a lottery."), code="not_lottery")
        if (locked.closes_at or locked.starts_at) > timezone.now():
            raise ValidationError(_("Applications are still open: draw after they close."), code="still_open")
        if Draw.objects.filter(event=locked).exists():
            raise ValidationError(_("The draw for this event has already been run."), code="already_drawn")
        applicants = list(Registration.objects.filter(event=locked, status=Status.APPLIED)
                          .values_list("pk", flat=True))
        seed = seed or secrets.token_hex(16)
        order = drawn_order(seed, applicants)
        seats = len(order) if locked.capacity is None else max(0, locked.capacity - locked.seats_taken)
        draw = create_logged(Draw, "events.draw.run", by=by, event=locked, seed=seed, applicants=sorted(applicants),
                             order=order, seats=min(seats, len(order)), drawn_by=by)
        registrations = Registration.objects.in_bulk(order)
        for place, pk in enumerate(order, start=1):
            won = place <= draw.seats
            done = transition(registrations[pk], "win" if won else "lose", by=by, position=place,
                              note=f"draw {draw.pk}, place {place}")
            if won:  # a winner holds a seat in the event and in its sessions, as a confirmed registrant does
                take_seat(locked, done, by=by)
    return draw
