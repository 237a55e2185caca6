#!/usr/bin/env python
"""Benchmark of counselling (issue #13): a counsellor's queue over 4,000 cases and 20,000 sealed messages.

    .venv/bin/python bench/counselling.py              # SQLite: bench/data/jet.sqlite3 (bench/jet.py's data)
    .venv/bin/python bench/counselling.py --readme     # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_jet .venv/bin/python bench/counselling.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data

1. **Data**: bench/jet.py's world (6,000 participants in the programme, 600 outside it), then BENCH DATA
   bulk-inserted (no services, no audit entries; generated once and reused): three counsellors and a counselling
   supervisor at CLAIR headquarters (MFA set up, as CLAIR staff must), and 4,000 cases of participants in the
   programme: 300 waiting for a counsellor, 1,500 open (shared among the three counsellors, a few with a second
   counsellor), 2,200 closed; web mail and video; 20,000 messages of 200-800 characters in English or Japanese.
   The messages go through `Message.objects.bulk_create`, so `SealedTextField.get_prep_value` seals them: the
   rows hold Fernet tokens, as the services write them.
2. **Reads** (HTTP, gunicorn 2 workers x 4 threads, as bench/jet.py): a counsellor's page `/counselling/` (the
   queue and the open cases they are on, 50 a page each with the count of the whole list; its first pages and
   `?queue=3&mine=5`), `/api/v1/counselling/queue` (50 a page), a case page with 10 messages read by its
   counsellor (every message opened, an access-log entry written per read), and the supervisor's page (the
   queue and the open cases at high risk, 50 a page each). Then the same pages one request at a time,
   in-process (Django's test client).
3. **Opening a message** (in-process): ~5,000 messages read through the ORM (each body unsealed), the same ORM
   query with the opening switched off, the same SQL's raw column through `connection.cursor()`, and
   `kizuna.core.sealed.unseal` alone on those tokens: the cost of encryption per message read.

Exits with 1 when (a) or (b) misses p95 < 150 ms.
"""

import argparse
import json
import os
import random
import sys
import time
from contextlib import contextmanager, nullcontext
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

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
    log,
    make_world,
    measure,
    setup,
    yes,
)
from bench.run import machine, wait_for_idle  # noqa: E402

README = BENCH_DIR / "README.md"
SECTION = "## Counselling (issue #13)"
MARKERS = "<!-- counselling-bench:{database}:start -->", "<!-- counselling-bench:{database}:end -->"
COUNSELLORS = [f"bench-counsellor-{n}@example.jp" for n in (1, 2, 3)]
COUNSELLOR_NAMES = ["ベンチ 相談員 一", "ベンチ 相談員 二", "ベンチ 相談員 三"]
SUPERVISOR_EMAIL = "bench-counselling-supervisor@example.jp"
PARTICIPANTS = "@bench-jet.example"  # bench/jet.py's participants: every case on them is bench data
WAITING, OPEN, CLOSED = 300, 1_500, 2_200
MESSAGES = 20_000
PAGE_CASES, PAGE_MESSAGES = 8, 10  # the case pages read in (c): open video cases of counsellor 1, 10 messages each
SECOND_COUNSELLOR = 0.05  # share of the open and closed cases the supervisor gave a second counsellor
OPENED = 5_000  # messages opened in-process
ALONE = 20  # requests of each target, one at a time, in-process
REPEAT = 25  # in-process runs of each variant, taking turns: the best one is kept

