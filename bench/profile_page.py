#!/usr/bin/env python
"""Where a page's time goes: renders it in-process against the benchmark database and profiles it.

    uv pip install --python .venv/bin/python pyinstrument  # a dev tool for this; not a locked dependency
    .venv/bin/python bench/profile_page.py /plan/                 # as the bench user (logged in, not CLAIR staff)
    .venv/bin/python bench/profile_page.py "/organisations/?q=東京" --anonymous
    .venv/bin/python bench/profile_page.py /plan/ --html bench/results/plan.html

Prints the time per request, the number of queries and the time spent in the database, then a pyinstrument
call tree (or, without pyinstrument, cProfile's top functions) over --repeat requests. Uses DATABASE_URL,
else bench/data/bench-s<scale>.sqlite3 (make it first with bench/generate.py).
"""

import argparse
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the page, e.g. /plan/ or '/organisations/?q=東京'")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--anonymous", action="store_true", help="not logged in")
    parser.add_argument("--repeat", type=int, default=20, help="requests profiled (default 20)")
    parser.add_argument("--language", default="ja")
    parser.add_argument("--html", type=Path, help="write pyinstrument's HTML report here")
    parser.add_argument("--database", help="another benchmark's database URL, e.g. "
                                           "sqlite:///bench/data/casework.sqlite3 (default: bench/generate.py's)")
    parser.add_argument("--email", help="log in as this person (default: bench/generate.py's bench user)")
    parser.add_argument("--sql", action="store_true", help="print each query of one request with its time")
    args = parser.parse_args(argv)

    from bench.generate import BENCH_EMAIL, database_url, setup_django

    setup_django(args.database or database_url(args.scale))
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from kizuna.core.models import User

    call_command("migrate", verbosity=0)  # the project moves on; the benchmark database follows

    client = Client(headers={"accept-language": args.language})
    if not args.anonymous:
        user = User.objects.get(email=args.email or BENCH_EMAIL)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for _ in range(3):
        response = client.get(args.path)
    settings.DEBUG = True  # only to count queries
    reset_queries()
    response = client.get(args.path)
    queries = list(connection.queries)
    settings.DEBUG = False
    started = time.perf_counter()
    for _ in range(args.repeat):
        client.get(args.path)
    per_request = (time.perf_counter() - started) / args.repeat * 1000
    db_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"{args.path}: HTTP {response.status_code}, {len(response.content):,} bytes, "
          f"{per_request:.1f} ms per request, {len(queries)} queries ({db_ms:.1f} ms in the database)")
    if args.sql:
        for query in queries:
            print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")

    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        print("(pyinstrument is not installed: cProfile's top functions by cumulative time)")
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(args.path)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(r"kizuna|template|forms|db/models", 40)
        return 0
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.repeat):
            client.get(args.path)
    if args.html:
        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(profiler.output_html(), encoding="utf-8")
        print(f"wrote {args.html}")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("KIZUNA_DEV", "1")
    sys.exit(main())
