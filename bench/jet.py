#!/usr/bin/env python
"""Benchmark of the JET Programme (issue #12, item 12): rosters, a safety confirmation at full scale, the intake.

    .venv/bin/python bench/jet.py                      # SQLite: bench/data/jet.sqlite3
    .venv/bin/python bench/jet.py --readme             # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_jet .venv/bin/python bench/jet.py --readme
    ... --only roster|safety|intake   --duration 15 --warmup 3 --clients 8   --wait-for-idle 90

1. **Data** (BENCH DATA: bulk inserts, not through the services, so without audit entries; generated once and
   reused): the full reference data, then 984 contracting organisations as in FY2025 (46 prefectures, 781
   municipalities, 157 private school corporations made up here as `contracting` organisations in the
   prefectures), each with its coordinating body (a prefecture or designated city coordinates itself; any other
   body is coordinated by its prefecture: DOMAIN.md, kizuna/jet/intake.py), and 6,000 participants in the
   programme (arrived, in post in years 1-5, leaving) plus 600 outside it (placed for next April, departed,
   withdrawn): every state occurs. A CLAIR headquarters member (MFA set up) and the PA of 北海道 (the largest
   coordinating body). The 50,000 course-progress rows of the issue's scale are bench/learning.py's (the rosters
   do not read them).
2. **Rosters** (HTTP, gunicorn 2 workers x 4 threads, --clients keep-alive clients, bench/run.py's `drive`):
   the HQ roster /jet/ with filters in rotation, the PA's roster, and /api/v1/jet/participants for both.
3. **Safety confirmation**: `safety.start_confirmation` for all 47 prefectures (every participant in the
   programme asked) in-process, as the start page calls it; the mails go through the task queue
   (django_tasks_db) to `kizuna db_worker` processes and are delivered into a local aiosmtpd SMTP server, counted
   there. Then --clients participants answer at once through their signed links (GET the answer page, POST the
   answer: the page's own form), while headquarters and the PA each keep loading the board; then the board
   alone under --clients clients.
4. **Intake**: `intake.import_participants` of 2,000 new arrivals from a generated CSV, invitations on.
"""

