#!/usr/bin/env python
"""Benchmark of events: the public list with 5,000 events and 200,000 registrations (p50/p95 and requests/s
at 8 concurrent clients under gunicorn), and registration throughput under contention (200 people at once for
50 seats, from client processes each with its own connection as gunicorn's workers; it must end with exactly the
seats confirmed, and the bench stops otherwise).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_events_bench .venv/bin/python bench/events.py
    ... bench/events.py --duration 20 --readme     # and write the table at the end of bench/README.md
    ... bench/events.py --contention-only --workers 8 --rounds 5 --wait-for-idle 60

It reuses bench/run.py's gunicorn start/stop and keep-alive client threads (`drive`). Data are generated once
(bulk inserts) into the database named by DATABASE_URL (default: bench/data/events.sqlite3). Target: p95 of
the list < 150 ms.
"""

import argparse
import os
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.run import (  # noqa: E402
    Target,
    bench_env,
    busy_cpu_seconds,
    drive,
    fetch,
    free_port,
    machine,
    start_gunicorn,
    stop_gunicorn,
    wait_for_idle,
)

README = BENCH_DIR / "README.md"
START, END = "<!-- events-bench:start -->", "<!-- events-bench:end -->"
PATHS = ["/events/", "/events/?format=online", "/events/?area=US", "/events/?kind=training&page=2",
         "/events/?audience=local_government"]


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = bench_env(database_url)["SECRET_KEY"]  # sessions made here are read by gunicorn
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kizuna.settings")
    os.environ.setdefault("KIZUNA_DEV", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(n_events: int, n_registrations: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from kizuna.core.models import Organisation, User
    from kizuna.events.models import Event, Registration

    if Event.objects.count() >= n_events:
        analyze()
        return {"events": Event.objects.count(), "registrations": Registration.objects.count()}
    t0 = time.monotonic()
    organisers = []
    for slug, kind, tz in (("bench-hq", "hq", "Asia/Tokyo"), ("bench-branch", "branch", "Asia/Tokyo"),
                           ("bench-nyc", "office", "America/New_York")):
        org, _ = Organisation.objects.get_or_create(slug=slug, defaults={"kind": kind, "name": slug,
                                                                          "timezone": tz})
        organisers.append(org)
    per_event = max(1, n_registrations // n_events)
    people = list(User.objects.filter(email__endswith="@bench.events"))
    if len(people) < per_event * 5:
        User.objects.bulk_create([User(email=f"p{i}@bench.events", full_name=f"参加者{i}")
                                  for i in range(len(people), per_event * 5)], batch_size=2000)
        people = list(User.objects.filter(email__endswith="@bench.events"))
    now = timezone.now()
    kinds, formats = ["seminar", "training", "conference", "orientation"], ["online", "on_site", "hybrid"]
    audiences = ["anyone", "local_government", "jet"]
    with transaction.atomic():
        events = Event.objects.bulk_create([Event(
            organiser=organisers[i % 3], kind=kinds[i % 4], format=formats[i % 3], audience=audiences[i % 3],
            title=f"ベンチマーク イベント {i}", title_en=f"Bench event {i}", country="US" if i % 3 == 2 else "JP",
            venue_timezone="America/New_York" if i % 3 == 2 else "Asia/Tokyo",
            starts_at=now + timedelta(hours=i + 24), ends_at=now + timedelta(hours=i + 26),
            capacity=per_event + 10, seats_taken=per_event, is_published=True) for i in range(n_events)],
            batch_size=1000)
        batch = []
        for e_index, event in enumerate(events):
            for k in range(per_event):
                person = people[(e_index + k * 5) % len(people)]
                batch.append(Registration(event=event, person=person, registered_by=person, status="confirmed",
                                          code=f"B{e_index:05d}{k:05d}"[:12]))
            if len(batch) >= 10000:
                Registration.objects.bulk_create(batch, batch_size=5000)
                batch = []
        Registration.objects.bulk_create(batch, batch_size=5000)
    analyze()
    return {"events": Event.objects.count(), "registrations": Registration.objects.count(),
            "generated_in_s": round(time.monotonic() - t0, 1)}


def analyze() -> None:
    """Fresh planner statistics after bulk inserts (what autovacuum would soon do in production)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event" if connection.vendor == "postgresql" else "ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE events_registration")


def _backend_cpu() -> float:
    """CPU seconds of this process's PostgreSQL backend so far (/proc, same machine), 0 when not readable."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _client(event_pk: int, user_pks: list[int], barrier, results) -> None:
    """One client process, as a gunicorn worker: its own connection (opened before the start), its share of the
    people registering one after another."""
    from django.db import connection

    from kizuna.core.models import User
    from kizuna.events.models import Event
    from kizuna.events.services import register

    try:
        users = list(User.objects.filter(pk__in=user_pks).order_by("pk"))
        event = Event.objects.get(pk=event_pk)
        try:
            barrier.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass
        statuses = [register(by=user, event=event).status for user in users]
        results.put((os.getpid(), statuses, None, _backend_cpu()))
    except Exception as error:  # noqa: BLE001 - the parent reports it
        results.put((os.getpid(), [], repr(error), 0.0))
    finally:
        connection.close()


def contention(people: int, seats: int, workers: int) -> dict:
    """`people` register at once for `seats` seats from `workers` client processes (forked after setup, each its
    own database connection, as gunicorn's workers), timed from their common start to the last registration."""
    import multiprocessing

    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from django.urls import reverse
    from django.utils import timezone

    from kizuna.core.models import Organisation, User
    from kizuna.events.models import Event, Registration

    hq = Organisation.objects.get(slug="bench-hq")
    event = Event.objects.create(organiser=hq, kind="training", format="on_site", title="contention",
                                 starts_at=timezone.now() + timedelta(days=3),
                                 ends_at=timezone.now() + timedelta(days=3, hours=2), capacity=seats,
                                 is_published=True)
    stamp = int(time.time())
    users = User.objects.bulk_create([User(email=f"c{stamp}-{i}@bench.events") for i in range(people)])
    # What a serving process has loaded before its first request: the URL patterns (a mail's links are reversed
    # while registering) and the content types the audit entries name.
    reverse("events:list")
    ContentType.objects.get_for_models(Event, Registration)
    workers = min(workers, people)
    connections.close_all()  # each client opens its own
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(workers + 1), context.Queue()
    clients = [context.Process(target=_client, args=(event.pk, [u.pk for u in users[i::workers]], barrier, results))
               for i in range(workers)]
    for client in clients:
        client.start()
    children0 = os.times()
    barrier.wait(timeout=60)
    t0, busy0 = time.monotonic(), busy_cpu_seconds()
    statuses, errors, database_cpu = [], [], 0.0
    for _ in clients:
        _pid, done, error, backend_cpu = results.get(timeout=600)
        statuses.extend(done)
        database_cpu += backend_cpu
        if error:
            errors.append(error)
    elapsed, busy = time.monotonic() - t0, busy_cpu_seconds() - busy0
    for client in clients:
        client.join()
    children = os.times()
    # The clients' CPU (Django's side of each registration, their setup before the start included: a little
    # more than the registrations' own), and how busy the machine was while they ran (cores, everything).
    client_cpu = (children.children_user + children.children_system
                  - children0.children_user - children0.children_system)
    event.refresh_from_db()
    held = Registration.objects.filter(event=event, status="confirmed").count()
    if errors or (statuses.count("confirmed"), held, event.seats_taken) != (min(seats, people),) * 3:
        raise SystemExit(f"contention: not exact: {statuses.count('confirmed')} confirmed, {held} in the database, "
                         f"{event.seats_taken} seats taken; errors: {errors[:3]}")
    return {"people": people, "seats": seats, "workers": workers, "confirmed": statuses.count("confirmed"),
            "waiting": statuses.count("waiting"), "seats_taken": event.seats_taken,
            "per_second": round(people / elapsed, 1), "elapsed_s": round(elapsed, 2),
            "client_cpu_ms": round(client_cpu / people * 1000, 1),
            "database_cpu_ms": round(database_cpu / people * 1000, 1), "busy_cores": round(busy / elapsed, 2),
            # What else ran meanwhile: the machine's busy cores less the clients' and their backends' CPU.
            "other_cores": round(max(0.0, (busy - client_cpu - database_cpu) / elapsed), 2),
            "load": os.getloadavg()[0]}


def session_cookie() -> str:
    """A signed-in (non-CLAIR) person's session: their list is rendered for them, never from the cache."""
    from importlib import import_module

    from django.conf import settings

    from kizuna.core.models import User

    user = User.objects.filter(email__endswith="@bench.events").order_by("pk").first()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = next(b for b in settings.AUTHENTICATION_BACKENDS if "rules" not in b)
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def list_latency(database_url: str, clients: int, duration: float, warmup: float) -> dict:
    env = bench_env(database_url)
    port = free_port()
    process = start_gunicorn(env, port, workers=2, threads=4)
    out = {}
    try:
        for name, headers in (("anonymous", {}), ("signed_in", {"Cookie": session_cookie()})):
            status, body = fetch(port, "/events/", headers)
            signed_in = b"/events/mine/" in body
            if status != 200 or signed_in != (name == "signed_in"):
                raise SystemExit(f"/events/ as {name}: status {status}, signed in: {signed_in}")
            target = Target(f"events-list-{name}", "public event list (filters, 30 per page)", PATHS, headers)
            drive(port, target, clients, warmup, record=False)
            result = drive(port, target, clients, duration, record=True)
            out[name] = {"requests": result.count, "errors": result.errors, "rps": round(result.rps, 1),
                         "p50_ms": round(result.percentile(50), 1), "p95_ms": round(result.percentile(95), 1)}
    finally:
        stop_gunicorn(process)
    return out


def _list_row(label: str, lst: dict, clients: int) -> str:
    ok = "yes" if lst["p95_ms"] < 150 and lst["errors"] == 0 else "NO"
    return (f"| {label} | {clients} | {lst['requests']} | {lst['errors']} | {lst['rps']} | {lst['p50_ms']} | "
            f"{lst['p95_ms']} | {ok} |")


def contention_table(rounds: list[dict]) -> list[str]:
    rows = ["| contention (round) | people | seats | client processes | confirmed | waiting | seats taken | "
            "registrations/s | CPU ms per registration: clients + database | other work beside (cores) | exact |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for n, c in enumerate(rounds, start=1):
        exact = "yes" if (c["confirmed"], c["seats_taken"]) == (c["seats"], c["seats"]) else "NO"
        rows.append(f"| register at once ({n}) | {c['people']} | {c['seats']} | {c['workers']} | {c['confirmed']} | "
                    f"{c['waiting']} | {c['seats_taken']} | {c['per_second']} | "
                    f"{c['client_cpu_ms']} + {c['database_cpu_ms']} | {c['other_cores']} | {exact} |")
    return rows


def markdown(report: dict) -> str:
    lst = report["list"]
    return "\n".join([
        START, "", "## Events (bench/events.py)", "",
        f"Run {report['when']} on {report['database']}; data: {report['data']['events']:,} events, "
        f"{report['data']['registrations']:,} registrations; {report['machine'].get('cores', '?')} cores shared with "
        "other engineers' work (the contention rounds say how much ran beside them). Reproduce: "
        f"`DATABASE_URL=... .venv/bin/python bench/events.py {report['arguments']}`.", "",
        "| measure | clients | requests | errors | req/s | p50 ms | p95 ms | p95 < 150 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        _list_row(f"public list, anonymous ({len(PATHS)} filter URLs; rendered page kept ≤ 60 s per process, "
                  "keyed by the event data's version)", lst["anonymous"], report["clients"]),
        _list_row("public list, signed in (rendered on every request)", lst["signed_in"], report["clients"]),
        "", *contention_table(report["contention_rounds"]), "", END, ""])


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
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--registrations", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4,
                        help="client processes registering at once (gunicorn workers: about 2 per core)")
    parser.add_argument("--rounds", type=int, default=3, help="registrations at once, so many times")
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each round, wait up to SECONDS for other processes to go quiet")
    parser.add_argument("--contention-only", action="store_true", help="only the registrations at once")
    parser.add_argument("--readme", action="store_true")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'events.sqlite3'}"
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    setup(database_url)
    from django.utils import timezone

    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "arguments": " ".join(argv or sys.argv[1:])}
    report["data"] = generate(args.events, args.registrations)
    print(report["data"], flush=True)
    rounds = []
    for _ in range(args.rounds):
        if args.wait_for_idle:
            wait_for_idle(args.wait_for_idle)
        rounds.append(contention(args.people, args.seats, args.workers))
        print(rounds[-1], flush=True)
    report["contention_rounds"] = rounds
    if args.contention_only:
        print("\n".join(contention_table(rounds)))
        return 0
    report["list"] = list_latency(database_url, args.clients, args.duration, args.warmup)
    text = markdown(report)
    print(text)
    if args.readme:
        write_readme(text)
    return 0 if all(r["p95_ms"] < 150 for r in report["list"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
