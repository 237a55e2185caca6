"""One way to change state, for every app.

A model that moves through states declares a `TransitionTable` in its app's `enums.py`, which imports
nothing else of its app:

    APPLICATION_TRANSITIONS = TransitionTable(
        Transition("submit", {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, "grants.submit_application",
                   _("Submit"), guard="submittable", fields=("submitted_at",)),
        Transition("expire", {Status.OFFERED}, Status.LAPSED, label=_("Lapse"), system=True),
    )

Each row says which action moves from which states to which, the permission it needs (a system step needs
the system actor instead: scheduled and automatic steps run as `SYSTEM`, recorded as "system", and no person
may take them), the guard that may refuse it, and the fields it may write besides the state. The model points
at it with `transitions = APPLICATION_TRANSITIONS` and constrains its state field to the states with
`state_constraint()`.

Guards and effects live in the app's services (or a module they import) and attach themselves by name:

    @APPLICATION_TRANSITIONS.guard("submittable")
    def _submittable(application, *, by, **changes): ...

    @APPLICATION_TRANSITIONS.effect("award", "reject")
    def _mail_decision(application, *, by, note=""): ...

Every state change then goes through `transition(obj, "submit", by=user, note=..., **fields)`, which

1. locks the row (`select_for_update`) inside one transaction and re-reads its state,
2. checks that the action exists, is allowed from the current state, and the actor's permission (or that the
   actor is the system, for a system step), and that only the row's fields are written,
3. runs the guard (business checks that may refuse with a message),
4. sets the new state and the fields and saves them with `update_fields`,
5. writes one audit entry with `log_action`: the action, the state and every field it changed, the note,
6. runs the effects inside the same transaction: they render what they send and queue its delivery for after
   the commit, so an effect that fails refuses the whole step instead of leaving a committed half-step.

Named services (`submit_application`) are thin wrappers around it. `check_tables()` (a system check) makes
sure every guard a table names is attached.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db import transaction as db_transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .audit import SYSTEM, _plain, is_system, log_action

Effect = Callable[..., None]
Guard = Callable[..., None]


class TransitionError(ValidationError):
    """The action is unknown or not allowed from the object's current state."""


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    permission: str | None
    label: str
    guard: str | None
    fields: tuple[str, ...]
    system: bool

    def __init__(self, action, sources, target, permission=None, label="", *, guard=None, fields=(),
                 system=False):
        if not system and not permission:
            raise ValueError(f"{action}: a step taken by people needs a permission")
        if system and permission:
            raise ValueError(f"{action}: a system step is taken by the system, not by a permission")
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "permission", permission)
        object.__setattr__(self, "label", label or action)
        object.__setattr__(self, "guard", guard)
        object.__setattr__(self, "fields", tuple(fields))
        object.__setattr__(self, "system", system)


class TransitionTable:
    def __init__(self, *transitions: Transition, state_field: str = "status"):
        self.state_field = state_field
        self._by_action: dict[str, Transition] = {}
        self._guards: dict[str, Guard] = {}
        self._effects: dict[str, list[Effect]] = {}
        for t in transitions:
            if t.action in self._by_action:
                raise ValueError(f"Duplicate action {t.action!r}")
            self._by_action[t.action] = t

    def __iter__(self):
        return iter(self._by_action.values())

    def __getitem__(self, action: str) -> Transition:
        try:
            return self._by_action[action]
        except KeyError:
            raise TransitionError(
                _("“%(action)s” is not something that can be done here.") % {"action": action},
                code="unknown_action",
            ) from None

    def states(self) -> set:
        found = set()
        for t in self:
            found |= t.sources
            found.add(t.target)
        return found

    def guard(self, name: str):
        """Attach the guard that rows name `name` (from services; enums import nothing of their app)."""

        def decorator(func: Guard) -> Guard:
            if name in self._guards and self._guards[name] is not func:
                raise ValueError(f"guard {name!r} is attached twice")
            self._guards[name] = func
            return func

        return decorator

    def effect(self, *actions: str):
        """Attach an effect (mail, task) to the given actions; it runs before the commit and queues its
        deliveries for after it."""
        unknown = set(actions) - set(self._by_action)
        if unknown:
            raise ValueError(f"no such actions: {sorted(unknown)}")

        def decorator(func: Effect) -> Effect:
            for action in actions:
                if func not in self._effects.setdefault(action, []):
                    self._effects[action].append(func)
            return func

        return decorator

    def effects_of(self, action: str) -> list[Effect]:
        return list(self._effects.get(action, ()))

    def missing_guards(self) -> list[str]:
        return sorted({t.guard for t in self if t.guard and t.guard not in self._guards})

    def available(self, obj, user) -> list[Transition]:
        """The transitions this person may take on this object now (for buttons and API hints)."""
        current = getattr(obj, self.state_field)
        return [t for t in self if not t.system and current in t.sources and user.has_perm(t.permission, obj)]