EN_PARTICIPANT = [
    "I have been finding it hard to sleep since the winter started, and I wake up at four most mornings.",
    "At school most teachers are kind, but nobody really talks to me outside of lessons.",
    "My supervisor asked me to stay late again this week for the speech contest, and I did not feel I could say no.",
    "I eat lunch alone in the staff room every day and I am starting to dread it.",
    "My town is very small and the nearest station is forty minutes away by bus.",
    "I keep thinking about whether I should recontract or go home in the summer.",
    "My family back home do not really understand why I feel like this.",
    "Last week one of the teachers made a comment about my appearance in front of the students.",
    "I went to the clinic for my stomach pains, but I could not explain everything in Japanese.",
    "Some days I feel fine, and then on Sunday evenings everything feels heavy again.",
    "I am worried that if I tell my contracting organisation they will think I cannot do the job.",
    "My apartment is freezing and the kerosene heater makes me nervous at night.",
    "I have started drinking more than I used to on weekends, mostly because there is nothing else to do.",
    "Thank you for answering so quickly; it already helps to write this down.",
    "I tried the breathing exercise you suggested and it helped a little before class.",
    "I do not want this to go to my PA or to my school, if that is possible.",
]
EN_COUNSELLOR = [
    "Thank you for writing to us, and for telling me this much already.",
    "What you describe is something many participants feel in their first winter in Japan.",
    "Could you tell me a little more about what a usual day at school looks like for you?",
    "Everything you write here is read only by the counsellors on your case and the counselling supervisor.",
    "It may help to keep a short note of when you sleep and how you feel in the morning for a week.",
    "If at any point you feel unsafe, please call 119 or go to the nearest hospital first.",
    "Would a video session be easier for you than writing? You can book one from this page.",
    "Your feelings about recontracting are worth taking seriously; there is no wrong answer.",
    "Many clinics in the prefecture have an English-speaking doctor; I can suggest one near you.",
    "Small routines, such as a walk after school or a regular call home, often make the evenings easier.",
    "I will write again on Thursday; reply whenever you are ready, there is no hurry.",
    "It sounds as if the comment at school upset you, and it is understandable that it did.",
]
JA_PARTICIPANT = [
    "冬になってから夜になかなか眠れず、朝四時ごろに目が覚めてしまいます。",
    "学校の先生方は親切ですが、授業以外で話しかけられることはほとんどありません。",
    "今週もスピーチコンテストの準備で遅くまで残るように言われ、断れませんでした。",
    "毎日職員室で一人で昼ご飯を食べていて、その時間がつらくなってきました。",
    "住んでいる町はとても小さく、最寄りの駅までバスで四十分かかります。",
    "来年度の任用を続けるか、夏に帰国するかをずっと考えています。",
    "家族に話しても、なぜこう感じるのかあまり分かってもらえません。",
    "先週、ある先生に生徒の前で見た目のことを言われ、とても嫌な気持ちになりました。",
    "胃の痛みで病院に行きましたが、日本語で全部を説明することができませんでした。",
    "調子の良い日もあるのですが、日曜日の夜になるとまた気持ちが重くなります。",
    "任用団体に相談すると仕事ができないと思われるのではないかと心配です。",
    "週末にお酒を飲む量が前より増えてしまいました。他にすることがないからだと思います。",
    "すぐに返信をいただきありがとうございます。書くだけでも少し楽になりました。",
    "できればこのことは担当の PA や学校には伝わらないようにしたいです。",
]
JA_COUNSELLOR = [
    "ご相談いただきありがとうございます。ここまで書いてくださったことに感謝します。",
    "お書きになったことは、来日して最初の冬に多くの参加者が感じることでもあります。",
    "普段の学校での一日がどのような様子か、もう少し教えていただけますか。",
    "ここに書かれた内容は、担当の相談員とスーパーバイザー以外が読むことはありません。",
    "一週間ほど、寝た時間と朝の気分を簡単にメモしてみると役に立つかもしれません。",
    "危険を感じるときは、まず119番に電話するか、近くの病院に行ってください。",
    "文章よりも話すほうが楽でしたら、このページからビデオ相談を予約できます。",
    "再任用についての迷いは大切なことです。正しい答えが一つあるわけではありません。",
    "県内には英語で診察できる医師のいる病院もありますので、近くの病院をご紹介できます。",
    "木曜日にまたご連絡します。お返事は急がなくて大丈夫です。",
]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def body(rng: random.Random, language: str, from_participant: bool) -> str:
    """A message of 200-800 characters: sentences of its side and language, now and then a new paragraph."""
    pool = (JA_PARTICIPANT if from_participant else JA_COUNSELLOR) if language == "ja" else \
        (EN_PARTICIPANT if from_participant else EN_COUNSELLOR)
    joiner = "" if language == "ja" else " "
    goal, text = rng.randint(200, 800), ""
    while len(text) < goal:
        sentence = rng.choice(pool)
        if len(text) + len(sentence) + 2 > 800:
            break
        text += ("\n\n" if text and rng.random() < 0.2 else joiner if text else "") + sentence
    return text


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


