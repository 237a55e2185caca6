"""One permission policy per model: who may do what, defined once, asked everywhere.

A policy (the shape of Wagtail's permission policies) names the permissions about one model and defines
each as a `Condition`. A condition answers both questions from the same definition:

- "which records may this person act on" — `q(user)`, a query condition for lists, exports and search;
- "may this person act on this record" — `test(user, obj)`, the same rule read off one record in Python.

The conditions are few and small (who the person is; a field naming the person or one of their
organisations; a field's value; a related row; a condition about a related record), so that the two
readings cannot drift apart; `tests/core/test_policy_parity.py` checks them against each other for every
permission of every policy over a mixed set of organisations and roles.

    class RequestPolicy(Policy):
        model = "requests.Request"
        view = "requests.view_request"
        actions = {
            "requests.view_request": WorksFor("requester") | WorksFor("office") | Who(is_hq_staff),
            "requests.file_request": Who(is_local_government_staff),
        }

    register(RequestPolicy())

Registering adds every permission to django-rules, so `user.has_perm("requests.view_request", obj)`,
`{% has_perm %}` in templates, the page decorators and the API all ask the policy; and
`Request.objects.visible_to(user)` (a `VisibleQuerySet`) filters with the policy's `view` permission.
A permission checked without a record (`has_perm(perm)`) holds only when its condition does not depend on
a record: a rule about records is never true of "no record" (deny by default).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import rules
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .audit import AuditedQuerySet
from .enums import WORKING_ROLES

USER = object()  # stands for the person asking, in the lookups of `Has`


def _ids_of_orgs(user, roles, kinds) -> list[int]:
    from .rules import memberships_of  # rules define their policies with this module's conditions

    return sorted({m.organisation_id for m in memberships_of(user)
                   if m.role in roles and (kinds is None or m.organisation.kind in kinds)})


def _value_at(obj, path: str):
    """The value at `path` ("application__applicant") of a record; a relation's last hop gives its id."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    field = obj._meta.get_field(last)
    if field.is_relation and field.concrete and (field.many_to_one or field.one_to_one):
        return getattr(obj, field.attname)
    return getattr(obj, last)


def _combine(parts, operator) -> Q | bool:
    """Fold True/False and Q parts with `operator` (Q.__or__ or Q.__and__). `parts` may be a generator: it
    stops at the first part that decides alone (True for "or", False for "and"), so that the parts after it are
    never built (headquarters sees every record: the subqueries of the other branches cost more than the rest
    of a small page)."""
    absorbing, neutral = (True, False) if operator is Q.__or__ else (False, True)
    kept = []
    for part in parts:
        if part is absorbing:
            return absorbing
        if part is not neutral:
            kept.append(part)
    if not kept:
        return neutral
    result = kept[0]
    for part in kept[1:]:
        result = operator(result, part)
    return result


class Condition:
    """A rule about a person and a record. Subclasses define `q` and `test`; `|`, `&` and `~` combine them."""

    about_records = True  # False for rules that only look at the person

    def q(self, user, prefix: str = "") -> Q | bool:
        raise NotImplementedError

    def test(self, user, obj) -> bool:
        raise NotImplementedError

    def __or__(self, other):
        return AnyOf(self, other)

    def __and__(self, other):
        return AllOf(self, other)

    def __invert__(self):
        return Not(self)


class Who(Condition):
    """Who the person is, whatever the record: `Who(is_hq_staff)`."""

    about_records = False

    def __init__(self, predicate: Callable, name: str = ""):
        self.predicate = predicate
        self.name = name or getattr(predicate, "name", "") or getattr(predicate, "__name__", "who")

    def q(self, user, prefix=""):
        return bool(self.predicate(user))

    def test(self, user, obj):
        return bool(self.predicate(user))

    def __repr__(self):
        return f"Who({self.name})"


