"""One answer to "who may see this": for every permission of every policy, over a mixed set of records owned
by different organisations, "in the list" (the policy's query) and "may open" (its check of one record, which
`user.has_perm` asks) agree, for every role.

The mixed records come from each app's tests/<app>/access.py (`MIXED`, functions of the world that create
records owned by several organisations); every model with a policy must have some, or this test fails.
"""

import pytest

from kizuna.core.policies import policies
from kizuna.core.rules import MayOpen
from tests.access import MIXED
from tests.conftest import ROLES, module_world


def _record_policies():
    return [p for p in policies() if p.model and p.view]


def _arrange(world) -> None:
    for make in MIXED:
        make(world)


# written once for the module (each test reads it in its own savepoint)
_kept_world, world = module_world(_arrange)


def _user(world, role):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else world.people[role]


def test_every_model_with_a_policy_has_mixed_records(world):
    empty = sorted(p.model for p in _record_policies() if not p.model_class._default_manager.exists())
    assert empty == []


@pytest.mark.parametrize("role", ROLES)
def test_list_and_open_agree_for_every_permission(world, role):
    user = _user(world, role)
    disagreements = []
    for policy in policies():
        if not policy.model:
            continue
        rows = list(policy.model_class._default_manager.all())
        for perm, condition in policy.actions.items():
            if not condition.about_records or isinstance(condition, MayOpen):
                continue
            # What lists read: the model's own `visible_to` (which must not add to what the policy says).
            listed = set(policy.model_class._default_manager.all().visible_to(user, perm)
                         .values_list("pk", flat=True))
            may_open = {row.pk for row in rows if user.has_perm(perm, row)}
            if listed != may_open:
                disagreements.append((perm, sorted(listed - may_open), sorted(may_open - listed)))
    assert disagreements == []
