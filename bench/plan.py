#!/usr/bin/env python
"""Benchmark of the public plan results and their drill-down (issue #19, item 16): the plan dashboard, programme
and KPI pages, the records behind a live KPI and the plan API, anonymous, at 8 clients; target p95 < 150 ms.

    .venv/bin/python bench/plan.py                  # SQLite: bench/data/plan.sqlite3
    .venv/bin/python bench/plan.py --readme         # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_plan .venv/bin/python bench/plan.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data
    .venv/bin/python bench/plan.py --scale 0.1 --duration 2 --warmup 1   # a try: bench/data/plan-0.1.sqlite3

1. **Data** (bench/plan_data.py): the reference data, the FY2026 plan and the grant schemes; one busy fiscal year
   (April 2026 to 2026-12-05) of what the plan's live KPIs count: 2,000 published events over the plan's event
   series with 60,000 registrations of 20,000 people (45,000 checked in), 6,000 grant applications (3,000
   decided, 2,500 payments approved), 3,000 requests answered by the overseas offices (half rated), 1,500
   dispatches carried out.
2. **Checks** before anything is timed: every live KPI of events, grants, requests and dispatch in
   `GET /api/v1/plan/2026` (whole year, each quarter, an office, headquarters) and on the dashboard's pages, the
   programme and KPI pages' figures, and each drill-down's figure, counted records and rows shown, against what
   bench/plan_data.py counts from the rows itself.
3. **Pages** (HTTP, gunicorn 2 workers × 4 threads, 8 keep-alive clients, anonymous, Accept-Language ja): the
   dashboard `/plan/2026/` (whole year, quarters, offices), programme pages, KPI pages, the drill-down
   `/plan/kpis/<pk>/records/` of events (sessions, participants), grants, requests and dispatch (first and deep
   pages, with and without quarter and office), and `GET /api/v1/plan/2026`; then the drill-down as headquarters
   staff, who may see every record (the deep pages have rows). Target: p95 < 150 ms.
4. **First views** (in-process, for "where the time goes"): each kind of page with nothing kept (the dashboard's
   figures are kept 30 s per process): the median time, the queries and the slowest query.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.generate import ensure_postgres_database  # noqa: E402
from bench.jet import Server, measure, session_cookie  # noqa: E402
from bench.library import commit, yes  # noqa: E402
from bench.plan_data import HQ_EMAIL, YEAR, facts, make_data  # noqa: E402
from bench.run import Target, bench_env, fetch, machine, replace_in_readme, wait_for_idle  # noqa: E402

README = BENCH_DIR / "README.md"
START, END = "<!-- plan-bench:{database}:start -->", "<!-- plan-bench:{database}:end -->"
SECTION_END = "<!-- plan-bench:results-end -->"
P95_MS = 150.0
HEADERS = {"Accept-Language": "ja"}
PAGE = 50  # kizuna/plan/views.py RECORDS_PAGE
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def log(message: str) -> None:
    print(f"[plan] {message}", file=sys.stderr, flush=True)


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = bench_env(database_url)["SECRET_KEY"]  # the staff session made here is read there
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("KIZUNA_DEV", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


# -- what is asked, and what the answers must say ------------------------------------------------------------------

class Expect:
    """The figures bench/plan_data.py counted: `figure(key, quarter, office)` is a number, None (the KPI has no
    figure there: not broken down, or nothing rated) or missing (not a KPI the data covers)."""

    def __init__(self, data: dict, offices: dict):
        self.figures = data["figures"]
        self.slug_of = {pk: slug for slug, pk in offices.items()}

    def has(self, key: str) -> bool:
        return f"{key}||" in self.figures

    def figure(self, key: str, quarter: int | None, office_id: int | None):
        value = self.figures.get(f"{key}|{quarter or ''}|{self.slug_of.get(office_id, '') if office_id else ''}",
                                 "missing")
        return None if value == "none" else value

    def records(self, key: str, quarter, office_id) -> int:
        """How many records a KPI's drill-down counts: a count KPI's own figure; a sum's or an average's records
        are those of the count of the same things."""
        head, name = key.rsplit(".", 1)
        counted = {"grants.amount_decided": "grants.decisions", "dispatch.costs": "dispatch.dispatches",
                   "dispatch.satisfaction": "dispatch.dispatches",
                   "dispatch.local_governments": "dispatch.dispatches"}.get(head, head)
        return self.figure(f"{counted}.{name}", quarter, office_id)

    def public_events(self, key: str, quarter, office_id) -> int:
        return self.figure(f"public:{key}", quarter, office_id)


def same(shown, want) -> bool:
    if want is None or shown is None:
        return want is None and shown is None
    return abs(Decimal(str(shown)) - Decimal(str(want))) <= Decimal("0.011")


def number(html: str):
    found = NUMBER.search(re.sub(r"<[^>]+>", " ", html))
    return None if found is None else Decimal(found.group().replace(",", ""))


def kpis() -> dict:
    """The FY2026 plan's KPIs measured by a query: {query key: (pk, programme pk, code)}."""
    from kizuna.plan.models import KPI

    return {k: (pk, programme, code) for k, pk, programme, code in KPI.objects.filter(
        programme__area__fiscal_year__year=YEAR, source="query").values_list("query_key", "pk", "programme_id",
                                                                            "code")}