class IsUser(Condition):
    """The record's field names the person: `IsUser("reviewer")`, `IsUser("expert__person")`."""

    def __init__(self, path: str):
        self.path = path

    def q(self, user, prefix=""):
        if not user.is_authenticated:
            return False
        return Q(**{f"{prefix}{self.path}": user.pk})

    def test(self, user, obj):
        return obj is not None and user.is_authenticated and _value_at(obj, self.path) == user.pk

    def __repr__(self):
        return f"IsUser({self.path})"


class IsOwnRecord(IsUser):
    """The record's `path` is one of the person's own records of `model` (those whose `field` names them):
    `IsOwnRecord("participant", "jet.Participant")` is `IsUser("participant__person")`, asked in lists by the
    ids of the person's records (one query a request, kept on the user object; none for most people, and then
    the condition drops out of the list's OR). Through a join to every row's record, an OR of such conditions
    is one the databases cannot answer from their indexes (bench/claims.py, bench/counselling.py). With an
    empty `path` the record is itself one of `model`'s: `IsOwnRecord("", "jet.Participant")` is the person's own
    participant record (`IsUser("person")`), and for everybody else it drops out of the OR, which otherwise
    made a PA's roster scan every participant (`person = me OR host IN …`: bench/jet.py)."""

    def __init__(self, path: str, model: str, field: str = "person"):
        super().__init__(f"{path}__{field}" if path else field)
        self.to, self.model_label, self.field = path or "pk", model, field

    def ids(self, user) -> list[int]:
        cache = getattr(user, "_kizuna_own_records", None)  # getattr: request.user is a lazy object
        if cache is None:
            cache = user._kizuna_own_records = {}
        key = (self.model_label, self.field)
        if key not in cache:
            model = apps.get_model(self.model_label)
            cache[key] = list(model._default_manager.filter(**{self.field: user.pk}).values_list("pk", flat=True))
        return cache[key]

    def q(self, user, prefix=""):
        if not user.is_authenticated:
            return False
        ids = self.ids(user)
        return Q(**{f"{prefix}{self.to}__in": ids}) if ids else False

    def __repr__(self):
        return f"IsOwnRecord({self.to}, {self.model_label})"


class WorksFor(Condition):
    """The record's organisation field names an organisation the person acts for (administrator or staff by
    default; `roles` and `kinds` narrow it): `WorksFor("requester")`, `WorksFor("event__organiser")`; for a
    many-to-many field, one of its organisations: `WorksFor("offices")`."""

    def __init__(self, path: str, roles: Iterable = WORKING_ROLES, kinds: Iterable | None = None):
        self.path = path
        self.roles = frozenset(roles)
        self.kinds = frozenset(kinds) if kinds is not None else None

    def q(self, user, prefix=""):
        ids = _ids_of_orgs(user, self.roles, self.kinds)
        return Q(**{f"{prefix}{self.path}__in": ids}) if ids else False

    def test(self, user, obj):
        if obj is None:
            return False
        value = _value_at(obj, self.path)
        ids = _ids_of_orgs(user, self.roles, self.kinds)
        if hasattr(value, "values_list"):  # a many-to-many field: any of its organisations
            return bool(ids) and obj.pk is not None and value.filter(pk__in=ids).exists()
        return value is not None and value in ids

    def __repr__(self):
        return f"WorksFor({self.path})"


class Field(Condition):
    """A field of the record has a value (or one of several): `Field("is_published", True)`,
    `Field("status", in_={"open", "waiting"})`, `Field("organisation", None)`."""

    def __init__(self, path: str, value=None, *, in_: Iterable | None = None):
        self.path = path
        self.value = value
        self.values = frozenset(in_) if in_ is not None else None

    def q(self, user, prefix=""):
        if self.values is not None:
            return Q(**{f"{prefix}{self.path}__in": sorted(self.values)})
        if self.value is None:
            return Q(**{f"{prefix}{self.path}__isnull": True})
        return Q(**{f"{prefix}{self.path}": self.value})

    def test(self, user, obj):
        if obj is None:
            return False
        value = _value_at(obj, self.path)
        return value in self.values if self.values is not None else value == self.value

    def __repr__(self):
        return f"Field({self.path})"