def _people():
    from kizuna.core.enums import OrgKind, Role
    from kizuna.core.models import Organisation

    hq = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).order_by("pk").first()
    counsellors = [_person(email, name, hq, Role.COUNSELLOR, mfa=True)
                   for email, name in zip(COUNSELLORS, COUNSELLOR_NAMES, strict=True)]
    supervisor = _person(SUPERVISOR_EMAIL, "ベンチ スーパーバイザー", hq, Role.COUNSELLING_SUPERVISOR, mfa=True)
    return counsellors, supervisor


def _plan_messages(rng: random.Random, statuses: list[str], pages: set[int]) -> list[int]:
    """Messages per case, adding up to exactly MESSAGES; the measured case pages have PAGE_MESSAGES each."""
    spread = {"waiting": (1, 2), "open": (2, 12), "closed": (2, 6)}
    plan = [PAGE_MESSAGES if i in pages else 1 if s == "waiting" and rng.random() < 0.8 else rng.randint(*spread[s])
            for i, s in enumerate(statuses)]
    left = MESSAGES - sum(plan)
    adjustable = [i for i, s in enumerate(statuses) if s != "waiting" and i not in pages]
    rng.shuffle(adjustable)
    step = 1 if left > 0 else -1
    k = 0
    while left:
        i = adjustable[k % len(adjustable)]
        if 2 <= plan[i] + step <= 14:
            plan[i] += step
            left -= step
        k += 1
    return plan


def make_cases(rng: random.Random, *, fresh: bool = False) -> dict:
    """4,000 cases with their counsellors and 20,000 sealed messages (bulk: BENCH DATA, not through the services)."""
    from django.db import transaction
    from django.utils import timezone

    from kizuna.core.audit import unlogged
    from kizuna.counselling.enums import Risk, Topic
    from kizuna.counselling.models import Case, CaseCounsellor, Message
    from kizuna.jet.enums import ACTIVE
    from kizuna.jet.models import Participant

    counsellors, supervisor = _people()
    bench_cases = Case.objects.filter(participant__email__endswith=PARTICIPANTS)
    if (not fresh and bench_cases.count() == WAITING + OPEN + CLOSED
            and Message.objects.filter(case__in=bench_cases).count() == MESSAGES):
        return facts(counsellors, supervisor)
    t0 = time.monotonic()
    now = timezone.now()
    tz = timezone.get_current_timezone()
    with transaction.atomic(), unlogged("bench data"), stamped_as_given(
            Case._meta.get_field("opened_at"), Message._meta.get_field("sent_at"),
            CaseCounsellor._meta.get_field("added_at")):
        bench_cases.delete()  # with their messages and counsellors (cascade)
        people = list(Participant.objects.filter(status__in=ACTIVE, email__endswith=PARTICIPANTS).order_by("pk"))
        statuses = ["waiting"] * WAITING + ["open"] * OPEN + ["closed"] * CLOSED
        # one waiting or open case a participant at most; a closed case may be anyone's (an earlier worry)
        current = rng.sample(people, WAITING + OPEN)
        whose = current + [rng.choice(people) for _ in range(CLOSED)]
        channels = ["video" if rng.random() < 0.2 else "mail" for _ in statuses]
        # counsellor 1's measured case pages: the first open video cases that fall to them
        owner = {i: counsellors[(i - WAITING) % 3] for i in range(WAITING, WAITING + OPEN + CLOSED)}
        for i in range(WAITING, WAITING + 3 * PAGE_CASES, 3):
            channels[i] = "video"
        pages = set(range(WAITING, WAITING + 3 * PAGE_CASES, 3))
        plan = _plan_messages(rng, statuses, pages)

        cases, threads = [], []
        for status, participant, channel, n in zip(statuses, whose, channels, plan, strict=True):
            arrived = datetime.combine(participant.arrived_on, clock(9), tzinfo=tz) + timedelta(days=7)
            if status == "waiting":
                opened = now - timedelta(minutes=rng.randint(10, 3 * 24 * 60))
            elif status == "open":
                opened = max(now - timedelta(days=rng.uniform(1, 120)), min(arrived, now - timedelta(days=1)))
            else:
                opened = max(now - timedelta(days=rng.uniform(30, 700)), min(arrived, now - timedelta(days=30)))
            taken = None if status == "waiting" else opened + timedelta(hours=rng.uniform(0.5, 48))
            end = now if status != "closed" else min(opened + timedelta(days=rng.uniform(3, 60)), now)
            first = taken or opened
            times = [opened] + sorted(first + (end - first) * rng.random() for _ in range(n - 1))
            # a thread alternates, mostly; a waiting case has only the participant's words
            sides = [True] + [status == "waiting" or (k % 2 == 0) != (rng.random() < 0.15) for k in range(1, n)]
            risk = Risk.LOW if status == "waiting" else rng.choices(
                [Risk.LOW, Risk.MEDIUM, Risk.HIGH], [70, 27, 3] if status == "open" else [75, 24, 1])[0]
            language = "ja" if rng.random() < 0.25 else "en"
            cases.append(Case(
                participant=participant, channel=channel, language=language, status=status,
                topic="" if status == "waiting" else rng.choice(Topic.values), risk=risk, opened_at=opened,
                taken_at=taken, closed_at=times[-1] + timedelta(days=rng.uniform(1, 14)) if status == "closed"
                else None, last_message_at=times[-1], awaiting_counsellor=sides[-1]))
            threads.append((times, sides, language))
        for c in cases:
            if c.closed_at and c.closed_at > now:
                c.closed_at = now
        cases = Case.objects.bulk_create(cases, batch_size=1000)
        assignments, messages = [], []
        for i, (case, (times, sides, language)) in enumerate(zip(cases, threads, strict=True)):
            on = []
            if case.status != "waiting":
                on = [owner[i]]
                if i not in pages and rng.random() < SECOND_COUNSELLOR:
                    on.append(rng.choice([c for c in counsellors if c != owner[i]]))
                assignments += [CaseCounsellor(case=case, counsellor=c, added_at=case.taken_at) for c in on]
            for when, from_participant in zip(times, sides, strict=True):
                messages.append(Message(case=case, from_participant=from_participant, sent_at=when,
                                        author=case.participant.person if from_participant else rng.choice(on),
                                        body=body(rng, language, from_participant)))
        CaseCounsellor.objects.bulk_create(assignments, batch_size=2000)
        Message.objects.bulk_create(messages, batch_size=1000)  # sealed on the way: get_prep_value
    log(f"{len(cases):,} cases, {len(assignments):,} counsellors on them, {len(messages):,} messages in "
        f"{time.monotonic() - t0:.1f} s")
    return facts(counsellors, supervisor)


