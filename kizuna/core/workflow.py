"""One way to change state, for every app.

A model that moves through states declares a `TransitionTable` in its app's `enums.py`:

    APPLICATION_TRANSITIONS = TransitionTable(
        Transition("submit", {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, "grants.submit_application"),
        Transition("approve", {Status.UNDER_REVIEW}, Status.APPROVED, "grants.decide_application"),
    )

and the model points at it with `transitions = APPLICATION_TRANSITIONS`. Every state change then goes through
`transition(obj, "submit", by=user, **fields)`, which

1. locks the row (`select_for_update`) inside one transaction and re-reads its state,
2. checks that the action exists, that it is allowed from the current state, and the actor's permission,
3. runs the transition's `guard` (business checks that may refuse with a message),
4. sets the new state and the given fields and saves them with `update_fields`,
5. writes one audit entry (action, from, to, note, actor, remote address),
6. queues the transition's effects (mail, tasks) with `transaction.on_commit`.

Named services (`submit_application`) are thin wrappers around it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction as db_transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Effect = Callable[..., None]
Guard = Callable[..., None]


class TransitionError(ValidationError):
    """The action is unknown or not allowed from the object's current state."""


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str
    permission: str
    label: str = ""
    guard: Guard | None = None
    effects: tuple[Effect, ...] = field(default_factory=tuple)

    def __init__(self, action, sources, target, permission, label="", guard=None, effects=()):
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "permission", permission)
        object.__setattr__(self, "label", label or action)
        object.__setattr__(self, "guard", guard)
        object.__setattr__(self, "effects", tuple(effects))


class TransitionTable:
    def __init__(self, *transitions: Transition, state_field: str = "status"):
        self.state_field = state_field
        self._by_action: dict[str, Transition] = {}
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

    def available(self, obj, user) -> list[Transition]:
        """The transitions this person may take on this object now (for buttons and API hints)."""
        current = getattr(obj, self.state_field)
        return [t for t in self if current in t.sources and user.has_perm(t.permission, obj)]


def _state_label(obj, state_field: str, value) -> str:
    field_obj = obj._meta.get_field(state_field)
    return str(dict(field_obj.flatchoices).get(value, value))


def transition(obj, action: str, *, by, note: str = "", **changes):
    """Move `obj` through `action` on behalf of `by`. Returns the refreshed object.

    Raises TransitionError (unknown action, wrong state, guard refused) or PermissionDenied.
    Nothing is saved when anything is refused.
    """
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry

    table: TransitionTable = type(obj).transitions
    step = table[action]
    model = type(obj)
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
        if not by.has_perm(step.permission, locked):
            raise PermissionDenied(step.permission)
        for name, value in changes.items():
            setattr(locked, name, value)
        if step.guard is not None:
            step.guard(locked, by=by, **changes)
        setattr(locked, table.state_field, step.target)
        with disable_auditlog():
            locked.save(update_fields=[table.state_field, *changes.keys()])
        LogEntry.objects.log_create(
            locked,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            actor=by if getattr(by, "is_authenticated", False) else None,
            changes={table.state_field: [str(current), str(step.target)]},
            additional_data={"transition": action, "note": note, "from": str(current), "to": str(step.target)},
        )
        for effect in step.effects:
            db_transaction.on_commit(lambda effect=effect: effect(locked, by=by, note=note))
    return locked


def history(obj) -> Iterable:
    """The transitions an object went through, oldest first."""
    from auditlog.models import LogEntry

    return (
        LogEntry.objects.get_for_object(obj)
        .filter(additional_data__has_key="transition")
        .select_related("actor")
        .order_by("timestamp")
    )


__all__ = ["Transition", "TransitionTable", "TransitionError", "transition", "history", "gettext_lazy"]
