#!/usr/bin/env python
"""Benchmark: directory search and the plan dashboard under gunicorn, beside the floor, in the same run.

    .venv/bin/python bench/run.py                         # scale 1, SQLite (generates the data when missing)
    .venv/bin/python bench/run.py --duration 20 --readme  # and write the table into bench/README.md
    make bench BENCH_ARGS="--scale 2 --duration 20"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kizuna_bench make bench

It starts gunicorn on 127.0.0.1 (gthread: --workers × --threads, default 2 × 4 for 2 cores) with
bench/settings.py (Kizuna's settings and URLs plus the floor view), fetches every measured page once and
stores its bytes for the floor view, then drives each target with --clients concurrent keep-alive clients
(threads + http.client) for --warmup seconds (not counted) and --duration seconds (counted):

  directory       /organisations/?q=<term>, the six terms in rotation (anonymous: the directory is public)
  directory-cold  /organisations/?q=<a local government's name, kana or English name>, each asked once: not cached
  dashboard       /plan/, logged in as a non-CLAIR member of staff (session cookie; no MFA involved)
  floor-…         /__floor__/<name>: the same bytes from a view that does nothing, same headers and cookies

and prints p50/p95 latency, requests/s and the ratio to the floor. Target: every page ≥ 1/3 of its floor's
requests/s and p95 < 150 ms; the exit status is 1 when a page misses it (or answers wrongly). The client
runs on the same machine and takes CPU from the server: the CPU of server, client and everything else is
printed beside each row.
"""

import argparse
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
FLOOR_DIR = RESULTS_DIR / "floor"
README = BENCH_DIR / "README.md"
BIN = Path(sys.executable).parent
TERMS = ["東京", "とうきょう", "Tokyo", "131016", "北海道", "さっぽろ"]
P95_LIMIT_MS = 150.0
MIN_FLOOR_RATIO = 1 / 3
README_MARKERS = "<!-- bench:results:{database}:start -->", "<!-- bench:results:{database}:end -->"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- targets


@dataclass
class Target:
    name: str
    label: str
    paths: list[str]
    headers: dict
    once: bool = False  # each path asked at most once (a cold target: a second time would be cached)


@dataclass
class Result:
    target: Target
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = float("nan")
    other_cpu: float = float("nan")
    per_path: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1] * 1000


def floor_name(path: str) -> str:
    """A slug for a page path: /organisations/?q=東京 -> organisations-q-e69db1e4baac."""
    parsed = urllib.parse.urlsplit(path)
    query = urllib.parse.parse_qs(parsed.query).get("q", [""])[0]
    slug = re.sub(r"[^a-z0-9]+", "-", parsed.path.lower()).strip("-") or "root"
    return f"{slug}-q-{query.encode().hex()}" if query else slug


# ------------------------------------------------------------------------------------------------ client


def fetch(port: int, path: str, headers: dict) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status in (301, 302):
            body = (response.getheader("Location") or "").encode()
        return response.status, body
    finally:
        conn.close()


