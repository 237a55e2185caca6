"""Reading the audit trail in tests."""

from auditlog.models import LogEntry


def entries_of(obj, action: str | None = None) -> list[LogEntry]:
    """The entries of a record, oldest first (only those of `action` when given)."""
    found = LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")
    if action is not None:
        found = found.filter(additional_data__action=action)
    return list(found)


def entry_of(obj, action: str) -> LogEntry:
    """The one entry of `action` on the record (fails when there is none or more than one)."""
    found = entries_of(obj, action)
    assert len(found) == 1, f"{len(found)} entries of {action} on {obj!r}"
    return found[0]


def logged(obj, action: str) -> tuple:
    """(who, changes) of the one entry of `action` on the record: what an audit test compares."""
    entry = entry_of(obj, action)
    return (entry.actor if entry.actor_id else entry.additional_data.get("by"), entry.changes)
