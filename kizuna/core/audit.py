"""The audit trail: every write is logged, once, through `log_action` (pretix's shape).

    log_action(obj, "grants.application.decide", by=user, changes={"decided_amount": [None, 500000]})

records who (a person, the system, or an anonymous visitor), when, from which address, what action (a dotted
code `app.model.verb`), and every changed field with its old and new value. Fields a model declares in
`audit_masked` are recorded as changed but their values are hidden; fields in `audit_untracked` (progress
counters, "last used" stamps) may change without an entry.

Services rarely call `log_action` directly; they write through the helpers that compute the changes:

- `save_logged(obj, action, by=…, fields=[…])`  a new record, or the named fields of an existing one;
- `create_logged(Model, action, by=…, **values)`;
- `delete_logged(obj, action, by=…)`;
- `update_logged(queryset, action, by=…, **values)`  a bulk update, one entry per row;
- `log_actions([{"obj": …, "action": …, "changes": …}, …], by=…)`  several entries in one insert.

`QuerySet.update()` on an audited model is refused (`UnloggedWrite`) unless it only touches untracked fields:
bulk writes go through `update_logged`. `transition()` (kizuna/core/workflow.py) logs through `log_action` too.

Entries are django-auditlog `LogEntry` rows: the dotted action and the kind of actor are in
`additional_data`, the address comes from auditlog's middleware. Reads of sensitive records are logged with
`log_read_access(obj)` or `LogReadAccessMixin`, in the same table.

The watch: when `KIZUNA_AUDIT_STRICT` is on (tests, development), every save and delete of an audited model
is noted, and a request that ends with a write that no entry covers fails (`AuditMiddleware`); tests of
services use `watch()` the same way.
"""

import contextlib
import datetime
import decimal
import logging
import uuid
from contextvars import ContextVar

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

MASK = "********"
logger = logging.getLogger(__name__)


class UnloggedWrite(RuntimeError):
    """An audited record was written without an audit entry."""


class SystemActor:
    """The actor of scheduled and automatic steps (expiry, reminders, promotion from a waiting list)."""

    pk = None
    id = None
    is_authenticated = False
    is_anonymous = False
    is_active = True
    is_superuser = False
    email = ""

    def __str__(self) -> str:
        return "system"

    def has_perm(self, perm, obj=None) -> bool:
        return False


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM


# -- which models are audited ------------------------------------------------------------------------------

def is_audited(model) -> bool:
    """Every model of Kizuna's own apps is audited unless it says `audited = False`; another app's model is
    audited when it says `audited = True`."""
    meta = model._meta
    if meta.abstract or meta.auto_created or meta.app_config is None:
        return False
    declared = getattr(model, "audited", None)
    return declared if declared is not None else meta.app_config.name.startswith("kizuna.")


def _untracked(model) -> frozenset:
    return frozenset(getattr(model, "audit_untracked", ()))


def _masked(model) -> frozenset:
    return frozenset(getattr(model, "audit_masked", ()))


class AuditedQuerySet(models.QuerySet):
    """Bulk updates of an audited model are refused unless they touch only untracked fields."""

    def update(self, **kwargs):
        if is_audited(self.model) and not set(kwargs) <= _untracked(self.model) and not _bulk_allowed.get():
            raise UnloggedWrite(
                f"{self.model._meta.label}.objects.update({', '.join(kwargs)}) is not logged: use update_logged()")
        return super().update(**kwargs)

    update.queryset_only = True  # not on related managers either (they build a queryset and call update)


_bulk_allowed: ContextVar[bool] = ContextVar("kizuna_audit_bulk", default=False)


# -- values as they are stored ---------------------------------------------------------------------------

def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):  # a file's content: its size, never its bytes
        return f"{len(value)} bytes"
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)


def _fields(model, names=None) -> list:
    concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
    if names is None:
        return concrete
    by_name = {f.name: f for f in concrete} | {f.attname: f for f in concrete}
    return [by_name[n] for n in names]


def _values(obj, fields) -> dict:
    return {f.name: _plain(getattr(obj, f.attname)) for f in fields}


def _mask(model, changes: dict) -> dict:
    """Masked fields show that they changed, not their values; untracked fields are left out."""
    masked, untracked = _masked(model), _untracked(model)
    def hide(value):  # an empty value is shown as empty: "set" and "cleared" stay readable
        return MASK if value not in (None, "") else value

    return {name: ([hide(old), hide(new)] if name in masked
                   else [old, new]) for name, (old, new) in changes.items() if name not in untracked}


# -- writing entries -------------------------------------------------------------------------------------

_ACTION_KIND = {"create": LogEntry.Action.CREATE, "delete": LogEntry.Action.DELETE, "read": LogEntry.Action.ACCESS}


def log_action(obj, action: str, *, by, changes: dict | None = None, data: dict | None = None,
               kind: int | None = None) -> LogEntry:
    """Record that `by` did `action` to `obj`, with `changes` ({field: [old, new]}) and any other `data`."""
    entry = _entry(obj, action, by=by, changes=changes, data=data, kind=kind)
    entry.save()
    _written(obj, entry)
    return entry


