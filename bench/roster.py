#!/usr/bin/env python
"""Benchmark of an event's roster files for 2,000 people (issue #19, items 8 and 16): the Excel and CSV rosters,
the printed list, the name badges and the table cards (PDFs), each made whole as the organiser's download makes
it, with its time, the process's CPU time, its size and pages.

    .venv/bin/python bench/roster.py                # SQLite: bench/data/roster.sqlite3
    .venv/bin/python bench/roster.py --readme       # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_roster .venv/bin/python bench/roster.py --readme
    ... --people 2000 --runs 3

Data (made once, bulk-inserted without the services): one event of headquarters with three questions for
registrants and two sessions; `--people` confirmed registrations (Japanese names with kana, half on behalf of a
local government, answers to every question) and a tenth as many cancelled ones. Stated targets, on this machine
(2 shared cores): the CSV and Excel rosters under 3 s, each PDF under 60 s.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.generate import ensure_postgres_database  # noqa: E402
from bench.library import commit  # noqa: E402
from bench.run import machine, replace_in_readme  # noqa: E402

README = BENCH_DIR / "README.md"
START, END = "<!-- roster-bench:{database}:start -->", "<!-- roster-bench:{database}:end -->"
SECTION_END = "<!-- roster-bench:results-end -->"
TARGETS = {"csv": 3.0, "xlsx": 3.0, "roster_pdf": 60.0, "badges": 60.0, "table_cards": 60.0}
SURNAMES = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水".split()
SURNAME_KANA = ("さとう すずき たかはし たなか いとう わたなべ やまもと なかむら こばやし かとう よしだ やまだ ささき "
                "やまぐち まつもと いのうえ きむら はやし さいとう しみず").split()
GIVEN = "花子 太郎 一郎 美咲 翔太 陽菜 大輝 結衣 蓮 葵".split()
GIVEN_KANA = "はなこ たろう いちろう みさき しょうた ひな だいき ゆい れん あおい".split()


def log(message: str) -> None:
    print(f"[roster] {message}", file=sys.stderr, flush=True)


def setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kizuna.settings")
    os.environ.setdefault("KIZUNA_DEV", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_data(people: int):
    """The event, made once (the same seed each time)."""
    import random
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from kizuna.core.audit import unlogged
    from kizuna.core.models import Organisation, User
    from kizuna.events.models import Event, Registration, Session

    title = f"ベンチマーク研修会（{people}名）"
    event = Event.objects.filter(title=title).first()
    if event is not None:
        return event
    log(f"making an event of {people:,} people")
    rng = random.Random(19)
    with unlogged("benchmark data"), transaction.atomic():
        hq, _ = Organisation.objects.get_or_create(slug="bench-roster-hq", defaults={
            "kind": "hq", "name": "自治体国際化協会（ベンチマーク）", "name_en": "CLAIR (bench)"})
        towns = [Organisation.objects.get_or_create(slug=f"bench-roster-town-{i}", defaults={
            "kind": "municipality", "name": f"ベンチ{i}市", "name_en": f"Bench {i} City"})[0] for i in range(40)]
        start = timezone.now() + timedelta(days=30)
        event = Event.objects.create(
            organiser=hq, kind="training", format="on_site", title=title, title_en=f"Benchmark training ({people})",
            starts_at=start, ends_at=start + timedelta(hours=6), venue_name="クレア研修室", is_published=True,
            capacity=people, seats_taken=people,
            questions=[{"key": "diet", "label": "食事の配慮", "required": False},
                       {"key": "access", "label": "配慮が必要なこと", "required": False},
                       {"key": "division", "label": "所属課", "required": True}])
        sessions = [Session.objects.create(event=event, title=f"分科会{c}", starts_at=start, ends_at=start)
                    for c in "AB"]
        users = User.objects.bulk_create([
            User(email=f"roster-{people}-{i}@bench.example.jp",
                 full_name=f"{SURNAMES[i % 20]} {GIVEN[(i // 20) % 10]}",
                 full_name_kana=f"{SURNAME_KANA[i % 20]} {GIVEN_KANA[(i // 20) % 10]}")
            for i in range(people + people // 10)], batch_size=500)
        registrations = Registration.objects.bulk_create([
            Registration(event=event, person=user, registered_by=user,
                         organisation=towns[i % 40] if i % 2 else None,
                         status="confirmed" if i < people else "cancelled",
                         answers={"diet": rng.choice(["", "ベジタリアン", "小麦アレルギー", "ハラール"]),
                                  "access": rng.choice(["", "", "車椅子"]), "division": "国際交流課"})
            for i, user in enumerate(users)], batch_size=500)
        through = Registration.sessions.through
        through.objects.bulk_create([through(registration_id=r.pk, session_id=sessions[i % 2].pk)
                                     for i, r in enumerate(registrations)], batch_size=1000)
    return event


def _pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def measure(event, runs: int) -> list[dict]:
    from django.utils import translation

    from kizuna.events import roster

    makers = {
        "csv": ("CSV roster (streamed, read whole)", lambda: b"".join(roster.roster_csv(event))),
        "xlsx": ("Excel roster", lambda: roster.roster_xlsx(event)),
        "roster_pdf": ("printed list (PDF)", lambda: roster.roster_pdf(event)),
        "badges": ("name badges, 8 a sheet (PDF)", lambda: roster.badges_pdf(event)),
        "table_cards": ("table cards, one a page (PDF)", lambda: roster.table_cards_pdf(event)),
    }
    results = []
    translation.activate("ja")
    for key, (label, make) in makers.items():
        times, cpu = [], []
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            body = make()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        pages = _pages(body) if body[:4] == b"%PDF" else None
        results.append({"key": key, "label": label, "median": statistics.median(times), "max": max(times),
                        "cpu": statistics.median(cpu), "bytes": len(body), "pages": pages, "rss": grown,
                        "target": TARGETS[key], "met": max(times) < TARGETS[key]})
        log(f"{label}: {statistics.median(times):.2f} s (max {max(times):.2f}), {len(body):,} bytes, pages {pages}")
    return results


def table(results: list[dict], event, database: str, people: int, runs: int, load: str) -> str:
    m = machine()
    seated = event.registrations.filter(status="confirmed").count()
    lines = [f"### {database}", "",
             f"Run {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC on {database}, commit {commit()} "
             f"({m['cpu']}, {m['cores']} cores shared with other sessions' work; load average before: "
             f"{load}). Data: one event, {seated:,} people holding a seat and "
             f"{event.registrations.count() - seated:,} cancelled, 3 questions, 2 sessions. Each file made "
             f"{runs} times in one process (the first includes loading the fonts). Reproduce: "
             f"`.venv/bin/python bench/roster.py --people {people} --runs {runs} --readme`.", "",
             "| file | median s | max s | CPU s | size | pages | memory grown MB | target | met |",
             "|---|---:|---:|---:|---:|---:|---:|---|:-:|"]
    for r in results:
        lines.append(f"| {r['label']} | {r['median']:.2f} | {r['max']:.2f} | {r['cpu']:.2f} | "
                     f"{r['bytes'] / 1024:,.0f} KB | {r['pages'] or '—'} | {r['rss']:.0f} | < {r['target']:.0f} s | "
                     f"{'yes' if r['met'] else '**no**'} |")
    start, end = START.format(database=database), END.format(database=database)
    return f"{start}\n\n" + "\n".join(lines) + f"\n\n{end}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--readme", action="store_true", help="write the table into bench/README.md")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / 'roster.sqlite3'}"
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    setup(database_url)
    event = make_data(args.people)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    results = measure(event, args.runs)
    database = "postgresql" if database_url.startswith("postgres") else "sqlite"
    text = table(results, event, database, args.people, args.runs, load)
    print(text)
    if args.readme:
        replace_in_readme(README, text, START.format(database=database), END.format(database=database),
                          SECTION_END)
    return 0 if all(r["met"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
