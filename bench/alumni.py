#!/usr/bin/env python
"""Benchmark of JET alumni and JETAA chapters (issue #14): the import of 80,000 rows, the directory with its privacy
filters and the chapters' health over 80,000 alumni, 55 chapters and 200,000 memberships and event registrations.

    .venv/bin/python bench/alumni.py                   # SQLite: bench/data/alumni.sqlite3
    .venv/bin/python bench/alumni.py --readme          # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_alumni .venv/bin/python bench/alumni.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data --scale 0.1 --skip-import

1. **Data** (BENCH DATA, bulk-inserted: no services, no audit entries; generated once and reused, `--new-data` to
   make them again): the reference data (prefectures and municipalities: the placements), 55 JETAA chapters in 19
   countries (a `core.Organisation` of kind `jetaa` and an `alumni.Chapter` each; founding, dormant and
   re-founding ones among them), 80,000 alumni with a spread of the four privacy choices (about 5 % withdrawn),
   one or two placements each, about 150,000 chapter memberships (some left), 6,000 alumni with an account, the
   chapters' events of this fiscal year and the last and about 50,000 registrations of those alumni for them, a
   few officers per chapter and the country representatives. Readers: a listed alumnus who is a member of the
   biggest chapter, an officer of that chapter, a member of headquarters (MFA set up).
2. **Import**: `importing.import_alumni` of 80,000 rows from a generated CSV into a database of its own (the
   reference data, the chapters and the member of headquarters only: made anew each run), in a separate
   process: wall time, queries, and the process's resident memory high-water mark over the import
   (`--tracemalloc`: a second run under tracemalloc for the Python heap's peak).
3. **Reads** (HTTP, gunicorn 2 workers x 4 threads, 8 keep-alive clients, as bench/jet.py): (a) the directory
   `/alumni/directory/?...` with filters that go through the privacy rules, as the listed alumnus and (a2) as the
   officer, (b) the chapters' health `/alumni/chapters/` (anonymous) and (b2) a chapter's page; reported: (c) the
   API `/api/v1/alumni/directory` and (d) JETAA International `/alumni/international/`. Then each page one request
   at a time, in-process (Django's test client), with its query count.

Exits with 1 when (a), (a2), (b) or (b2) misses p95 < 150 ms.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.alumni_data import (  # noqa: E402
    ACCOUNTS,
    ALUMNI,
    ALUMNUS_EMAIL,
    CHAPTERS,
    HQ_EMAIL,
    MEMBERSHIPS,
    OFFICER_EMAIL,
    REGISTRATIONS,
    VISIBILITY,
    loadavg,
    log,
    make_data,
    vacuum,
)
from bench.alumni_import import import_run, measure_import  # noqa: E402
from bench.jet import P95_MS, Server, Target, analyze, counting, headers, measure, setup, yes  # noqa: E402
from bench.run import (  # noqa: E402
    machine,
    wait_for_idle,
)

README = BENCH_DIR / "README.md"
SECTION = "## Alumni (issue #14)"
AFTER = "## Claims (issue #13)"  # the section this one follows
MARKERS = "<!-- alumni-bench:{database}:start -->", "<!-- alumni-bench:{database}:end -->"
IMPORT_ROWS = 80_000
ALONE = 20  # requests of each target, one at a time, in-process


# --------------------------------------------------------------------------------------------------- HTTP


def alone(targets: list[tuple], emails: dict) -> dict:
    """Each target's pages one request at a time, in-process (Django's test client, the whole middleware)."""
    from django.test import Client

    from kizuna.core.models import User

    out = {}
    for target, _marker, _has_target in targets:
        client = Client(headers={"accept-language": "ja"})
        if emails[target.name]:
            client.force_login(User.objects.get(email=emails[target.name]),
                               backend="django.contrib.auth.backends.ModelBackend")
        for path in target.paths:
            client.get(path)  # warm: imports, templates, caches
        times, per_path = [], {}
        queries, wrapper = counting()
        with wrapper:
            for i in range(ALONE):
                path = target.paths[i % len(target.paths)]
                t0 = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - t0)
                per_path.setdefault(path, []).append(times[-1])
                if response.status_code != 200:
                    raise SystemExit(f"{target.name}: status {response.status_code}")
        times.sort()
        out[target.name] = {"median_ms": round(times[len(times) // 2] * 1000, 1), "best_ms": round(times[0] * 1000, 1),
                            "queries": round(len(queries) / ALONE, 1), "kb": round(len(response.content) / 1024),
                            "slowest_path": max(per_path, key=lambda p: sorted(per_path[p])[len(per_path[p]) // 2]),
                            "per_path_ms": {p: round(sorted(v)[len(v) // 2] * 1000, 1) for p, v in per_path.items()}}
    log(f"alone: {out}")
    return out


DIRECTORY = "/alumni/directory/"
API = "/api/v1/alumni/directory"


def directory_paths(data: dict) -> list[str]:
    mid = max(data["us_listed"] // 50 // 2, 2)
    return ["?country=US", f"?country=US&page={mid}", "?employer=bank", f"?prefecture={data['prefecture']}&year=2015",
            "?name=smith", f"?chapter={data['ny']}", "?name=" + urllib.parse.quote("スミス"),
            "?country=US&employer=university&year=2010"]


EMAILS = {"directory-alumnus": ALUMNUS_EMAIL, "directory-officer": OFFICER_EMAIL, "chapters": None,
          "chapter": ALUMNUS_EMAIL, "api": ALUMNUS_EMAIL, "international": ALUMNUS_EMAIL}


def found(data: dict) -> dict:
    """How many alumni each directory search finds, for the alumnus, the officer and headquarters (who see every
    field: the privacy rules make them differ), as the page counts them."""
    from django.http import QueryDict

    from kizuna.alumni import queries
    from kizuna.alumni.forms import DirectoryForm
    from kizuna.core.models import User

    out = {}
    for who, email in (("alumnus", ALUMNUS_EMAIL), ("officer", OFFICER_EMAIL), ("hq", HQ_EMAIL)):
        user = User.objects.get(email=email)
        for path in directory_paths(data):
            form = DirectoryForm(QueryDict(path.removeprefix("?")))
            if not form.is_valid():
                raise SystemExit(f"{path}: {form.errors}")
            c = form.cleaned_data
            filters = queries.DirectoryFilters(
                name=c["name"], country=c["country"], chapter=c["chapter"].pk if c["chapter"] else None,
                prefecture=c["prefecture"].pk if c["prefecture"] else None, year=c["year"], employer=c["employer"])
            out.setdefault(urllib.parse.unquote(path.split("&page=")[0]), {})[who] = \
                queries.directory(user, filters).count()
    return out


def targets_of(data: dict) -> list[tuple]:
    alumnus, officer = headers(ALUMNUS_EMAIL), headers(OFFICER_EMAIL)
    anonymous = {"Accept-Language": "ja"}
    paths = directory_paths(data)
    shown = ", ".join(f"`{p}`" for p in paths)
    chapters = [data["ny"], data["middle"], data["small"]]
    api = [f"{API}?country=US", f"{API}?employer=bank", f"{API}?prefecture={data['prefecture']}&year=2015",
           f"{API}?name=smith&offset=50"]
    return [
        (Target("directory-alumnus", f"(a) the directory `{DIRECTORY}` as a listed alumnus (a member of "
                f"{data['ny_name']}, {data['ny_members']:,} members), {len(paths)} searches in rotation: {shown}",
                [DIRECTORY + p for p in paths], alumnus), b'data-testid="directory-form"', True),
        (Target("directory-officer", f"(a2) the same searches as an officer of {data['ny_name']} (no record of "
                "their own)", [DIRECTORY + p for p in paths], officer), b'data-testid="directory-form"', True),
        (Target("chapters", f"(b) the chapters' health `/alumni/chapters/` ({data['chapters']} chapters), anonymous",
                ["/alumni/chapters/"], anonymous), b'data-testid="chapters"', True),
        (Target("chapter", f"(b2) a chapter's page `/alumni/chapters/<pk>/` as the listed alumnus: "
                f"{data['ny_name']} ({data['ny_members']:,} members, theirs), a middle one "
                f"({data['middle_members']:,}) and the smallest ({data['small_members']:,}) in rotation",
                [f"/alumni/chapters/{pk}/" for pk in chapters], alumnus), b'data-testid="health"', True),
        (Target("api", f"(c) `{API}` as the listed alumnus (50 a page; country, employer, prefecture + year, "
                "name with offset)", api, alumnus), b'"items"', False),
        (Target("international", "(d) JETAA International `/alumni/international/` as the listed alumnus (the map, "
                "the table by country, the representatives, the year's events)", ["/alumni/international/"],
                alumnus), b'data-testid="countries"', False),
    ]


# ------------------------------------------------------------------------------------------------- report


def app_code() -> dict:
    """When the measured code last changed."""
    app = BENCH_DIR.parent / "kizuna" / "alumni"
    files = [*app.rglob("*.py"), *app.rglob("*.html")]
    latest = max(files, key=lambda f: f.stat().st_mtime)
    return {"latest_change": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(latest.stat().st_mtime)),
            "file": str(latest.relative_to(BENCH_DIR.parent))}


def intro() -> str:
    vis = "; ".join(f"{f} {c}/{ch}/{a} %" for f, (c, ch, a) in VISIBILITY.items())
    return f"""{SECTION}