def logged_on(model, action: str, day: datetime.date) -> set[int]:
    """The ids of `model`'s records that had `action` logged on `day` (local time): a scheduled step run hourly
    asks it so as to act once a day."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return set(LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        timestamp__gte=start, timestamp__lt=start + datetime.timedelta(days=1),
        additional_data__action=action).values_list("object_id", flat=True))


def log_actions(actions: list[dict], *, by) -> list[LogEntry]:
    """Several `log_action`s by `by` written in one insert, each a dict of `log_action`'s arguments (`obj`,
    `action`, and `changes`, `data`, `kind` as wanted): for a write that holds a busy row until its commit (a
    seat taken, kizuna/events/services/registering.py)."""
    entries = [_entry(a["obj"], a["action"], by=by, changes=a.get("changes"), data=a.get("data"),
                      kind=a.get("kind")) for a in actions]
    LogEntry.objects.bulk_create(entries)
    for a, entry in zip(actions, entries, strict=True):
        _written(a["obj"], entry)
    return entries


def created(obj) -> dict:
    """The changes of a record just created, as `save_logged` records them (its `kind` is `CREATE`)."""
    return {name: [None, value] for name, value in _values(obj, _fields(type(obj))).items()
            if value not in (None, "", [], {})}


def _entry(obj, action: str, *, by, changes: dict | None, data: dict | None, kind: int | None) -> LogEntry:
    """The entry `log_action` writes, not yet saved."""
    model = obj._meta.model  # not type(obj): `request.user` is a lazy object
    context = auditlog_value.get({})
    person = by if getattr(by, "is_authenticated", False) else None
    actor_kind = "person" if person is not None else ("system" if is_system(by) else "anonymous")
    extra = {"action": action, "by": actor_kind, **(_plain(data) if data else {})}
    if kind is None:
        kind = _ACTION_KIND.get(action.rsplit(".", 1)[-1], LogEntry.Action.UPDATE)
    return LogEntry(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_pk=str(obj.pk),
        object_id=obj.pk if isinstance(obj.pk, int) else None,
        object_repr=str(obj)[:1000],
        action=kind,
        changes=_mask(model, changes or {}),
        actor=person,
        actor_email=getattr(person, "email", None),
        remote_addr=context.get("remote_addr"),
        additional_data=extra,
    )


def _written(obj, entry: LogEntry) -> None:
    _forget(obj)
    if entry.action != LogEntry.Action.ACCESS:
        for hook in _after_write:
            hook(obj)  # e.g. the full-text index takes what was just written


_after_write: list = []


def after_logged_write(hook):
    """Run `hook(obj)` after every logged write (reads excluded), in its transaction: how data derived from the
    records (the full-text index, `search.fulltext.refresh`) follows every write without a signal."""
    if hook not in _after_write:
        _after_write.append(hook)
    return hook


def save_logged(obj, action: str, *, by, fields: list[str] | None = None, data: dict | None = None) -> LogEntry:
    """Save `obj` (a new record, or the named `fields` of an existing one) and log what changed."""
    model = type(obj)
    if obj._state.adding or obj.pk is None:
        obj.save()
        return log_action(obj, action, by=by, changes=created(obj), data=data, kind=LogEntry.Action.CREATE)
    chosen = _fields(model, fields)
    old = model._base_manager.filter(pk=obj.pk).values(*[f.attname for f in chosen]).first() or {}
    before = {f.name: _plain(old.get(f.attname)) for f in chosen}
    obj.save(update_fields=[f.name for f in chosen] if fields is not None else None)
    after = _values(obj, chosen)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    return log_action(obj, action, by=by, changes=changes, data=data)


def create_logged(model, action: str, *, by, data: dict | None = None, **values):
    obj = model(**values)
    save_logged(obj, action, by=by, data=data)
    return obj


def create_many_logged(model, action: str, *, by, rows: list[dict], data: dict | None = None,
                       batch_size: int = 500) -> list:
    """Create a record for each of `rows` (field values) and an entry for each, as `create_logged` would, in
    a few bulk inserts: for writes of thousands at once (a safety confirmation asks every participant of an
    area), where a pair of inserts per record made the person who started it wait for seconds."""
    objs = [model(**values) for values in rows]
    model._default_manager.bulk_create(objs, batch_size=batch_size)  # their primary keys are set (RETURNING)
    fields = _fields(model)
    entries = [_entry(obj, action, by=by, data=data, kind=LogEntry.Action.CREATE,
                      changes={name: [None, value] for name, value in _values(obj, fields).items()
                               if value not in (None, "", [], {})}) for obj in objs]
    LogEntry.objects.bulk_create(entries, batch_size=batch_size)
    for obj, entry in zip(objs, entries, strict=True):
        _written(obj, entry)
    return objs


def delete_logged(obj, action: str, *, by, data: dict | None = None) -> LogEntry:
    model = type(obj)
    changes = {name: [value, None] for name, value in _values(obj, _fields(model)).items()
               if value not in (None, "", [], {})}
    pk = obj.pk
    obj.delete()
    obj.pk = pk  # the entry names the record that was deleted
    entry = log_action(obj, action, by=by, changes=changes, data=data, kind=LogEntry.Action.DELETE)
    obj.pk = None
    return entry


def update_logged(queryset, action: str, *, by, data: dict | None = None, **values) -> int:
    """`queryset.update(**values)` with one entry per row and its old and new values."""
    model = queryset.model
    fields = _fields(model, list(values))
    attnames = [f.attname for f in fields]
    with transaction.atomic():
        # The rows are locked while they are read, and the update keeps the queryset's own conditions: a
        # conditional update ("mark it reminded if it still is not") stays a claim that only one caller wins.
        before = {row["pk"]: row for row in queryset.select_for_update().values("pk", *attnames)}
        if not before:
            return 0
        token = _bulk_allowed.set(True)
        try:
            count = queryset.filter(pk__in=list(before)).update(**values)
        finally:
            _bulk_allowed.reset(token)
        return _log_updated(model, fields, before, action, by=by, data=data, count=count)


def _log_updated(model, fields, before: dict, action: str, *, by, data, count: int) -> int:
    for obj in model._base_manager.filter(pk__in=list(before)):
        old = before[obj.pk]
        changes = {f.name: [_plain(old[f.attname]), _plain(getattr(obj, f.attname))] for f in fields
                   if _plain(old[f.attname]) != _plain(getattr(obj, f.attname))}
        log_action(obj, action, by=by, changes=changes, data=data)
    return count


@contextlib.contextmanager
def unlogged(reason: str):
    """Writes that are not business actions (loading reference data, restoring a backup, seeding the demo)
    and are logged once as a whole by the caller. The reason is for the reader of the code."""
    token = _bulk_allowed.set(True)
    watching = _watch.get()
    _watch.set(None)
    try:
        yield
    finally:
        _bulk_allowed.reset(token)
        _watch.set(watching)


# -- reads -----------------------------------------------------------------------------------------------

def log_read_access(obj, *, by=None) -> LogEntry:
    """Record that a person read `obj` (by default the person of the current request)."""
    if by is None:
        by = auditlog_value.get({}).get("actor")
    label = f"{obj._meta.app_label}.{obj._meta.model_name}.read"
    return log_action(obj, label, by=by, kind=LogEntry.Action.ACCESS)


def read_accesses(obj):
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.ACCESS).select_related("actor")


class LogReadAccessMixin:
    """For DetailView-like views: every rendering of the object is logged as a read."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        log_read_access(obj, by=self.request.user)
        return obj


