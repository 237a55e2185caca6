#!/usr/bin/env python
"""Benchmark of JET subsidy claims (issue #13, item 11): the claims board and the contracting organisation's lists
over 10,000 claims of 6,000 participants.

    .venv/bin/python bench/claims.py                   # SQLite: bench/data/jet.sqlite3 (bench/jet.py's data)
    .venv/bin/python bench/claims.py --readme          # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_jet .venv/bin/python bench/claims.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data

1. **Data**: bench/jet.py's world (6,000 participants in the programme at 984 contracting organisations), the
   grant schemes (kizuna/grants/data/schemes.toml), then BENCH DATA bulk-inserted (no services, no audit entries;
   generated once and reused): two members of CLAIR headquarters (MFA set up: one decides and prepares payments,
   the other approves them), a member of staff of the contracting organisation with the most participants, an
   account for one of its participants, and 10,000 claims on the five FY2026 calls of the four claim schemes
   (JLPT July round, TEFL/TESOL, SEA training, counselling costs first and second half), filed in the name of each
   participant's contracting organisation, in every state (mostly submitted or awarded), each with its cost
   lines, the decided ones with their letter numbers and, most of them, a settlement prepared and approved.
2. **Reads** (HTTP, gunicorn 2 workers x 4 threads, 8 keep-alive clients, as bench/jet.py): (a) headquarters'
   board of the busiest claims call `/grants/calls/<pk>/board/`, (b) the organisation's "my applications"
   `/grants/applications/`, (c) `GET /api/v1/grants/applications` for the same member of staff, (d) the
   participant's own page `/jet/participants/<pk>/` with its claims section (reported). Then the same pages one
   request at a time, in-process (Django's test client), with their query counts.

Exits with 1 when (a) or (b) misses p95 < 150 ms.
"""

import argparse
import json
import os
import random
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.casework import _person  # noqa: E402
from bench.jet import (  # noqa: E402
    P95_MS,
    Server,
    Target,
    analyze,
    counting,
    headers,
    make_world,
    measure,
    setup,
    yes,
)
from bench.run import (  # noqa: E402
    machine,
    wait_for_idle,
)

README = BENCH_DIR / "README.md"
SECTION = "## Claims (issue #13)"
AFTER = "## Counselling (issue #13)"  # the section this one follows
MARKERS = "<!-- claims-bench:{database}:start -->", "<!-- claims-bench:{database}:end -->"
HQ_EMAIL = "bench-claims-hq@example.jp"  # reads the board, decides, prepares payments
APPROVER_EMAIL = "bench-claims-hq2@example.jp"  # approves the payments (the two-person rule)
ORG_EMAIL = "bench-claims-org@example.jp"  # staff of the contracting organisation with the most participants
PARTICIPANT_EMAIL = "bench-claims-participant@example.jp"  # one of its participants, with an account
CLAIMANT_EMAIL = "bench-claims-claimant@example.jp"  # `created_by` of the other claims (see the README)
PARTICIPANTS = "@bench-jet.example"  # bench/jet.py's participants
JST = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 12, 3, 18, tzinfo=JST)  # the data's "today": nothing is dated after it
TOTAL = 10_000
PAGE_CLAIMS = 8  # claims of the measured participant: JLPT, TEFL and six counselling claims
ALONE = 20  # requests of each target, one at a time, in-process


