"""After the decision: the performance report (実績報告), the final amount (額の確定), payments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.policies import require
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import transition

from ..checks import yen
from ..enums import APPLICATION_TRANSITIONS, PAYMENT_TRANSITIONS, AttachmentStage, PaymentKind, PaymentStatus, Status
from ..models import Application, Attachment, Payment
from ..queries import balance_of
from ..tasks import send_amount_letter
from .letters import take_letter_numbers


def final_amount(application: Application) -> int:
    """The lesser of the decided amount and the rate applied to the actual eligible cost."""
    actual = sum(line.actual_amount or 0 for line in application.lines.all() if line.eligible)
    return min(application.decided_amount or 0, actual * application.call.scheme.rate_percent // 100)


@transaction.atomic
def submit_report(*, by, application: Application, actuals: dict, outcomes: str) -> Application:
    """`actuals`: cost line id → actual amount (yen)."""
    require(by, "grants.report_application", application)
    lines = {line.pk: line for line in application.lines.all()}
    for pk, amount in actuals.items():
        if pk not in lines:
            raise ValidationError(_("A cost line is not part of this application."), code="line")
        if int(amount) < 0:
            raise ValidationError(_("An amount cannot be negative."), code="negative")
    if not outcomes.strip():
        raise ValidationError(_("Describe the outcomes of the project."), code="outcomes")
    application = transition(application, "report", by=by, outcomes=outcomes, reported_at=timezone.now())
    for pk, amount in actuals.items():
        lines[pk].actual_amount = int(amount)
        save_logged(lines[pk], "grants.costline.report_actual", by=by, fields=["actual_amount"])
    return application


REPORTING = (Status.AWARDED, Status.REPORT_RETURNED)


@transaction.atomic
def attach_report_file(*, by, application: Application, upload) -> Attachment:
    """A document sent with the performance report (receipts, photos, materials): at most 20 MB, of an
    accepted type by its content; while the report is being written or corrected."""
    require(by, "grants.report_application", application)
    if application.status not in REPORTING:
        raise ValidationError(_("Documents can be added to the performance report after the grant decision and "
                                "until the report is submitted."), code="state")
    content_type = check_upload(upload)
    return create_logged(Attachment, "grants.attachment.add", by=by, application=application,
                         stage=AttachmentStage.REPORT, file=upload, name=upload.name[:200],
                         content_type=content_type, size=upload.size, uploaded_by=by)


def return_report(*, by, application: Application, comment: str) -> Application:
    if not comment.strip():
        raise ValidationError(_("Say what should be corrected."), code="comment")
    return transition(application, "return_report", by=by, note=comment)


@transaction.atomic
def fix_amount(*, by, application: Application) -> Application:
    """Accept the report and fix the final amount; its notice (額の確定通知書) takes the next letter number and is
    mailed to the grantee after the commit."""
    require(by, "grants.accept_report", application)
    now = timezone.now()
    (number,) = take_letter_numbers(fiscal_year_of(timezone.localdate(now)), 1, by=by)
    return transition(application, "fix_amount", by=by, final_amount=final_amount(application), fixed_at=now,
                      fixed_by=by, fixed_letter_year=number["letter_year"],
                      fixed_letter_number=number["letter_number"])


@APPLICATION_TRANSITIONS.effect("fix_amount")
def _mail_amount_letter(application, *, by, note=""):
    """The notice is rendered and mailed by a background task after the commit, not in the request."""
    pk = application.pk
    transaction.on_commit(lambda: send_amount_letter.enqueue(application_id=pk))


@transaction.atomic
def prepare_payment(*, by, application: Application, kind: str, amount: int) -> Payment:
    """Prepare an advance (概算払) or the settlement (精算); payments never total more than is due."""
    require(by, "grants.prepare_payment", application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    # A claim has no performance report: its decided amount is what is due, settled in one payment.
    claim = application.call.scheme.claims_for_participants
    if kind == PaymentKind.SETTLEMENT and application.status != Status.FIXED and not claim:
        raise ValidationError(_("The settlement is paid once the final amount is fixed."), code="state")
    if application.decided_amount is None:
        raise ValidationError(_("Nothing was decided for this application."), code="state")
    check_advance_allowed(application, kind)
    balance = balance_of(application)  # the one reckoning of what is due and paid, as payment requests use
    if amount < 1 or balance.committed + amount > balance.due:
        raise ValidationError(_("Payments would total %(total)s, above the %(limit)s due.") % {
            "total": yen(balance.committed + amount), "limit": yen(balance.due)}, code="over")
    return create_logged(Payment, "grants.payment.prepare", by=by, application=application, kind=kind,
                         amount=amount, status=PaymentStatus.PREPARED, prepared_by=by)


def check_advance_allowed(application: Application, kind: str) -> None:
    """An advance (概算払) is paid before the amount is fixed, and only where the scheme allows advances."""
    if kind != PaymentKind.ADVANCE:
        return
    if not application.call.scheme.advance_payments:
        raise ValidationError({"kind": ValidationError(
            _("This scheme pays no advances: the grant is paid once the final amount is fixed."),
            code="no_advance")})
    if application.status == Status.FIXED:
        raise ValidationError({"kind": ValidationError(
            _("The final amount is fixed: what remains is paid as the settlement, not as an advance."),
            code="fixed")})


@PAYMENT_TRANSITIONS.guard("second_person")
def _second_person(payment, *, by, **changes) -> None:
    """Two-person rule: the person who prepared a payment cannot approve it."""
    if payment.prepared_by_id == by.pk:
        raise ValidationError(_("Someone other than the person who prepared a payment must approve it."),
                              code="two_person")


def approve_payment(*, by, payment: Payment) -> Payment:
    return transition(payment, "approve", by=by, approved_by=by, approved_at=timezone.now())
