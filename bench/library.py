#!/usr/bin/env python
"""Benchmark of the information library (issue #15, item 11): search, text extraction, the OAI-PMH harvest.

    .venv/bin/python bench/library.py                  # SQLite: bench/data/library.sqlite3
    .venv/bin/python bench/library.py --readme         # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_library .venv/bin/python bench/library.py --readme
    ... --only search|extract|oai  --duration 15 --warmup 3 --clients 8  --wait-for-idle 90  --new-data

1. **Data** (bench/library_data.py; BENCH DATA, bulk-inserted, generated once and reused): 20,000 published
   works of every kind, 40,000 editions, files whose extracted text totals 100,000 pages of Japanese or English
   (1,500–2,000 characters a page), and the library's full-text index (`fulltext.reindex("library")`, timed).
2. **Search** (HTTP, gunicorn 2 workers × 4 threads, 8 keep-alive clients, bench/run.py's `drive`, anonymous):
   `/library/?q=…` with a mix of two-character Japanese words, longer Japanese, English, with and without facets
   (kind, theme, country); the same through `/api/v1/library/search?q=…`; the listing without words, with
   facets. Anonymous searches are kept per process under the catalogue's version (views.index, the API's
   `for_anonymous_reads`), so these measure a catalogue's popular searches; the same searches as a signed-in reader,
   made each time, measure a search nobody made before. Target: p95 < 100 ms.
3. **Text extraction**: `kizuna.library.extract.extract` in-process on real files rendered here (multi-page
   PDFs in Japanese and English with WeasyPrint, `kizuna.library.demo.pdf`; a Word file): pages a second.
4. **OAI-PMH harvest**: `ListRecords` of the whole catalogue over HTTP, following the resumption tokens to the
   end, one harvester as a harvester does, against a fresh gunicorn: total time, records a second, and the
   peak memory of the server's workers and of the harvesting process.
"""

import argparse
import http.client
import json
import os
import random
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.generate import ensure_postgres_database  # noqa: E402
from bench.jet import Server, measure  # noqa: E402
from bench.library_data import analyze, facts, make_data  # noqa: E402
from bench.run import (  # noqa: E402
    Target,
    bench_env,
    free_port,
    machine,
    replace_in_readme,
    start_gunicorn,
    stop_gunicorn,
    wait_for_idle,
)

README = BENCH_DIR / "README.md"
START, END = "<!-- library-bench:{database}:start -->", "<!-- library-bench:{database}:end -->"
SECTION_END = "<!-- library-bench:results-end -->"
P95_MS = 100.0
HEADERS = {"Accept-Language": "ja"}
SHORT_JA = ["防災", "観光", "財源", "議会", "津波"]
LONG_JA = ["多文化共生", "外国人住民の相談窓口", "やさしい日本語", "姉妹都市交流", "地域包括ケア"]
ENGLISH = ["tourism", "evacuation", "sister city", "council tax", "open data"]
FACETED = ["防災&kind=clair_report", "観光&country=ES", "多文化共生&theme=education", "tourism&kind=case_study",
           "議会&country=GB&theme=local-government", "evacuation&theme=disaster"]
LISTINGS = ["", "?kind=clair_report", "?theme=disaster", "?country=US", "?kind=good_practice&theme=multicultural",
            "?country=KR&kind=research_answer", "?page=50"]