def log(message: str) -> None:
    print(f"[claims] {message}", file=sys.stderr, flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def jst(y, m, d, hour=9) -> datetime:
    return datetime(y, m, d, hour, tzinfo=JST)


# The five calls of FY2026: (key, scheme, title, opens, closes, envelope, claims, states). A state is (status,
# share, payment): payment "approved" / "prepared" / None for the share of those claims with a settlement.
CALLS = [
    ("jlpt", "jet_jlpt", "令和8年度 JETプログラム参加者 日本語能力試験受験料助成（7月試験）", jst(2026, 9, 1),
     jst(2026, 11, 13, 17), 30_000_000, 3_600,
     [("awarded", 1700, "approved"), ("awarded", 300, "prepared"), ("awarded", 300, None), ("submitted", 800, None),
      ("returned", 120, None), ("rejected", 180, None), ("withdrawn", 60, None), ("draft", 140, None)]),
    ("tefl", "jet_tefl", "令和8年度 JETプログラム参加者 TEFL/TESOL講座受講料助成", jst(2026, 4, 1),
     jst(2027, 2, 26, 17), 25_000_000, 1_400,
     [("awarded", 500, "approved"), ("awarded", 200, None), ("submitted", 450, None), ("returned", 50, None),
      ("rejected", 30, None), ("draft", 170, None)]),
    ("sea", "jet_sea", "令和8年度 JETプログラム参加者（SEA）研修受講料助成", jst(2026, 4, 1), jst(2027, 2, 26, 17),
     3_000_000, None,  # every SEA in the programme: one claim each
     [("awarded", 50, "approved"), ("submitted", 35, None), ("draft", 15, None)]),
    ("counselling-1", "jet_counselling", "令和8年度 JETプログラム参加者 カウンセリング費用助成（上半期）",
     jst(2026, 4, 1), jst(2026, 10, 30, 17), 30_000_000, None,  # costs of April to September
     [("awarded", 2200, "approved"), ("awarded", 150, "prepared"), ("awarded", 150, None),
      ("submitted", 160, None), ("rejected", 60, None), ("withdrawn", 30, None), ("draft", 50, None)]),
    ("counselling-2", "jet_counselling", "令和8年度 JETプログラム参加者 カウンセリング費用助成（下半期）",
     jst(2026, 10, 1), jst(2027, 4, 15, 17), 20_000_000, None,  # costs of October to March
     [("awarded", 200, "approved"), ("awarded", 400, None), ("submitted", 1100, None), ("returned", 60, None),
      ("draft", 380, None)]),
]
TEFL_LIMIT = 1_000  # the scheme's claims granted a year, as staff would set it for 6,000 participants
COUNSELLING_PEOPLE = 1_100  # participants with counselling-cost claims this year
LEVELS = ["N1", "N2", "N2", "N3", "N3", "N3"]


@contextmanager
def stamped_as_given(*fields):
    """bulk_create fills `auto_now_add` fields with now: let the generated times through instead."""
    saved = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


def _spread(states: list[tuple], n: int, rng: random.Random) -> list[tuple]:
    """n (status, payment) pairs in the states' shares, shuffled."""
    share = sum(s for _st, s, _p in states)
    plan = [(st, p) for st, s, p in states for _ in range(round(n * s / share))]
    plan = (plan + plan)[:n] if len(plan) < n else plan[:n]
    rng.shuffle(plan)
    return plan


def _people():
    from kizuna.core.enums import OrgKind, Role
    from kizuna.core.models import Organisation, User

    hq = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).order_by("pk").first()
    staff = _person(HQ_EMAIL, "ベンチ 本部 補助金", hq, Role.STAFF, mfa=True)
    approver = _person(APPROVER_EMAIL, "ベンチ 本部 承認", hq, Role.STAFF, mfa=True)
    claimant, _ = User.objects.get_or_create(email=CLAIMANT_EMAIL, defaults={"full_name": "ベンチ 申請者"})
    return staff, approver, claimant


def _biggest_host():
    """The contracting organisation with the most participants in the programme (its staff's lists are the
    longest)."""
    from django.db.models import Count

    from kizuna.jet.enums import ACTIVE
    from kizuna.jet.models import JetHost

    return (JetHost.objects.filter(participants__status__in=ACTIVE, participants__email__endswith=PARTICIPANTS)
            .annotate(n=Count("participants")).order_by("-n", "pk").select_related("organisation").first())


def _calls():
    from kizuna.core.audit import unlogged
    from kizuna.grants.loading import load_schemes, read_schemes
    from kizuna.grants.models import Call, Question, Scheme

    with unlogged("bench data"):
        load_schemes(read_schemes())
        tefl = Scheme.objects.get(code="jet_tefl")
        if (tefl.claim_rules or {}).get("per_year_limit") != TEFL_LIMIT:
            tefl.claim_rules = {**(tefl.claim_rules or {}), "per_year_limit": TEFL_LIMIT}
            tefl.save(update_fields=["claim_rules"])
        calls = {}
        for key, code, title, opens, closes, envelope, _n, _states in CALLS:
            call = Call.objects.filter(title=title).first() or Call.objects.create(
                scheme=Scheme.objects.get(code=code), fiscal_year=2026, title=title, opens_at=opens,
                closes_at=closes, envelope=envelope, is_published=True)
            calls[key] = call
        if not calls["jlpt"].questions.exists():
            Question.objects.create(call=calls["jlpt"], order=1, key="level", label="受験したレベル",
                                    kind="choice", required=True, choices=["N1", "N2", "N3", "N4", "N5"])
        if not calls["tefl"].questions.exists():
            Question.objects.create(call=calls["tefl"], order=1, key="hours", label="講座の時間数",
                                    kind="number", required=True)
    return calls


