#!/usr/bin/env python
"""Benchmark data: the full reference data and the FY2026 plan, then `--scale` × a demo-like volume.

    .venv/bin/python bench/generate.py --scale 1          # bench/data/bench-s1.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kizuna_bench .venv/bin/python bench/generate.py --scale 1
    .venv/bin/python bench/generate.py --scale 1 --session  # prints a fresh session cookie for the bench user

One unit of scale is a busy year's worth of people and figures, far more than `kizuna seed_demo` makes:
  - PEOPLE_PER_UNIT people at local governments and associations (one in ten is its organisation's
    administrator, one in five belongs to a second organisation), each with a verified email address;
  - CLAIR_PEOPLE_PER_UNIT CLAIR staff spread over headquarters, the branches and the overseas offices;
  - for every manual KPI of the plan and every quarter so far, a figure for the whole of CLAIR and one for
    each responsible office (or ten branches), entered `scale` times (the older ones superseded: the history).
The reference data itself (1,963 local governments, 67 branches, 7 offices) does not scale: it is the
real one. Generation is idempotent: running it again tops the data up to the asked scale.

The bench user (BENCH_EMAIL) is a member of staff of 千代田区, not CLAIR staff, so pages need no MFA.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / "data"

PEOPLE_PER_UNIT = 2_000
CLAIR_PEOPLE_PER_UNIT = 300
BENCH_EMAIL = "bench-user@example.jp"
BENCH_ORG_CODE = "131016"  # 千代田区
EMAIL_PATTERN = "bench-{kind}-{n:06d}@example.jp"
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"]
GIVEN = ["陽菜", "蓮", "結衣", "湊", "葵", "悠真", "凛", "大翔", "美咲", "翔太", "さくら", "健"]


def database_url(scale: int) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / f'bench-s{scale}.sqlite3'}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("KIZUNA_DEV", "1")
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def ensure_postgres_database(url: str, *, fresh: bool = False) -> None:
    """Create the PostgreSQL database when missing (or anew: `fresh`), with the UTF-8 ctype Japanese search
    needs."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    params = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"] or None,
              "password": cfg["PASSWORD"] or None, "dbname": "postgres"}
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(cfg["NAME"])))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            create = sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                             "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
            conn.execute(create.format(sql.Identifier(cfg["NAME"])))


def log(message: str) -> None:
    print(f"[generate] {message}", flush=True)