# -- the watch: no write without its entry ---------------------------------------------------------------

_watch: ContextVar[set | None] = ContextVar("kizuna_audit_watch", default=None)


def _note_write(sender, instance, **kwargs):
    pending = _watch.get()
    if pending is None or not is_audited(sender):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= _untracked(sender):
        return
    pending.add((sender._meta.label, str(instance.pk)))


def _note_m2m(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _note_write(type(instance), instance)


def _forget(obj) -> None:
    pending = _watch.get()
    if pending is not None:
        pending.discard((obj._meta.label, str(obj.pk)))


def strict() -> bool:
    return bool(getattr(settings, "KIZUNA_AUDIT_STRICT", False))


@contextlib.contextmanager
def watch():
    """Note every write of an audited model inside the block; at its end, fail if one has no entry."""
    pending: set = set()
    token = _watch.set(pending)
    try:
        yield pending
    finally:
        _watch.reset(token)
    if pending:
        raise UnloggedWrite(f"written without an audit entry: {sorted(pending)}")


def connect_watch() -> None:
    post_save.connect(_note_write, dispatch_uid="kizuna-audit-save")
    post_delete.connect(_note_write, dispatch_uid="kizuna-audit-delete")
    m2m_changed.connect(_note_m2m, dispatch_uid="kizuna-audit-m2m")


class AuditMiddleware:
    """A request that writes an audited record without its entry fails when KIZUNA_AUDIT_STRICT is on (tests,
    development); otherwise the missing entry is reported in the error log and the response goes out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending: set = set()
        token = _watch.set(pending)
        try:
            response = self.get_response(request)
        finally:
            _watch.reset(token)
        if pending:
            if strict():
                raise UnloggedWrite(f"{request.method} {request.path} wrote without an audit entry: {sorted(pending)}")
            logger.error("%s %s wrote without an audit entry: %s", request.method, request.path, sorted(pending))
        return response


def audit_version(*models_) -> str:
    """Changes whenever a record of one of `models_` is written (every write leaves an entry): what a cache of
    the models' data (a search index, a table of counts) is kept under. One query."""
    types = ContentType.objects.get_for_models(*models_, for_concrete_models=False).values()
    found = LogEntry.objects.filter(content_type__in=[t.pk for t in types]).aggregate(last=models.Max("pk"))
    return f"{','.join(m._meta.label for m in models_)}:{found['last']}"


def audited_models() -> list:
    return [m for m in apps.get_models() if is_audited(m)]