def drive(port: int, target: Target, clients: int, seconds: float, record: bool) -> Result:
    """`clients` threads, each with one keep-alive connection, requesting the target's paths in rotation.

    Thread n starts at path n; with more paths than threads each thread takes every `clients`-th path, so
    that no path is asked twice before all have been asked once; a target asked `once` stops there (its paths
    would be cached the second time: the run is then shorter than `seconds`)."""
    result = Result(target)
    deadline_box = [0.0]
    start_barrier = threading.Barrier(clients + 1)
    lock = threading.Lock()
    step = 1 if len(target.paths) <= clients else clients

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, per_path, errors = [], {}, 0
        i = offset
        start_barrier.wait()
        while not (target.once and i >= len(target.paths)):
            path = target.paths[i % len(target.paths)]
            i += step
            t0 = time.perf_counter()
            if t0 >= deadline_box[0]:
                break
            try:
                conn.request("GET", path, headers=target.headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t1 = time.perf_counter()
            if ok:
                latencies.append(t1 - t0)
                per_path.setdefault(path, []).append(t1 - t0)
            else:
                errors += 1
        conn.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors += errors
            for p, values in per_path.items():
                result.per_path.setdefault(p, []).extend(values)

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    cpu0 = time.process_time()
    started = time.perf_counter()
    deadline_box[0] = started + seconds
    start_barrier.wait()
    for t in threads:
        t.join()
    result.elapsed = time.perf_counter() - started
    result.client_cpu = (time.process_time() - cpu0) / result.elapsed
    if not record:
        result.latencies.clear()
    return result


def merge(total: Result, part: Result) -> None:
    """Add one slice to a target's result; CPU figures are summed as CPU-seconds (divided at the end)."""
    total.latencies += part.latencies
    total.errors += part.errors
    total.elapsed += part.elapsed
    total.client_cpu += part.client_cpu * part.elapsed
    total.server_cpu = (0.0 if total.server_cpu != total.server_cpu else total.server_cpu) + part.server_cpu
    total.other_cpu = (0.0 if total.other_cpu != total.other_cpu else total.other_cpu) + part.other_cpu
    for path, values in part.per_path.items():
        total.per_path.setdefault(path, []).extend(values)


# ------------------------------------------------------------------------------------------------ server


def bench_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "KIZUNA_BENCH_FLOOR_DIR": str(FLOOR_DIR),
        "SECRET_KEY": env.get("SECRET_KEY", "kizuna-bench-secret-key-only-for-127.0.0.1"),
        "DEBUG": "0",
        "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH", "")])),
    })
    env.setdefault("CONN_MAX_AGE", "60")
    return env


def free_port(port: int = 0) -> int:
    """The port itself when nothing listens on it (0: any free port); refuses one that is taken, so that
    another server on it is never measured by mistake."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise SystemExit(f"port {port} is in use; choose another with --port") from None
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    cmd = [str(BIN / "gunicorn"), "kizuna.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
           "--keep-alive", "5", "--error-logfile", str(RESULTS_DIR / "gunicorn.log"),
           "--log-level", "warning"]
    log(" ".join(cmd[1:]))
    process = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {RESULTS_DIR / 'gunicorn.log'}")
        if not Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split():
            time.sleep(0.2)  # no worker yet: whatever answers now is not this gunicorn
            continue
        try:
            status, _ = fetch(port, "/healthz", {})
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop_gunicorn(process)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def busy_cpu_seconds() -> float:
    """CPU-seconds the whole machine spent busy since boot (all processes), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return float("nan")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def wait_for_idle(max_wait: float, threshold: float = 0.25) -> float:
    """On a shared machine: wait (up to max_wait seconds) until everything else uses under `threshold` cores
    over 3 seconds, so that a target is not measured while a test suite runs beside it."""
    deadline = time.monotonic() + max_wait
    while True:
        before = busy_cpu_seconds()
        time.sleep(3)
        busy = (busy_cpu_seconds() - before) / 3
        if busy < threshold or time.monotonic() >= deadline:
            return busy
        log(f"the machine is busy ({busy:.2f} cores); waiting")