def facts(counsellors, supervisor) -> dict:
    from django.db import connection
    from django.db.models import Count, Q

    from kizuna.core.sealed import PREFIX
    from kizuna.counselling.models import Case, CaseCounsellor, Message

    cases = Case.objects.filter(participant__email__endswith=PARTICIPANTS)
    messages = Message.objects.filter(case__in=cases)
    table, column = Message._meta.db_table, Message._meta.get_field("body").column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), SUM(CASE WHEN {column} LIKE %s THEN 1 ELSE 0 END), "
                       f"AVG(LENGTH({column})) FROM {table}", [PREFIX + "%"])
        stored, sealed, token_chars = cursor.fetchone()
    pages = list(cases.filter(status="open", channel="video", assignments__counsellor=counsellors[0])
                 .annotate(n=Count("messages")).filter(n=PAGE_MESSAGES).order_by("pk")
                 .values_list("pk", flat=True)[:PAGE_CASES])
    on = (CaseCounsellor.objects.filter(case__in=cases.filter(status="open")).values("counsellor__email")
          .annotate(n=Count("pk")).order_by("counsellor__email"))
    return {"cases": cases.count(), "participants_with_a_case": cases.values("participant").distinct().count(),
            "states": dict(cases.values_list("status").annotate(n=Count("pk")).order_by()),
            "channels": dict(cases.values_list("channel").annotate(n=Count("pk")).order_by()),
            "languages": dict(cases.values_list("language").annotate(n=Count("pk")).order_by()),
            "high_risk_open": cases.filter(status="open", risk="high").count(),
            "messages": messages.count(), "stored_messages": stored, "sealed_messages": sealed,
            "avg_token_chars": round(float(token_chars or 0)),
            "open_per_counsellor": [row["n"] for row in on],
            "awaiting_reply": cases.filter(Q(status="open") & Q(awaiting_counsellor=True)).count(),
            "counsellor": counsellors[0].email, "supervisor": supervisor.email, "pages": pages}


# --------------------------------------------------------------------------------------------- in-process


