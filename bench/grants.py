#!/usr/bin/env python
"""Benchmark of grants: 2,000 applications of 20 cost lines each across 4 calls, with reviewers, assignments
and scores; the reviewer's list, the board's ranking and the call's Excel export, p50/p95 and requests/s at
8 concurrent clients under gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_grants .venv/bin/python bench/grants.py
    ... bench/grants.py --duration 20 --readme     # and write the table at the end of bench/README.md

It reuses bench/run.py's gunicorn start/stop and keep-alive client threads (`drive`), as bench/events.py
does. Data are generated once (bulk inserts) into the database named by DATABASE_URL (default:
bench/data/grants.sqlite3). Targets: p95 of each page < 200 ms, of the export < 5 s.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.run import (  # noqa: E402
    Target,
    bench_env,
    drive,
    fetch,
    free_port,
    machine,
    start_gunicorn,
    stop_gunicorn,
    wait_for_idle,
)

README = BENCH_DIR / "README.md"
START, END = "<!-- grants-bench:start -->", "<!-- grants-bench:end -->"
SCHEMES = ("tabunka", "kokusai_koryu", "kokusai_kyoryoku", "keizai")
CRITERIA = ("先駆性", "独自性", "継続性", "活動性", "連携性")
CATEGORIES = ("謝金", "旅費", "印刷製本費", "会場借上料", "委託料", "通信運搬費", "消耗品費")
STAFF_EMAIL, REVIEWER_EMAIL = "staff@bench.grants", "reviewer-000@bench.grants"
PAGE_LIMIT_MS, EXPORT_LIMIT_MS = 200, 5000


def setup(database_url: str, fresh: bool = False) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = bench_env(database_url)["SECRET_KEY"]  # sessions made here are read by gunicorn
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kizuna.settings")
    os.environ.setdefault("KIZUNA_DEV", "1")
    if database_url.startswith("postgres"):
        from bench.generate import ensure_postgres_database

        ensure_postgres_database(database_url, fresh=fresh)
    elif fresh:
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def _people(n_reviewers: int):
    """The HQ member of staff (with a TOTP authenticator, as CLAIR staff must have), the reviewers (one in
    four CLAIR staff: internal; the others outside reviewers) and the applicant organisations."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from kizuna.core.models import Membership, Organisation, User

    hq, _ = Organisation.objects.get_or_create(slug="bench-hq", defaults={"kind": "hq", "name": "ベンチ本部"})
    staff, created = User.objects.get_or_create(email=STAFF_EMAIL, defaults={"full_name": "ベンチ 職員"})
    if created:
        Membership.objects.create(person=staff, organisation=hq, role="staff")
        TOTP.activate(staff, generate_totp_secret())
    reviewers = User.objects.bulk_create([User(email=f"reviewer-{i:03d}@bench.grants", full_name=f"審査員{i}")
                                          for i in range(n_reviewers)])
    Membership.objects.bulk_create([Membership(person=r, organisation=hq, role="staff")
                                    for i, r in enumerate(reviewers) if i % 4 == 3])
    orgs = Organisation.objects.bulk_create([
        Organisation(slug=f"bench-lg-{i:03d}", kind="municipality", name=f"ベンチ市{i}",
                     municipality_type="city") for i in range(200)])
    return staff, reviewers, orgs