def server_cpu_seconds(process: subprocess.Popen) -> float:
    """User + system CPU of gunicorn's master and workers, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    pids = [process.pid]
    try:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        pids += [int(p) for p in children]
    except OSError:
        return float("nan")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / tick


# -------------------------------------------------------------------------------------------- data, setup


def run_generate(env: dict, scale: int, *extra: str) -> str:
    cmd = [sys.executable, str(BENCH_DIR / "generate.py"), "--scale", str(scale), *extra]
    done = subprocess.run(cmd, cwd=PROJECT_DIR, env=env, check=True, stdout=subprocess.PIPE, text=True)
    return done.stdout


def data_facts(env: dict) -> dict:
    """Row counts and the queries of the cold directory target, from the benchmark database."""
    code = ("import bench.generate as g, json, os; g.setup_django(os.environ['DATABASE_URL']);"
            " print(json.dumps({'counts': g.counts(), 'terms': g.search_terms()}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, check=True,
                          stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    os_name = platform.platform()
    try:
        os_name = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    versions = {}
    for package in ("django", "gunicorn"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001
            versions[package] = "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_gb, 1), "os": os_name,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, **versions}


def make_targets(port: int, cookie: str, csrf: str, cold_terms: list[str]) -> tuple[list[Target], dict]:
    anonymous = {"Accept-Language": "ja", "Cookie": f"csrftoken={csrf}"}
    logged_in = {"Accept-Language": "ja", "Cookie": f"csrftoken={csrf}; {cookie}"}
    directory_paths = [f"/organisations/?q={urllib.parse.quote(term)}" for term in TERMS]
    pages = [
        Target("directory", "Directory search (6 terms in rotation)", directory_paths, anonymous),
        Target("dashboard", "Plan dashboard /plan/", ["/plan/"], logged_in),
    ]
    samples = {}
    targets = []
    for page in pages:
        floor_paths = []
        for path in page.paths:
            status, body = fetch(port, path, page.headers)
            if status != 200:
                raise SystemExit(f"{path} answered {status} {body[:200]!r}; is the data generated "
                                 "(bench/generate.py)?")
            name = floor_name(path)
            (FLOOR_DIR / f"{name}.html").write_bytes(body)
            samples[path] = body
            floor_paths.append(f"/__floor__/{name}")
        targets.append(page)
        targets.append(Target(f"floor-{page.name}", f"Floor for {page.name}", floor_paths, page.headers))
    # Every request a query not asked before: what a search costs when its page is not cached yet.
    cold_paths = [f"/organisations/?q={urllib.parse.quote(term)}" for term in cold_terms]
    targets.insert(2, Target("directory-cold", "Directory search, every query new (not cached)", cold_paths,
                             anonymous, once=True))
    return targets, samples


def check_pages(samples: dict) -> list[str]:
    """What each page must show, so that a fast but wrong page can't pass."""
    problems = []
    # the body each directory term means, which the ranking must put first (issue #11)
    first = {"東京": "東京都", "とうきょう": "東京都", "Tokyo": "東京都", "131016": "千代田区", "北海道": "北海道",
             "さっぽろ": "札幌市"}
    for path, body in samples.items():
        text = body.decode("utf-8", "replace")
        term = urllib.parse.unquote(urllib.parse.urlsplit(path).query.partition("=")[2])
        if term in first:
            found = re.search(r'<tr>\s*<td>[^<]*</td>\s*<td><a href="[^"]*">([^<]+)</a>', text)
            if not found or found.group(1) != first[term]:
                problems.append(f"{path}: the first result is {found and found.group(1)!r}, not {first[term]}")
        if path == "/plan/" and ("area-7" not in text or "logout" not in text):
            problems.append("/plan/: not the dashboard of the FY2026 plan for a logged-in person")
    return problems


# ------------------------------------------------------------------------------------------------ report


def rows(results: list[Result]) -> list[dict]:
    by_name = {r.target.name: r for r in results}
    out = []
    for r in results:
        floor = by_name.get(f"floor-{r.target.name}")
        ratio = r.rps / floor.rps if floor and floor.rps else None
        ok = None
        if floor is not None:
            fast_enough = ratio is not None and ratio >= MIN_FLOOR_RATIO and r.percentile(95) < P95_LIMIT_MS
            ok = fast_enough and not r.errors
        out.append({
            "target": r.target.name, "label": r.target.label, "requests": r.count, "errors": r.errors,
            "p50_ms": round(r.percentile(50), 1), "p95_ms": round(r.percentile(95), 1),
            "rps": round(r.rps, 1), "ratio_to_floor": round(ratio, 2) if ratio is not None else None,
            "server_cpu": round(r.server_cpu, 2), "client_cpu": round(r.client_cpu, 2),
            "other_cpu": round(r.other_cpu, 2), "meets_target": ok, "distinct_paths": len(r.per_path),
        })
    return out


def per_term_rows(results: list[Result]) -> list[dict]:
    out = []
    for r in results:
        if r.target.name != "directory":
            continue
        for path in r.target.paths:
            values = r.per_path.get(path, [])
            term = urllib.parse.unquote(path.partition("q=")[2])
            out.append({"term": term, "requests": len(values), "p50_ms": round(percentile(values, 50), 1),
                        "p95_ms": round(percentile(values, 95), 1)})
    return out


