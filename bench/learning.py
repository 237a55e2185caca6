#!/usr/bin/env python
"""Benchmark of JET learning (issue #12, item 12): a course's progress page over 50,000 course-progress rows.

    .venv/bin/python bench/learning.py                 # SQLite: bench/data/jet.sqlite3 (bench/jet.py's data)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_jet .venv/bin/python bench/learning.py
    ... --duration 15 --warmup 3 --clients 8

1. **Data**: bench/jet.py's world (984 contracting organisations, 6,000 participants in the programme), then
   BENCH DATA bulk-inserted (no services, no audit entries; generated once and reused): one published e-learning
   course with 10 modules and 5 quiz questions, every participant in the programme enrolled in it, and 50,000
   module-progress rows spread over the enrolments (a third completed, most in progress, some not started).
2. **Reads** (HTTP, gunicorn 2 workers x 4 threads, as bench/jet.py): the course's progress page for
   headquarters (every enrolment, 50 a page) and for the PA of 北海道 (their coordinating body's
   participants only), and `/api/v1/learning/enrolments` for both.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.jet import (  # noqa: E402
    HQ_EMAIL,
    P95_MS,
    PA_EMAIL,
    Server,
    Target,
    analyze,
    headers,
    log,
    make_world,
    measure,
    setup,
)

COURSE = "ベンチ BOATS for JET"
MODULES, QUESTIONS, PROGRESS_ROWS = 10, 5, 50_000


def make_progress(rng: random.Random) -> dict:
    """The bench course, its enrolments and 50,000 progress rows (bulk: BENCH DATA, not through the services)."""
    from django.db import transaction
    from django.utils import timezone

    from kizuna.core.models import User
    from kizuna.jet.enums import ACTIVE
    from kizuna.jet.models import Participant
    from kizuna.learning.models import Choice, Course, Enrolment, Module, ModuleProgress, Question

    course = Course.objects.filter(title_ja=COURSE).first()
    if course is not None and ModuleProgress.objects.filter(enrolment__course=course).count() >= PROGRESS_ROWS:
        return {"course": course.pk, "enrolments": course.enrolments.count(),
                "progress": ModuleProgress.objects.filter(enrolment__course=course).count()}
    t0 = time.monotonic()
    with transaction.atomic():
        if course is not None:
            ModuleProgress.objects.filter(enrolment__course=course).delete()
            course.enrolments.all().delete()
            course.delete()
        hq = User.objects.get(email=HQ_EMAIL)
        course = Course.objects.create(kind="elearning", title_ja=COURSE, title_en="Bench BOATS for JET",
                                       due_days_after_arrival=60, status="published", created_by=hq)
        modules = Module.objects.bulk_create([Module(course=course, number=n, title_ja=f"第{n}章",
                                                     title_en=f"Chapter {n}", content_ja="本文",
                                                     content_en="Text") for n in range(1, MODULES + 1)])
        for n in range(1, QUESTIONS + 1):
            q = Question.objects.create(course=course, number=n, text_ja=f"問{n}", text_en=f"Question {n}")
            Choice.objects.bulk_create([Choice(question=q, text_ja="正", text_en="Right", is_correct=True),
                                        Choice(question=q, text_ja="誤", text_en="Wrong")])
        now = timezone.now()
        people = list(Participant.objects.filter(status__in=ACTIVE).order_by("pk"))
        rows, done, plan = [], 0, []
        left = PROGRESS_ROWS
        for i in range(len(people)):  # modules read per enrolment, adding up to exactly PROGRESS_ROWS
            read = min(left, MODULES if i % 3 == 0 else rng.randint(0, MODULES - 1))
            plan.append(read)
            left -= read
        i = 0
        while left > 0:  # top up the ones in progress until the rows add up
            if plan[i] < MODULES - 1:
                plan[i] += 1
                left -= 1
            i = (i + 1) % len(plan)
        for p, read in zip(people, plan, strict=True):
            status = "completed" if read == MODULES else "in_progress" if read else "enrolled"
            done += status == "completed"
            rows.append(Enrolment(course=course, participant=p, status=status, enrolled_at=now - timedelta(days=90),
                                  due_on=(p.arrived_on + timedelta(days=60)) if p.arrived_on else None,
                                  completed_at=now if status == "completed" else None,
                                  score=100 if status == "completed" else None))
        enrolments = Enrolment.objects.bulk_create(rows, batch_size=1000)
        progress = [ModuleProgress(enrolment=e, module=m, completed_at=now)
                    for e, read in zip(enrolments, plan, strict=True) for m in modules[:read]]
        ModuleProgress.objects.bulk_create(progress, batch_size=2000)
    log(f"{len(enrolments):,} enrolments ({done:,} completed), {len(progress):,} progress rows in "
        f"{time.monotonic() - t0:.1f} s")
    return {"course": course.pk, "enrolments": len(enrolments), "progress": len(progress)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'jet.sqlite3'}"
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    setup(database_url)
    rng = random.Random(2026)
    make_world(rng)
    data = make_progress(rng)
    analyze()
    hq, pa = headers(HQ_EMAIL), headers(PA_EMAIL)
    page, api = f"/learning/courses/{data['course']}/progress/", f"/api/v1/learning/enrolments?course={data['course']}"
    targets = [Target("hq-progress", "HQ: the course's progress page (every enrolment, 50 a page)", [page], hq),
               Target("pa-progress", "PA (北海道): the course's progress page, their participants", [page], pa),
               Target("hq-api", "HQ: `/api/v1/learning/enrolments?course=…` (50 a page)", [api, api + "&page=20"],
                      hq),
               Target("pa-api", "PA: `/api/v1/learning/enrolments?course=…`", [api], pa)]
    server = Server(database_url)
    try:
        results = [measure(server, t, args.clients, args.duration, args.warmup) for t in targets]
    finally:
        server.stop()
    report = {"database": database_url.split(":", 1)[0], "data": data, "clients": args.clients, "reads": results}
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"learning-{stamp}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                                                  encoding="utf-8")
    for r in results:
        print(f"| {r['label']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['errors']} |")
    return 0 if all(r["p95_ms"] < P95_MS and not r["errors"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