def _best(variants: dict) -> dict:
    """The best of REPEAT runs of each variant, in seconds, the variants taking turns so that a burst of the other
    work on the machine does not fall on one of them only (one run each first, to warm the caches). A variant is
    a function, or a (function, context manager factory) pair."""
    def run(variant) -> float:
        fn, around = variant if isinstance(variant, tuple) else (variant, nullcontext)
        with around():
            t0 = time.perf_counter()
            fn()
            return time.perf_counter() - t0

    for variant in variants.values():
        run(variant)
    runs = {name: [] for name in variants}
    for _ in range(REPEAT):
        for name, variant in variants.items():
            runs[name].append(run(variant))
    return {name: min(values) for name, values in runs.items()}


def alone(targets: list[tuple], emails: dict) -> dict:
    """Each target's pages one request at a time, in-process (Django's test client, the whole middleware): the
    time a request takes with the machine to itself, whatever the other work on it does to the HTTP figures."""
    from django.test import Client

    from kizuna.core.models import User

    out = {}
    for target, _has_target in targets:
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


@contextmanager
def left_sealed():
    """In-process only: `SealedTextField` hands back the stored token instead of opening it, so that the same ORM
    query can be timed with and without the decryption."""
    from kizuna.core.sealed import SealedTextField

    opened = SealedTextField.from_db_value
    SealedTextField.from_db_value = lambda self, value, expression, connection: value
    try:
        yield
    finally:
        SealedTextField.from_db_value = opened


def opening(data: dict) -> dict:
    """The cost of opening messages: the same query through the ORM (each body unsealed), through the ORM with the
    opening switched off, and as a raw column through `connection.cursor()`; `unseal` and `seal` alone."""
    from django.db import connection
    from django.db.models import Count

    from kizuna.core.sealed import PREFIX, seal, unseal
    from kizuna.counselling.models import Case, Message

    ids, n = [], 0
    for pk, count in (Case.objects.filter(participant__email__endswith=PARTICIPANTS).order_by("pk")
                      .values_list("pk").annotate(n=Count("messages"))):
        ids.append(pk)
        n += count
        if n >= OPENED:
            break
    query = Message.objects.filter(case__in=ids).values_list("body", flat=True)
    sql, params = query.query.sql_with_params()

    def raw(sql=sql, params=params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    tokens = [row[0] for row in raw()]
    texts = list(query)
    if len(texts) != len(tokens) or not all(t.startswith(PREFIX) for t in tokens):
        raise SystemExit("the messages read are not the rows stored sealed")
    # one case page's thread of 10 messages, read as the case view reads it (with their authors), 100 times a run
    thread = Case.objects.get(pk=data["pages"][0]).messages.select_related("author")
    tsql, tparams = thread.query.sql_with_params()
    best = _best({
        "orm": lambda: list(query.all()),  # .all(): a fresh queryset each time, not the first one's cache
        "unopened": (lambda: list(query.all()), left_sealed),
        "raw": raw,
        "unseal": lambda: [unseal(t) for t in tokens],
        "seal": lambda: [seal(t) for t in texts],
        "thread": lambda: [list(thread.all()) for _ in range(100)],
        "thread_unopened": (lambda: [list(thread.all()) for _ in range(100)], left_sealed),
        "thread_raw": lambda: [raw(tsql, tparams) for _ in range(100)]})
    orm_s, unopened_s, raw_s, unseal_s, seal_s = (best[k] for k in ("orm", "unopened", "raw", "unseal", "seal"))
    thread_s, thread_unopened_s, thread_raw_s = (best[k] / 100 for k in ("thread", "thread_unopened", "thread_raw"))
    count = len(tokens)
    us = lambda seconds: round(seconds / count * 1e6, 1)  # noqa: E731
    ms = lambda seconds: round(seconds * 1000, 2)  # noqa: E731
    out = {"messages": count, "cases": len(ids), "orm_ms": ms(orm_s), "unopened_ms": ms(unopened_s),
           "raw_ms": ms(raw_s), "orm_us": us(orm_s), "unopened_us": us(unopened_s), "raw_us": us(raw_s),
           "opening_us": us(orm_s - unopened_s), "orm_minus_raw_us": us(orm_s - raw_s),
           "unseal_us": us(unseal_s), "seal_us": us(seal_s),
           "plain_chars": round(sum(map(len, texts)) / count),
           "plain_bytes": round(sum(len(t.encode()) for t in texts) / count),
           "token_chars": round(sum(map(len, tokens)) / count),
           "thread_ms": ms(thread_s), "thread_unopened_ms": ms(thread_unopened_s), "thread_raw_ms": ms(thread_raw_s)}
    log(f"opening: {out}")
    return out


# ------------------------------------------------------------------------------------------------- report


def app_code() -> dict:
    """When the measured code last changed (the app is young and changes under the benchmark)."""
    app = BENCH_DIR.parent / "kizuna" / "counselling"
    files = [*app.rglob("*.py"), *app.rglob("*.html"), app.parent / "core" / "sealed.py"]
    latest = max(files, key=lambda f: f.stat().st_mtime)
    return {"latest_change": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(latest.stat().st_mtime)),
            "file": str(latest.relative_to(BENCH_DIR.parent)), "files": len(files)}


