"""Thin tasks of the grants app."""

from django.utils import timezone
from django_tasks import task

from .models import Application
from .services.interim import remind_interim_reports as remind_interim
from .services.letters import send_decision_letter as send
from .services.reminders import remind_reports as remind


@task()
def send_decision_letter(*, application_id: int) -> int:
    """Render the decision (or rejection) letter as a PDF and mail it to the applicant, outside the request."""

    application = Application.objects.select_related("call__scheme", "applicant", "person").get(pk=application_id)
    return send(application)


@task()
def remind_reports() -> int:

    return remind(today=timezone.localdate())


@task()
def remind_interim_reports() -> int:

    return remind_interim(today=timezone.localdate())