def _who_claims(rng, people, chosen, sizes) -> dict:
    """Participants per call: JLPT once per person in years 1-3, TEFL anyone, SEA every SEA, counselling some
    participants several times a year; the measured participant has a claim in each of JLPT, TEFL and six in
    counselling."""
    early = [p for p in people if p.contract_year <= 3 and p.pk != chosen.pk]
    jlpt = [chosen] + rng.sample(early, sizes["jlpt"] - 1)
    tefl = [chosen] + rng.sample([p for p in people if p.pk != chosen.pk], sizes["tefl"] - 1)
    sea = [p for p in people if p.position == "sea"]
    # counselling: COUNSELLING_PEOPLE participants, 2-8 claims each in the year (a few in the organisation)
    rest = TOTAL - len(jlpt) - len(tefl) - len(sea)
    others = rng.sample([p for p in people if p.pk != chosen.pk], COUNSELLING_PEOPLE - 1)
    counts = [rng.randint(2, 7) for _ in others]
    k = 0
    while sum(counts) + 6 != rest:  # adjust to exactly the 10,000
        i = k % len(counts)
        step = 1 if sum(counts) + 6 < rest else -1
        if 2 <= counts[i] + step <= 8:
            counts[i] += step
        k += 1
    counselling = [(chosen, 6)] + list(zip(others, counts, strict=True))
    return {"jlpt": jlpt, "tefl": tefl, "sea": sea, "counselling": counselling}


