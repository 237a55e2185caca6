"""KPIs measured by Kizuna: each app registers a query under a key that the plan data refers to.

A query is `func(*, year: int, quarter: int | None, organisation_id: int | None) -> Decimal | int | None`.
`quarter=None` means the whole fiscal year; `organisation_id` restricts to one office or branch (a query
that cannot be broken down that way returns None, shown as "not broken down"). A KPI whose key has no
registered query is "not yet measured" — never 0.
"""

from collections.abc import Callable

_REGISTRY: dict[str, Callable] = {}


def register_kpi(key: str):
    def decorator(func):
        if key in _REGISTRY and _REGISTRY[key] is not func:
            raise ValueError(f"KPI query {key!r} registered twice")
        _REGISTRY[key] = func
        return func

    return decorator


def get_query(key: str) -> Callable | None:
    return _REGISTRY.get(key)


def registered_keys() -> list[str]:
    return sorted(_REGISTRY)
