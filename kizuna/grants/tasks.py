"""Thin tasks of the grants app."""

from django.utils import timezone
from django_tasks import task

from .models import Application, RefundOrder
from .services.interim import remind_interim_reports as remind_interim
from .services.letters import send_amount_letter as send_amount
from .services.letters import send_decision_letter as send
from .services.letters import send_refund_letter as send_refund
from .services.reminders import remind_reports as remind


@task()
def send_decision_letter(*, application_id: int) -> int:
    """Render the decision (or rejection) letter as a PDF and mail it to the applicant, outside the request."""

    application = Application.objects.select_related("call__scheme", "applicant", "person").get(pk=application_id)
    return send(application)


@task()
def send_amount_letter(*, application_id: int) -> int:
    """Render the notice of the fixed amount (額の確定通知書) and mail it to the grantee, outside the request."""

    application = Application.objects.select_related("call__scheme", "applicant", "person").get(pk=application_id)
    return send_amount(application)


@task()
def send_refund_letter(*, refund_id: int) -> int:
    """Render the refund order (返還請求書) and mail it to the grantee, outside the request."""

    refund = RefundOrder.objects.select_related("application__call__scheme", "application__applicant",
                                                "application__person").get(pk=refund_id)
    return send_refund(refund)


@task()
def remind_reports() -> int:

    return remind(today=timezone.localdate())


@task()
def remind_interim_reports() -> int:

    return remind_interim(today=timezone.localdate())