def make_claims(rng: random.Random, *, fresh: bool = False) -> dict:
    """10,000 claims with their cost lines, letters and payments (bulk: BENCH DATA, not through the services)."""
    from django.db import transaction
    from django.db.models import Max

    from kizuna.core.audit import unlogged
    from kizuna.core.enums import Role
    from kizuna.core.models import User
    from kizuna.grants.models import Application, CostLine, LetterSequence, Payment
    from kizuna.jet.enums import ACTIVE
    from kizuna.jet.models import Participant

    staff, approver, claimant = _people()
    host = _biggest_host()
    org_staff = _person(ORG_EMAIL, "ベンチ 任用団体 担当", host.organisation, Role.STAFF)
    calls = _calls()
    bench = Application.objects.filter(call__in=calls.values())
    if not fresh and bench.count() == TOTAL:
        return facts(calls, host)
    t0 = time.monotonic()
    with transaction.atomic(), unlogged("bench data"), stamped_as_given(
            Application._meta.get_field("created_at"), Payment._meta.get_field("prepared_at")):
        Payment.objects.filter(application__in=bench).delete()
        bench.delete()  # with their cost lines (cascade)
        people = list(Participant.objects.filter(status__in=ACTIVE, email__endswith=PARTICIPANTS)
                      .select_related("host").order_by("pk"))
        org_people = [p for p in people if p.host_id == host.pk]
        chosen = next((p for p in org_people if p.contract_year <= 3 and p.position != "sea"), org_people[0])
        user, _ = User.objects.get_or_create(email=PARTICIPANT_EMAIL, defaults={"full_name": str(chosen)})
        Participant.objects.filter(person=user).exclude(pk=chosen.pk).update(person=None)
        Participant.objects.filter(pk=chosen.pk).update(person=user)
        sizes = {key: n for key, _c, _t, _o, _cl, _e, n, _s in CALLS if n}
        who = _who_claims(rng, people, chosen, sizes)
        sequence, _ = LetterSequence.objects.get_or_create(fiscal_year=2026)
        first_letter = max(sequence.last_number, Application.objects.filter(letter_year=2026).aggregate(
            n=Max("letter_number"))["n"] or 0) + 1
        letter = [first_letter]
        apps, lines, pays = [], [], []

        def claim(call, participant, status, payment, requested, cost_lines, answers, when):
            """One claim, dated `when` (its creation); submitted a few days later, decided within weeks."""
            decided = status in ("awarded", "rejected")
            submitted = None if status == "draft" else min(when + timedelta(days=rng.uniform(1, 10)), NOW)
            decided_at = min(submitted + timedelta(days=rng.uniform(5, 30)), NOW) if decided else None
            number = None
            if decided:
                number = letter[0]
                letter[0] += 1
            a = Application(
                call=call, applicant_id=participant.host.organisation_id, beneficiary=participant,
                title=f"{call.scheme.name}（{participant}）"[:200], answers=answers, requested_amount=requested,
                decided_amount=requested if status == "awarded" else None, status=status,
                round_number=0 if status == "draft" else 2 if status == "returned" and rng.random() < 0.3 else 1,
                created_by=user if participant.pk == chosen.pk else claimant, created_at=when,
                submitted_at=submitted, decided_at=decided_at, decided_by=staff if decided else None,
                letter_year=2026 if decided else None, letter_number=number)
            apps.append(a)
            lines.append((a, cost_lines))
            if payment:
                pays.append((a, payment, decided_at))

        for key, _code, _title, opens, closes, _env, _n, states in CALLS:
            call = calls[key]
            start, end = opens, min(closes, NOW - timedelta(days=14))
            span = (end - start).total_seconds()
            if key == "jlpt":
                plan = _spread(states, len(who["jlpt"]), rng)
                for p, (status, payment) in zip(who["jlpt"], plan, strict=True):
                    level = rng.choice(["N4", "N5"]) if status == "rejected" else rng.choice(LEVELS)
                    fee = 7_500 if level in ("N1", "N2") else 6_500
                    claim(call, p, status, payment, fee, [("受験料", f"日本語能力試験 {level} 受験料", fee)],
                          {"level": level}, start + timedelta(seconds=rng.uniform(0, span)))
            elif key in ("tefl", "sea"):
                plan = _spread(states, len(who[key]), rng)
                for p, (status, payment) in zip(who[key], plan, strict=True):
                    if key == "tefl":
                        fee = rng.choice([28_000, 39_800, 45_000, 60_500])
                        hours = rng.choice([60, 80]) if status == "rejected" else rng.choice([100, 120, 150, 168])
                        claim(call, p, status, payment, 15_000, [("受講料", f"TEFL/TESOL講座 {hours}時間", fee)],
                              {"hours": str(hours)}, start + timedelta(seconds=rng.uniform(0, span)))
                    else:
                        fee = rng.choice([18_000, 24_000, 32_000, 45_000])
                        claim(call, p, status, payment, fee, [("研修受講料", "SEA研修 受講料", fee)], {},
                              start + timedelta(seconds=rng.uniform(0, span)))
        # counselling: each participant's claims in order over the year, under the ¥30,000 cap (50 % of the cost)
        first_half, second_half = [], []
        for p, n in who["counselling"]:
            # 1 April → mid-November; the measured participant's three in each half
            days = [20, 60, 120, 190, 215, 225] if p.pk == chosen.pk else sorted(rng.uniform(0, 230)
                                                                                 for _ in range(n))
            for day in days:
                cost = rng.choice([8_000, 10_000, 11_000, 12_000])
                sessions = 2 if rng.random() < 0.2 else 1
                amount = min(cost * sessions // 2, 30_000 // n)  # half the cost, within the year's cap
                when = jst(2026, 4, 1) + timedelta(days=day)
                (first_half if when < jst(2026, 10, 1) else second_half).append((p, amount, cost, sessions, when))
        for key, rows in (("counselling-1", first_half), ("counselling-2", second_half)):
            states = next(s for k, *_x, s in CALLS if k == key)
            plan = _spread(states, len(rows), rng)
            for (p, amount, cost, sessions, when), (status, payment) in zip(rows, plan, strict=True):
                claim(calls[key], p, status, payment, amount,
                      [("カウンセリング費用", f"カウンセリング {k + 1}回目", cost) for k in range(sessions)], {},
                      max(when, calls[key].opens_at))
        Application.objects.bulk_create(apps, batch_size=1000)
        CostLine.objects.bulk_create([CostLine(application=a, category=c, description=d, amount=amount)
                                      for a, rows in lines for c, d, amount in rows], batch_size=2000)
        Payment.objects.bulk_create([
            Payment(application=a, kind="settlement", amount=a.decided_amount, status=payment,
                    prepared_by=staff, prepared_at=min(decided + timedelta(days=rng.uniform(1, 10)), NOW),
                    approved_by=approver if payment == "approved" else None,
                    approved_at=min(decided + timedelta(days=rng.uniform(11, 20)), NOW) if payment == "approved"
                    else None)
            for a, payment, decided in pays], batch_size=2000)
        LetterSequence.objects.filter(pk=sequence.pk).update(last_number=letter[0] - 1)
    log(f"{len(apps):,} claims, {sum(len(r) for _a, r in lines):,} cost lines, {len(pays):,} payments in "
        f"{time.monotonic() - t0:.1f} s (org staff {org_staff.email})")
    return facts(calls, host)


def facts(calls: dict, host) -> dict:
    from django.db.models import Count

    from kizuna.grants.models import Application, CostLine, Payment
    from kizuna.jet.enums import ACTIVE
    from kizuna.jet.models import Participant

    bench = Application.objects.filter(call__in=calls.values())
    per_call = {key: dict(bench.filter(call=c).values_list("status").annotate(n=Count("pk")).order_by())
                for key, c in calls.items()}
    busiest = max(calls, key=lambda k: sum(per_call[k].values()))
    participant = Participant.objects.get(person__email=PARTICIPANT_EMAIL)
    org_claims = bench.filter(applicant=host.organisation)
    return {"claims": bench.count(), "claimants": bench.values("beneficiary").distinct().count(),
            "organisations": bench.values("applicant").distinct().count(),
            "states": dict(bench.values_list("status").annotate(n=Count("pk")).order_by()),
            "per_call": per_call, "call_pks": {k: c.pk for k, c in calls.items()},
            "call_titles": {k: c.title for k, c in calls.items()},
            "busiest": busiest, "board_rows": sum(n for s, n in per_call[busiest].items()
                                                  if s not in ("draft", "returned", "withdrawn")),
            "cost_lines": CostLine.objects.filter(application__in=bench).count(),
            "payments": dict(Payment.objects.filter(application__in=bench).values_list("status")
                             .annotate(n=Count("pk")).order_by()),
            "org": host.organisation.name, "org_kind": host.organisation.kind,
            "org_participants": host.participants.filter(status__in=ACTIVE).count(), "org_claims": org_claims.count(),
            "participant": participant.pk, "participant_claims": bench.filter(beneficiary=participant).count(),
            "all_applications": Application.objects.count()}


def vacuum() -> None:
    """PostgreSQL: what autovacuum does after bulk inserts (the visibility map, so that an index-only scan is one:
    the board counts and sums a call's claims from an index)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) grants_application, grants_costline, grants_payment")


# --------------------------------------------------------------------------------------------------- HTTP


def alone(targets: list[tuple], emails: dict) -> dict:
    """Each target's pages one request at a time, in-process (Django's test client, the whole middleware)."""
    from django.test import Client

    from kizuna.core.models import User

    out = {}
    for target, _marker, _has_target in targets:
        client = Client(headers={"accept-language": "ja"})
        client.force_login(User.objects.get(email=emails[target.name]),
                           backend="django.contrib.auth.backends.ModelBackend")
        for path in target.paths:
            client.get(path)  # warm: imports, templates, caches
        times = []
        queries, wrapper = counting()
        with wrapper:
            for i in range(ALONE):
                t0 = time.perf_counter()
                response = client.get(target.paths[i % len(target.paths)])
                times.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    raise SystemExit(f"{target.name}: status {response.status_code}")
        times.sort()
        out[target.name] = {"median_ms": round(times[len(times) // 2] * 1000, 1), "best_ms": round(times[0] * 1000, 1),
                            "queries": round(len(queries) / ALONE, 1), "kb": round(len(response.content) / 1024)}
    log(f"alone: {out}")
    return out


def _pages(rows: int, per_page: int) -> list[str]:
    """The first, a middle and the last page of a paged list ("" for the first)."""
    last = max(-(-rows // per_page), 1)
    return list(dict.fromkeys(["", *(f"?page={n}" for n in (last // 2, last) if n > 1)]))


def targets_of(data: dict) -> list[tuple]:
    from kizuna.grants.queries import BOARD_PAGE, OWN_PAGE

    hq, org, me = headers(HQ_EMAIL), headers(ORG_EMAIL), headers(PARTICIPANT_EMAIL)
    board = f"/grants/calls/{data['call_pks'][data['busiest']]}/board/"
    boards, own = _pages(data["board_rows"], BOARD_PAGE), _pages(data["org_claims"], OWN_PAGE)
    api = "/api/v1/grants/applications"
    return [
        (Target("board", f"(a) headquarters' claims board `{board}`: the busiest call ({data['board_rows']:,} "
                f"claims submitted or decided; {BOARD_PAGE} a page: pages " + ", ".join(
                    p.removeprefix("?page=") or "1" for p in boards) + ")", [board + p for p in boards], hq),
         b'data-testid="ranking"', True),
        (Target("org-page", f"(b) the contracting organisation's \"my applications\" `/grants/applications/` "
                f"({data['org']}, {data['org_claims']:,} claims; {OWN_PAGE} a page: pages " + ", ".join(
                    p.removeprefix("?page=") or "1" for p in own) + ")", ["/grants/applications/" + p for p in own],
                org), b'data-testid="applications"', True),
        (Target("org-api", f"(c) `{api}` for the same member of staff", [api], org), b'"claimed_for"', False),
        (Target("participant-page", f"(d) the participant's own page `/jet/participants/<pk>/` with their "
                f"{data['participant_claims']} claims", [f"/jet/participants/{data['participant']}/"], me),
         b'data-testid="participant-claims"', False),
    ]


# ------------------------------------------------------------------------------------------------- report


def app_code() -> dict:
    """When the measured code last changed."""
    app = BENCH_DIR.parent / "kizuna" / "grants"
    files = [*app.rglob("*.py"), *app.rglob("*.html")]
    latest = max(files, key=lambda f: f.stat().st_mtime)
    return {"latest_change": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(latest.stat().st_mtime)),
            "file": str(latest.relative_to(BENCH_DIR.parent))}


def intro() -> str:
    shares = "; ".join(
        f"{title.removeprefix('令和8年度 JETプログラム参加者 ')}: "
        + ("every SEA in the programme" if key == "sea" else "the rest, by the date of the cost" if n is None
           else f"{n:,}")
        for key, _c, title, _o, _cl, _e, n, _s in CALLS)
    return f"""{SECTION}

