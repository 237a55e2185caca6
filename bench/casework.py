#!/usr/bin/env python
"""Benchmark of casework: matching experts to dispatch requests, and an overseas office's queue.

    .venv/bin/python bench/casework.py                    # SQLite: bench/data/casework.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_casework .venv/bin/python bench/casework.py --readme

1. **Matching** (in-process): `kizuna.dispatch.matching.rank()` for each of 500 open dispatch requests
   against a registry of 2,000 experts, all of them in the requests' programme (every request weighs all
   2,000: the worst case), with 15 date marks per expert and 3,000 past dispatches carrying ratings. Timed
   per request with `time.perf_counter()` around the call, its queries included. Target: p95 < 100 ms.
2. **Office queue** (HTTP): the New York office's queue holding 20,000 requests (10,000 open or waiting,
   the rest answered, closed, declined or withdrawn), paged 50 per page with both SLA columns (first response
   and resolution, office time and JST), driven by 8 concurrent keep-alive clients under gunicorn (2 workers
   x 4 threads), logged in as a member of the office's staff (with MFA set up). Reuses bench/run.py's
   gunicorn start/stop and client threads (`drive`). Target: p95 < 150 ms.

Data are generated once with bulk inserts into the database named by DATABASE_URL (the full reference data
first: real offices, prefectures and municipalities); a second run reuses them.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.generate import ensure_postgres_database  # noqa: E402
from bench.run import (  # noqa: E402
    Target,
    bench_env,
    busy_cpu_seconds,
    drive,
    fetch,
    free_port,
    machine,
    percentile,
    replace_in_readme,
    server_cpu_seconds,
    start_gunicorn,
    stop_gunicorn,
    wait_for_idle,
)

README = BENCH_DIR / "README.md"
SECTION_END = "<!-- casework-bench:results-end -->"
MARKERS = "<!-- casework-bench:{database}:start -->", "<!-- casework-bench:{database}:end -->"
STAFF_EMAIL = "bench-office-nyc@example.jp"
REQUESTER_EMAIL = "bench-requester@example.jp"
FIELDS = ["防災", "多文化共生", "国際交流", "姉妹都市", "観光", "特産品", "上下水道", "廃棄物", "教育", "医療",
          "福祉", "日本語教育", "やさしい日本語", "外国人相談", "インバウンド", "輸出", "デジタルマーケティング",
          "伝統工芸", "農業", "環境", "都市計画", "交通", "港湾", "消防", "防犯", "子育て", "労働", "住宅",
          "通訳", "翻訳", "研修", "メンタルヘルス"]
LANGUAGES = ["en", "zh", "ko", "vi", "pt", "es", "fr", "tl", "ne", "id", "th"]
# How the office's 20,000 requests are spread over the states.
STATUS_MIX = [("open", 8_000), ("waiting", 2_000), ("answered", 3_000), ("closed", 6_000), ("declined", 500),
              ("withdrawn", 500)]
QUEUE_PATHS = ["", "?page=2", "?page=100", "?status=waiting", "?status=waiting&page=20", "?status=closed",
               "?status=closed&page=60", "?status=answered&page=30"]


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = bench_env(database_url)["SECRET_KEY"]  # sessions made here are read by gunicorn
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("KIZUNA_DEV", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


# ------------------------------------------------------------------------------------------------ data


def _person(email: str, name: str, org, role: str, *, mfa: bool = False):
    from allauth.account.models import EmailAddress

    from kizuna.core.models import Membership, User

    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Membership.objects.get_or_create(person=user, organisation=org, role=role, ended_at=None)
    if mfa:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, "KIZUNABENCHSECRETKIZUNABENCHSECR")
    return user


def _reference() -> None:
    from django.core.management import call_command

    from kizuna.core.models import Organisation

    if Organisation.objects.count() < 1000:
        print("[casework] loading the reference data", flush=True)
        call_command("load_reference_data", verbosity=0)


def make_requests(total: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from kizuna.core.enums import OrgKind, Role
    from kizuna.requests.enums import Kind, Status
    from kizuna.requests.models import OfficeHours, Pause, Request

    office = _office()
    OfficeHours.objects.get_or_create(office=office, defaults={"weekdays": [0, 1, 2, 3, 4],
                                                               "holiday_country": "US"})
    _person(STAFF_EMAIL, "ベンチ 事務所", office, Role.STAFF, mfa=True)
    have = Request.objects.filter(office=office).count()
    if have >= total:
        return
    from kizuna.core.models import Organisation

    municipalities = list(Organisation.objects.filter(kind=OrgKind.MUNICIPALITY).order_by("pk")[:400])
    requester = _person(REQUESTER_EMAIL, "ベンチ 依頼", municipalities[0], Role.STAFF)
    branch = Organisation.objects.filter(kind=OrgKind.BRANCH).order_by("pk").first()
    now = timezone.now()
    kinds = list(Kind.values)
    statuses = [s for s, n in STATUS_MIX for _ in range(n)][: total - have]
    rng.shuffle(statuses)
    t0 = time.monotonic()
    with transaction.atomic():
        rows = []
        for i, status in enumerate(statuses):
            kind = kinds[i % len(kinds)]
            routed = now - timedelta(days=rng.randint(0, 700), hours=rng.randint(0, 23), minutes=rng.randint(0, 59))
            first = routed + timedelta(hours=rng.randint(1, 60)) if status != "open" or i % 3 else None
            done = status in {"answered", "closed"}
            rows.append(Request(
                kind=kind, status=status, title=f"ベンチ依頼 {have + i} {Kind(kind).label}", description="ベンチマーク",
                requester=municipalities[i % len(municipalities)], created_by=requester, office=office,
                branch=branch if kind == Kind.RESEARCH else None, country="US", theme="防災",
                routed_at=routed, first_response_at=first,
                answered_at=routed + timedelta(days=rng.randint(5, 60)) if done else None,
                deliverable="回答" if done else "", rating=rng.randint(1, 5) if status == "closed" else None))
        created = Request.objects.bulk_create(rows, batch_size=2000)
        # bulk_create sets auto_now_add to now: spread the filing times like the routing times
        for r in created:
            r.submitted_at = r.routed_at - timedelta(days=rng.randint(0, 10))
        Request.objects.bulk_update(created, ["submitted_at"], batch_size=2000)
        pauses = []
        for r in created:
            if r.status == Status.WAITING:
                pauses.append(Pause(request=r, started_at=r.routed_at + timedelta(days=2)))
            elif r.status == Status.OPEN and r.pk % 5 == 0:
                pauses.append(Pause(request=r, started_at=r.routed_at + timedelta(days=1),
                                    ended_at=r.routed_at + timedelta(days=3)))
        Pause.objects.bulk_create(pauses, batch_size=2000)
    print(f"[casework] {len(statuses):,} requests and {len(pauses):,} pauses in {time.monotonic() - t0:.1f} s",
          flush=True)


def make_experts(n_experts: int, n_requests: int, n_past: int, rng: random.Random) -> None:
    from django.db import transaction

    from kizuna.core.enums import OrgKind, Role
    from kizuna.core.models import Organisation
    from kizuna.dispatch.enums import Programme, Status
    from kizuna.dispatch.models import Dispatch, Expert, ExpertDate

    if Expert.objects.filter(name__startswith="ベンチ専門家").count() >= n_experts:
        return
    t0 = time.monotonic()
    prefectures = list(Organisation.objects.filter(kind=OrgKind.PREFECTURE).values_list("code", flat=True))
    hosts = list(Organisation.objects.filter(kind=OrgKind.MUNICIPALITY).order_by("pk"))
    requester = _person(REQUESTER_EMAIL, "ベンチ 依頼", hosts[0], Role.STAFF)
    with transaction.atomic():
        experts = []
        for i in range(n_experts):
            fields = rng.sample(FIELDS, rng.randint(1, 4))
            onsite = rng.random() < 0.85
            experts.append(Expert(
                name=f"ベンチ専門家 {i:04d}", programme=Programme.REGIONAL, fields=fields,
                languages=["ja", *rng.sample(LANGUAGES, rng.randint(0, 2))],
                regions=[] if rng.random() < 0.4 else rng.sample(prefectures, rng.randint(1, 5)),
                onsite=onsite, online=(not onsite) or rng.random() < 0.7,
                hourly_fee=rng.choice([8_000, 10_000, 12_000]),
                bio="、".join(fields) + "の実務経験。自治体職員向け研修、住民向け講座。"))
        experts = Expert.objects.bulk_create(experts, batch_size=1000)
        start = date(2026, 10, 1)
        marks = []
        for e in experts:
            for day in sorted(rng.sample(range(180), 15)):
                marks.append(ExpertDate(expert=e, day=start + timedelta(days=day), available=rng.random() < 0.8))
        ExpertDate.objects.bulk_create(marks, batch_size=5000)
        past = []
        for i in range(n_past):  # two fiscal years, at most 2 a body a year
            year = 2024 + (i // len(hosts)) % 2
            day = date(year, 4, 1) + timedelta(days=rng.randint(0, 360))
            past.append(Dispatch(
                host=hosts[i % len(hosts)], created_by=requester, programme=Programme.REGIONAL,
                status=Status.COMPLETED, theme="過去の派遣", field=rng.choice(FIELDS), starts_on=day, ends_on=day,
                fiscal_year=year, expert=rng.choice(experts), report="実施", report_hours=3, rating=rng.randint(2, 5)))
        Dispatch.objects.bulk_create(past, batch_size=2000)
        wanted = []
        for i in range(n_requests):
            day = start + timedelta(days=rng.randint(0, 170))
            wanted.append(Dispatch(
                host=hosts[(i * 3) % len(hosts)], created_by=requester, programme=Programme.REGIONAL,
                status=Status.REQUESTED, theme=f"{rng.choice(FIELDS)}に関する職員研修", field=rng.choice(FIELDS),
                language="ja" if i % 5 else rng.choice(LANGUAGES), format="online" if i % 4 == 0 else "onsite",
                starts_on=day, ends_on=day + timedelta(days=i % 3), fiscal_year=2026, hours=3))
        Dispatch.objects.bulk_create(wanted, batch_size=2000)
    print(f"[casework] {n_experts:,} experts, {len(marks):,} date marks, {n_past:,} past and {n_requests:,} open "
          f"dispatches in {time.monotonic() - t0:.1f} s", flush=True)


def _office():
    from kizuna.core.models import Organisation

    return Organisation.objects.get(slug="nyc")


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("requests_request", "requests_pause", "dispatch_expert", "dispatch_expertdate",
                          "dispatch_dispatch"):
                cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def counts() -> dict:
    from kizuna.dispatch.models import Dispatch, Expert, ExpertDate
    from kizuna.requests.models import Pause, Request

    return {"requests": Request.objects.filter(office=_office()).count(), "pauses": Pause.objects.count(),
            "experts": Expert.objects.count(), "date_marks": ExpertDate.objects.count(),
            "dispatches": Dispatch.objects.count(),
            "open_dispatches": Dispatch.objects.filter(status="requested", theme__endswith="職員研修").count()}


# ------------------------------------------------------------------------------------------------ matching


def matching(limit: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kizuna.dispatch import matching as m
    from kizuna.dispatch.models import Dispatch

    wanted = list(Dispatch.objects.filter(status="requested", theme__endswith="職員研修")
                  .select_related("host__prefecture").order_by("pk")[:limit])
    m.rank(wanted[0], limit=m.SHOWN)  # warm: imports, translations
    timings = []
    with CaptureQueriesContext(connection) as queries:
        m.rank(wanted[0], limit=m.SHOWN)
    for d in wanted:
        t0 = time.perf_counter()
        m.rank(d, limit=m.SHOWN)
        timings.append(time.perf_counter() - t0)
    candidates = [len(m.rank(d)) for d in wanted[:50]]  # not timed: how many experts each ranking scored
    return {"requests": len(wanted), "p50_ms": round(percentile(timings, 50), 1),
            "p95_ms": round(percentile(timings, 95), 1), "max_ms": round(max(timings) * 1000, 1),
            "candidates": round(sum(candidates) / len(candidates)), "queries": len(queries)}


# ------------------------------------------------------------------------------------------------ queue


def session_cookie() -> str:
    from importlib import import_module

    from django.conf import settings

    from kizuna.core.models import User

    user = User.objects.get(email=STAFF_EMAIL)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def queue_latency(database_url: str, clients: int, duration: float, warmup: float) -> dict:
    base = f"/requests/queues/{_office().pk}/"
    paths = [base + p for p in QUEUE_PATHS]
    headers = {"Cookie": session_cookie(), "Accept-Language": "ja"}
    env = bench_env(database_url)
    port = free_port()
    process = start_gunicorn(env, port, workers=2, threads=4)
    try:
        for path in paths:
            status, body = fetch(port, path, headers)
            rows = body.count(b"<tr") - 1
            if status != 200 or b'data-testid="queue"' not in body or rows < 2:
                raise SystemExit(f"{path}: status {status}, {rows} rows")
        target = Target("office-queue", "office queue", paths, headers)
        drive(port, target, clients, warmup, record=False)
        server0, busy0 = server_cpu_seconds(process), busy_cpu_seconds()
        result = drive(port, target, clients, duration, record=True)
        server, busy = server_cpu_seconds(process) - server0, busy_cpu_seconds() - busy0
    finally:
        stop_gunicorn(process)
    client = result.client_cpu * result.elapsed
    return {"requests": result.count, "errors": result.errors, "rps": round(result.rps, 1),
            "server_ms_per_request": round(server / max(result.count, 1) * 1000, 1),
            "server_cpu": round(server / result.elapsed, 2), "client_cpu": round(result.client_cpu, 2),
            "other_cpu_during": round(max(busy - server - client, 0) / result.elapsed, 2),
            "p50_ms": round(result.percentile(50), 1), "p95_ms": round(result.percentile(95), 1),
            "per_path": {p.removeprefix(base) or "(active, page 1)": round(percentile(v, 95), 1)
                         for p, v in result.per_path.items()}}


# ------------------------------------------------------------------------------------------------ report


def markdown(report: dict) -> str:
    m, q, d = report["matching"], report["queue"], report["data"]
    ok_m = "yes" if m["p95_ms"] < 100 else "**no**"
    ok_q = "yes" if q["p95_ms"] < 150 and q["errors"] == 0 else "**no**"
    per_path = ", ".join(f"`{p}` {ms}" for p, ms in q["per_path"].items())
    start, end = (m.format(database=report["database"]) for m in MARKERS)
    return "\n".join([
        start, "", f"### {report['database']}", "",
        f"Run {report['when']} on {report['database']} ({report['machine'].get('cpu', '?')}, "
        f"{report['machine'].get('cores', '?')} cores shared with other sessions' work). Data: "
        f"{d['experts']:,} experts ({d['date_marks']:,} date marks), {d['dispatches']:,} dispatches of which "
        f"{d['open_dispatches']:,} open; "
        f"the New York office's queue of {d['requests']:,} requests ({d['pauses']:,} pauses). Reproduce: "
        "`DATABASE_URL=... .venv/bin/python bench/casework.py --readme`.", "",
        "| measure | how | n | p50 ms | p95 ms | max ms | target | met |",
        "|---|---|---:|---:|---:|---:|---|:-:|",
        f"| matching: `matching.rank(limit=20)` per dispatch request (all {d['experts']:,} experts of the "
        f"programme weighed, {m['candidates']:,} available ones scored and sorted on average, the top 20 loaded "
        f"as on the dispatch page), {m['queries']} queries | in-process, one at a time | {m['requests']} | "
        f"{m['p50_ms']} | {m['p95_ms']} | {m['max_ms']} | p95 < 100 ms | {ok_m} |",
        f"| office queue `/requests/queues/<office>/`, 50 rows a page with both SLA columns, {len(QUEUE_PATHS)} "
        f"status/page URLs in rotation | HTTP, {report['clients']} clients, gunicorn 2 × 4, {q['rps']} req/s, "
        f"{q['errors']} errors, {q['server_ms_per_request']} ms of server CPU a request; cores busy: server "
        f"{q['server_cpu']}, client {q['client_cpu']}, other processes {q['other_cpu_during']} | "
        f"{q['requests']:,} | {q['p50_ms']} | {q['p95_ms']} | | p95 < 150 ms | {ok_q} |",
        "", f"Queue p95 per URL (ms): {per_path}. Cores used by other processes just before each part: "
        f"{m['other_cpu']} (matching), {q['other_cpu']} (queue).", "", end, ""])


def write_readme(text: str, database: str) -> None:
    """Replace this database's block in bench/README.md, or add it at the end of the casework section."""
    start, end = (m.format(database=database) for m in MARKERS)
    replace_in_readme(README, text, start, end, SECTION_END)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000, help="requests in the office's queue")
    parser.add_argument("--experts", type=int, default=2_000)
    parser.add_argument("--dispatches", type=int, default=500, help="open dispatch requests to match")
    parser.add_argument("--past", type=int, default=3_000, help="past dispatches with ratings")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--only", choices=["matching", "queue"])
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each part, wait up to SECONDS for other processes to use under a quarter core")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'casework.sqlite3'}"
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    setup(database_url)
    from django.utils import timezone

    rng = random.Random(2026)
    _reference()
    make_requests(args.requests, rng)
    make_experts(args.experts, args.dispatches, args.past, rng)
    analyze()
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": counts()}
    print(report["data"], flush=True)
    if args.only != "queue":
        busy = wait_for_idle(args.wait_for_idle)
        report["matching"] = {**matching(args.dispatches), "other_cpu": round(busy, 2)}
        print("matching", report["matching"], flush=True)
    if args.only != "matching":
        busy = wait_for_idle(args.wait_for_idle)
        report["queue"] = {**queue_latency(database_url, args.clients, args.duration, args.warmup),
                           "other_cpu": round(busy, 2)}
        print("queue", report["queue"], flush=True)
    if args.only:
        return 0
    text = markdown(report)
    print(text)
    if args.readme:
        write_readme(text, report["database"])
    return 0 if report["matching"]["p95_ms"] < 100 and report["queue"]["p95_ms"] < 150 else 1


if __name__ == "__main__":
    sys.exit(main())
