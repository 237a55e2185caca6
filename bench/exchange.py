#!/usr/bin/env python
"""Benchmark of the sister-city registry (issue #17, item 8): public registry pages and the map data at 8
clients, and the open-data export of the whole registry.

    .venv/bin/python bench/exchange.py                  # SQLite: bench/data/exchange.sqlite3
    .venv/bin/python bench/exchange.py --readme         # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_exchange .venv/bin/python bench/exchange.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data

1. **Data** (bench/exchange_data.py): 2,000 affiliations of 1,000 local governments with 1,600 partners in 40
   countries, and the "looking for a partner" entries of the other local governments (one each).
2. **Public pages** (HTTP, gunicorn 2 workers × 4 threads, 8 keep-alive clients, anonymous): the registry with
   filters and a search, by prefecture, by country, a local government's page, the counts over time; target p95
   < 100 ms.
3. **Map data**: `/exchange/map/data.json`, the map page and `GET /api/v1/exchange/map`; target p95 < 100 ms.
4. **Open data**: the whole registry as CSV (streamed) and as JSON, one client, 5 downloads each: the median
   time, the size and the rows.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote, unquote

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.exchange_data import facts, make_data  # noqa: E402
from bench.generate import ensure_postgres_database  # noqa: E402
from bench.jet import Server, measure  # noqa: E402
from bench.library import commit, yes  # noqa: E402
from bench.run import Target, machine, replace_in_readme, wait_for_idle  # noqa: E402

README = BENCH_DIR / "README.md"
START, END = "<!-- exchange-bench:{database}:start -->", "<!-- exchange-bench:{database}:end -->"
SECTION_END = "<!-- exchange-bench:results-end -->"
P95_MS = 100.0
HEADERS = {"Accept-Language": "ja"}


def log(message: str) -> None:
    print(f"[exchange] {message}", file=sys.stderr, flush=True)


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("KIZUNA_DEV", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def targets() -> list[tuple[str, Target, bytes | None]]:
    from kizuna.exchange.models import Affiliation

    codes = list(Affiliation.objects.order_by("local_government__code").values_list(
        "local_government__code", flat=True).distinct()[:400:50])
    registry = ["/exchange/", "/exchange/?prefecture=130001", "/exchange/?country=US",
                "/exchange/?country=KR&type=sister", "/exchange/?status=active&counted=1",
                "/exchange/?page=20", f"/exchange/?q={quote('市')}",
                "/exchange/?q=burg"]
    groups = ["/exchange/prefectures/", "/exchange/countries/", "/exchange/counts/",
              *[f"/exchange/local-governments/{c}/" for c in codes]]
    maps = ["/exchange/map/data.json", "/api/v1/exchange/map"]
    return [
        ("registry", Target("registry", f"registry `/exchange/`, {len(registry)} URLs (filters, page 20, search)",
                            registry, HEADERS), None),
        ("groups", Target("groups", f"by prefecture, by country, counts over time and {len(codes)} local "
                          "governments' pages", groups, HEADERS), None),
        ("map_data", Target("map_data", "map data `/exchange/map/data.json` and `GET /api/v1/exchange/map`", maps,
                            HEADERS), b'"partners"'),
        ("map_page", Target("map_page", "the map page `/exchange/map/` (SVG points and tables)", ["/exchange/map/"],
                            HEADERS), None),
    ]


def pages(database_url: str, clients: int, duration: float, warmup: float, idle: float) -> list[dict]:
    server = Server(database_url)
    out = []
    try:
        for name, target, marker in targets():
            wait_for_idle(idle)
            out.append({**measure(server, target, clients, duration, warmup, marker=marker), "name": name})
    finally:
        server.stop()
    return out


def _download(port: int, path: str) -> tuple[float, int, bytes]:
    t0 = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status}")
    return time.perf_counter() - t0, len(body), body


def export(database_url: str, idle: float, rounds: int = 5) -> list[dict]:
    server = Server(database_url)
    out = []
    try:
        wait_for_idle(idle)
        for label, path in (("CSV (streamed)", "/exchange/open-data/sister-cities.csv"),
                            ("JSON", "/exchange/open-data/sister-cities.json")):
            _download(server.port, path)  # warm
            times, size, body = [], 0, b""
            for _ in range(rounds):
                seconds, size, body = _download(server.port, path)
                times.append(seconds)
            rows = (body.decode("utf-8-sig").count("\r\n") - 1 if path.endswith(".csv")
                    else len(json.loads(body)["affiliations"]))
            out.append({"label": label, "path": path, "median_s": round(statistics.median(times), 3),
                        "max_s": round(max(times), 3), "kb": round(size / 1024), "rows": rows})
            log(f"export {out[-1]}")
    finally:
        server.stop()
    return out


def markdown(report: dict) -> str:
    d = report["data"]
    start, end = (m.format(database=report["database"]) for m in (START, END))
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']}, commit {report['commit']} "
             f"({report['machine'].get('cpu', '?')}, {report['machine'].get('cores', '?')} cores shared with other "
             f"sessions' work; load average before: {report['loadavg']}). Data: {d['affiliations']:,} affiliations "
             f"({', '.join(f'{k} {v:,}' for k, v in sorted(d['statuses'].items()))}) of {d['governments']:,} local "
             f"governments with {d['partners']:,} partners in {d['countries']} countries; {d['wanted']:,} \"looking "
             f"for a partner\" entries. Reproduce: `{report['command']}`.", "",
             "| measure | how | requests | p50 ms | p95 ms | target | met |", "|---|---|---:|---:|---:|---|:-:|"]
    for r in report.get("pages", []):
        lines.append(f"| {r['label']} | HTTP, {report['clients']} clients, gunicorn 2 × 4, {r['rps']} req/s, "
                     f"{r['errors']} errors, {r['kb']} KB, {r['server_ms']} ms of server CPU a request; cores busy: "
                     f"server {r['server_cpu']}, client {r['client_cpu']}, other {r['other_cpu']} | "
                     f"{r['requests']:,} | {r['p50_ms']} | {r['p95_ms']} | p95 < 100 ms | "
                     f"{yes(r['p95_ms'] < P95_MS and not r['errors'])} |")
    per = "; ".join(f"{r['name']}: " + ", ".join(f"`{unquote(p)}` {v}" for p, v in r["per_path"].items())
                    for r in report.get("pages", []))
    lines += ["", f"p95 per URL (ms): {per}.", ""]
    if report.get("export"):
        lines += ["| open data, whole registry (one client, median of 5) | rows | size | median s | slowest s |",
                  "|---|---:|---:|---:|---:|"]
        for e in report["export"]:
            lines.append(f"| {e['label']} `{e['path']}` | {e['rows']:,} | {e['kb']:,} KB | **{e['median_s']}** | "
                         f"{e['max_s']} |")
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
    parser.add_argument("--only", choices=["pages", "export"])
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS")
    args = parser.parse_args(argv)
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'exchange.sqlite3'}"
    os.environ.setdefault("CONN_MAX_AGE", "60")
    setup(database_url)
    from django.utils import timezone

    made = make_data(random.Random(17), fresh=args.new_data)
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": facts(), "made": made, "commit": commit(),
              "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/exchange.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    log(f"data: {report['data']}")
    if args.only in (None, "pages"):
        report["pages"] = pages(database_url, args.clients, args.duration, args.warmup, args.wait_for_idle)
    if args.only in (None, "export"):
        report["export"] = export(database_url, args.wait_for_idle)
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"exchange-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if args.readme:
        replace_in_readme(README, text, START.format(database=report["database"]),
                          END.format(database=report["database"]), SECTION_END)
    ok = all(r["p95_ms"] < P95_MS and not r["errors"] for r in report.get("pages", []))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