Issue #13, item 11: **6,000 participants with 20,000 counselling messages and 10,000 claims: the counsellor's
queue and the claims board p95 < 150 ms at 8 clients.** The counselling part is bench/counselling.py (above);
this is the claims part. A claim is a grants application of a scheme with `claims_for_participants` (docs/jet.md,
"Subsidies"): the participant is its `beneficiary`, their contracting organisation its applicant.

    .venv/bin/python bench/claims.py --readme              # SQLite: bench/data/jet.sqlite3 (bench/jet.py's data)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_jet .venv/bin/python bench/claims.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data

**Data** (bench data, bulk-inserted, no services, no audit entries; generated once and reused, `--new-data` to
make them again): bench/jet.py's world (6,000 participants in the programme at 984 contracting organisations),
the grant schemes of kizuna/grants/data/schemes.toml (the TEFL/TESOL scheme's claims granted a year set to
{TEFL_LIMIT:,}), two members of CLAIR headquarters (MFA set up: one decides and prepares payments, the other approves
them), a member of staff of the contracting organisation with the most participants in the programme, and
**{TOTAL:,} claims** on five calls of FY2026 — {shares} — for participants in the programme, each filed in the name of
the participant's contracting organisation. JLPT claims are once per person and for appointment years 1–3;
counselling claims are several a year for {COUNSELLING_PEOPLE:,} participants, half the cost each, within ¥30,000
a participant a year. Every state occurs, mostly submitted or awarded; each claim has its cost lines (one, or
two sessions of counselling), the decided ones their letter number, and most of the awarded ones a settlement
prepared by one member of headquarters and approved by the other (some waiting for approval). One participant
of that organisation has an account and {PAGE_CLAIMS} claims; the other claims' `created_by` is one bench
account (bench/jet.py's participants have no accounts). No attachments or submission rounds (the pages measured
do not read them).

