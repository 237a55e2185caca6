"""Deciding in a batch, never above the call's envelope, even when two staff decide at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from ..checks import yen
from ..enums import APPLICATION_TRANSITIONS, DECIDED
from ..models import Application, Call
from ..tasks import send_decision_letter
from .letters import take_letter_numbers


@APPLICATION_TRANSITIONS.effect("award", "reject")
def _mail_decision(application, *, by, note=""):
    """The letter is rendered and mailed by a background task after the commit, not in the request."""
    pk = application.pk
    transaction.on_commit(lambda: send_decision_letter.enqueue(application_id=pk))


def awarded_total(call: Call) -> int:
    return Application.objects.filter(call=call, status__in=DECIDED).aggregate(
        total=Sum("decided_amount"))["total"] or 0


@transaction.atomic
def decide_applications(*, by, call: Call, awards: dict, rejections=(), conditions: str = "",
                        conditions_of: dict | None = None) -> list:
    """`awards`: application id → amount; `rejections`: application ids. All or nothing. `conditions_of`:
    application id → its own conditions (an award's citation), else the common `conditions`.

    The call's row is locked first, so a second batch waits and then sees what the first awarded."""
    require(by, "grants.decide_application")
    call = Call.objects.select_for_update().select_related("scheme").get(pk=call.pk)
    if not call.scheme.pays_money and any(int(a) for a in awards.values()):
        raise ValidationError(_("An award pays no money: select its winners with no amount."), code="amount")
    total = awarded_total(call) + sum(int(a) for a in awards.values())
    if total > call.envelope:
        raise ValidationError(
            _("These awards would bring the total to %(total)s, above the call's envelope of %(envelope)s "
              "(by %(over)s). Nothing was decided.") % {
                "total": yen(total), "envelope": yen(call.envelope), "over": yen(total - call.envelope)},
            code="envelope")
    _check_most_winners(call, len(awards))
    if not call.scheme.pays_money and any(not (conditions_of or {}).get(pk, "").strip() for pk in awards):
        # An award's winners are chosen on its panel, each with its citation (kizuna/awards), never with the
        # grants board's one common text.
        raise ValidationError(_("Each winner of an award needs its own citation: choose the winners on the "
                                "award's panel."), code="citation")
    ids = [*awards, *rejections]
    found = {a.pk: a for a in Application.objects.filter(call=call, pk__in=ids)}
    if len(found) != len(set(ids)):
        raise ValidationError(_("Some applications are not part of this call."), code="unknown")
    now = timezone.now()
    numbers = take_letter_numbers(fiscal_year_of(timezone.localdate(now)), len(ids), by=by)
    decided = []
    for pk, amount in awards.items():
        application = found[pk]
        if call.scheme.pays_money and (int(amount) > application.requested_amount or int(amount) <= 0):
            raise ValidationError(_("The award for “%(title)s” must be between ¥1 and the requested %(req)s.")
                                  % {"title": application.title, "req": yen(application.requested_amount)},
                                  code="amount")
        decided.append(transition(application, "award", by=by, decided_amount=int(amount), decided_at=now,
                                  decided_by=by, conditions=(conditions_of or {}).get(pk, conditions),
                                  **next(numbers)))
    for pk in rejections:
        decided.append(transition(found[pk], "reject", by=by, decided_at=now, decided_by=by, **next(numbers)))
    return decided


def _check_most_winners(call: Call, count: int) -> None:
    """The call's rule "at most N selected", counted with those selected before."""
    if call.most_winners is None or not count:
        return
    before = Application.objects.filter(call=call, status__in=DECIDED).count()
    if before + count > call.most_winners:
        raise ValidationError(
            _("At most %(most)d may be selected in this call (%(before)d already were): %(count)d is too many. "
              "Nothing was decided.") % {"most": call.most_winners, "before": before, "count": count},
            code="most_winners")