def _access_entries(pks) -> int:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from kizuna.counselling.models import Case

    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Case),
                                   action=LogEntry.Action.ACCESS, object_id__in=pks).count()


INTRO = f"""{SECTION}

Issue #13: **6,000 participants with 20,000 counselling messages: the counsellor's queue p95 < 150 ms at 8
clients; encryption's cost per message read stated.** Message bodies (and notes, referrals, escalation notes)
are `SealedTextField`s (kizuna/core/sealed.py): a Fernet token in the database, opened on every read.

    .venv/bin/python bench/counselling.py --readme           # SQLite: bench/data/jet.sqlite3 (bench/jet.py's data)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_jet .venv/bin/python bench/counselling.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data

**Data** (bench data, bulk-inserted, no services, no audit entries; generated once and reused, `--new-data` to
make them again): bench/jet.py's world (6,000 participants in the programme, 600 outside it), three counsellors
and a counselling supervisor at CLAIR headquarters (MFA set up), and {WAITING + OPEN + CLOSED:,} cases of
participants in the programme: {WAITING} waiting for a counsellor, {OPEN:,} open (shared among the three
counsellors; about one case in twenty has a second counsellor), {CLOSED:,} closed; about a fifth by video, a
quarter in Japanese; **{MESSAGES:,} messages** of 200–800 characters, inserted through
`Message.objects.bulk_create`, which seals each body (`SealedTextField.get_prep_value`): the rows hold
ciphertext, as the services write it. No notes, video sessions, slots or attachments (the pages measured look
for them and find none).

**How it is measured.** As bench/jet.py: gunicorn 2 workers × 4 threads (`DEBUG` off), 8 keep-alive clients,
3 s warm-up, 15 s measured per target: (a) a counsellor's page `/counselling/` (the queue and the open cases
they are on, 50 a page each with the count of the whole list; `/counselling/` and `/counselling/?queue=3&mine=5`
in turn), (b) `/api/v1/counselling/queue` for the same counsellor
(50 a page; pages 1 and 5), (c) {PAGE_CASES} case pages `/counselling/cases/<pk>/` of {PAGE_MESSAGES} messages
each, read by their counsellor (every body opened; each read writes an access-log entry), (d) the supervisor's
`/counselling/` (reported, no target). Then each target's pages one request at a time in-process (Django's test
client, median of {ALONE}), and, best of {REPEAT} runs taking turns: about {OPENED:,} messages read through the
ORM (each body opened), the same ORM query with the opening switched off, the same SQL's raw column through
`connection.cursor()`, and `unseal` alone on the stored tokens. The key is configured (`KIZUNA_SEALING_KEYS`,
as production requires), not derived from SECRET_KEY for every value as in development. The machine has **2
cores, shared** with other sessions' work, and the load generator runs on it too: the load average and the
other work's cores are given per target (`--wait-for-idle` waits, up to its limit, for that work to settle).
"""