import argparse
import csv
import io
import json
import os
import random
import sys
import threading
import time
import urllib.parse
from datetime import date
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.casework import _person  # noqa: E402
from bench.generate import ensure_postgres_database  # noqa: E402
from bench.run import (  # noqa: E402
    BIN,
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
MARKERS = "<!-- jet-bench:{database}:start -->", "<!-- jet-bench:{database}:end -->"
SECTION_END = "<!-- jet-bench:results-end -->"
HQ_EMAIL = "bench-jet-hq@example.jp"
PA_EMAIL = "bench-jet-pa@example.jp"
PA_BODY = "010006"  # 北海道: the coordinating body with the most contracting organisations
PREFECTURES, MUNICIPALITIES, SCHOOLS = 46, 781, 157
IN_PROGRAMME, OUTSIDE = 6_000, 600
ARRIVALS = 2_000
P95_MS = 150.0
CSRF = "bench" + "0" * 27  # a well-formed CSRF secret: the cookie and the form send the same
COUNTRIES = ["US"] * 9 + ["GB"] * 3 + ["CA"] * 3 + ["AU"] * 2 + ["NZ", "IE", "JM", "PH", "SG", "ZA", "FR", "DE",
                                                                   "CN", "KR", "BR", "IN", "TT", "GH"]
FAMILY = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Martin", "Lee", "Walker", "Hall", "Young", "King",
          "Wright", "Lopez", "Hill", "Scott", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts"]
GIVEN = ["Alex", "Jordan", "Taylor", "Sam", "Chris", "Morgan", "Jamie", "Casey", "Riley", "Avery", "Hannah",
         "Noah", "Olivia", "Liam", "Emma", "Mia", "Ethan", "Grace", "Lucas", "Chloe", "Daniel", "Sophie"]
# (status, contract year, share of the 6,000 in the programme)
ACTIVE_MIX = [("arrived", 1, 5), ("in_post", 1, 33), ("in_post", 2, 24), ("in_post", 3, 16), ("in_post", 4, 8),
              ("in_post", 5, 4), ("leaving", 3, 10)]
OUTSIDE_MIX = [("placed", 1, 50), ("departed", 3, 42), ("withdrawn", 1, 8)]
HQ_ROSTER = ["", "?status=in_post", "?position=cir", "?cohort=group_b&year=2", "?q=smith", "?page=40",
             "?status=leaving&position=alt", "?q=20250001234"]
PA_ROSTER = ["", "?position=alt", "?year=1", "?page=5"]
API = "/api/v1/jet/participants"
HQ_API = ["", "?status=in_post", "?position=cir", "?cohort=group_a&year=3", "?q=smith", "?offset=2000"]
PA_API = ["", "?year=2", "?offset=200"]


def log(message: str) -> None:
    print(f"[jet] {message}", file=sys.stderr, flush=True)


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = bench_env(database_url)["SECRET_KEY"]  # sessions and links made here are read there
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("KIZUNA_DEV", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


# ---------------------------------------------------------------------------------------------------- data


def _coordinating_body(org):
    from kizuna.core.enums import MunicipalityType, OrgKind

    if org.kind == OrgKind.PREFECTURE or org.municipality_type == MunicipalityType.DESIGNATED_CITY:
        return org
    return org.prefecture or org


def make_world(rng: random.Random) -> None:
    """BENCH DATA, bulk-inserted (no services, no audit entries): hosts, participants, the HQ member and a PA."""
    from django.core.management import call_command
    from django.db import transaction

    from kizuna.core.enums import MunicipalityType, OrgKind, Role
    from kizuna.core.models import Invitation, Organisation
    from kizuna.jet.models import JetHost, Participant

    if Organisation.objects.count() < 1000:
        log("loading the reference data")
        call_command("load_reference_data", verbosity=0)
    hq = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).order_by("pk").first()
    _person(HQ_EMAIL, "ベンチ 本部", hq, Role.STAFF, mfa=True)
    body = Organisation.objects.get(code=PA_BODY)
    _person(PA_EMAIL, "ベンチ PA", body, Role.PA)
    # The arrivals an earlier run imported, and its safety confirmations: each run measures the same roster
    from kizuna.jet.models import SafetyConfirmation

    SafetyConfirmation.objects.filter(title__startswith="ベンチ").delete()
    Participant.objects.filter(email__endswith="@bench-jet-new.example").delete()
    Invitation.objects.filter(email__endswith="@bench-jet-new.example").delete()
    if Participant.objects.filter(email__endswith="@bench-jet.example").count() >= IN_PROGRAMME + OUTSIDE:
        return
    t0 = time.monotonic()
    with transaction.atomic():
        prefectures = list(Organisation.objects.filter(kind=OrgKind.PREFECTURE).order_by("code"))
        # Hokkaido is always one of the 46 (the PA's body); leave out the last one otherwise
        chosen_prefectures = [p for p in prefectures if p.code == PA_BODY] + \
            [p for p in prefectures if p.code != PA_BODY][:PREFECTURES - 1]
        towns = list(Organisation.objects.filter(kind=OrgKind.MUNICIPALITY)
                     .exclude(municipality_type=MunicipalityType.WARD).select_related("prefecture").order_by("code"))
        rng.shuffle(towns)
        hokkaido = [t for t in towns if t.prefecture_id == body.pk]
        chosen_towns = hokkaido[:60] + [t for t in towns if t.prefecture_id != body.pk][:MUNICIPALITIES - 60]
        schools = [Organisation(kind=OrgKind.CONTRACTING, name=f"ベンチ学校法人{i:03d}学園",
                                name_en=f"Bench School Corporation {i:03d}", prefecture=prefectures[i % 47],
                                slug=f"bench-jet-school-{i:03d}") for i in range(SCHOOLS)]
        existing = set(Organisation.objects.filter(slug__startswith="bench-jet-school-").values_list("slug", flat=True))
        Organisation.objects.bulk_create([s for s in schools if s.slug not in existing])
        schools = list(Organisation.objects.filter(slug__startswith="bench-jet-school-").select_related("prefecture"))
        orgs = chosen_prefectures + chosen_towns + schools
        have = set(JetHost.objects.values_list("organisation_id", flat=True))
        JetHost.objects.bulk_create([JetHost(organisation=o, coordinating_body=_coordinating_body(o))
                                     for o in orgs if o.pk not in have])
        hosts = list(JetHost.objects.filter(organisation__in=[o.pk for o in orgs]))
        # a prefecture employs many (high schools), a town a few, a school one or two
        weights = [14 if h.organisation.kind == OrgKind.PREFECTURE else 1 if h.organisation.kind ==
                   OrgKind.CONTRACTING else 5 for h in hosts]
        Participant.objects.filter(email__endswith="@bench-jet.example").delete()
        today = date(2026, 12, 1)
        rows, n = [], 0
        for mix, total in ((ACTIVE_MIX, IN_PROGRAMME), (OUTSIDE_MIX, OUTSIDE)):
            share = sum(w for *_x, w in mix)
            plan = [(s, y) for s, y, w in mix for _ in range(round(total * w / share))]
            plan = (plan + plan)[:total]
            for status, year in plan:
                n += 1
                family, given = rng.choice(FAMILY), rng.choice(GIVEN)
                country = rng.choice(COUNTRIES)
                cohort = "april" if status == "placed" else rng.choice(["group_a", "group_a", "group_b"])
                first = 2026 - year + 1 if status != "departed" else 2023
                arrival = date(2027, 4, 3) if status == "placed" else date(first, 7 if cohort == "group_a" else 8,
                                                                          26 if cohort == "group_a" else 2)
                rows.append(Participant(
                    jet_number=f"20{arrival.year % 100:02d}{n:07d}", family_name=family.upper(), given_names=given,
                    name_katakana="", email=f"jet{n:05d}@bench-jet.example",
                    position="cir" if n % 11 == 0 else "sea" if n % 97 == 0 else "alt", nationality=country,
                    recruiting_country=country, cohort=cohort, expected_arrival=arrival,
                    host=rng.choices(hosts, weights)[0], status=status, contract_year=year,
                    arrived_on=arrival if status not in ("placed", "withdrawn") else None,
                    leaving_on=date(2027, 7, 31) if status == "leaving" else None,
                    departed_on=date(2026, 7, 31) if status == "departed" else None,
                    emergency_name=f"{given} {family} Sr.", emergency_relation="Parent"))
        Participant.objects.bulk_create(rows, batch_size=1000)
        del today
    log(f"{len(hosts)} contracting organisations, {len(rows):,} participants in {time.monotonic() - t0:.1f} s")


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def counts() -> dict:
    from django.db.models import Count

    from kizuna.jet.models import JetHost, Participant

    return {"hosts": JetHost.objects.count(),
            "host_kinds": dict(JetHost.objects.values_list("organisation__kind").annotate(n=Count("pk"))),
            "bodies": JetHost.objects.values("coordinating_body").distinct().count(),
            "participants": Participant.objects.count(),
            "states": dict(Participant.objects.values_list("status").annotate(n=Count("pk"))),
            "pa_sees": Participant.objects.filter(host__coordinating_body__code=PA_BODY).count()}


def session_cookie(email: str) -> str:
    from importlib import import_module

    from django.conf import settings

    from kizuna.core.models import User

    user = User.objects.get(email=email)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def headers(email: str) -> dict:
    return {"Accept-Language": "ja", "Cookie": f"csrftoken={CSRF}; {session_cookie(email)}"}


# --------------------------------------------------------------------------------------------------- HTTP


class Server:
    def __init__(self, database_url: str):
        self.env = bench_env(database_url)
        self.port = free_port()
        self.process = start_gunicorn(self.env, self.port, workers=2, threads=4)

    def stop(self):
        stop_gunicorn(self.process)


def measure(server: Server, target: Target, clients: int, duration: float, warmup: float, *,
            marker: bytes | None = None) -> dict:
    """Each path answered first (a table or a list of items; or `marker` in the answer), then `clients` keep-alive
    clients for `warmup` and `duration` seconds: latencies, and the CPU of the server and of the rest."""
    for path in target.paths:
        status, body = fetch(server.port, path, target.headers)
        answered = marker in body if marker is not None else (b"<tr" in body or b'"items"' in body)
        if status != 200 or not answered:
            raise SystemExit(f"{target.name} {path}: status {status} {body[:300]!r}")
    drive(server.port, target, clients, warmup, record=False)
    server0, busy0 = server_cpu_seconds(server.process), busy_cpu_seconds()
    result = drive(server.port, target, clients, duration, record=True)
    spent, busy = server_cpu_seconds(server.process) - server0, busy_cpu_seconds() - busy0
    client = result.client_cpu * result.elapsed
    out = {"label": target.label, "requests": result.count, "errors": result.errors, "rps": round(result.rps, 1),
           "p50_ms": round(result.percentile(50), 1), "p95_ms": round(result.percentile(95), 1),
           "max_ms": round(result.percentile(100), 1),
           "server_ms": round(spent / max(result.count, 1) * 1000, 1),
           "server_cpu": round(spent / result.elapsed, 2), "client_cpu": round(result.client_cpu, 2),
           "other_cpu": round(max(busy - spent - client, 0) / result.elapsed, 2),
           "kb": round(len(body) / 1024),
           "per_path": {p: round(percentile(v, 95), 1) for p, v in result.per_path.items()}}
    log(f"{target.name}: {out}")
    return out


def rosters(database_url: str, clients: int, duration: float, warmup: float, idle: float) -> list[dict]:
    hq, pa = headers(HQ_EMAIL), headers(PA_EMAIL)
    targets = [
        Target("hq-roster", f"HQ roster `/jet/`, {len(HQ_ROSTER)} filter URLs in rotation (status, position, "
               "cohort + year, name search, JET number, page 40)", [f"/jet/{p}" for p in HQ_ROSTER], hq),
        Target("pa-roster", f"PA's roster `/jet/` (北海道's participants), {len(PA_ROSTER)} URLs",
               [f"/jet/{p}" for p in PA_ROSTER], pa),
        Target("hq-api", f"HQ `{API}`, {len(HQ_API)} URLs (50 a page)", [API + p for p in HQ_API], hq),
        Target("pa-api", f"PA `{API}`, {len(PA_API)} URLs", [API + p for p in PA_API], pa),
    ]
    server = Server(database_url)
    try:
        out = []
        for target in targets:
            busy = wait_for_idle(idle) if idle else None
            out.append({**measure(server, target, clients, duration, warmup), "idle_before": busy})
        return out
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------ safety


class Mailbox:
    def __init__(self):
        self.lock = threading.Lock()
        self.recipients: list[str] = []
        self.first = self.last = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


def start_and_deliver(database_url: str, workers: int, timeout: float) -> tuple[int, dict]:
    """Start a confirmation for all 47 prefectures, then deliver its mails through db_worker into aiosmtpd."""
    import subprocess

    from aiosmtpd.controller import Controller
    from django_tasks_db.models import DBTaskResult

    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation, User
    from kizuna.jet import safety

    DBTaskResult.objects.all().delete()  # this benchmark's database only: nothing left over from a last run
    by = User.objects.get(email=HQ_EMAIL)
    areas = list(Organisation.objects.filter(kind=OrgKind.PREFECTURE))
    queries, wrapper = counting()
    t0 = time.perf_counter()
    with wrapper:
        confirmation = safety.start_confirmation(by=by, title="ベンチ 地震 (bench)", kind="earthquake", areas=areas)
    started = time.perf_counter() - t0
    asked = confirmation.answers.count()
    queued = DBTaskResult.objects.filter(status="READY").count()
    log(f"started confirmation {confirmation.pk}: {asked} asked, {queued} mail tasks queued in {started:.1f} s")

    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    env = {**bench_env(database_url), "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port),
           "LOG_LEVEL": "WARNING"}
    processes = []
    t1 = time.monotonic()
    try:
        for n in range(workers):
            processes.append(subprocess.Popen(
                [str(BIN / "python"), "-m", "kizuna", "db_worker", "--interval", "0.5", "--worker-id",
                 f"bench-jet-{n}"], cwd=BENCH_DIR.parent, env=env, stdout=subprocess.DEVNULL,
                stderr=open(BENCH_DIR / "results" / f"jet-worker-{n}.log", "w")))  # noqa: SIM115
        while time.monotonic() - t1 < timeout:
            with mailbox.lock:
                got = len(mailbox.recipients)
            if got >= asked:
                break
            time.sleep(0.5)
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        smtp.stop(no_assert=True)
    emails = set(confirmation.answers.values_list("participant__email", flat=True))
    delivered = len(set(mailbox.recipients) & emails)
    seconds = (mailbox.last or time.monotonic()) - t1
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    out = {"asked": asked, "queued": queued, "start_s": round(started, 1), "start_queries": len(queries),
           "delivered": delivered, "deliver_s": round(seconds, 1), "workers": workers, "failed_tasks": failed,
           "per_s": round(delivered / seconds, 1) if seconds else None}
    log(f"safety start and delivery: {out}")
    return confirmation.pk, out


def answer_links(confirmation_pk: int) -> list[str]:
    from kizuna.jet import safety
    from kizuna.jet.models import SafetyAnswer

    rows = SafetyAnswer.objects.filter(confirmation_id=confirmation_pk, answer="").select_related("confirmation")
    return [safety.answer_path(r) for r in rows.order_by("?")]


def answering(database_url: str, confirmation_pk: int, clients: int, duration: float, readers: int) -> dict:
    """`clients` participants answering at once (GET the page, POST the answer) while `readers` board readers
    (headquarters' board and the PA's, in turn) keep loading it; then the board alone under `clients` clients."""
    import http.client

    links = answer_links(confirmation_pk)
    hq, pa = headers(HQ_EMAIL), headers(PA_EMAIL)
    board = f"/jet/safety/{confirmation_pk}/"
    server = Server(database_url)
    stats = {"get": [], "post": [], "board": [], "errors": 0, "bad_posts": 0}
    lock = threading.Lock()
    stop_at = [0.0]
    replies = ["safe"] * 8 + ["needs_help", "injured"]

    def answerer(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        get, post, errors, bad = [], [], 0, 0
        base = {"Accept-Language": "en", "Cookie": f"csrftoken={CSRF}"}
        for i in range(n, len(links), clients):
            if time.perf_counter() >= stop_at[0]:
                break
            path = links[i]
            try:
                t0 = time.perf_counter()
                conn.request("GET", path, headers=base)
                r = conn.getresponse()
                r.read()
                t1 = time.perf_counter()
                if r.status != 200:
                    errors += 1
                    continue
                get.append(t1 - t0)
                form = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF, "answer": replies[i % len(replies)],
                                               "location": "自宅 at home", "note": "", "lang": "en"})
                conn.request("POST", path, body=form, headers={
                    **base, "Content-Type": "application/x-www-form-urlencoded"})
                r = conn.getresponse()
                r.read()
                t2 = time.perf_counter()
                if r.status == 302:
                    post.append(t2 - t1)
                else:
                    bad += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.close()
        with lock:
            stats["get"] += get
            stats["post"] += post
            stats["errors"] += errors
            stats["bad_posts"] += bad

    def reader(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        times, errors = [], 0
        h = hq if n % 2 == 0 else pa
        while time.perf_counter() < stop_at[0]:
            try:
                t0 = time.perf_counter()
                conn.request("GET", board, headers=h)
                r = conn.getresponse()
                r.read()
                if r.status == 200:
                    times.append(time.perf_counter() - t0)
                else:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        with lock:
            stats["board"] += times
            stats["errors"] += errors

    try:
        for h in (hq, pa):
            status, body = fetch(server.port, board, h)
            if status != 200 or b"<tr" not in body:
                raise SystemExit(f"board {board}: {status} {body[:300]!r}")
        fetch(server.port, links[-1], {"Cookie": f"csrftoken={CSRF}"})  # warm: imports, templates
        server0, busy0 = server_cpu_seconds(server.process), busy_cpu_seconds()
        t0 = time.perf_counter()
        stop_at[0] = t0 + duration
        threads = [threading.Thread(target=answerer, args=(n,)) for n in range(clients)]
        threads += [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        spent, busy = server_cpu_seconds(server.process) - server0, busy_cpu_seconds() - busy0
        ms = lambda values, p: round(percentile(values, p), 1)  # noqa: E731
        out = {"clients": clients, "readers": readers, "seconds": round(elapsed, 1), "answers": len(stats["post"]),
               "answers_per_s": round(len(stats["post"]) / elapsed, 1), "errors": stats["errors"],
               "bad_posts": stats["bad_posts"],
               "get_p50": ms(stats["get"], 50), "get_p95": ms(stats["get"], 95),
               "post_p50": ms(stats["post"], 50), "post_p95": ms(stats["post"], 95),
               "board_n": len(stats["board"]), "board_p50": ms(stats["board"], 50),
               "board_p95": ms(stats["board"], 95), "server_cpu": round(spent / elapsed, 2),
               "other_cpu": round(max(busy - spent, 0) / elapsed, 2)}
        log(f"answering: {out}")
        paths = [board, board + "?answer=none", board + "?answer=needs_help", board + "?page=10"]
        alone = [measure(server, Target("board-hq", "board, headquarters (4 URLs: all, unanswered, needs help, "
                                        "page 10)", paths, hq), clients, duration, 3),
                 measure(server, Target("board-pa", "board, the PA of 北海道 (same 4 URLs)", paths, pa),
                         clients, duration, 3)]
        return {**out, "alone": alone}
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------ intake


def intake_csv(n: int, rng: random.Random) -> bytes:
    from kizuna.jet.models import JetHost, Participant

    codes = [c for c in JetHost.objects.exclude(organisation__code=None)
             .values_list("organisation__code", flat=True)]
    start = Participant.objects.filter(jet_number__startswith="2028").count() + 1
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["JET number", "Family name", "Given names", "Katakana", "Email", "Position", "Nationality",
                     "Recruiting country", "Arrival group", "Expected arrival", "Contracting organisation code"])
    for i in range(start, start + n):
        family, given = rng.choice(FAMILY), rng.choice(GIVEN)
        code = rng.choice(codes)
        writer.writerow([f"2028{i:07d}", family.upper(), given, "", f"arrival{i:06d}@bench-jet-new.example",
                         "ALT" if i % 11 else "CIR", rng.choice(COUNTRIES), "", rng.choice(["A", "B"]),
                         "2027-07-26", code if i % 2 else code[:5]])
    return out.getvalue().encode("utf-8")


def intake(n: int, rng: random.Random) -> dict:
    from django_tasks_db.models import DBTaskResult

    from kizuna.core.models import User
    from kizuna.jet.intake import import_participants

    by = User.objects.get(email=HQ_EMAIL)
    content = intake_csv(n, rng)
    tasks0 = DBTaskResult.objects.count()
    queries, wrapper = counting()
    t0 = time.perf_counter()
    with wrapper:
        report = import_participants(by=by, content=content, filename="arrivals.csv", invite=True)
    seconds = time.perf_counter() - t0
    out = {"rows": n, "saved": report.saved, "errors": report.errors, "seconds": round(seconds, 1),
           "queries": len(queries), "mails_queued": DBTaskResult.objects.count() - tasks0,
           "kb": round(len(content) / 1024)}
    if report.errors:
        out["first_error"] = next(str(r) for r in report.rows if r[2] == "error")
    log(f"intake: {out}")
    return out


# ------------------------------------------------------------------------------------------------ report


class QueryCounter:
    """Counts the queries run inside it (an execute wrapper: no log, so no limit on how many)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)

    def __len__(self):
        return self.n


def counting():
    from django.db import connection

    counter = QueryCounter()
    return counter, connection.execute_wrapper(counter)


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def markdown(report: dict) -> str:
    d = report["data"]
    kinds = d["host_kinds"]
    start, end = (m.format(database=report["database"]) for m in MARKERS)
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']} ({report['machine'].get('cpu', '?')}, "
             f"{report['machine'].get('cores', '?')} cores shared with other sessions' work; load average before: "
             f"{report['loadavg']}). Data (bench data, bulk-inserted): {d['hosts']:,} contracting organisations "
             f"({kinds.get('prefecture', 0)} prefectures, {kinds.get('municipality', 0)} municipalities, "
             f"{kinds.get('contracting', 0)} private school corporations) under {d['bodies']} coordinating bodies; "
             f"{d['participants']:,} participants ("
             + ", ".join(f"{k} {v:,}" for k, v in sorted(d["states"].items())) +
             f"); the PA of 北海道 sees {d['pa_sees']:,}. Course progress: bench/learning.py. "
             f"Reproduce: `{report['command']}`.", "",
             "| measure | how | n | p50 ms | p95 ms | target | met |", "|---|---|---:|---:|---:|---|:-:|"]
    for r in report.get("rosters", []):
        lines.append(f"| {r['label']} | HTTP, {report['clients']} clients, gunicorn 2 × 4, {r['rps']} req/s, "
                     f"{r['errors']} errors, {r['server_ms']} ms server CPU a request; cores: server "
                     f"{r['server_cpu']}, client {r['client_cpu']}, other {r['other_cpu']} | {r['requests']:,} | "
                     f"{r['p50_ms']} | {r['p95_ms']} | p95 < 150 ms | "
                     f"{yes(r['p95_ms'] < P95_MS and not r['errors'])} |")
    s = report.get("safety")
    if s:
        st = s["start"]
        lines.append(f"| start a safety confirmation for all 47 prefectures: `safety.start_confirmation` (the rows "
                     f"and their audit entries in bulk, a task per 200 rows that writes their mails) | in-process, "
                     f"{st['start_queries']:,} queries | {st['asked']:,} asked, {st['queued']:,} mail tasks queued | "
                     f"| **{st['start_s']} s** | — | |")
        lines.append(f"| deliver the confirmation's mails: `kizuna db_worker` × {st['workers']} → SMTP (aiosmtpd) | "
                     f"counted at the SMTP server, {st['failed_tasks']} failed tasks | {st['delivered']:,} of "
                     f"{st['asked']:,} delivered | | **{st['deliver_s']} s** ({st['per_s']}/s) | all delivered | "
                     f"{yes(st['delivered'] == st['asked'])} |")
        a = s["answering"]
        lines.append(f"| answer page GET via signed link, {a['clients']} participants answering at once | HTTP, "
                     f"{a['clients']} + {a['readers']} board readers, {a['errors']} errors | {a['answers']:,} | "
                     f"{a['get_p50']} | {a['get_p95']} | p95 < 150 ms | {yes(a['get_p95'] < P95_MS)} |")
        lines.append(f"| answer POST (302), {a['answers_per_s']} answers/s | same; {a['bad_posts']} refused; cores: "
                     f"server {a['server_cpu']}, other {a['other_cpu']} | {a['answers']:,} | {a['post_p50']} | "
                     f"{a['post_p95']} | p95 < 150 ms | {yes(a['post_p95'] < P95_MS and not a['bad_posts'])} |")
        lines.append(f"| board `/jet/safety/<pk>/` (HQ and PA in turn) while they answer | same | {a['board_n']:,} | "
                     f"{a['board_p50']} | {a['board_p95']} | p95 < 150 ms | {yes(a['board_p95'] < P95_MS)} |")
        for r in a["alone"]:
            lines.append(f"| {r['label']}, alone | HTTP, {report['clients']} clients, {r['rps']} req/s, "
                         f"{r['errors']} errors, {r['server_ms']} ms server CPU a request; cores: server "
                         f"{r['server_cpu']}, other {r['other_cpu']} | {r['requests']:,} | {r['p50_ms']} | "
                         f"{r['p95_ms']} | p95 < 150 ms | {yes(r['p95_ms'] < P95_MS and not r['errors'])} |")
    i = report.get("intake")
    if i:
        lines.append(f"| intake: `intake.import_participants` of {i['rows']:,} arrivals from a CSV ({i['kb']} KB), "
                     f"invitations on | in-process, {i['queries']:,} queries, {i['mails_queued']:,} mail tasks "
                     f"queued, saved: {i['saved']}, {i['errors']} refused rows | {i['rows']:,} | | "
                     f"**{i['seconds']} s** | < 30 s | {yes(i['saved'] and i['seconds'] < 30)} |")
    per = [f"{r['label'].split(',')[0]}: " + ", ".join(f"`{p}` {v}" for p, v in r["per_path"].items())
           for r in report.get("rosters", [])]
    if per:
        lines += ["", "p95 per URL (ms): " + "; ".join(per) + "."]
    lines += ["", end, ""]
    return "\n".join(lines)


def write_readme(text: str, database: str) -> None:
    start, end = (m.format(database=database) for m in MARKERS)
    replace_in_readme(README, text, start, end, SECTION_END)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--workers", type=int, default=2, help="db_worker processes delivering the mails")
    parser.add_argument("--readers", type=int, default=2, help="board readers while participants answer")
    parser.add_argument("--only", choices=["roster", "safety", "intake"])
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'jet.sqlite3'}"
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    setup(database_url)
    from django.utils import timezone

    rng = random.Random(2026)
    make_world(rng)
    analyze()
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": counts(),
              "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/jet.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    log(f"data: {report['data']}")
    if args.only in (None, "roster"):
        report["rosters"] = rosters(database_url, args.clients, args.duration, args.warmup, args.wait_for_idle)
    if args.only in (None, "safety"):
        if args.wait_for_idle:
            wait_for_idle(args.wait_for_idle)
        pk, start = start_and_deliver(database_url, args.workers, timeout=900)
        analyze()
        report["safety"] = {"start": start, "answering": answering(database_url, pk, args.clients, args.duration,
                                                                   args.readers)}
    if args.only in (None, "intake"):
        if args.wait_for_idle:
            wait_for_idle(args.wait_for_idle)
        report["intake"] = intake(ARRIVALS, rng)
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"jet-{stamp}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2,
                                                                         default=str), encoding="utf-8")
    if args.readme:
        write_readme(text, report["database"])
    ok = all(r["p95_ms"] < P95_MS and not r["errors"] for r in report.get("rosters", []))
    if "safety" in report:
        a = report["safety"]["answering"]
        ok = ok and report["safety"]["start"]["delivered"] == report["safety"]["start"]["asked"] and max(
            a["get_p95"], a["post_p95"], a["board_p95"], *(r["p95_ms"] for r in a["alone"])) < P95_MS
    if "intake" in report:
        ok = ok and report["intake"]["saved"] and report["intake"]["seconds"] < 30
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