**How it is measured.** As bench/jet.py: gunicorn 2 workers × 4 threads (`DEBUG` off), 8 keep-alive clients,
3 s warm-up, 15 s measured per target: (a) headquarters' board of the busiest claims call
`/grants/calls/<pk>/board/` (the review and decision board: the ranking, 50 a page, with the amount inputs and
assignment boxes, progress per reviewer, the decision and assignment forms; its first, middle and last page in
rotation), (b) that organisation's "my applications" `/grants/applications/` as its member of staff (50 a page;
both pages), (c) `GET /api/v1/grants/applications` for the same person (every claim of the organisation:
the API list is not paged), (d) the participant's own page `/jet/participants/<pk>/`, whose section lists
their claims (reported, no target). Then each target one request at a time, in-process (Django's test client,
median of {ALONE}, the database connection kept between requests as the server keeps it: `CONN_MAX_AGE=60`),
with its query count. On PostgreSQL the claims' tables are `VACUUM (ANALYZE)`d after the bulk insert, as
autovacuum would soon do (without it no index-only scan is one). The machine has **2 cores, shared** with other
sessions' work, and the load generator runs on it too: the load average and the other work's cores are given
per target (`--wait-for-idle` waits, up to its limit, for that work to settle); on PostgreSQL "other" includes
the database server's own processes.
"""


def markdown(report: dict) -> str:
    d = report["data"]
    start, end = (m.format(database=report["database"]) for m in MARKERS)
    calls = "; ".join(f"{d['call_titles'][k].removeprefix('令和8年度 JETプログラム参加者 ')} {sum(v.values()):,}"
                      for k, v in d["per_call"].items())
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']} ({report['machine'].get('cpu', '?')}, "
             f"{report['machine'].get('cores', '?')} cores shared with other sessions' work; load average before: "
             f"{report['loadavg']}). Data: {d['claims']:,} claims of {d['claimants']:,} participants at "
             f"{d['organisations']:,} contracting organisations ("
             + ", ".join(f"{k} {v:,}" for k, v in sorted(d["states"].items())) + f"); per call: {calls}; "
             f"{d['cost_lines']:,} cost lines, payments "
             + ", ".join(f"{k} {v:,}" for k, v in sorted(d["payments"].items())) +
             f". The organisation: {d['org']} ({d['org_kind']}, {d['org_participants']} participants, "
             f"{d['org_claims']} claims). Reproduce: `{report['command']}`.", "",
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
    alone_text = "; ".join(
        f"{r['label'].split(' ', 1)[0]} {a['median_ms']} ms (best {a['best_ms']}; {a['queries']:g} queries, "
        f"{a['kb']:,} KB)" for r in report["reads"] for a in [report["alone"][r["name"]]])
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
    """The run's table between its markers, in the claims section after the counselling section of
    bench/README.md (added, with a place for each database, the first time)."""
    current = README.read_text(encoding="utf-8")
    if SECTION not in current:
        blocks = "".join(f"\n{s}\n\n### {db}\n\nNot run yet.\n\n{e}\n" for db in ("sqlite", "postgres")
                         for s, e in [(m.format(database=db) for m in MARKERS)])
        section = intro() + blocks
        if AFTER in current:  # before the section that follows the counselling one, if any
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--new-data", action="store_true", help="make the claims again")
    parser.add_argument("--only", choices=["board", "org-page", "org-api", "participant-page"])
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each target, wait up to this long for the machine's other work to settle")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'jet.sqlite3'}"
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    # In-process as in the server (bench/run.py's bench_env): the connection is kept between requests, not opened
    # again for each one (on PostgreSQL that alone is several ms a request).
    os.environ.setdefault("CONN_MAX_AGE", "60")
    setup(database_url)
    from django.utils import timezone

    make_world(random.Random(2026))
    data = make_claims(random.Random(11), fresh=args.new_data)  # its own seed: the same claims however the world came
    analyze()
    vacuum()
    log(f"data: {data}")
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": data, "loadavg": loadavg(),
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/claims.py " + " ".join(argv if argv is not None else sys.argv[1:])}
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
    report["alone"] = alone(targets, {"board": HQ_EMAIL, "org-page": ORG_EMAIL, "org-api": ORG_EMAIL,
                                      "participant-page": PARTICIPANT_EMAIL})
    report["app_code"] = app_code()
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"claims-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if args.readme and not args.only:
        write_readme(text, report["database"])
    return 0 if all(r["p95_ms"] < P95_MS and not r["errors"] for r in reads if r["target"]) else 1


if __name__ == "__main__":
    sys.exit(main())