def generate(n_applications: int, n_lines: int, n_reviewers: int, per_application: int) -> dict:
    """Four closed calls (one per scheme), their applications with cost lines, `per_application` reviewers
    each (nine in ten scored, the rest declared or pending) and one in five applications decided."""
    from django.db import transaction
    from django.utils import timezone

    from kizuna.core.audit import unlogged
    from kizuna.grants.models import Application, Assignment, Call, CostLine, Criterion, Scheme, Score

    if Application.objects.filter(title__startswith="ベンチ").count() >= n_applications:
        analyze()
        return counts()
    t0 = time.monotonic()
    rng = random.Random(2026)
    now = timezone.now()
    with transaction.atomic(), unlogged("generating benchmark data"):
        staff, reviewers, orgs = _people(n_reviewers)
        calls, criteria = [], {}
        for code in SCHEMES:
            scheme, _ = Scheme.objects.get_or_create(code=code, defaults={
                "name": f"ベンチ {code}", "applicant_kinds": ["municipality", "prefecture"],
                "ceilings": {"default": 5_000_000}, "rate_percent": 100})
            criteria[scheme.pk] = Criterion.objects.bulk_create([
                Criterion(scheme=scheme, order=i, name=name, weight=1 + i % 3) for i, name in enumerate(CRITERIA)])
            calls.append(Call.objects.create(
                scheme=scheme, fiscal_year=2026, title=f"ベンチ公募 {code}", opens_at=now - timedelta(days=60),
                closes_at=now - timedelta(days=1), envelope=n_applications * 3_000_000, is_published=True))
        apps = []
        for i in range(n_applications):
            decided = i % 5 == 0
            apps.append(Application(
                call=calls[i % len(calls)], applicant=orgs[i % len(orgs)], title=f"ベンチ事業 {i}",
                summary="多言語情報発信と日本語学習支援の事業。" * 5, requested_amount=2_000_000,
                status="awarded" if decided else "submitted", decided_amount=1_500_000 if decided else None,
                decided_at=now if decided else None, decided_by=staff if decided else None,
                submitted_at=now - timedelta(days=2), round_number=1, created_by=staff))
        apps = Application.objects.bulk_create(apps, batch_size=1000)
        CostLine.objects.bulk_create([
            CostLine(application=a, category=CATEGORIES[k % len(CATEGORIES)], description=f"経費 {k}",
                     amount=100_000 + 1_000 * k, eligible=k % 10 != 9)
            for a in apps for k in range(n_lines)], batch_size=5000)
        assignments = []
        for a in apps:
            for index in rng.sample(range(len(reviewers)), per_application):
                roll = rng.random()
                status = "scored" if roll < 0.9 else "active" if roll < 0.95 else "pending"
                assignments.append(Assignment(application=a, reviewer=reviewers[index], status=status,
                                              kind="internal" if index % 4 == 3 else "external",
                                              assigned_by=staff, declared_at=None if status == "pending" else now))
        assignments = Assignment.objects.bulk_create(assignments, batch_size=5000)
        app_scheme = {a.pk: a.call.scheme_id for a in apps}
        scores = []
        for s in assignments:
            if s.status == "scored":
                rubric = criteria[app_scheme[s.application_id]]
                given = [Score(assignment=s, criterion=c, value=rng.randint(1, 5)) for c in rubric]
                s.weighted_score = (sum(g.value * c.weight for g, c in zip(given, rubric, strict=True))
                                    / sum(c.weight for c in rubric))
                scores += given
        Score.objects.bulk_create(scores, batch_size=5000)
        Assignment.objects.bulk_update([s for s in assignments if s.status == "scored"], ["weighted_score"],
                                       batch_size=2000)
    analyze()
    return {**counts(), "generated_in_s": round(time.monotonic() - t0, 1)}


def counts() -> dict:
    from kizuna.grants.models import Application, Assignment, Call, CostLine, Score

    return {"calls": Call.objects.filter(title__startswith="ベンチ").count(),
            "applications": Application.objects.count(), "cost_lines": CostLine.objects.count(),
            "assignments": Assignment.objects.count(), "scores": Score.objects.count()}


