"""Benchmark of disaster signs: one A4 sign in 5 languages (median of many), and a full shelter pack (every
message of the bank × 5 languages: time and peak memory).

    .venv/bin/python bench/signage.py                 # print the table
    .venv/bin/python bench/signage.py --readme        # and write it into bench/README.md (signage section)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_signage .venv/bin/python bench/signage.py

It uses its own SQLite database (bench/data/signage.sqlite3) unless DATABASE_URL is set, migrates it, loads
the phrase bank (`kizuna load_signage`), and renders exactly what the site renders (WeasyPrint, Noto fonts).
"""

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
README = ROOT / "bench" / "README.md"
START, END = "<!-- signage-bench:start -->", "<!-- signage-bench:end -->"
LANGS = ("ja", "en", "zh-Hans", "vi", "ne")  # Japanese, Latin, CJK and a complex script


def setup() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KIZUNA_DEV", "1")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DATA / 'signage.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(DATA / "media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kizuna.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_signage", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_sign(runs: int) -> dict:
    from django.contrib.auth.models import AnonymousUser

    from kizuna.signage.models import Message
    from kizuna.signage.pdf import sign_pdf
    from kizuna.signage.signs import SignSpec, build_sign

    message = Message.objects.get(key="medical-room", organisation__isnull=True)
    spec = SignSpec((message.pk,), LANGS, details={"shelter": "千代田小学校 体育館", "floor": "1F"})
    times, size = [], 0
    for n in range(runs + 2):
        start = time.perf_counter()
        pdf = sign_pdf(build_sign(spec, AnonymousUser()), "https://kizuna.example/signs/view/?m=1")
        if n >= 2:  # the first two load the fonts
            times.append(time.perf_counter() - start)
        size = len(pdf)
    return {"median": statistics.median(times), "p90": sorted(times)[int(len(times) * 0.9) - 1],
            "min": min(times), "runs": runs, "bytes": size}


def bench_pack() -> dict:
    from kizuna.core.models import User
    from kizuna.signage.models import Message, Pack
    from kizuna.signage.services import make_pack

    user, _ = User.objects.get_or_create(email="signage-bench@example.jp", defaults={"full_name": "Bench"})
    pack = Pack.objects.create(requested_by=user, languages=list(LANGS))
    before = rss_mb()
    start = time.perf_counter()
    pack = make_pack(pack, site_url="https://kizuna.example")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "messages": Message.objects.filter(organisation__isnull=True).count(),
            "signs": pack.done, "zip_mb": pack.file.size / 1e6, "rss_before": before, "rss_peak": rss_mb()}


def table(sign: dict, pack: dict) -> str:
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    return "\n".join([
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {connection.vendor}, {os.cpu_count()} "
        f"cores ({cpu}), Python {platform.python_version()}; languages {', '.join(LANGS)}.",
        "",
        "| what | result | target |",
        "|---|---|---|",
        f"| one A4 sign, 5 languages: median of {sign['runs']} | **{sign['median'] * 1000:.0f} ms** "
        f"(p90 {sign['p90'] * 1000:.0f} ms, min {sign['min'] * 1000:.0f} ms, {sign['bytes'] / 1024:.0f} KB) "
        "| median < 500 ms |",
        f"| shelter pack: {pack['messages']} messages × 5 languages ({pack['signs']} PDFs, ZIP "
        f"{pack['zip_mb']:.1f} MB) | **{pack['seconds']:.1f} s** ({pack['seconds'] / pack['signs'] * 1000:.0f} "
        "ms a sign) | — |",
        f"| peak memory (RSS) of the process | **{pack['rss_peak']:.0f} MB** (before the pack: "
        f"{pack['rss_before']:.0f} MB) | — |",
    ])


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in readme:
        head, rest = readme.split(START, 1)
        readme = head + block + rest.split(END, 1)[1]
    else:
        readme = readme.rstrip() + "\n\n" + block + "\n"
    README.write_text(readme, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="signs rendered for the median (default 30)")
    parser.add_argument("--readme", action="store_true", help="write the table into bench/README.md")
    args = parser.parse_args()
    setup()
    sign = bench_sign(args.runs)
    pack = bench_pack()
    text = table(sign, pack)
    print(text)
    if args.readme:
        write_readme(text)
    return 0 if sign["median"] < 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
