"""The dashboard's rendered figures, kept in the shared cache (every app server sees the same).

The key carries a plan version that `record_kpi_figure` and `load_plan` bump, so a new figure shows at once on
every server; KPIs that other apps measure with registered queries refresh within DASHBOARD_TTL seconds.
"""

from django.core.cache import cache as shared

DASHBOARD_TTL = 30
VERSION_KEY = "kizuna:plan:version"


def plan_version() -> int:
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, 1, timeout=None)
        version = shared.get(VERSION_KEY, 1)
    return version


def bump_plan_version() -> None:
    try:
        shared.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the pages' keys
        shared.set(VERSION_KEY, 2, timeout=None)


def dashboard_key(year: int, quarter: int | None, office_id: int | None, language: str, can_export: bool) -> str:
    return f"kizuna:plan:dashboard:{plan_version()}:{year}:{quarter or 0}:{office_id or 0}:{language}:{int(can_export)}"


def get(key: str):
    return shared.get(key)


def set(key: str, body: str) -> None:  # noqa: A001 - the cache's own verb
    shared.set(key, body, timeout=DASHBOARD_TTL)