Issue #14: **80,000 alumni, 55 chapters, 200,000 memberships and event registrations: the import of 80,000 rows
(time and peak memory stated), the directory search with privacy filters and the chapter health page, p95 < 150
ms at 8 clients.** The app is kizuna/alumni (docs/alumni.md).

    .venv/bin/python bench/alumni.py --readme              # SQLite: bench/data/alumni.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_alumni .venv/bin/python bench/alumni.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data --tracemalloc --skip-import

**Data** (bench data, bulk-inserted, no services, no audit entries; generated once and reused, `--new-data` to
make them again; `--scale 0.1` for a tenth, in its own file): the reference data (the placements' prefectures and
municipalities), **{len(CHAPTERS)} JETAA chapters in {len({c[2] for c in CHAPTERS})} countries** (an organisation
of kind `jetaa` and an `alumni.Chapter` each, with region, coordinates, the supporting CLAIR office, bylaws for
most; two being founded, three dormant, one being re-founded), **{ALUMNI:,} alumni** (nationalities weighted as the
programme's intake; about 5 % have withdrawn their consent; 60 % with a katakana reading, 85 % with a JET number;
the four private fields' visibility only CLAIR / my chapter / all alumni: {vis}), one placement each or two after
a transfer (prefectures and municipalities of the reference data, 1988–2025), **about {MEMBERSHIPS:,} chapter
memberships** (the chapter of one's country or the nearest, weighted by the chapter's size, and a second or third
chapter for some; a quarter of those left since), **{ACCOUNTS:,} alumni with an account**, the chapters' events of
this fiscal year and the last (three per unit of the chapter's size and two more, a year) and **{REGISTRATIONS:,}
registrations** of those alumni, mostly for their own chapters' events (so that "active this year" has work: a
live member is active when they joined this year or registered for one of the chapter's events this year), one
to four officers per open chapter and a country representative for each country with two chapters or more. The
readers: a listed alumnus who is a member of the biggest chapter (New York) with an account, an officer of that
chapter who has no record of their own, and a member of headquarters (MFA set up) who imports.

**Import.** `kizuna.alumni.importing.import_alumni` of **{IMPORT_ROWS:,} rows** from a generated CSV (English
headers; organisations by 6- or 5-digit code or by name; years or dates; a chapter on 70 % of rows; 60 % with a JET
number; about 1 % the same person as an earlier row without a JET number: a possible duplicate) as the member of
headquarters, in a process of its own, into a database of its own made anew for each run (the reference data, the
chapters and that member only), so that it neither collides with nor changes the bench data: all of its rows are
new records, with their audit entries. Measured: wall time, queries, and the process's resident memory: before
the import (Django, the data and the CSV in memory) and its high-water mark over the import (Linux `VmHWM`,
reset just before the import); `--tracemalloc` runs it again under tracemalloc for the Python heap's peak (slower:
its time is not the one stated).

**How it is measured.** As bench/jet.py: gunicorn 2 workers × 4 threads (`DEBUG` off), 8 keep-alive clients,
3 s warm-up, 15 s measured per target: (a) the directory `/alumni/directory/` as the listed alumnus, eight
searches in rotation — country (a first and a middle page of the United States' listed alumni), employer (a
filter on a private field: it matches only profiles whose employer the asker sees, through `rules.field_q`),
placement prefecture and year (the same for the placements), name in Latin letters and in katakana, chapter, and
country + employer + year together; (a2) the same as the officer; (b) the chapters' health `/alumni/chapters/`
(anonymous: chapters are public); (b2) a chapter's page as the listed alumnus (the biggest, a middle one and the
smallest in rotation); reported: (c) `GET /api/v1/alumni/directory` as the listed alumnus and (d) JETAA
International `/alumni/international/`. Then each target one request at a time, in-process (Django's test
client, median of {ALONE}, the database connection kept between requests as the server keeps it:
`CONN_MAX_AGE=60`), with its query count. On PostgreSQL the alumni's and the events' tables are `VACUUM
(ANALYZE)`d after the bulk insert, as autovacuum would soon do. The machine has **2 cores, shared** with other
sessions' work, and the load generator runs on it too: the load average and the other work's cores are given per
target (`--wait-for-idle` waits, up to its limit, for that work to settle); on PostgreSQL "other" includes the
database server's own processes.
"""


def markdown(report: dict) -> str:
    report = json.loads(urllib.parse.unquote(json.dumps(report, ensure_ascii=False, default=str)))  # スミス, not %E3…
    d = report["data"]
    start, end = (m.format(database=report["database"]) for m in MARKERS)
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']} ({report['machine'].get('cpu', '?')}, "
             f"{report['machine'].get('cores', '?')} cores shared with other sessions' work; load average before: "
             f"{report['loadavg']}). Data: {d['alumni']:,} alumni ("
             + ", ".join(f"{k} {v:,}" for k, v in sorted(d["states"].items())) +
             f"; {d['with_accounts']:,} with an account), {d['placements']:,} placements, {d['chapters']} chapters in "
             f"{d['countries']} countries (" + ", ".join(f"{k} {v}" for k, v in d["chapter_states"].items()) +
             f"), {d['memberships']:,} memberships ({d['live_memberships']:,} live), {d['events']:,} chapter events, "
             f"{d['registrations']:,} registrations: {d['memberships'] + d['registrations']:,} memberships and "
             f"registrations. {d['ny_name']}: {d['ny_members']:,} listed members. Code measured: "
             f"{report['commit']}. Reproduce: `{report['command']}`.", "",
             "| measure | how | n | p50 ms | p95 ms | target | met |", "|---|---|---:|---:|---:|---|:-:|"]
    for r in report["reads"]:
        target = r["target"]
        met = yes(r["p95_ms"] < P95_MS and not r["errors"]) if target else "—"
        lines.append(f"| {r['label']} | HTTP, {report['clients']} clients, gunicorn 2 × 4, {r['rps']} req/s, "
                     f"{r['errors']} errors, {r['kb']:,} KB, {r['server_ms']} ms server CPU a request; cores: "
                     f"server {r['server_cpu']}, client {r['client_cpu']}, other {r['other_cpu']}; load before "
                     f"{r['load_before']}"
                     + (f", other work {r['busy_before']:.2f} cores" if r["busy_before"] is not None else "")
                     + f" | {r['requests']:,} | {r['p50_ms']} | {r['p95_ms']} | "
                     f"{'p95 < 150 ms' if target else 'reported'} | {met} |")
    i = report.get("import")
    if i:
        trace = report.get("import_traced")
        lines.append(
            f"| import: `importing.import_alumni` of {i['rows']:,} rows from a CSV ({i['kb']:,} KB) into a database "
            f"with the reference data and the chapters only: {i['alumni']:,} alumni, {i['placements']:,} "
            f"placements, {i['memberships']:,} memberships, {i['duplicates']:,} possible duplicates, "
            f"{i['log_entries']:,} audit entries; saved: {i['saved']}, {i['errors']} refused rows | in-process "
            f"(its own process), {i['queries']:,} queries; resident memory {i['rss_before_mb']:,} MB before, "
            f"high-water mark **{i['hwm_mb']:,} MB** during the import (+{i['peak_growth_mb']:,} MB)"
            + (f"; tracemalloc peak **{trace['tracemalloc_peak_mb']:,} MB** of Python heap (a second run under "
               f"tracemalloc, {trace['seconds']} s)" if trace else "")
            + f" | {i['rows']:,} rows | | **{i['seconds']} s** | time and peak memory stated | — |")
    alone_text = "; ".join(
        f"{r['label'].split(' ', 1)[0]} {a['median_ms']} ms (best {a['best_ms']}; {a['queries']:g} queries a "
        f"request, {a['kb']:,} KB; slowest URL `{a['slowest_path']}` {a['per_path_ms'][a['slowest_path']]} ms)"
        for r in report["reads"] for a in [report["alone"][r["name"]]])
    lines += ["", "Alumni found by each directory search (as the page counts them; the listed alumnus / the officer"
              + (" / headquarters, who see every field" if all("hq" in n for n in report["found"].values()) else "")
              + " — a filter on the employer or the placements finds only profiles that show that field to the asker): "
              + "; ".join(f"`{p}` {n['alumnus']:,} / {n['officer']:,}" + (f" / {n['hq']:,}" if "hq" in n else "")
                          for p, n in report["found"].items()) + "."]
    lines += ["", "One request at a time, in-process (Django's test client, the whole middleware; median of "
                  f"{ALONE}: no queueing behind the benchmark's own requests): {alone_text}."]
    many = [r for r in report["reads"] if len(r["per_path"]) > 1]
    if many:
        lines += ["", "p95 per URL (ms): " + "; ".join(
            f"{r['label'].split(' ', 1)[0]} " + ", ".join(f"`{p}` {v}" for p, v in r["per_path"].items())
            for r in many) + "."]
    lines += ["", end, ""]
    return "\n".join(lines)


def write_readme(text: str, database: str) -> None:
    """The run's table between its markers, in the alumni section after the claims section of bench/README.md
    (added, with a place for each database, the first time)."""
    current = README.read_text(encoding="utf-8")
    if SECTION not in current:
        blocks = "".join(f"\n{s}\n\n### {db}\n\nNot run yet.\n\n{e}\n" for db in ("sqlite", "postgres")
                         for s, e in [(m.format(database=db) for m in MARKERS)])
        section = intro() + blocks
        if AFTER in current:  # before the section that follows the claims one, if any
            head, rest = current.split(AFTER, 1)
            following = rest.find("\n## ")
            if following >= 0:
                current = head + AFTER + rest[:following + 1] + "\n" + section + "\n" + rest[following + 1:]
            else:
                current = current.rstrip("\n") + "\n\n" + section
        else:
            current = current.rstrip("\n") + "\n\n" + section
    start, end = (m.format(database=database) for m in MARKERS)
    head, rest = current.split(start, 1)
    README.write_text(head + text.strip("\n") + rest.split(end, 1)[1], encoding="utf-8")


def commit() -> str:
    try:
        rev = subprocess.run(["git", "-C", str(BENCH_DIR.parent), "rev-parse", "--short", "HEAD"], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(BENCH_DIR.parent), "status", "--porcelain", "--", "kizuna"],
                               check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
        return f"{rev}" + (" with uncommitted changes in kizuna/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--new-data", action="store_true", help="make the bench data again")
    parser.add_argument("--scale", type=float, default=1.0, help="of the data (1: the issue's); not 1: its own file")
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true", help="run the import again under tracemalloc")
    parser.add_argument("--only", choices=["directory-alumnus", "directory-officer", "chapters", "chapter", "api",
                                           "international"])
    parser.add_argument("--import-run", type=int, help=argparse.SUPPRESS)  # inside the import's own process
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each target, wait up to this long for the machine's other work to settle")
    args = parser.parse_args(argv)
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    if args.import_run:
        setup(os.environ["DATABASE_URL"])
        print(json.dumps(import_run(args.import_run, args.tracemalloc)), flush=True)
        return 0
    name = "alumni.sqlite3" if args.scale == 1 else f"alumni-s{args.scale:g}.sqlite3"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / name}"
    os.environ.setdefault("CONN_MAX_AGE", "60")
    setup(database_url)
    from django.utils import timezone

    t0 = time.monotonic()
    data = make_data(random.Random(14), args.scale, fresh=args.new_data)
    analyze()
    vacuum()
    log(f"data ({time.monotonic() - t0:.0f} s): {data}")
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": data, "loadavg": loadavg(),
              "commit": commit(), "scale": args.scale,
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/alumni.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    report["found"] = found(data)
    log(f"found: {report['found']}")
    targets = [t for t in targets_of(data) if args.only in (None, t[0].name)]
    server = Server(database_url)
    reads = []
    try:
        for target, marker, has_target in targets:
            idle = wait_for_idle(args.wait_for_idle) if args.wait_for_idle else None
            before = loadavg()
            reads.append({**measure(server, target, args.clients, args.duration, args.warmup, marker=marker),
                          "name": target.name, "target": has_target, "load_before": before, "busy_before": idle})
    finally:
        server.stop()
    report["reads"] = reads
    if args.wait_for_idle:
        wait_for_idle(args.wait_for_idle)
    report["alone"] = alone(targets, EMAILS)
    if not args.skip_import and not args.only:
        if args.wait_for_idle:
            wait_for_idle(args.wait_for_idle)
        report["import"] = measure_import(database_url, args.import_rows, trace=False)
        if args.tracemalloc:
            report["import_traced"] = measure_import(database_url, args.import_rows, trace=True)
    report["app_code"] = app_code()
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"alumni-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if args.readme and not args.only and args.scale == 1:
        write_readme(text, report["database"])
    return 0 if all(r["p95_ms"] < P95_MS and not r["errors"] for r in reads if r["target"]) else 1


if __name__ == "__main__":
    sys.exit(main())

