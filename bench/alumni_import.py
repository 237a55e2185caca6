"""bench/alumni.py's import: a generated CSV of 80,000 rows through `kizuna.alumni.importing.import_alumni`, in a
process of its own (`bench/alumni.py --import-run N`) on a database of its own, with its time, queries and
memory."""

import csv
import gc
import io
import json
import os
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.alumni_data import (  # noqa: E402
    CHAPTERS,
    CITIES,
    COUNTRY_WEIGHTS,
    EMPLOYERS,
    FAMILY,
    GIVEN,
    HQ_EMAIL,
    WORDING,
    _ascii,
    _weighted,
    log,
    make_chapters,
)
from bench.casework import _person  # noqa: E402
from bench.generate import ensure_postgres_database  # noqa: E402
from bench.jet import counting  # noqa: E402

# -------------------------------------------------------------------------------------------------- import


def import_csv(n: int, rng: random.Random) -> bytes:
    """n rows of an earlier alumni list, as a chapter or an office kept it: English headers, organisations by
    code or by name, years or dates, a chapter for most; about 1 % the same person as an earlier row (same name,
    birth date and years) without a JET number."""
    from kizuna.core.enums import MunicipalityType, OrgKind
    from kizuna.core.models import Organisation

    places = list(Organisation.objects.filter(kind__in=[OrgKind.PREFECTURE, OrgKind.MUNICIPALITY])
                  .exclude(municipality_type=MunicipalityType.WARD).values_list("code", "name"))
    chapters = [f"JETAA {name}" for _k, name, *_r in CHAPTERS]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["JET number", "Family name", "Given names", "Katakana", "Date of birth", "Nationality",
                     "E-mail", "City where you live", "Employer", "Position", "Contracting organisation", "From",
                     "Until", "JETAA chapter", "Consent date"])
    earlier = []
    for i in range(n):
        if earlier and rng.random() < 0.01:
            row = list(rng.choice(earlier))
            row[0] = ""  # no JET number in the other list: a possible duplicate, not a match
            row[6] = f"other.{i}@alumni-import.example"
            writer.writerow(row)
            continue
        (given, given_kana), (family, family_kana) = rng.choice(GIVEN), rng.choice(FAMILY)
        country = _weighted(rng, COUNTRY_WEIGHTS)
        first = rng.randint(1988, 2024)
        years = rng.choice([1, 2, 2, 3, 3, 5])
        code, name = rng.choice(places)
        born = date(first - rng.randint(22, 35), rng.randint(1, 12), rng.randint(1, 28))
        row = [f"{first}{i + 1:07d}" if rng.random() < 0.6 else "", family, given,
               f"{given_kana} {family_kana}" if rng.random() < 0.4 else "",
               born.isoformat() if rng.random() < 0.8 else "", country,
               f"{_ascii(given + ' ' + family)}.{i}@alumni-import.example" if rng.random() < 0.9 else "",
               rng.choice(CITIES.get(country, [""])) if rng.random() < 0.6 else "",
               rng.choice(EMPLOYERS) if rng.random() < 0.7 else "", rng.choice(["ALT"] * 10 + ["CIR", "SEA"]),
               code if rng.random() < 0.5 else code[:5] if rng.random() < 0.5 else name,
               str(first) if rng.random() < 0.7 else f"{first}-08-0{rng.randint(1, 9)}",
               str(first + years) if rng.random() < 0.7 else f"{first + years}-07-31",
               rng.choice(chapters) if rng.random() < 0.7 else "",
               f"{rng.randint(2005, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" if rng.random() < 0.5 else ""]
        earlier.append(row)
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def import_run(rows: int, trace: bool) -> dict:
    """In the import's own process (DATABASE_URL: its database, made anew): the reference data, the chapters and
    the member of headquarters, then the import of `rows` rows, timed, with its memory high-water mark."""
    from django.core.management import call_command

    from kizuna.alumni.importing import import_alumni
    from kizuna.alumni.models import Alumnus, ChapterMember, Placement, PossibleDuplicate
    from kizuna.core.audit import LogEntry
    from kizuna.core.enums import OrgKind, Role
    from kizuna.core.models import Organisation

    call_command("load_reference_data", verbosity=0)
    make_chapters()
    hq = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).order_by("pk").first()
    by = _person(HQ_EMAIL, "ベンチ 本部 同窓会", hq, Role.STAFF, mfa=True)
    content = import_csv(rows, random.Random(14))
    entries0 = LogEntry.objects.count()
    gc.collect()
    if trace:
        import tracemalloc

        tracemalloc.start()
    rss0 = _memory_kb("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # the high-water mark from here (Linux)
        reset = True
    except OSError:
        reset = False
    queries, wrapper = counting()
    t0 = time.perf_counter()
    with wrapper:
        report = import_alumni(by=by, content=content, filename="alumni.csv", consent_wording=WORDING,
                               consented_on=date(2020, 4, 1))
    seconds = time.perf_counter() - t0
    hwm = _memory_kb("VmHWM")
    out = {"rows": rows, "saved": report.saved, "errors": report.errors, "seconds": round(seconds, 1),
           "queries": len(queries), "kb": round(len(content) / 1024), "rss_before_mb": round(rss0 / 1024),
           "hwm_mb": round(hwm / 1024), "peak_growth_mb": round((hwm - rss0) / 1024) if reset else None,
           "alumni": Alumnus.objects.count(), "placements": Placement.objects.count(),
           "memberships": ChapterMember.objects.count(), "duplicates": PossibleDuplicate.objects.count(),
           "log_entries": LogEntry.objects.count() - entries0, "tracemalloc": trace}
    if trace:
        import tracemalloc

        out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    if report.errors:
        out["first_error"] = next(str(r) for r in report.rows if r[2] == "error")
    return out


def import_url(database_url: str) -> str:
    if database_url.startswith("postgres"):
        return database_url.rsplit("/", 1)[0] + "/" + database_url.rsplit("/", 1)[1].split("?")[0] + "_import"
    return f"sqlite:///{BENCH_DIR / 'data' / 'alumni-import.sqlite3'}"


def measure_import(database_url: str, rows: int, trace: bool) -> dict:
    """The import in a process of its own, on a database of its own made anew."""
    url = import_url(database_url)
    if url.startswith("postgres"):
        ensure_postgres_database(url, fresh=True)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": url}
    cmd = [sys.executable, str(BENCH_DIR / "alumni.py"), "--import-run", str(rows)]
    cmd += ["--tracemalloc"] if trace else []
    log(f"import of {rows:,} rows into {url.rsplit('/', 1)[1]}" + (" under tracemalloc" if trace else ""))
    done = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"import: {out}")
    return out