def analyze() -> None:
    """Fresh planner statistics after bulk inserts (what autovacuum would soon do in production)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("grants_application", "grants_costline", "grants_assignment", "grants_score"):
                cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def session_cookie(email: str) -> str:
    from importlib import import_module

    from django.conf import settings

    from kizuna.core.models import User

    user = User.objects.get(email=email)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = next(b for b in settings.AUTHENTICATION_BACKENDS if "rules" not in b)
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def targets() -> list[tuple[Target, float, str]]:
    """(target, p95 limit in ms, a text the answer must contain)."""
    from kizuna.grants.models import Call

    calls = list(Call.objects.filter(title__startswith="ベンチ").order_by("pk").values_list("pk", flat=True))
    staff = {"Accept-Language": "ja", "Cookie": session_cookie(STAFF_EMAIL)}
    reviewer = {"Accept-Language": "ja", "Cookie": session_cookie(REVIEWER_EMAIL)}
    return [
        (Target("reviews", "reviewer's assignment list (/grants/reviews/)", ["/grants/reviews/"], reviewer),
         PAGE_LIMIT_MS, 'data-testid="reviews"'),
        (Target("board", f"board: ranking of a call ({len(calls)} calls in rotation)",
                [f"/grants/calls/{pk}/board/" for pk in calls], staff), PAGE_LIMIT_MS, 'data-testid="ranking"'),
        (Target("export", "Excel export of a call (.xlsx)", [f"/grants/calls/{pk}/export.xlsx" for pk in calls],
                staff), EXPORT_LIMIT_MS, "PK"),
    ]


def latency(database_url: str, clients: int, duration: float, warmup: float, only=None, idle: float = 0) -> dict:
    env = bench_env(database_url)
    port = free_port()
    chosen = [t for t in targets() if not only or t[0].name in only]
    process = start_gunicorn(env, port, workers=2, threads=4)
    out = {}
    try:
        for target, limit, must in chosen:
            status, body = fetch(port, target.paths[0], target.headers)
            if status != 200 or must.encode() not in body:
                raise SystemExit(f"{target.paths[0]}: status {status}, {must!r} not in the answer: {body[:300]!r}")
            busy = wait_for_idle(idle) if idle else float("nan")
            drive(port, target, clients, warmup, record=False)
            result = drive(port, target, clients, duration, record=True)
            out[target.name] = {"label": target.label, "limit_ms": limit, "requests": result.count,
                                "errors": result.errors, "rps": round(result.rps, 1), "bytes": len(body),
                                "p50_ms": round(result.percentile(50), 1), "p95_ms": round(result.percentile(95), 1),
                                "other_cores_before": round(busy, 2)}
            print(target.name, out[target.name], flush=True)
    finally:
        stop_gunicorn(process)
    return out


def markdown(report: dict) -> str:
    d = report["data"]
    lines = [
        START, "", "### Grants: results (bench/grants.py)", "",
        f"Run {report['when']} on {report['database']}; data: {d['calls']} calls, {d['applications']:,} "
        f"applications, {d['cost_lines']:,} cost lines, {d['assignments']:,} review assignments, {d['scores']:,} "
        f"scores; {report['machine'].get('cores', '?')} cores shared with other engineers' work; gunicorn gthread "
        "2 workers × 4 threads. Reproduce: "
        "`DATABASE_URL=... .venv/bin/python bench/grants.py --wait-for-idle 120 --readme`.", "",
        "| measure | clients | requests | errors | req/s | answer KB | p50 ms | p95 ms | target p95 | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in report["latency"].values():
        ok = "yes" if row["p95_ms"] < row["limit_ms"] and row["errors"] == 0 else "**no**"
        lines.append(f"| {row['label']} | {report['clients']} | {row['requests']} | {row['errors']} | {row['rps']} | "
                     f"{row['bytes'] // 1024} | {row['p50_ms']} | {row['p95_ms']} | < {row['limit_ms']:,} ms | {ok} |")
    return "\n".join([*lines, "", END, ""])


def write_readme(text: str) -> None:
    current = README.read_text(encoding="utf-8")
    if START in current and END in current:
        head, rest = current.split(START, 1)
        current = head + text.strip("\n") + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + text
    README.write_text(current, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=20, help="cost lines per application")
    parser.add_argument("--reviewers", type=int, default=40)
    parser.add_argument("--per-application", type=int, default=3, help="reviewers per application")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--only", nargs="*", choices=["reviews", "board", "export"])
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each target, wait up to SECONDS for other processes to go quiet")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument("--readme", action="store_true")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'grants.sqlite3'}"
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    setup(database_url, fresh=args.fresh)
    from django.utils import timezone

    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients}
    report["data"] = generate(args.applications, args.lines, args.reviewers, args.per_application)
    print(report["data"], flush=True)
    report["latency"] = latency(database_url, args.clients, args.duration, args.warmup, args.only,
                                args.wait_for_idle)
    text = markdown(report)
    print(text)
    if args.readme:
        write_readme(text)
    return 0 if all(r["p95_ms"] < r["limit_ms"] and not r["errors"] for r in report["latency"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