def markdown(report: dict) -> str:
    m = report["machine"]
    cfg = report["config"]
    sqlite = f" (SQLite {m['sqlite']})" if report["database"] == "SQLite" else ""
    data = ", ".join(f"{k.split('.')[1]} {v:,}" for k, v in report["counts"].items())
    lines = [
        f"Run of {report['date']}: `{report['command']}`",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']}",
        f"- Software: Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}, "
        f"database {report['database']}{sqlite}",
        f"- Server: gunicorn gthread, {cfg['workers']} workers × {cfg['threads']} threads, DEBUG off, "
        f"CONN_MAX_AGE={cfg['conn_max_age']}; client: {cfg['clients']} concurrent keep-alive connections "
        f"(Python threads + http.client) on the same machine; {cfg['warmup']} s warm-up, "
        f"{cfg['duration']} s measured per target, a page and its floor taking turns in {cfg['rounds']} slices",
        f"- Data: scale {cfg['scale']}: {data}",
        "",
        "| target | requests | errors | p50 ms | p95 ms | req/s | × floor | server CPU | client CPU "
        "| other CPU | target met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for row in report["rows"]:
        met = {True: "yes", False: "**no**", None: ""}[row["meets_target"]]
        ratio = f"{row['ratio_to_floor']:.2f}" if row["ratio_to_floor"] is not None else ""
        lines.append(
            f"| {row['label']} | {row['requests']:,} | {row['errors']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['rps']} | {ratio} | {row['server_cpu']:.2f} | {row['client_cpu']:.2f} | "
            f"{row['other_cpu']:.2f} | {met} |"
        )
    lines += ["", "Directory search, per term (same run):", "", "| term | requests | p50 ms | p95 ms |",
              "|---|---:|---:|---:|"]
    for row in report["per_term"]:
        lines.append(f"| {row['term']} | {row['requests']:,} | {row['p50_ms']} | {row['p95_ms']} |")
    lines += ["", "CPU columns: cores busy on average over the measured seconds (1.00 = one core): gunicorn "
              "(master and workers), the load client, and everything else on the machine. "
              f"Load average before the run: {report['loadavg_before']}."]
    if report["problems"]:
        lines += ["", "Pages that answered wrongly: " + "; ".join(report["problems"])]
    return "\n".join(lines)


def replace_in_readme(readme, text: str, start: str, end: str, section_end: str) -> None:
    """Put `text` (a run's block, with its own markers) in place of the block between `start` and `end` in the
    README; the first time, before `section_end` (the marker closing the bench's section), else at the end."""
    current = readme.read_text(encoding="utf-8")
    if start in current and end in current:
        head, rest = current.split(start, 1)
        current = head + text.strip("\n") + rest.split(end, 1)[1]
    elif section_end in current:
        head, rest = current.split(section_end, 1)
        current = head + text.strip("\n") + "\n\n" + section_end + rest
    else:
        current = current.rstrip("\n") + "\n\n" + text
    readme.write_text(current, encoding="utf-8")


def write_readme(text: str, database: str) -> None:
    """Replace the results of this database (SQLite or PostgreSQL) in bench/README.md, between its markers."""
    start, end = (marker.format(database=database.lower()) for marker in README_MARKERS)
    body = README.read_text(encoding="utf-8") if README.exists() else ""
    if start not in body:
        body += f"\n### {database}\n\n{start}\n{end}\n"
    head, _, rest = body.partition(start)
    _, _, tail = rest.partition(end)
    README.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


# -------------------------------------------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="data scale (bench/generate.py --scale)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--duration", type=float, default=15, help="measured seconds per target (default 15)")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds per target (default 3)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="a page and its floor take turns in this many slices of the duration (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2: one per core)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    parser.add_argument("--port", type=int, default=0, help="port for gunicorn (default: a free one)")
    parser.add_argument("--only", choices=["directory", "dashboard"], help="measure one page (and its floor)")
    parser.add_argument("--readme", action="store_true", help="write the table into bench/README.md")
    parser.add_argument("--regenerate", action="store_true",
                        help="start from an empty database (the data is otherwise only topped up)")
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each target, wait up to SECONDS for other processes to go quiet")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops gunicorn

    default_db = BENCH_DIR / "data" / f"bench-s{args.scale}.sqlite3"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_db}"
    env = bench_env(database_url)
    is_sqlite = database_url.startswith("sqlite")
    log(f"data at scale {args.scale} (migrate, then top up: quick when it is there already)")
    run_generate(env, args.scale, *(["--fresh"] if args.regenerate else []))
    session = json.loads(run_generate(env, args.scale, "--session").strip().splitlines()[-1])
    cookie = f"{session['cookie_name']}={session['session']}"
    facts = data_facts(env)

    if FLOOR_DIR.exists():
        shutil.rmtree(FLOOR_DIR)
    FLOOR_DIR.mkdir(parents=True)
    args.port = free_port(args.port)
    server = start_gunicorn(env, args.port, args.workers, args.threads)
    results = []
    try:
        csrf = "bench" + "0" * 27  # a well-formed token, so Django does not mint a new one per request
        targets, samples = make_targets(args.port, cookie, csrf, facts["terms"])
        problems = check_pages(samples)
        for problem in problems:
            log(f"WRONG PAGE: {problem}")
        if args.only:
            targets = [t for t in targets if t.name.removeprefix("floor-").split("-")[0] == args.only]
        loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        by_name = {t.name: t for t in targets}
        for target in targets:
            if target.name.startswith("floor-"):
                continue  # measured with its page, slice by slice
            group = [target] + ([by_name[f"floor-{target.name}"]] if f"floor-{target.name}" in by_name else [])
            if args.wait_for_idle:
                wait_for_idle(args.wait_for_idle)
            for member in group:
                if member.name != "directory-cold":  # a warm-up would cache the queries it is there to miss
                    drive(args.port, member, args.clients, args.warmup, record=False)
            # A page and its floor take turns, slice by slice, so that both see the same background load.
            rounds = args.rounds if len(group) > 1 else 1
            merged = {member.name: Result(member) for member in group}
            for _round in range(rounds):
                for member in group:
                    server0, busy0 = server_cpu_seconds(server), busy_cpu_seconds()
                    part = drive(args.port, member, args.clients, args.duration / rounds, record=True)
                    part.server_cpu = server_cpu_seconds(server) - server0
                    part.other_cpu = busy_cpu_seconds() - busy0 - part.server_cpu - part.client_cpu * part.elapsed
                    merge(merged[member.name], part)
            for member in group:
                result = merged[member.name]
                result.server_cpu /= result.elapsed
                result.other_cpu = max(0.0, result.other_cpu / result.elapsed)
                result.client_cpu /= result.elapsed
                results.append(result)
                log(f"{member.name}: {result.count} requests, {result.errors} errors, {result.rps:.1f}/s, "
                    f"p50 {result.percentile(50):.1f} ms, p95 {result.percentile(95):.1f} ms")
    finally:
        stop_gunicorn(server)

    command = "bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    report = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": command.strip(),
        "machine": machine(),
        "database": "SQLite" if is_sqlite else "PostgreSQL",
        "config": {"scale": args.scale, "clients": args.clients, "duration": args.duration,
                   "warmup": args.warmup, "rounds": args.rounds, "workers": args.workers, "threads": args.threads,
                   "conn_max_age": env["CONN_MAX_AGE"]},
        "counts": facts["counts"],
        "rows": rows(results),
        "per_term": per_term_rows(results),
        "problems": problems,
        "loadavg_before": loadavg,
        "max_rss_mb_client": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    text = markdown(report)
    print(text)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    saved = json.dumps(report, ensure_ascii=False, indent=2)
    (RESULTS_DIR / f"{stamp}.json").write_text(saved, encoding="utf-8")
    if args.readme:
        write_readme(text, report["database"])
        log(f"wrote the table into {README.relative_to(PROJECT_DIR)}")
    failed = problems or any(row["meets_target"] is False for row in report["rows"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