def offices() -> dict:
    from kizuna.core.models import Organisation

    return dict(Organisation.objects.filter(slug__in=["hq", "nyc", "lon"]).values_list("slug", "pk"))


def choose(expect: Expect, plan: dict) -> dict:
    """The KPIs whose pages are measured: the events series with the most events and the most people, a
    scheme's decisions and amount decided, the support requests, a dispatch programme's count and costs."""
    def biggest(prefix):
        keys = [k for k in plan if k.startswith(prefix) and k.count(".") == 2 and expect.has(k)]
        return max(keys, key=lambda k: (expect.figure(k, None, None), k))

    return {"sessions": biggest("events.sessions."), "office_sessions": "events.sessions.overseas_seminar.nyc",
            "participants": biggest("events.participants."), "decisions": "grants.decisions.tabunka",
            "amount_decided": "grants.amount_decided.tabunka", "requests": "requests.support.completed",
            "research": "requests.research.answered", "dispatches": "dispatch.dispatches.regional_adviser",
            "costs": "dispatch.costs.promotion_adviser"}


def records_url(pk: int, quarter=None, office=None, page=None) -> str:
    query = "&".join(f"{k}={v}" for k, v in (("quarter", quarter), ("office", office), ("page", page)) if v)
    return f"/plan/kpis/{pk}/records/" + (f"?{query}" if query else "")