class Past(Condition):
    """A moment of the record has come: `Past("available_from")` — from that time on (an empty moment never
    comes)."""

    def __init__(self, path: str):
        self.path = path

    def q(self, user, prefix=""):
        return Q(**{f"{prefix}{self.path}__lte": timezone.now()})

    def test(self, user, obj):
        if obj is None:
            return False
        value = _value_at(obj, self.path)
        return value is not None and value <= timezone.now()

    def __repr__(self):
        return f"Past({self.path})"


class Has(Condition):
    """A related row exists: `Has("grants.Assignment", "application", reviewer=USER, status__in=[...])` —
    an assignment of this application to the person. `USER` in the lookups stands for the person."""

    def __init__(self, model: str, to: str, **lookups):
        self.model_label = model
        self.to = to
        self.lookups = lookups

    def _lookups(self, user) -> dict | None:
        if any(v is USER for v in self.lookups.values()) and not user.is_authenticated:
            return None
        return {k: (user.pk if v is USER else v) for k, v in self.lookups.items()}

    def q(self, user, prefix=""):
        lookups = self._lookups(user)
        if lookups is None:
            return False
        rows = apps.get_model(self.model_label)._default_manager.filter(**lookups).values(self.to)
        return Q(**{f"{prefix}pk__in": rows})

    def test(self, user, obj):
        if obj is None or obj.pk is None:
            return False
        lookups = self._lookups(user)
        if lookups is None:
            return False
        cache = obj.__dict__.setdefault("_policy_has", {})
        key = (id(self), user.pk)
        if key not in cache:
            model = apps.get_model(self.model_label)
            cache[key] = model._default_manager.filter(**{self.to: obj.pk}, **lookups).exists()
        return cache[key]

    def __repr__(self):
        return f"Has({self.model_label}.{self.to})"


class Through(Condition):
    """A condition about a related record: `Through("application", APPLICATION_VIEW)`."""

    def __init__(self, path: str, condition: Condition):
        self.path = path
        self.condition = condition
        self.about_records = True

    def q(self, user, prefix=""):
        return self.condition.q(user, f"{prefix}{self.path}__")

    def test(self, user, obj):
        if obj is None:
            return False
        for hop in self.path.split("__"):
            obj = getattr(obj, hop, None)
            if obj is None:
                return False
        return self.condition.test(user, obj)

    def __repr__(self):
        return f"Through({self.path}, {self.condition!r})"


class AnyOf(Condition):
    def __init__(self, *parts: Condition):
        self.parts = parts
        self.about_records = any(p.about_records for p in parts)

    def q(self, user, prefix=""):
        return _combine((p.q(user, prefix) for p in self.parts), Q.__or__)

    def test(self, user, obj):
        return any(p.test(user, obj) for p in self.parts)

    def __repr__(self):
        return " | ".join(map(repr, self.parts))


class AllOf(Condition):
    def __init__(self, *parts: Condition):
        self.parts = parts
        self.about_records = any(p.about_records for p in parts)

    def q(self, user, prefix=""):
        return _combine((p.q(user, prefix) for p in self.parts), Q.__and__)

    def test(self, user, obj):
        return all(p.test(user, obj) for p in self.parts)

    def __repr__(self):
        return " & ".join(map(repr, self.parts))


class Not(Condition):
    def __init__(self, part: Condition):
        self.part = part
        self.about_records = part.about_records

    def q(self, user, prefix=""):
        inner = self.part.q(user, prefix)
        return (not inner) if isinstance(inner, bool) else ~inner

    def test(self, user, obj):
        if obj is None and self.about_records:
            return False
        return not self.part.test(user, obj)


