"""Change requests (変更申請): the grantee asks, headquarters approves or refuses."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..checks import yen
from ..enums import ChangeStatus, Status
from ..models import Application, Call, ChangeRequest
from ._common import require
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
    return ChangeRequest.objects.create(application=application, reason=reason, new_amount=new_amount,
                                        requested_by=by)


@transaction.atomic
def decide_change(*, by, change: ChangeRequest, approve: bool, answer: str = "") -> ChangeRequest:
    """Approving a new amount locks the call, like a decision: the envelope still holds."""
    require(by, "grants.decide_change", change.application)
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("This change request was already answered."), code="answered")
    application = change.application
    if approve and change.new_amount is not None:
        call = Call.objects.select_for_update().get(pk=application.call_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        total = awarded_total(call) - (application.decided_amount or 0) + change.new_amount
        if total > call.envelope:
            raise ValidationError(_("The new amount would bring the call to %(total)s, above its envelope of "
                                    "%(envelope)s.") % {"total": yen(total), "envelope": yen(call.envelope)},
                                  code="envelope")
        application.decided_amount = change.new_amount
        application.save(update_fields=["decided_amount"])
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.decided_by, change.decided_at, change.answer = by, timezone.now(), answer
    change.save(update_fields=["status", "decided_by", "decided_at", "answer"])
    return change