def targets(expect: Expect, plan: dict, office: dict, staff_headers: dict) -> list[tuple[str, Target, dict]]:
    """(name, target, {path: what its answer must hold}) in the order they are measured."""
    chosen = choose(expect, plan)
    nyc, lon, hq = office["nyc"], office["lon"], office["hq"]
    board = {f"/plan/{YEAR}/": ("board", None, None), f"/plan/{YEAR}/?quarter=1": ("board", 1, None),
             f"/plan/{YEAR}/?quarter=2": ("board", 2, None), f"/plan/{YEAR}/?quarter=3": ("board", 3, None),
             f"/plan/{YEAR}/?office={nyc}": ("board", None, nyc),
             f"/plan/{YEAR}/?quarter=2&office={lon}": ("board", 2, lon), "/plan/": ("board", None, None)}
    programmes = {}
    for name in ("participants", "sessions", "decisions", "requests", "dispatches"):
        programmes.setdefault(f"/plan/programmes/{plan[chosen[name]][1]}/", ("programme", chosen[name]))
    kpi_pages = {f"/plan/kpis/{plan[chosen[n]][0]}/": ("kpi", chosen[n])
                 for n in ("participants", "sessions", "decisions", "amount_decided", "requests", "dispatches")}

    def drill(name, quarter=None, office_id=None, page=None, staff=False):
        key = chosen[name]
        return records_url(plan[key][0], quarter, office_id, page), ("records", key, quarter, office_id,
                                                                     page or 1, staff)

    sessions_pages = max(1, -(-expect.public_events(chosen["sessions"], None, None) // PAGE))
    events = dict([drill("sessions"), drill("sessions", page=sessions_pages), drill("sessions", 2),
                   drill("sessions", None, nyc), drill("office_sessions"), drill("participants"),
                   drill("participants", page=100), drill("participants", 2), drill("participants", 3, nyc)])
    others = dict([drill("decisions"), drill("decisions", 2), drill("decisions", page=20), drill("amount_decided"),
                   drill("requests"), drill("requests", 3), drill("requests", None, nyc), drill("research"),
                   drill("dispatches"), drill("dispatches", 1), drill("costs")])
    api = {f"/api/v1/plan/{YEAR}": ("api", None, None), f"/api/v1/plan/{YEAR}?quarter=2": ("api", 2, None),
           f"/api/v1/plan/{YEAR}?office={nyc}": ("api", None, nyc)}
    staff = dict([drill("participants", staff=True), drill("participants", page=100, staff=True),
                  drill("participants", 2, page=40, staff=True), drill("decisions", page=20, staff=True),
                  drill("requests", None, nyc, page=5, staff=True), drill("dispatches", page=10, staff=True)])
    # answers checked beside the measured ones: each quarter and headquarters in the API
    extra = {f"/api/v1/plan/{YEAR}?quarter={q}": ("api", q, None) for q in (1, 3, 4)}
    extra[f"/api/v1/plan/{YEAR}?office={hq}"] = ("api", None, hq)
    return [
        ("dashboard", Target("dashboard", f"dashboard `/plan/{YEAR}/`, {len(board)} URLs (whole year, Q1–Q3, an "
                             "office, a quarter and an office, `/plan/`)", list(board), HEADERS), board),
        ("programme", Target("programme", f"programme pages `/plan/programmes/<pk>/`, {len(programmes)} URLs "
                             "(events, grants, requests, dispatch: each KPI by quarter)", list(programmes), HEADERS),
         programmes),
        ("kpi", Target("kpi", f"KPI pages `/plan/kpis/<pk>/`, {len(kpi_pages)} URLs (the drill-downs' KPIs)",
                       list(kpi_pages), HEADERS), kpi_pages),
        ("records_events", Target("records_events", f"drill-down of event KPIs, {len(events)} URLs (sessions: first "
                                  f"and last page, a quarter, an office; participants "
                                  f"({expect.figure(chosen['participants'], None, None):,} records, counted but "
                                  "shown to no anonymous visitor): first page, page 100, a quarter, a quarter and "
                                  "an office)", list(events), HEADERS), events),
        ("records_other", Target("records_other", f"drill-down of grants, requests and dispatch KPIs, {len(others)} "
                                 "URLs (decisions, amount decided, support and research answered, dispatches, "
                                 "costs; first and deep pages, quarters, an office)", list(others), HEADERS), others),
        ("api", Target("api", f"`GET /api/v1/plan/{YEAR}`, {len(api)} URLs (whole year, a quarter, an office)",
                       list(api), HEADERS), {**api, **extra}),
        ("records_staff", Target("records_staff", f"drill-down as headquarters staff (every record shown), "
                                 f"{len(staff)} URLs (participants page 1, 100, Q2 page 40; decisions page 20; "
                                 "an office's requests page 5; dispatches page 10)", list(staff), staff_headers),
         staff),
    ]


def _api_problems(data: dict, expect: Expect, quarter, office_id) -> tuple[list[str], int]:
    problems, seen = [], 0
    for area in data["areas"]:
        for programme in area["programmes"]:
            for k in programme["kpis"]:
                want = expect.figure(k["query_key"], quarter, office_id) if k["query_key"] else "missing"
                if want == "missing":
                    continue
                seen += 1
                if not same(k["actual"], want):
                    problems.append(f"{k['query_key']} {k['actual']}, the data says {want}")
    return problems + ([] if seen > 60 else [f"only {seen} KPIs checked"]), seen


def _board_problems(text: str, expect: Expect, by_row: dict, quarter, office_id) -> tuple[list[str], int]:
    problems, seen = [], 0
    for programme, code, status, row in re.findall(
            r'<tr role="row" data-kpi="(\d+)/([^"]+)" data-status="(\w+)">(.*?)</tr>', text, re.S):
        key = by_row.get((int(programme), code))
        want = expect.figure(key, quarter, office_id) if key else "missing"
        if want == "missing":
            continue
        seen += 1
        cell = re.search(r'class="num actual"[^>]*>(.*?)</td>', row, re.S).group(1)
        shown = number(cell) if status == "measured" else None
        if not same(shown, want):
            problems.append(f"{key} shows {shown} ({status}), the data says {want}")
    return problems + ([] if seen > 60 else [f"only {seen} KPIs found on the page"]), seen


def check(port: int, path: str, want: tuple, headers: dict, expect: Expect, plan: dict) -> int:
    """The answer says what the data says: the figures, the records counted, the rows shown. Returns how many
    figures and counts were compared."""
    status, body = fetch(port, path, headers)
    text = body.decode("utf-8", "replace")
    problems, compared = [] if status == 200 else [f"status {status}"], 0
    kind = want[0]
    if status != 200:
        pass
    elif kind == "api":
        found, compared = _api_problems(json.loads(body), expect, want[1], want[2])
        problems += found
    elif kind == "board":
        by_row = {(programme, code): key for key, (_pk, programme, code) in plan.items()}
        found, compared = _board_problems(text, expect, by_row, want[1], want[2])
        problems += found
    elif kind in ("programme", "kpi"):
        key = want[1]
        link = f'<a href="/plan/kpis/{plan[key][0]}/">' if kind == "programme" else ""  # a KPI page has one row
        row = re.search(rf'<tr role="row" data-status="\w+">\s*<th scope="row" role="rowheader">{link}.*?</tr>', text,
                        re.S)
        if row is None:
            problems.append(f"no row of {key}")
        else:
            for q in (1, 2, 3, 4, "year"):
                cell = re.search(rf'data-quarter="{q}"[^>]*>(.*?)</td>', row.group(), re.S).group(1)
                shown = number(cell) if "not-measured" not in cell else None
                wanted = expect.figure(key, None if q == "year" else q, None)
                compared += 1
                if not same(shown, wanted):
                    problems.append(f"{key} Q{q}: {shown}, the data says {wanted}")
    elif kind == "records":
        _k, key, quarter, office_id, page, staff = want
        figure = re.search(r'data-testid="figure">(.*?)</strong>', text, re.S)
        shown = number(figure.group(1)) if figure and "not-measured" not in figure.group(1) else None
        if not same(shown, expect.figure(key, quarter, office_id)):
            problems.append(f"figure {shown}, the data says {expect.figure(key, quarter, office_id)}")
        counted = expect.records(key, quarter, office_id)
        line = re.search(r'data-testid="record-count">(.*?)</p>', text, re.S)
        numbers = [int(n.replace(",", "")) for n in NUMBER.findall(re.sub(r"<[^>]+>", " ", line.group(1)))] \
            if line else []
        visible = counted if staff else (expect.public_events(key, quarter, office_id)
                                         if key.startswith("events.sessions.") else 0)
        if not numbers or numbers[0] != counted:
            problems.append(f"counted {numbers[:1]}, the data says {counted}")
        elif visible < counted and numbers[1:2] != [visible]:
            problems.append(f"may see {numbers[1:2]}, the data says {visible}")
        pages = max(1, -(-visible // PAGE))
        rows = max(0, min(PAGE, visible - PAGE * (min(page, pages) - 1)))
        found = text.count('<tr><th scope="row">')
        if found != rows:
            problems.append(f"{found} rows shown, the data says {rows}")
        compared = 4  # the figure, the records counted, those one may see, the rows shown
    if problems:
        raise SystemExit(f"{path}: {'; '.join(problems[:8])}")
    return compared


def pages(database_url: str, clients: int, duration: float, warmup: float, idle: float, expect: Expect,
          plan: dict, office: dict) -> tuple[list[dict], int]:
    """The targets in turn, each answer checked first; and how many figures and counts were compared."""
    server = Server(database_url)
    staff_headers = {**HEADERS, "Cookie": session_cookie(HQ_EMAIL)}
    out, compared = [], 0
    try:
        for name, target, wants in targets(expect, plan, office, staff_headers):
            for path, want in wants.items():
                compared += check(server.port, path, want, target.headers, expect, plan)
            log(f"{name}: {len(wants)} answers checked ({compared} figures and counts so far)")
            busy = wait_for_idle(idle)
            marker = b'"areas"' if name == "api" else b'data-testid="record-count"' if name.startswith(
                "records") else None
            out.append({**measure(server, target, clients, duration, warmup, marker=marker), "name": name,
                        "busy_before": round(busy, 2)})
    finally:
        server.stop()
    return out, compared


# -- first views, in-process -----------------------------------------------------------------------------------------

def first_views(expect: Expect, plan: dict, office: dict, rounds: int = 5) -> list[dict]:
    """Each kind of page with nothing kept in the process (the dashboard's figures, the office filter's options):
    the median time of `rounds`, the queries, and the slowest query with its time."""
    from django.db import connection
    from django.test import Client

    from kizuna.core.cache import clear_render_caches

    chosen = choose(expect, plan)
    paths = [
        ("dashboard, whole year", f"/plan/{YEAR}/"),
        ("dashboard, an office", f"/plan/{YEAR}/?office={office['nyc']}"),
        ("programme page (events)", f"/plan/programmes/{plan[chosen['participants']][1]}/"),
        ("KPI page (participants)", f"/plan/kpis/{plan[chosen['participants']][0]}/"),
        ("drill-down, participants", records_url(plan[chosen["participants"]][0])),
        ("drill-down, sessions", records_url(plan[chosen["sessions"]][0])),
        ("drill-down, decisions", records_url(plan[chosen["decisions"]][0])),
        ("API, whole year", f"/api/v1/plan/{YEAR}"),
        ("API, an office", f"/api/v1/plan/{YEAR}?office={office['nyc']}"),
    ]
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    out = []
    for label, path in paths:
        client.get(path)  # imports, templates, translations
        times, queries = [], []
        for _ in range(rounds):
            clear_render_caches()
            run = []

            def timed(execute, sql, params, many, context, run=run):
                t0 = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    run.append((time.perf_counter() - t0, sql))

            t0 = time.perf_counter()
            with connection.execute_wrapper(timed):
                response = client.get(path)
            times.append(time.perf_counter() - t0)
            queries.append(run)
            assert response.status_code == 200, (path, response.status_code)
        run = queries[len(queries) // 2]
        slowest = max(run, key=lambda q: q[0])
        out.append({"label": label, "path": path, "median_ms": round(statistics.median(times) * 1000, 1),
                    "queries": len(run), "db_ms": round(sum(q[0] for q in run) * 1000, 1),
                    "slowest_ms": round(slowest[0] * 1000, 1), "slowest_sql": " ".join(slowest[1].split())[:160]})
        log(f"first view {out[-1]}")
    return out


# -- the report ------------------------------------------------------------------------------------------------------

def markdown(report: dict) -> str:
    d = report["data"]
    start, end = (m.format(database=report["database"]) for m in (START, END))
    schemes = ", ".join(f"{code} {sum(states.values()):,}" for code, states in d["schemes"].items())
    kinds = ", ".join(f"{k} {v:,}" for k, v in d["requests_by_kind"].items())
    programmes = ", ".join(f"{k} {v:,}" for k, v in d["dispatches_by_programme"].items())
    idle = report.get("idle_note", "")
    shown = ", ".join(f"`{k}` {Decimal(str(v)):,}" for k, v in report["chosen"].items())
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']}, commit {report['commit']} "
             f"({report['machine'].get('cpu', '?')}, {report['machine'].get('cores', '?')} cores shared with other "
             f"sessions' work; load average before: {report['loadavg']}{idle}). Data: {d['events']:,} published "
             f"events in {d['series']} series ({d['not_public']} not public; {d['drafts']} drafts besides), "
             f"{d['registrations']:,} registrations of {d['people']:,} people, {d['checked_in']:,} checked in; "
             f"{d['applications']:,} grant applications ({schemes}), {d['decided']:,} decided, "
             f"{d['payments_approved']:,} payments approved ({d['payments_prepared']} prepared, not yet approved); "
             f"{d['requests_answered']:,} requests answered ({kinds}), {d['requests_rated']:,} rated; "
             f"{d['dispatches']:,} dispatches carried out ({programmes}). Every answer was first checked against these "
             f"rows, counted by bench/plan_data.py itself ({report['checked']:,} figures and counts compared; e.g. "
             f"the whole year's {shown}). Reproduce: `{report['command']}`.", "",
             "| measure | how | requests | p50 ms | p95 ms | max ms | target | met |",
             "|---|---|---:|---:|---:|---:|---|:-:|"]
    for r in report.get("pages", []):
        lines.append(f"| {r['label']} | HTTP, {report['clients']} clients, gunicorn 2 × 4, {r['rps']} req/s, "
                     f"{r['errors']} errors, {r['kb']} KB, {r['server_ms']} ms of server CPU a request; cores busy: "
                     f"server {r['server_cpu']}, client {r['client_cpu']}, other {r['other_cpu']} | "
                     f"{r['requests']:,} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | p95 < 150 ms | "
                     f"{yes(r['p95_ms'] < P95_MS and not r['errors'])} |")
    per = "; ".join(f"{r['name']}: " + ", ".join(f"`{unquote(p)}` {v}" for p, v in r["per_path"].items())
                    for r in report.get("pages", []))
    lines += ["", f"p95 per URL (ms): {per}.", ""]
    if report.get("first_views"):
        lines += ["| first view, nothing kept (in-process, median of 5) | queries | in the database ms | slowest "
                  "query ms | total ms |", "|---|---:|---:|---:|---:|"]
        for v in report["first_views"]:
            lines.append(f"| {v['label']} `{v['path']}` | {v['queries']} | {v['db_ms']} | {v['slowest_ms']} | "
                         f"**{v['median_ms']}** |")
        lines.append("")
    lines += [end, ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--new-data", action="store_true")
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="a share of the issue's data (1: 2,000 events, 60,000 registrations...), for trying the "
                             "benchmark; SQLite: in its own file bench/data/plan-<scale>.sqlite3")
    args = parser.parse_args(argv)
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    name = "plan" if args.scale == 1 else f"plan-{args.scale:g}"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / f'{name}.sqlite3'}"
    if args.readme and args.scale != 1:
        parser.error("--readme takes the issue's data (--scale 1)")
    os.environ.setdefault("CONN_MAX_AGE", "60")
    setup(database_url)
    from django.utils import timezone

    made = make_data(random.Random(19), fresh=args.new_data, scale=args.scale)
    data, office, plan = facts(), offices(), kpis()
    expect = Expect(data, office)
    log(f"data: { {k: v for k, v in data.items() if k != 'figures'} }")
    chosen = {key: expect.figure(key, None, None) for key in choose(expect, plan).values()}
    log(f"the figures for the whole year must be: {chosen}")
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "chosen": chosen, "machine": machine(), "clients": args.clients, "data": data, "made": made,
              "commit": commit(),
              "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/plan.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    report["pages"], report["checked"] = pages(database_url, args.clients, args.duration, args.warmup,
                                               args.wait_for_idle, expect, plan, office)
    busy = [f"{r['name']} {r['busy_before']}" for r in report["pages"] if r["busy_before"] >= 0.25]
    if busy:
        report["idle_note"] = (f"; not idle before some targets, run anyway (cores busy with other work: "
                               f"{', '.join(busy)})")
    report["first_views"] = first_views(expect, plan, office)
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"plan-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if args.readme:
        replace_in_readme(README, text, START.format(database=report["database"]),
                          END.format(database=report["database"]), SECTION_END)
    ok = all(r["p95_ms"] < P95_MS and not r["errors"] for r in report["pages"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
