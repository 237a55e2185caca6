"""Change requests (変更申請): the grantee asks, headquarters approve or refuse. An approved new amount changes
the application's decided amount through its own step (`change_amount`), which holds the call's envelope."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from ..checks import yen
from ..enums import APPLICATION_TRANSITIONS, CHANGE_TRANSITIONS, ChangeStatus, Status
from ..models import Application, Call, ChangeRequest
from .deciding import awarded_total


@transaction.atomic
def request_change(*, by, application: Application, reason: str, new_amount: int | None = None) -> ChangeRequest:
    require(by, "grants.request_change", application)
    if application.status != Status.AWARDED:
        raise ValidationError(_("Changes can be requested between the grant decision and the performance report."),
                              code="state")
    if not reason.strip():
        raise ValidationError(_("Say what changes and why."), code="reason")
    if new_amount is not None and not 1 <= new_amount <= application.requested_amount:
        raise ValidationError(_("The new amount must be between ¥1 and the requested %(req)s.")
                              % {"req": yen(application.requested_amount)}, code="amount")
    return create_logged(ChangeRequest, "grants.changerequest.request", by=by, application=application,
                         reason=reason, new_amount=new_amount, status=ChangeStatus.PENDING, requested_by=by)


@APPLICATION_TRANSITIONS.guard("within_envelope")
def _within_envelope(application, *, by, decided_amount, **changes) -> None:
    """The call's awards with the new amount stay within its envelope (the caller locked the call's row)."""
    call = Call.objects.get(pk=application.call_id)
    total = awarded_total(call) - Application.objects.get(pk=application.pk).decided_amount + decided_amount
    if total > call.envelope:
        raise ValidationError(_("The new amount would bring the call to %(total)s, above its envelope of "
                                "%(envelope)s.") % {"total": yen(total), "envelope": yen(call.envelope)},
                              code="envelope")


@CHANGE_TRANSITIONS.guard("answer_given")
def _answer_given(change, *, by, **changes) -> None:
    if not (change.answer or "").strip():
        raise ValidationError(_("Say why the change is refused."), code="answer")


@transaction.atomic
def decide_change(*, by, change: ChangeRequest, approve: bool, answer: str = "") -> ChangeRequest:
    """Approve or refuse. Approving a new amount locks the call first, like a decision: the envelope holds."""
    require(by, "grants.decide_change", change)
    fields = {"decided_by": by, "decided_at": timezone.now(), "answer": answer.strip()}
    if not approve:
        return transition(change, "reject", by=by, note=answer, **fields)
    Call.objects.select_for_update().get(pk=change.application.call_id)
    change = transition(change, "approve", by=by, note=answer, **fields)
    if change.new_amount is not None:
        transition(change.application, "change_amount", by=by, note=change.reason,
                   decided_amount=change.new_amount)
    return change