def log(message: str) -> None:
    print(f"[library] {message}", file=sys.stderr, flush=True)


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = bench_env(database_url)["SECRET_KEY"]  # the reader's session is read there
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("KIZUNA_DEV", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def _q(term: str) -> str:
    words, _sep, rest = term.partition("&")
    return "q=" + quote(words) + ("&" + rest if rest else "")


READER = "bench-library-reader@example.jp"


def reader_headers() -> dict:
    """A signed-in member of the public (an account, no organisation): sees what anonymous visitors see, but
    their searches are made each time (anonymous ones are kept under the catalogue's version: views.index)."""
    from bench.jet import session_cookie
    from kizuna.core.models import User

    if not User.objects.filter(email=READER).exists():
        User.objects.create_user(email=READER, password=None, full_name="Bench Library Reader")
    return {**HEADERS, "Cookie": session_cookie(READER)}


def targets() -> list[tuple[str, Target, bytes | None]]:
    page = [f"/library/?{_q(t)}" for t in SHORT_JA + LONG_JA + ENGLISH]
    faceted = [f"/library/?{_q(t)}" for t in FACETED]
    api = [f"/api/v1/library/search?{_q(t)}" for t in SHORT_JA[:3] + LONG_JA[:3] + ENGLISH[:3] + FACETED[:3]]
    listing = [f"/library/{p}" for p in LISTINGS]
    card = b'data-testid="work"'
    signed_in = reader_headers()
    return [
        ("page", Target("page", f"search page `/library/?q=…`, {len(page)} queries in rotation (two-character "
                        "Japanese, longer Japanese, English), anonymous (each kept after its first time until the "
                        "catalogue changes)", page, HEADERS), card),
        ("faceted", Target("faceted", f"search page with facets (kind, theme, country), {len(faceted)} queries",
                           faceted, HEADERS), card),
        ("api", Target("api", f"API `/api/v1/library/search?q=…`, {len(api)} queries (the same kinds, 3 with "
                       "facets)", api, HEADERS), b'"items"'),
        ("listing", Target("listing", f"listing without words `/library/`, {len(listing)} facet URLs (newest "
                           "first)", listing, HEADERS), card),
        # the same searches, made every time: what a search nobody made before costs
        ("page-made", Target("page-made", f"search page, not kept: the {len(page) + len(faceted)} queries above as a "
                             "signed-in reader (searched, counted and written each time)", page + faceted, signed_in),
         b"/accounts/logout/"),  # signed in: the page has the way out
        ("api-made", Target("api-made", f"API, not kept: the {len(api)} API queries as the signed-in reader", api,
                            signed_in), b'"items"'),
    ]


def matches() -> dict:
    """How many works each query finds (what the search page counts), in-process: what the load asks for."""
    from django.contrib.auth.models import AnonymousUser

    from kizuna.library import queries

    out = {}
    for term in SHORT_JA + LONG_JA + ENGLISH + FACETED:
        words, _sep, rest = term.partition("&")
        params = dict(p.split("=", 1) for p in rest.split("&") if p)
        results, _facets = queries.search(AnonymousUser(), queries.Filters.from_query({"q": words, **params}))
        out[term] = len(results)
    return out


def search(database_url: str, clients: int, duration: float, warmup: float, idle: float) -> list[dict]:
    server = Server(database_url)
    out = []
    try:
        for name, target, marker in targets():
            busy = wait_for_idle(idle) if idle else None
            load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            out.append({**measure(server, target, clients, duration, warmup, marker=marker), "name": name,
                        "busy_before": None if busy is None else round(busy, 2), "load_before": load})
    finally:
        server.stop()
    return out


# ---------------------------------------------------------------------------------------------- extraction


def _paragraphs(rng: random.Random, language: str, n: int) -> list[str]:
    from bench.library_data import PLACES, THEMES, Writer, _words

    writer = Writer(rng)
    words = _words(rng, rng.choice(PLACES), rng.choice(THEMES), language)
    pool = writer.sentences(language, words, 40)
    return [writer.pages(pool, 1, english=language == "en")[:rng.randint(300, 600)].replace("\n", "")
            for _ in range(n)]


def make_files(rng: random.Random) -> list[tuple[str, str, bytes]]:
    """Real files: PDFs rendered with WeasyPrint (the demo's template, Noto fonts) in Japanese and English, of
    about 10, 30 and 60 pages, and a Word file of about 30 pages' worth of text. Kept under bench/data/."""
    from kizuna.library import demo

    folder = BENCH_DIR / "data" / "library-files"
    folder.mkdir(parents=True, exist_ok=True)
    specs = [("ja-10.pdf", "ja", 30), ("ja-30.pdf", "ja", 90), ("ja-60.pdf", "ja", 180), ("en-30.pdf", "en", 110),
             ("ja-30.docx", "ja", 100)]
    files = []
    for name, language, paragraphs in specs:
        path = folder / name
        if not path.exists():
            t0 = time.monotonic()
            text = _paragraphs(rng, language, paragraphs)
            title = "多文化共生に関する調査報告" if language == "ja" else "A report on multicultural coexistence"
            data = demo.docx(title, text) if name.endswith(".docx") else demo.pdf("クレアレポート", title, text)
            path.write_bytes(data)
            log(f"rendered {name} in {time.monotonic() - t0:.1f} s")
        files.append((name, name.rsplit(".", 1)[1], path.read_bytes()))
    return files


def extraction(rng: random.Random, idle: float, rounds: int = 3) -> list[dict]:
    from kizuna.library.extract import extract

    files = make_files(rng)
    if idle:
        wait_for_idle(idle)
    out = []
    for name, fmt, data in files:
        extract(data, fmt)  # warm: imports
        times, result = [], None
        for _ in range(rounds):
            t0 = time.perf_counter()
            result = extract(data, fmt)
            times.append(time.perf_counter() - t0)
        median = sorted(times)[len(times) // 2]
        chars = len(result.text)
        pages = result.pages or round(chars / 1750)  # Word has no pages: its text in pages of 1,750 characters
        out.append({"file": name, "format": fmt, "kb": round(len(data) / 1024), "status": result.status,
                    "pages": pages, "pages_counted": result.pages is not None, "chars": chars,
                    "median_s": round(median, 3), "pages_per_s": round(pages / median, 1),
                    "chars_per_page": round(chars / max(pages, 1))})
        log(f"extract {out[-1]}")
    return out


# ---------------------------------------------------------------------------------------------------- OAI


class RssSampler(threading.Thread):
    """Samples the resident memory of gunicorn's master and workers every 0.1 s: the peak of their sum and of
    the largest worker."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.stop_flag = pid, threading.Event()
        self.peak_total = self.peak_worker = self.start_total = 0

    def pids(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        except OSError:
            children = []
        return [self.pid, *(int(c) for c in children)]

    @staticmethod
    def rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def sample(self) -> None:
        values = [self.rss(p) for p in self.pids()]
        self.peak_total = max(self.peak_total, sum(values))
        self.peak_worker = max([self.peak_worker, *values[1:]])

    def run(self):
        self.sample()
        self.start_total = self.peak_total
        while not self.stop_flag.wait(0.1):
            self.sample()


def harvest_client(port: int) -> dict:
    """The harvester: ListRecords from the start, following each resumption token until the list ends (run in a
    process of its own, without Django, so that its memory is the harvester's alone)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    path = "/library/oai?verb=ListRecords&metadataPrefix=oai_dc"
    records = deleted = requests = size = 0
    slowest = 0.0
    complete = None
    t0 = time.perf_counter()
    while path:
        t1 = time.perf_counter()
        conn.request("GET", path, headers=HEADERS)
        response = conn.getresponse()
        body = response.read()
        slowest = max(slowest, time.perf_counter() - t1)
        if response.status != 200 or b"<error" in body:
            raise SystemExit(f"OAI {path}: {response.status} {body[:400]!r}")
        requests += 1
        size += len(body)
        records += body.count(b"<record>") + body.count(b"<record ")
        deleted += body.count(b'status="deleted"')
        if complete is None:
            found = re.search(rb'completeListSize="(\d+)"', body)
            complete = int(found.group(1)) if found else None
        token = re.search(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>", body)
        path = f"/library/oai?verb=ListRecords&resumptionToken={quote(token.group(1).decode())}" if token else ""
    seconds = time.perf_counter() - t0
    conn.close()
    return {"records": records, "deleted": deleted, "complete_list_size": complete, "requests": requests,
            "mb": round(size / 1e6, 1), "seconds": round(seconds, 1), "records_per_s": round(records / seconds),
            "slowest_page_ms": round(slowest * 1000), "mean_page_ms": round(seconds / max(requests, 1) * 1000),
            "harvester_rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def harvest(database_url: str, idle: float) -> dict:
    if idle:
        wait_for_idle(idle)
    env = bench_env(database_url)
    port = free_port()
    process = start_gunicorn(env, port, workers=2, threads=4)
    sampler = RssSampler(process.pid)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for verb in ("Identify", "ListRecords&metadataPrefix=oai_dc"):  # both workers' imports and first page
            for _ in range(2):
                conn.request("GET", f"/library/oai?verb={verb}", headers=HEADERS)
                conn.getresponse().read()
        conn.close()
        sampler.start()
        time.sleep(0.3)
        rss0 = sampler.start_total
        done = subprocess.run([sys.executable, __file__, "--harvest-port", str(port)], check=True,
                              stdout=subprocess.PIPE, text=True, cwd=BENCH_DIR.parent)
        out = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        sampler.stop_flag.set()
        sampler.join(2)
        stop_gunicorn(process)
    out.update({"server_rss_start_mb": round(rss0 / 1e6), "server_rss_peak_mb": round(sampler.peak_total / 1e6),
                "worker_rss_peak_mb": round(sampler.peak_worker / 1e6)})
    log(f"harvest {out}")
    return out


# ------------------------------------------------------------------------------------------------- report


def commit() -> str:
    try:
        rev = subprocess.run(["git", "-C", str(BENCH_DIR.parent), "rev-parse", "--short", "HEAD"], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(BENCH_DIR.parent), "status", "--porcelain", "--", "kizuna"],
                               check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
        return rev + (" with uncommitted changes in kizuna/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def markdown(report: dict) -> str:
    d = report["data"]
    start, end = (m.format(database=report["database"]) for m in (START, END))
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(d["kinds"].items(), key=lambda kv: -kv[1]))
    made = report.get("made", {})
    built = (f" Generated in this run: {made['generate_s']:,} s for the rows, {made['index_s']:,} s for the index "
             f"({made['chars'] / 1e6:.0f} M characters of file text)." if made.get("generated") else "")
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']}, commit {report['commit']} "
             f"({report['machine'].get('cpu', '?')}, {report['machine'].get('cores', '?')} cores shared with other "
             f"sessions' work; load average before: {report['loadavg']}). Data: {d['works']:,} works ({kinds}), "
             f"{d['editions']:,} editions, {d['files']:,} files of {d['pages']:,} pages, {d['indexed']:,} works in "
             f"the index.{built} Reproduce: `{report['command']}`.", ""]
    if report.get("search"):
        lines += ["| measure | how | requests | p50 ms | p95 ms | target | met |", "|---|---|---:|---:|---:|---|:-:|"]
        for r in report["search"]:
            lines.append(f"| {r['label']} | HTTP, {report['clients']} clients, gunicorn 2 × 4, {r['rps']} req/s, "
                         f"{r['errors']} errors, {r['kb']} KB, {r['server_ms']} ms of server CPU a request; cores "
                         f"busy: server {r['server_cpu']}, client {r['client_cpu']}, other {r['other_cpu']} | "
                         f"{r['requests']:,} | {r['p50_ms']} | {r['p95_ms']} | p95 < 100 ms | "
                         f"{yes(r['p95_ms'] < P95_MS and not r['errors'])} |")
        per = "; ".join(f"{r['name']}: " + ", ".join(f"`{unquote(p.split('?', 1)[-1]) or '/'}` {v}"
                                                       for p, v in r["per_path"].items()) for r in report["search"])
        lines += ["", f"p95 per URL (ms): {per}.", ""]
        if report.get("matches"):
            lines += ["Works found per query: " + ", ".join(f"{q} {n:,}" for q, n in report["matches"].items())
                      + ".", ""]
    if report.get("extract"):
        lines += ["| text extraction `extract.extract` (in-process, median of 3) | size | pages | characters a page "
                  "| seconds | pages a second |", "|---|---:|---:|---:|---:|---:|"]
        for e in report["extract"]:
            pages = f"{e['pages']}" + ("" if e["pages_counted"] else " (at 1,750 characters)")
            lines.append(f"| {e['file']} ({e['status']}) | {e['kb']:,} KB | {pages} | {e['chars_per_page']:,} | "
                         f"{e['median_s']} | **{e['pages_per_s']}** |")
        lines.append("")
    h = report.get("oai")
    if h:
        lines += ["| OAI-PMH harvest | records | requests | MB | seconds | records a second | server RSS: start → "
                  "peak (largest worker) | harvester peak RSS |", "|---|---:|---:|---:|---:|---:|---|---:|",
                  f"| `ListRecords` `oai_dc`, resumption tokens to the end (pages of 100; slowest page "
                  f"{h['slowest_page_ms']} ms, mean {h['mean_page_ms']} ms) | {h['records']:,} (of "
                  f"{h['complete_list_size']:,}) | {h['requests']:,} | {h['mb']} | **{h['seconds']}** | "
                  f"{h['records_per_s']:,} | {h['server_rss_start_mb']} → **{h['server_rss_peak_mb']} MB** "
                  f"({h['worker_rss_peak_mb']} MB) | {h['harvester_rss_peak_mb']} MB |", ""]
    lines += [end, ""]
    return "\n".join(lines)


def write_readme(text: str, database: str) -> None:
    replace_in_readme(README, text, START.format(database=database), END.format(database=database), SECTION_END)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--new-data", action="store_true", help="make the bench data and its index again")
    parser.add_argument("--scale", type=float, default=1.0, help="of the data (1: the issue's); not 1: its own file")
    parser.add_argument("--only", choices=["search", "extract", "oai"])
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each part, wait up to this long for the machine's other work to settle")
    parser.add_argument("--harvest-port", type=int, help=argparse.SUPPRESS)  # the harvester's own process
    args = parser.parse_args(argv)
    if args.harvest_port:
        print(json.dumps(harvest_client(args.harvest_port)), flush=True)
        return 0
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    name = "library.sqlite3" if args.scale == 1 else f"library-s{args.scale:g}.sqlite3"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / name}"
    os.environ.setdefault("CONN_MAX_AGE", "60")
    os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "data" / "library-media"))
    setup(database_url)
    from django.utils import timezone

    made = make_data(random.Random(15), fresh=args.new_data, scale=args.scale)
    if not made.get("generated"):
        analyze()
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": facts(), "made": made, "commit": commit(),
              "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]), "scale": args.scale,
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/library.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    log(f"data: {report['data']}")
    if args.only in (None, "search"):
        report["matches"] = matches()
        log(f"matches: {report['matches']}")
        report["search"] = search(database_url, args.clients, args.duration, args.warmup, args.wait_for_idle)
    if args.only in (None, "extract"):
        report["extract"] = extraction(random.Random(11), args.wait_for_idle)
    if args.only in (None, "oai"):
        report["oai"] = harvest(database_url, args.wait_for_idle)
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"library-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if args.readme and args.scale == 1:
        write_readme(text, report["database"])
    ok = all(r["p95_ms"] < P95_MS and not r["errors"] for r in report.get("search", []))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
