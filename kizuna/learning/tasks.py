"""Thin tasks of JET learning."""

from django_tasks import task

from .services import expire_access, remind_due


@task()
def learning_reminders() -> int:
    """Daily: enrolments whose access ended end as such; courses due within a week (or overdue) are reminded."""
    return expire_access() + remind_due()
