"""A record's history in words, in the reader's language: who did what, when, and what changed.

Each entry written by `log_action` carries a dotted action (`requests.request.accept`). Its words come from,
in this order: a label an app registered (`register_action_labels`), the label of the transition of that name
in the model's transition table, or the verb and the model's name ("changed: request"). Changed fields are
named by their verbose names, values by their choices' labels, related records by their names, masked values
as hidden.
"""

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .audit import MASK

_LABELS: dict[str, str] = {}

VERBS = {
    "create": pgettext_lazy("audit verb", "Created"),
    "update": pgettext_lazy("audit verb", "Changed"),
    "delete": pgettext_lazy("audit verb", "Deleted"),
    "read": pgettext_lazy("audit verb", "Read"),
    "end": pgettext_lazy("audit verb", "Ended"),
    "revoke": pgettext_lazy("audit verb", "Revoked"),
    "accept": pgettext_lazy("audit verb", "Accepted"),
    "add": pgettext_lazy("audit verb", "Added"),
    "post": pgettext_lazy("audit verb", "Posted"),
    "publish": pgettext_lazy("audit verb", "Published or unpublished"),
    "set": pgettext_lazy("audit verb", "Set"),
    "remind": pgettext_lazy("audit verb", "Reminded"),
    "load": pgettext_lazy("audit verb", "Loaded"),
}
_KIND_VERBS = {LogEntry.Action.CREATE: "create", LogEntry.Action.UPDATE: "update",
               LogEntry.Action.DELETE: "delete", LogEntry.Action.ACCESS: "read"}


def register_action_labels(labels: dict[str, str]) -> None:
    """An app names its actions in words: {"grants.payment.approve": _("Approved the payment")}."""
    _LABELS.update(labels)


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: str
    what: str
    note: str = ""
    address: str = ""
    changes: list[Change] = field(default_factory=list)


def _who(entry: LogEntry) -> str:
    data = entry.additional_data or {}
    if entry.actor_id:
        return str(entry.actor)
    if data.get("by") == "anonymous":
        return str(_("an anonymous visitor"))
    if data.get("by") == "person":
        return entry.actor_email or str(_("a person since deleted"))
    return str(_("system"))


def _what(entry: LogEntry, model) -> str:
    data = entry.additional_data or {}
    action = data.get("action", "")
    if action in _LABELS:
        return str(_LABELS[action])
    verb = action.rsplit(".", 1)[-1] if action else _KIND_VERBS.get(entry.action, "update")
    table = getattr(model, "transitions", None) if model is not None else None
    if table is not None and data.get("transition"):
        try:
            return str(table[data["transition"]].label)
        except Exception:  # noqa: BLE001 - an action since removed from the table keeps its code
            return data["transition"]
    name = str(model._meta.verbose_name) if model is not None else entry.content_type.model
    label = VERBS.get(verb)
    return f"{label}: {name}" if label else f"{verb}: {name}"


def _display(model, name: str, value, related: dict) -> str:
    if isinstance(value, list):  # a many-to-many field, or a list of values
        return ", ".join(_display(model, name, v, related) for v in value) or "—"
    if value is None or value == "":
        return "—"
    if value == MASK:
        return str(_("(hidden)"))
    if model is None:
        return str(value)
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field since removed
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation and model_field.related_model is not None:
        return related.get((model_field.related_model, value), f"#{value}") if isinstance(value, int) else str(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed
        return name


def _related_names(rows: list[tuple]) -> dict:
    """The names of the related records the entries mention, one query per related model."""
    wanted: dict = {}
    for model, changes in rows:
        if model is None:
            continue
        for name, values in changes.items():
            try:
                model_field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001
                continue
            if model_field.is_relation and model_field.related_model is not None:
                flat = [x for v in values for x in (v if isinstance(v, list) else [v])]
                wanted.setdefault(model_field.related_model, set()).update(x for x in flat if isinstance(x, int))
    found = {}
    for related_model, ids in wanted.items():
        for obj in related_model._base_manager.filter(pk__in=ids):
            found[(related_model, obj.pk)] = str(obj)
    return found


def describe(entries) -> list[Entry]:
    entries = list(entries)
    types = {pk: ContentType.objects.get_for_id(pk) for pk in {e.content_type_id for e in entries}}
    rows = [(types[e.content_type_id].model_class(), e.changes_dict if isinstance(e.changes, dict) else {})
            for e in entries]
    related = _related_names(rows)
    described = []
    for entry, (model, changes) in zip(entries, rows, strict=True):
        data = entry.additional_data or {}
        described.append(Entry(
            when=entry.timestamp, who=_who(entry), what=_what(entry, model), note=data.get("note", ""),
            address=entry.remote_addr or "",
            changes=[Change(_field_label(model, name) if model else name,
                            _display(model, name, values[0], related), _display(model, name, values[1], related))
                     for name, values in changes.items() if isinstance(values, list | tuple) and len(values) == 2],
        ))
    return described


def history_of(obj, limit: int = 50) -> list[Entry]:
    """The newest `limit` entries of a record, in words."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")[:limit]
    return describe(entries)