def state_constraint(model_name: str, states, state_field: str = "status") -> models.CheckConstraint:
    """The database refuses a state that is not one of `states` (a TextChoices or an iterable of values)."""
    values = sorted(states.values if hasattr(states, "values") else states)
    return models.CheckConstraint(condition=Q(**{f"{state_field}__in": values}),
                                  name=f"{model_name}_{state_field}_valid")


def _state_label(obj, state_field: str, value) -> str:
    field_obj = obj._meta.get_field(state_field)
    return str(dict(field_obj.flatchoices).get(value, value))


def _check_actor(step: Transition, by, locked) -> None:
    if step.system:
        if not is_system(by):
            raise PermissionDenied(f"{step.action} is a system step")
        return
    if is_system(by) or not getattr(by, "is_authenticated", False) or not by.has_perm(step.permission, locked):
        raise PermissionDenied(step.permission)


def transition(obj, action: str, *, by, note: str = "", **changes):
    """Move `obj` through `action` on behalf of `by` (a person, or SYSTEM for system steps). Returns the
    refreshed object. Raises TransitionError (unknown action, wrong state, guard refused) or PermissionDenied;
    nothing is saved when anything is refused."""
    model = type(obj)
    table: TransitionTable = model.transitions
    step = table[action]
    unexpected = set(changes) - set(step.fields)
    if unexpected:
        raise TypeError(f"{model.__name__}.{action} may not write {sorted(unexpected)}")
    with db_transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, table.state_field)
        if current not in step.sources:
            raise TransitionError(
                _("This cannot be done now: it is “%(state)s”, and “%(action)s” needs it to be %(allowed)s.")
                % {
                    "state": _state_label(locked, table.state_field, current),
                    "action": str(step.label),
                    "allowed": " / ".join(
                        sorted(f"“{_state_label(locked, table.state_field, s)}”" for s in step.sources)
                    ),
                },
                code="wrong_state",
            )
        _check_actor(step, by, locked)
        before = {name: _plain(getattr(locked, locked._meta.get_field(name).attname)) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        if step.guard is not None:
            guard = table._guards.get(step.guard)
            if guard is None:
                raise LookupError(f"the guard {step.guard!r} of {model.__name__}.{action} is not attached")
            guard(locked, by=by, **changes)
        setattr(locked, table.state_field, step.target)
        locked.save(update_fields=[table.state_field, *changes.keys()])
        diff = {table.state_field: [str(current), str(step.target)]}
        for name in changes:
            after = _plain(getattr(locked, locked._meta.get_field(name).attname))
            if after != before[name]:
                diff[name] = [before[name], after]
        log_action(locked, f"{model._meta.app_label}.{model._meta.model_name}.{action}", by=by, changes=diff,
                   data={"transition": action, "note": note, "from": str(current), "to": str(step.target)})
        for effect in table.effects_of(action):
            effect(locked, by=by, note=note)
    return locked


def history(obj) -> Iterable:
    """The transitions an object went through, oldest first."""

    return (
        LogEntry.objects.get_for_object(obj)
        .filter(additional_data__has_key="transition")
        .select_related("actor")
        .order_by("timestamp")
    )


def tables() -> list[tuple[type, TransitionTable]]:

    return [(m, m.transitions) for m in apps.get_models() if isinstance(getattr(m, "transitions", None),
                                                                        TransitionTable)]


__all__ = ["SYSTEM", "Transition", "TransitionTable", "TransitionError", "transition", "history",
           "state_constraint", "tables"]