def markdown(report: dict) -> str:
    d, o = report["data"], report["opening"]
    start, end = (m.format(database=report["database"]) for m in MARKERS)
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']} ({report['machine'].get('cpu', '?')}, "
             f"{report['machine'].get('cores', '?')} cores shared with other sessions' work; load average before: "
             f"{report['loadavg']}). Data: {d['cases']:,} cases of {d['participants_with_a_case']:,} participants ("
             + ", ".join(f"{k} {v:,}" for k, v in sorted(d["states"].items())) + "; "
             + ", ".join(f"{k} {v:,}" for k, v in sorted(d["channels"].items())) + "), "
             f"open cases per counsellor {' / '.join(map(str, d['open_per_counsellor']))}, {d['high_risk_open']} "
             f"open at high risk; {d['messages']:,} messages, {d['sealed_messages']:,} of the table's "
             f"{d['stored_messages']:,} rows stored sealed (a token of {o['token_chars']:,} characters on average "
             f"for {o['plain_chars']} characters, {o['plain_bytes']} bytes, of text). "
             f"Reproduce: `{report['command']}`.", "",
             "| measure | how | n | p50 ms | p95 ms | target | met |", "|---|---|---:|---:|---:|---|:-:|"]
    lines_alone = []
    for r in report["reads"]:
        a = report["alone"][r["name"]]
        lines_alone.append(f"{r['label'].split(' ', 1)[0]} {a['median_ms']} ms (best {a['best_ms']}; {a['queries']:g} "
                           f"queries, {a['kb']:,} KB)")
        target = r["target"]
        met = yes(r["p95_ms"] < P95_MS and not r["errors"]) if target else "—"
        lines.append(f"| {r['label']} | HTTP, {report['clients']} clients, gunicorn 2 × 4, {r['rps']} req/s, "
                     f"{r['errors']} errors, {r['server_ms']} ms server CPU a request; cores: server "
                     f"{r['server_cpu']}, client {r['client_cpu']}, other {r['other_cpu']}; load before "
                     f"{r['load_before']}"
                     + (f", other work {r['busy_before']:.2f} cores" if r["busy_before"] is not None else "")
                     + f" | {r['requests']:,} | {r['p50_ms']} | {r['p95_ms']} | "
                     f"{'p95 < 150 ms' if target else 'reported'} | {met} |")
    lines += [
        f"| read {o['messages']:,} messages ({o['cases']} cases) through the ORM, each body opened: "
        f"`Message.objects.filter(case__in=…).values_list(\"body\", flat=True)` | in-process, best of {REPEAT} "
        f"runs | {o['messages']:,} | | {o['orm_ms']} ms ({o['orm_us']} µs a message) | — | |",
        f"| the same ORM query with the opening switched off (`from_db_value` hands back the token) | same | "
        f"{o['messages']:,} | | {o['unopened_ms']} ms ({o['unopened_us']} µs a message) | — | |",
        f"| the same SQL, raw column through `connection.cursor()` | same | {o['messages']:,} | | {o['raw_ms']} ms "
        f"({o['raw_us']} µs a message) | — | |",
        f"| **encryption's cost per message read**: ORM opened − ORM not opened (ORM − raw: "
        f"{o['orm_minus_raw_us']} µs) | same | {o['messages']:,} | | **{o['opening_us']} µs a message** | stated | |",
        f"| `kizuna.core.sealed.unseal` alone on the stored tokens (Fernet: HMAC-SHA256 check, AES-128-CBC) | same | "
        f"{o['messages']:,} | | **{o['unseal_us']} µs a message** | stated | |",
        f"| `seal` (writing a message), for comparison | same | {o['messages']:,} | | {o['seal_us']} µs a message "
        f"| — | |",
        f"| a case page's thread of {PAGE_MESSAGES} messages with their authors, as the case view reads it: ORM "
        f"opened / not opened / raw | in-process, 100 reads a run, best of {REPEAT} | {PAGE_MESSAGES} | | "
        f"{o['thread_ms']} / {o['thread_unopened_ms']} / {o['thread_raw_ms']} ms | — | |"]
    lines += ["", f"One request at a time, in-process (Django's test client, the whole middleware; median of {ALONE}: "
                  "no queueing behind the benchmark's own requests, the machine's other work still running): "
                  + "; ".join(lines_alone) + "."]
    a = report.get("access_entries")
    if a is not None:
        n = next(r["requests"] for r in report["reads"] if r["name"] == "case-page")
        lines += ["", f"The case pages wrote {a:,} access-log entries over their check, warm-up and measurement "
                      f"({n:,} requests measured): one a read."]
    lines += ["", "p95 per URL (ms): " + "; ".join(
        f"{r['label'].split(':')[0]}: " + ", ".join(f"`{p}` {v}" for p, v in r["per_path"].items())
        for r in report["reads"] if len(r["per_path"]) > 1) + ".", "", end, ""]
    return "\n".join(lines)


