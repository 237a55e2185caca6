"""Deciding in a batch, never above the call's envelope, even when two staff decide at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.policies import require
from kizuna.core.workflow import transition

from ..checks import yen
from ..enums import APPLICATION_TRANSITIONS, DECIDED
from ..models import Application, Call
from ..tasks import send_decision_letter


@APPLICATION_TRANSITIONS.effect("award", "reject")
def _mail_decision(application, *, by, note=""):
    """The letter is rendered and mailed by a background task after the commit, not in the request."""
    pk = application.pk
    transaction.on_commit(lambda: send_decision_letter.enqueue(application_id=pk))


def awarded_total(call: Call) -> int:
    return Application.objects.filter(call=call, status__in=DECIDED).aggregate(
        total=Sum("decided_amount"))["total"] or 0


@transaction.atomic
def decide_applications(*, by, call: Call, awards: dict, rejections=(), conditions: str = "") -> list:
    """`awards`: application id → amount; `rejections`: application ids. All or nothing.

    The call's row is locked first, so a second batch waits and then sees what the first awarded."""
    require(by, "grants.decide_application")
    call = Call.objects.select_for_update().get(pk=call.pk)
    total = awarded_total(call) + sum(int(a) for a in awards.values())
    if total > call.envelope:
        raise ValidationError(
            _("These awards would bring the total to %(total)s, above the call's envelope of %(envelope)s "
              "(by %(over)s). Nothing was decided.") % {
                "total": yen(total), "envelope": yen(call.envelope), "over": yen(total - call.envelope)},
            code="envelope")
    ids = [*awards, *rejections]
    found = {a.pk: a for a in Application.objects.filter(call=call, pk__in=ids)}
    if len(found) != len(set(ids)):
        raise ValidationError(_("Some applications are not part of this call."), code="unknown")
    now = timezone.now()
    decided = []
    for pk, amount in awards.items():
        application = found[pk]
        if int(amount) > application.requested_amount or int(amount) <= 0:
            raise ValidationError(_("The award for “%(title)s” must be between ¥1 and the requested %(req)s.")
                                  % {"title": application.title, "req": yen(application.requested_amount)},
                                  code="amount")
        decided.append(transition(application, "award", by=by, decided_amount=int(amount), decided_at=now,
                                  decided_by=by, conditions=conditions))
    for pk in rejections:
        decided.append(transition(found[pk], "reject", by=by, decided_at=now, decided_by=by))
    return decided