def load_base_data() -> None:
    from django.core.management import call_command, get_commands

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    log("reference data")
    call_command("load_reference_data", verbosity=0)
    if "load_plan" in get_commands():
        log("FY2026 plan")
        call_command("load_plan", verbosity=0)
    else:
        log("WARNING: no load_plan command yet; the plan is not loaded")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def make_people(scale: int, rng: random.Random) -> None:
    """People with memberships, topped up to the asked scale (bulk inserts; one shared password hash)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from kizuna.core.enums import CLAIR_KINDS, OrgKind, Role
    from kizuna.core.models import Membership, Organisation, User

    password = make_password("bench-password-not-secret")
    local = list(Organisation.objects.filter(kind__in=[OrgKind.PREFECTURE, OrgKind.MUNICIPALITY, OrgKind.WARD,
                                                        OrgKind.ASSOCIATION]).values_list("pk", flat=True))
    clair = list(Organisation.objects.filter(kind__in=CLAIR_KINDS).values_list("pk", flat=True))
    for kind, per_unit, orgs in (("lg", PEOPLE_PER_UNIT, local), ("clair", CLAIR_PEOPLE_PER_UNIT, clair)):
        have = User.objects.filter(email__startswith=f"bench-{kind}-").count()
        want = per_unit * scale
        if have >= want:
            continue
        log(f"people ({kind}): {have} → {want}")
        with transaction.atomic():
            for start in range(have, want, 1000):
                stop = min(start + 1000, want)
                users = User.objects.bulk_create([
                    User(email=EMAIL_PATTERN.format(kind=kind, n=n), full_name=_name(rng), password=password)
                    for n in range(start, stop)
                ])
                EmailAddress.objects.bulk_create([
                    EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
                ])
                memberships = []
                for u in users:
                    first = rng.choice(orgs)
                    role = Role.ADMIN if rng.random() < 0.1 else Role.STAFF
                    memberships.append(Membership(person=u, organisation_id=first, role=role, title="主事"))
                    if rng.random() < 0.2:
                        second = rng.choice(orgs)
                        if second != first:
                            memberships.append(Membership(person=u, organisation_id=second, role=Role.STAFF))
                Membership.objects.bulk_create(memberships)


def make_kpi_figures(scale: int, rng: random.Random) -> None:
    """Manual KPI figures for the quarters so far, overall and per responsible office, `scale` revisions."""
    from django.db import transaction
    from django.utils import timezone

    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation, User

    try:
        from kizuna.plan.enums import KPISource
        from kizuna.plan.models import KPI, KPIEntry
    except ImportError as error:
        log(f"WARNING: no KPI figures ({error})")
        return
    from kizuna.core.fiscal import current_fiscal_year, fiscal_quarter

    kpis = list(KPI.objects.filter(source=KPISource.MANUAL).prefetch_related("programme__offices"))
    if not kpis:
        log("WARNING: no manual KPIs (is the plan loaded?)")
        return
    have = KPIEntry.objects.filter(note__startswith="bench").count()
    entered_by = User.objects.filter(email__startswith="bench-clair-").first()
    branches = list(Organisation.objects.filter(kind=OrgKind.BRANCH).values_list("pk", flat=True))
    today = timezone.localdate()
    quarters_so_far = fiscal_quarter(today) if current_fiscal_year() == 2026 else 4
    slots = []
    for kpi in kpis:
        offices = [o.pk for o in kpi.programme.offices.all()] or rng.sample(branches, min(10, len(branches)))
        for quarter in range(1, quarters_so_far + 1):
            slots.append((kpi, quarter, None))
            slots.extend((kpi, quarter, org) for org in offices)
    revisions_have = have // len(slots) if slots else 0
    if revisions_have >= scale:
        return
    log(f"KPI figures: {len(slots)} slots × revisions {revisions_have} → {scale}")
    now = timezone.now()
    with transaction.atomic():
        for _revision in range(revisions_have, scale):
            current = KPIEntry.objects.filter(note__startswith="bench", superseded_at__isnull=True)
            current.update(superseded_at=now)
            target = lambda kpi: float(kpi.target or 100)  # noqa: E731
            KPIEntry.objects.bulk_create([
                KPIEntry(kpi=kpi, quarter=quarter, organisation_id=org, entered_by=entered_by, note="bench",
                         value=round(target(kpi) * rng.uniform(0.05, 0.35) / (1 if org is None else 10), 2))
                for kpi, quarter, org in slots
            ], batch_size=1000)


def make_bench_user():
    from allauth.account.models import EmailAddress

    from kizuna.core.enums import Role
    from kizuna.core.models import Membership, Organisation, User

    user, created = User.objects.get_or_create(email=BENCH_EMAIL, defaults={"full_name": "ベンチ 太郎"})
    if created:
        user.set_password("bench-password-not-secret")
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    org = Organisation.objects.get(code=BENCH_ORG_CODE)
    Membership.objects.get_or_create(person=user, organisation=org, role=Role.STAFF, ended_at=None)
    return user


def new_session() -> dict:
    """A logged-in session for the bench user, created through the configured session engine."""
    from django.conf import settings
    from django.test import Client

    user = make_bench_user()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return {"cookie_name": settings.SESSION_COOKIE_NAME,
            "session": client.cookies[settings.SESSION_COOKIE_NAME].value}


def search_terms() -> list[str]:
    """Distinct queries for a search that is not cached: every local government's name, kana and English name,
    shuffled (about 5,800: bench/run.py asks each once)."""
    from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS
    from kizuna.core.models import Organisation

    names = Organisation.objects.filter(kind__in=LOCAL_GOVERNMENT_KINDS).values_list("name", "name_kana",
                                                                                      "name_en")
    terms = sorted({t for pair in names for t in pair if t})
    random.Random(7).shuffle(terms)
    return terms


def counts() -> dict:
    from django.apps import apps

    wanted = ["core.Organisation", "core.User", "core.Membership", "plan.Area", "plan.Programme", "plan.KPI",
              "plan.KPIEntry"]
    result = {}
    for label in wanted:
        try:
            result[label] = apps.get_model(label).objects.count()
        except LookupError:
            pass
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="multiples of the demo-like volume (default 1)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--fresh", action="store_true",
                        help="start from an empty database (SQLite: delete the file; PostgreSQL: drop it)")
    parser.add_argument("--session", action="store_true",
                        help="only print a JSON object with a fresh session cookie for the bench user")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    url = database_url(args.scale)
    if url.startswith("sqlite"):
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if args.fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    elif not args.session:
        ensure_postgres_database(url, fresh=args.fresh)
    setup_django(url)
    if args.session:
        print(json.dumps(new_session()))
        return 0
    started = time.perf_counter()
    rng = random.Random(args.seed)
    load_base_data()
    from kizuna.core.audit import unlogged

    with unlogged("directory and dashboard benchmark data"):  # bulk data, as an operator loads it: not audited
        make_people(args.scale, rng)
        make_kpi_figures(args.scale, rng)
        make_bench_user()
    summary = {"scale": args.scale, "database": url.split("@")[-1], "counts": counts(),
               "seconds": round(time.perf_counter() - started, 1)}
    log(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