ANYONE = Who(lambda user: True, "anyone")
SIGNED_IN = Who(lambda user: bool(user and user.is_authenticated), "signed_in")
NOBODY = Who(lambda user: False, "nobody")


class Policy:
    """The permissions about one model. Subclasses set `model`, `view` (the permission that decides whether a
    record is in a person's lists and may be opened) and `actions` (permission name → condition)."""

    model: str = ""
    view: str | None = None
    # Who reads a record's history (who changed what, with their names): the view permission unless a model
    # whose records can be opened by people who must not learn everything names a narrower one.
    history: str | None = None
    # Confidential models (counselling): a superuser holds nothing of them that the conditions do not give them,
    # not even the permissions without a record that Django's admin otherwise grants superusers.
    confidential: bool = False
    actions: dict[str, Condition] = {}

    def __init__(self):
        if self.view is not None and self.view not in self.actions:
            raise ValueError(f"{type(self).__name__}: the view permission {self.view} has no condition")

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def condition(self, perm: str) -> Condition:
        return self.actions[perm]

    def allows(self, user, perm: str, obj=None) -> bool:
        """May `user` do `perm` (on `obj`)? Without a record, only rules about the person can hold."""
        user = user or AnonymousUser()
        condition = self.actions[perm]
        if obj is None and condition.about_records:
            return False
        return condition.test(user, obj)

    def queryset(self, user, perm: str | None = None, queryset=None):
        """The records `user` may do `perm` on (the view permission by default)."""
        user = user or AnonymousUser()
        perm = perm or self.view
        qs = queryset if queryset is not None else self.model_class._default_manager.all()
        found = self.actions[perm].q(user)
        if found is True:
            return qs
        if found is False:
            return qs.none()
        return qs.filter(found)

    def open_to_anonymous(self, perm: str) -> bool:
        """Could an anonymous person ever hold `perm`? If not, pages send them to log in before reading."""
        return self.actions[perm].q(AnonymousUser()) is not False


@dataclass
class _Registry:
    by_perm: dict
    by_model: dict


_REGISTRY = _Registry(by_perm={}, by_model={})


def register(policy: Policy) -> Policy:
    """Make the policy the one answer for its permissions (django-rules) and its model's visibility."""

    for perm in policy.actions:
        owner = _REGISTRY.by_perm.get(perm)
        if owner is not None and owner is not policy:
            raise ValueError(f"{perm} is already defined by {type(owner).__name__}")
        _REGISTRY.by_perm[perm] = policy

        rules.set_perm(perm, rules.predicate(_checker(policy, perm), name=perm))
    if policy.view is not None:
        if policy.model in _REGISTRY.by_model:
            raise ValueError(f"{policy.model} already has a policy")
        _REGISTRY.by_model[policy.model] = policy
    return policy


def _checker(policy: Policy, perm: str):
    def check(user, obj=None):
        return policy.allows(user, perm, obj)

    return check


def policy_for(model) -> Policy:
    label = model if isinstance(model, str) else model._meta.label
    try:
        return _REGISTRY.by_model[label]
    except KeyError:
        raise LookupError(f"{label} has no permission policy") from None


def policy_of(perm: str) -> Policy:
    return _REGISTRY.by_perm[perm]


def policies() -> list[Policy]:
    return list(dict.fromkeys(_REGISTRY.by_perm.values()))


def allows(user, perm: str, obj=None) -> bool:
    return policy_of(perm).allows(user, perm, obj)


def require(by, perm: str, obj=None) -> None:
    """For services: refuse with PermissionDenied unless the policy allows `by` to do `perm` (on `obj`)."""
    if not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


class VisibleQuerySet(AuditedQuerySet):
    """A queryset that knows its model's policy: `visible_to(user)` keeps what the person may open."""

    def visible_to(self, user, perm: str | None = None):
        """What `user` may open (or do `perm` on): the records the policy's condition lets through."""
        policy = policy_of(perm) if perm else policy_for(self.model)
        return policy.queryset(user, perm, self)