def write_readme(text: str, database: str) -> None:
    """The run's table between its markers, in the counselling section at the end of bench/README.md (added, with
    a place for each database, the first time)."""
    current = README.read_text(encoding="utf-8")
    if SECTION not in current:
        blocks = "".join(f"\n{s}\n\n### {db}\n\nNot run yet.\n\n{e}\n" for db in ("sqlite", "postgres")
                         for s, e in [(m.format(database=db) for m in MARKERS)])
        current = current.rstrip("\n") + "\n\n" + INTRO + blocks
    start, end = (m.format(database=database) for m in MARKERS)
    if start not in current:
        current = current.rstrip("\n") + f"\n\n{start}\n{end}\n"
    head, rest = current.split(start, 1)
    README.write_text(head + text.strip("\n") + rest.split(end, 1)[1], encoding="utf-8")


def production_keys() -> None:
    """Seal and open with a configured key, as production does (it refuses to start without one): the key
    development derives from SECRET_KEY, set as KIZUNA_SEALING_KEYS here and for the server, so that the data
    sealed by an earlier run still opens and no key is derived again for every value."""
    from django.conf import settings

    from kizuna.core.sealed import _development_key, configured_keys

    if not configured_keys():
        key = _development_key().decode()
        os.environ["KIZUNA_SEALING_KEYS"] = key
        settings.KIZUNA_SEALING_KEYS = [key]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--new-data", action="store_true", help="make the cases and messages again")
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each target, wait up to this long for the machine's other work to settle")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'jet.sqlite3'}"
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    setup(database_url)
    production_keys()
    from django.utils import timezone

    make_world(random.Random(2026))
    data = make_cases(random.Random(13), fresh=args.new_data)  # its own seed: the same cases however the world came
    analyze()
    log(f"data: {data}")
    if len(data["pages"]) < PAGE_CASES:
        raise SystemExit(f"only {len(data['pages'])} case pages of {PAGE_MESSAGES} messages found")
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": data, "loadavg": loadavg(),
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/counselling.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    counsellor, supervisor = headers(data["counsellor"]), headers(data["supervisor"])
    api = "/api/v1/counselling/queue"
    targets = [
        (Target("counsellor-page", "(a) a counsellor's page `/counselling/`: the queue and the open cases they "
                "are on (50 a page each; pages 1, and 3 and 5)", ["/counselling/", "/counselling/?queue=3&mine=5"],
                counsellor), True),
        (Target("counsellor-api", f"(b) `{api}` for a counsellor (50 a page; pages 1 and 5)",
                [api, api + "?page=5"], counsellor), True),
        (Target("case-page", f"(c) a case page `/counselling/cases/<pk>/`, {PAGE_MESSAGES} messages, read by its "
                f"counsellor ({PAGE_CASES} cases in rotation)",
                [f"/counselling/cases/{pk}/" for pk in data["pages"]], counsellor), False),
        (Target("supervisor-page", "(d) the supervisor's page `/counselling/`: the queue and the open cases at "
                "high risk (50 a page each)", ["/counselling/"], supervisor), False),
    ]
    server = Server(database_url)
    reads = []
    try:
        for target, has_target in targets:
            idle = wait_for_idle(args.wait_for_idle) if args.wait_for_idle else None
            before, entries = loadavg(), _access_entries(data["pages"]) if target.name == "case-page" else 0
            reads.append({**measure(server, target, args.clients, args.duration, args.warmup),
                          "name": target.name, "target": has_target, "load_before": before, "busy_before": idle})
            if target.name == "case-page":
                report["access_entries"] = _access_entries(data["pages"]) - entries
    finally:
        server.stop()
    report["reads"] = reads
    if args.wait_for_idle:
        wait_for_idle(args.wait_for_idle)
    report["alone"] = alone(targets, {"counsellor-page": data["counsellor"], "counsellor-api": data["counsellor"],
                                      "case-page": data["counsellor"], "supervisor-page": data["supervisor"]})
    report["opening"] = opening(data)
    report["app_code"] = app_code()
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"counselling-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if args.readme:
        write_readme(text, report["database"])
    return 0 if all(r["p95_ms"] < P95_MS and not r["errors"] for r in reads if r["target"]) else 1


if __name__ == "__main__":
    sys.exit(main())
