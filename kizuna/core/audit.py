"""Audit wiring shared by every app.

Changes: every domain model is registered with django-auditlog in its app's `ready()`; the
AuditlogMiddleware records the actor and remote address; `transition()` writes one entry per state change.

Reads: sensitive records (counselling notes, later) log every read with `LogReadAccessMixin` on a
class-based detail view, or `log_read_access(obj)` in a function view or an API operation. Each read becomes
an auditlog entry with action ACCESS, the actor and the remote address.
"""

from auditlog.models import LogEntry
from auditlog.signals import accessed


def log_read_access(obj) -> None:
    """Record that the current person read `obj` (actor and address come from the request context)."""
    accessed.send(sender=type(obj), instance=obj)


def read_accesses(obj):
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.ACCESS).select_related("actor")


class LogReadAccessMixin:
    """For DetailView-like views: every rendering of the object is logged as a read."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        log_read_access(obj)
        return obj
