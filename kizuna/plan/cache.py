"""The dashboard's rendered figures, kept per app-server process under a key that carries the plan version.

The version lives in the shared cache (every process reads the same) and `record_kpi_figure` and `load_plan`
bump it, so a new figure shows at once on every server; KPIs that other apps measure with registered queries
refresh within DASHBOARD_TTL seconds. The rendered body (over 100 KB) stays in the process: reading it back from a
shared database cache on every request would cost more than the page's own work.
"""

import time

from django.core.cache import cache as shared
from django.utils import timezone

from kizuna.core.cache import RenderCache

DASHBOARD_TTL = 30
_bodies = RenderCache("plan-dashboard", ttl=DASHBOARD_TTL, max_entries=500)
# `GET /api/v1/plan/<year>` as callers without an account or a token read it (api.py): kept like the dashboard's body,
# under the plan version for DASHBOARD_TTL, since it is the same figures (every live KPI's query) as data.
api_answers = RenderCache("plan-api", ttl=DASHBOARD_TTL, max_entries=500)
# The content of the programme, KPI and drill-down pages as anonymous visitors see them (views._main): the same
# figures as the dashboard's, kept the same way.
pages = RenderCache("plan-pages", ttl=DASHBOARD_TTL, max_entries=2000)
# The live KPIs' figures (each registered query's year and quarters, `queries.Measure`) for a year and an office: a
# query's figure does not depend on who looks or in which language, so the dashboard's views of one office (the whole
# year, each quarter, both languages, the API) compute them once per DASHBOARD_TTL in each process.
kpi_figures = RenderCache("plan-kpi-figures", ttl=DASHBOARD_TTL, max_entries=200)
# The office filter's options per language and version of the organisation data (see plan.forms.office_choices).
office_choices = RenderCache("plan-office-choices", ttl=None, max_entries=20)
VERSION_KEY = "kizuna:plan:version"


def _fresh() -> int:
    """A version never used before, even after the shared cache was cleared (processes may still hold bodies
    rendered under the old numbers)."""
    return time.time_ns()


def plan_version() -> int:
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, _fresh(), timeout=None)
        version = shared.get(VERSION_KEY)
    return version


def bump_plan_version() -> None:
    try:
        shared.incr(VERSION_KEY)
    except ValueError:  # not set (cleared or evicted): start from a number never used
        shared.set(VERSION_KEY, _fresh(), timeout=None)


def dashboard_parts(year: int, quarter: int | None, office_id: int | None, language: str, can_export: bool) -> list:
    return [plan_version(), generation(), year, quarter or 0, office_id or 0, language, int(can_export)]


def dashboard_body(parts: list, render):
    """The dashboard's figures kept under `parts`, or `render()` kept now."""
    return _bodies.get_or_render(parts, render)


def generation() -> int:
    """The DASHBOARD_TTL-long slice of time that the kept figures and what is rendered from them belong to: both
    are keyed by it, so that nothing shown is computed more than DASHBOARD_TTL before (a body rendered late in a
    slice from figures computed early in it goes with them)."""
    return int(time.time() // DASHBOARD_TTL)


def with_kept_figures(year: int, office_id: int | None, compute):
    """`compute(figures)` given the live KPIs' figures kept for the year and office in this slice of time (a copy;
    empty when none are kept), which it uses and fills in (`queries.dashboard(figures=...)`); what it added is
    kept for the next. Returns its result and when the figures were first computed."""
    parts = [plan_version(), generation(), year, office_id or 0]
    computed_at, figures = kpi_figures.get(parts) or (timezone.now(), {})
    known = len(figures)
    result = compute(figures)
    if len(figures) > known:
        kpi_figures.set(parts, (computed_at, figures))
    return result, computed_at


def api_version() -> str:
    """What the kept answers of the plan API are keyed by: the plan version and the slice of time of the figures."""
    return f"{plan_version()}:{generation()}"


def clear_local() -> None:
    """Tests: forget what this process keeps (rendered bodies, KPI figures, the office filter's options)."""
    _bodies.clear()
    kpi_figures.clear()
    pages.clear()
    office_choices.clear()
