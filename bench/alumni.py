#!/usr/bin/env python
"""Benchmark of JET alumni and JETAA chapters (issue #14): the import of 80,000 rows, the directory with its privacy
filters and the chapters' health over 80,000 alumni, 55 chapters and 200,000 memberships and event registrations.

    .venv/bin/python bench/alumni.py                   # SQLite: bench/data/alumni.sqlite3
    .venv/bin/python bench/alumni.py --readme          # and write the table into bench/README.md
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_alumni .venv/bin/python bench/alumni.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data --scale 0.1 --skip-import

1. **Data** (BENCH DATA, bulk-inserted: no services, no audit entries; generated once and reused, `--new-data` to
   make them again): the reference data (prefectures and municipalities: the placements), 55 JETAA chapters in 19
   countries (a `core.Organisation` of kind `jetaa` and an `alumni.Chapter` each; founding, dormant and
   re-founding ones among them), 80,000 alumni with a spread of the four privacy choices (about 5 % withdrawn),
   one or two placements each, about 150,000 chapter memberships (some left), 6,000 alumni with an account, the
   chapters' events of this fiscal year and the last and about 50,000 registrations of those alumni for them, a
   few officers per chapter and the country representatives. Readers: a listed alumnus who is a member of the
   biggest chapter, an officer of that chapter, a member of headquarters (MFA set up).
2. **Import**: `importing.import_alumni` of 80,000 rows from a generated CSV into a database of its own (the
   reference data, the chapters and the member of headquarters only: made anew each run), in a separate
   process: wall time, queries, and the process's resident memory high-water mark over the import
   (`--tracemalloc`: a second run under tracemalloc for the Python heap's peak).
3. **Reads** (HTTP, gunicorn 2 workers x 4 threads, 8 keep-alive clients, as bench/jet.py): (a) the directory
   `/alumni/directory/?...` with filters that go through the privacy rules, as the listed alumnus and (a2) as the
   officer, (b) the chapters' health `/alumni/chapters/` (anonymous) and (b2) a chapter's page; reported: (c) the
   API `/api/v1/alumni/directory` and (d) JETAA International `/alumni/international/`. Then each page one request
   at a time, in-process (Django's test client), with its query count.

Exits with 1 when (a), (a2), (b) or (b2) misses p95 < 150 ms.
"""

import argparse
import csv
import gc
import io
import json
import os
import random
import subprocess
import sys
import time
import unicodedata
import urllib.parse
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.casework import _person  # noqa: E402
from bench.claims import stamped_as_given  # noqa: E402
from bench.generate import ensure_postgres_database  # noqa: E402
from bench.jet import P95_MS, Server, Target, analyze, counting, headers, setup, yes  # noqa: E402
from bench.run import (  # noqa: E402
    busy_cpu_seconds,
    drive,
    fetch,
    machine,
    percentile,
    server_cpu_seconds,
    wait_for_idle,
)

README = BENCH_DIR / "README.md"
SECTION = "## Alumni (issue #14)"
AFTER = "## Claims (issue #13)"  # the section this one follows
MARKERS = "<!-- alumni-bench:{database}:start -->", "<!-- alumni-bench:{database}:end -->"
HQ_EMAIL = "bench-alumni-hq@example.jp"  # headquarters: imports
ALUMNUS_EMAIL = "bench-alumni-reader@example.jp"  # a listed alumnus, member of the biggest chapter
OFFICER_EMAIL = "bench-alumni-officer@example.jp"  # an officer of the biggest chapter (no record of their own)
PEOPLE = "@bench-alumni.example"  # the other alumni's accounts
SLUG = "bench-jetaa-"
JST = ZoneInfo("Asia/Tokyo")
ALUMNI, ACCOUNTS, MEMBERSHIPS, REGISTRATIONS = 80_000, 6_000, 150_000, 50_000
IMPORT_ROWS = 80_000
ALONE = 20  # requests of each target, one at a time, in-process

# key, English name, country, region, latitude, longitude, weight (its share of the members), status, bylaws
CHAPTERS = [
    ("ny", "New York", "US", "north_america", 40.71, -74.01, 14, "active", True),
    ("dc", "Washington DC", "US", "north_america", 38.90, -77.04, 8, "active", True),
    ("ne", "New England", "US", "north_america", 42.36, -71.06, 6, "active", True),
    ("phl", "Philadelphia", "US", "north_america", 39.95, -75.17, 3, "active", True),
    ("pit", "Pittsburgh", "US", "north_america", 40.44, -79.99, 1, "dormant", False),
    ("se", "Southeast", "US", "north_america", 33.75, -84.39, 4, "active", True),
    ("fl", "Florida", "US", "north_america", 25.76, -80.19, 3, "active", False),
    ("chi", "Chicago", "US", "north_america", 41.88, -87.63, 6, "active", True),
    ("mn", "Minnesota", "US", "north_america", 44.98, -93.27, 3, "active", True),
    ("wi", "Wisconsin", "US", "north_america", 43.07, -89.40, 2, "active", True),
    ("oh", "Ohio", "US", "north_america", 39.96, -83.00, 2, "active", False),
    ("hl", "Heartland", "US", "north_america", 39.10, -94.58, 2, "active", True),
    ("tx", "Texas", "US", "north_america", 29.76, -95.37, 4, "active", True),
    ("rm", "Rocky Mountain", "US", "north_america", 39.74, -104.99, 3, "active", True),
    ("nc", "Northern California", "US", "north_america", 37.77, -122.42, 8, "active", True),
    ("sc", "Southern California", "US", "north_america", 34.05, -118.24, 8, "active", True),
    ("pnw", "Pacific Northwest", "US", "north_america", 47.61, -122.33, 6, "active", True),
    ("or", "Oregon", "US", "north_america", 45.52, -122.68, 3, "active", True),
    ("hi", "Hawaii", "US", "north_america", 21.31, -157.86, 3, "active", True),
    ("az", "Arizona", "US", "north_america", 33.45, -112.07, 1, "founding", False),
    ("bc", "British Columbia", "CA", "north_america", 49.28, -123.12, 5, "active", True),
    ("sa", "Southern Alberta", "CA", "north_america", 51.05, -114.07, 2, "active", True),
    ("na", "Northern Alberta", "CA", "north_america", 53.55, -113.49, 2, "active", True),
    ("mb", "Manitoba", "CA", "north_america", 49.90, -97.14, 1, "active", False),
    ("to", "Toronto", "CA", "north_america", 43.65, -79.38, 5, "active", True),
    ("ott", "Ottawa", "CA", "north_america", 45.42, -75.70, 2, "active", True),
    ("mtl", "Montreal", "CA", "north_america", 45.50, -73.57, 2, "active", True),
    ("ns", "Nova Scotia", "CA", "north_america", 44.65, -63.57, 1, "active", False),
    ("uk", "United Kingdom", "GB", "europe", 51.51, -0.13, 9, "active", True),
    ("sco", "Scotland", "GB", "europe", 55.95, -3.19, 2, "active", True),
    ("nen", "Northern England", "GB", "europe", 53.48, -2.24, 2, "active", False),
    ("ie", "Ireland", "IE", "europe", 53.35, -6.26, 3, "active", True),
    ("fr", "France", "FR", "europe", 48.86, 2.35, 2, "active", True),
    ("de", "Germany", "DE", "europe", 52.52, 13.40, 2, "active", True),
    ("ru", "Russia", "RU", "europe", 55.76, 37.62, 1, "dormant", True),
    ("nsw", "New South Wales", "AU", "oceania", -33.87, 151.21, 5, "active", True),
    ("vic", "Victoria", "AU", "oceania", -37.81, 144.96, 4, "active", True),
    ("qld", "Queensland", "AU", "oceania", -27.47, 153.03, 3, "active", True),
    ("wa", "Western Australia", "AU", "oceania", -31.95, 115.86, 2, "active", True),
    ("sau", "South Australia", "AU", "oceania", -34.93, 138.60, 1, "active", False),
    ("act", "Canberra", "AU", "oceania", -35.28, 149.13, 1, "active", True),
    ("tas", "Tasmania", "AU", "oceania", -42.88, 147.33, 1, "dormant", False),
    ("akl", "Auckland", "NZ", "oceania", -36.85, 174.76, 3, "active", True),
    ("wlg", "Wellington", "NZ", "oceania", -41.29, 174.78, 2, "active", True),
    ("chc", "Christchurch", "NZ", "oceania", -43.53, 172.64, 1, "active", True),
    ("kr", "Korea", "KR", "asia", 37.57, 126.98, 2, "active", False),
    ("cn", "China", "CN", "asia", 39.90, 116.40, 2, "active", True),
    ("sg", "Singapore", "SG", "asia", 1.29, 103.85, 1, "active", True),
    ("ph", "Philippines", "PH", "asia", 14.60, 120.98, 1, "active", True),
    ("za", "South Africa", "ZA", "africa", -26.20, 28.05, 1, "active", True),
    ("jm", "Jamaica", "JM", "latin_america", 18.02, -76.80, 2, "active", True),
    ("tt", "Trinidad and Tobago", "TT", "latin_america", 10.65, -61.51, 1, "active", True),
    ("br", "Brazil", "BR", "latin_america", -23.55, -46.63, 1, "active", True),
    ("ar", "Argentina", "AR", "latin_america", -34.60, -58.38, 1, "refounding", False),
    ("bb", "Barbados", "BB", "latin_america", 13.10, -59.61, 1, "founding", False),
]
OFFICE = {"US": "nyc", "CA": "nyc", "BR": "nyc", "AR": "nyc", "BB": "nyc", "JM": "nyc", "TT": "nyc", "GB": "lon",
          "IE": "lon", "DE": "lon", "RU": "lon", "ZA": "lon", "FR": "par", "SG": "sin", "PH": "sin", "KR": "sel",
          "AU": "syd", "NZ": "syd", "CN": "bej"}
# alumni's countries (nationality), weighted as the programme's intake; some have no chapter of their own
COUNTRY_WEIGHTS = {"US": 40, "GB": 11, "CA": 10, "AU": 8, "NZ": 5, "IE": 3, "JM": 2, "FR": 2, "DE": 2, "KR": 2,
                   "CN": 2, "SG": 1, "PH": 1, "ZA": 1, "TT": 1, "BR": 1, "RU": 1, "AR": 0.5, "BB": 0.5, "IT": 1,
                   "IN": 1, "MX": 0.5, "SE": 0.5, "NL": 0.5, "FI": 0.3}
NEAREST = {"IT": "FR", "IN": "SG", "MX": "US", "SE": "GB", "NL": "DE", "FI": "DE"}  # no chapter: the nearest one
ZONES = {"US": "America/New_York", "CA": "America/Toronto", "GB": "Europe/London", "IE": "Europe/Dublin",
         "FR": "Europe/Paris", "DE": "Europe/Berlin", "RU": "Europe/Moscow", "AU": "Australia/Sydney",
         "NZ": "Pacific/Auckland", "KR": "Asia/Seoul", "CN": "Asia/Shanghai", "SG": "Asia/Singapore",
         "PH": "Asia/Manila", "ZA": "Africa/Johannesburg", "JM": "America/Jamaica", "TT": "America/Port_of_Spain",
         "BR": "America/Sao_Paulo", "AR": "America/Argentina/Buenos_Aires", "BB": "America/Barbados"}
GIVEN = [("Alex", "アレックス"), ("Jordan", "ジョーダン"), ("Taylor", "テイラー"), ("Sam", "サム"),
         ("Chris", "クリス"), ("Morgan", "モーガン"), ("Jamie", "ジェイミー"), ("Casey", "ケイシー"),
         ("Riley", "ライリー"), ("Avery", "エイヴリー"), ("Hannah", "ハンナ"), ("Noah", "ノア"),
         ("Olivia", "オリビア"), ("Liam", "リアム"), ("Emma", "エマ"), ("Mia", "ミア"), ("Ethan", "イーサン"),
         ("Grace", "グレース"), ("Lucas", "ルーカス"), ("Chloe", "クロエ"), ("Daniel", "ダニエル"),
         ("Sophie", "ソフィー"), ("Michael", "マイケル"), ("Sarah", "サラ"), ("David", "デイビッド"),
         ("Laura", "ローラ"), ("James", "ジェームズ"), ("Emily", "エミリー"), ("Robert", "ロバート"),
         ("Jessica", "ジェシカ"), ("Thomas", "トーマス"), ("Rachel", "レイチェル"), ("Andrew", "アンドリュー"),
         ("Megan", "メーガン"), ("Matthew", "マシュー"), ("Lauren", "ローレン"), ("Kevin", "ケビン"),
         ("Anna", "アンナ"), ("Brian", "ブライアン"), ("Claire", "クレア")]
FAMILY = [("Smith", "スミス"), ("Johnson", "ジョンソン"), ("Brown", "ブラウン"), ("Taylor", "テイラー"),
          ("Wilson", "ウィルソン"), ("Martin", "マーティン"), ("Lee", "リー"), ("Walker", "ウォーカー"),
          ("Hall", "ホール"), ("Young", "ヤング"), ("King", "キング"), ("Wright", "ライト"), ("Lopez", "ロペス"),
          ("Hill", "ヒル"), ("Scott", "スコット"), ("Green", "グリーン"), ("Adams", "アダムズ"),
          ("Baker", "ベイカー"), ("Nelson", "ネルソン"), ("Carter", "カーター"), ("Mitchell", "ミッチェル"),
          ("Roberts", "ロバーツ"), ("Turner", "ターナー"), ("Phillips", "フィリップス"), ("Campbell", "キャンベル"),
          ("Parker", "パーカー"), ("Evans", "エバンズ"), ("Edwards", "エドワーズ"), ("Collins", "コリンズ"),
          ("Stewart", "スチュワート"), ("Morris", "モリス"), ("Murphy", "マーフィー"), ("Cook", "クック"),
          ("Rogers", "ロジャーズ"), ("Morgan", "モーガン"), ("Cooper", "クーパー"), ("Peterson", "ピーターソン"),
          ("Reed", "リード"), ("Bailey", "ベイリー"), ("Kelly", "ケリー"), ("Howard", "ハワード"),
          ("Ward", "ワード"), ("Cox", "コックス"), ("Richardson", "リチャードソン"), ("Wood", "ウッド"),
          ("Watson", "ワトソン"), ("Brooks", "ブルックス"), ("Bennett", "ベネット"), ("Gray", "グレイ"),
          ("Hughes", "ヒューズ"), ("Kim", "キム"), ("Nguyen", "グエン"), ("O'Brien", "オブライエン"),
          ("Dubois", "デュボワ"), ("Müller", "ミュラー"), ("Chen", "チェン"), ("Santos", "サントス"),
          ("Campbell-Jones", "キャンベルジョーンズ"), ("MacDonald", "マクドナルド"), ("Singh", "シン")]
EMPLOYERS = ["Japan External Trade Organization", "Bank of America", "HSBC", "Royal Bank of Canada",
             "Commonwealth Bank", "Mitsubishi Corporation", "Toyota Motor North America", "Sony Interactive",
             "Google", "Amazon", "Microsoft", "A public school district", "University of Washington",
             "University of Toronto", "The British Council", "Ministry of Foreign Affairs", "Embassy of Japan",
             "Consulate-General of Japan", "Japan Foundation", "A translation agency", "Self-employed",
             "Deloitte", "KPMG", "Rakuten", "Nintendo of America", "Japan National Tourism Organization",
             "A travel company", "Mizuho Bank", "MUFG Bank", "Department of Education"]
CITIES = {"US": ["New York", "Washington", "Boston", "Chicago", "Seattle", "San Francisco", "Los Angeles", "Austin",
                 "Denver", "Portland", "Honolulu", "Atlanta", "Minneapolis"],
          "GB": ["London", "Edinburgh", "Manchester", "Bristol", "Leeds"], "CA": ["Toronto", "Vancouver", "Calgary",
                                                                                  "Ottawa", "Montreal"],
          "AU": ["Sydney", "Melbourne", "Brisbane", "Perth"], "NZ": ["Auckland", "Wellington", "Christchurch"]}
# the four private fields' visibility: (clair, chapter, alumni) weights
VISIBILITY = {"email": (55, 25, 20), "city": (35, 30, 35), "employer": (40, 25, 35), "placements": (25, 30, 45)}
WORDING = ("I agree that CLAIR keeps my record in the JET alumni network and shows it to the people I choose. "
           "JET同窓会ネットワークへの登録に同意します。")


def log(message: str) -> None:
    print(f"[alumni] {message}", file=sys.stderr, flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def scaled(n: int, scale: float) -> int:
    return max(1, round(n * scale))


# ---------------------------------------------------------------------------------------------------- data


def make_chapters() -> dict:
    """The 55 chapters (organisation + chapter), their states as CHAPTERS says; idempotent."""
    from kizuna.alumni.models import Chapter
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation

    offices = {o.slug: o for o in Organisation.objects.filter(slug__in=set(OFFICE.values()))}
    have = {o.slug: o for o in Organisation.objects.filter(slug__startswith=SLUG)}
    Organisation.objects.bulk_create([
        Organisation(kind=OrgKind.JETAA_CHAPTER, name=f"JETAA {name}", name_en=f"JETAA {name}", slug=SLUG + key,
                     timezone=ZONES.get(country, "UTC"))
        for key, name, country, *_rest in CHAPTERS if SLUG + key not in have])
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__startswith=SLUG)}
    existing = set(Chapter.objects.filter(organisation__slug__startswith=SLUG).values_list("pk", flat=True))
    rng = random.Random(55)
    rows = []
    for key, _name, country, region, lat, lon, _weight, status, bylaws in CHAPTERS:
        org = orgs[SLUG + key]
        if org.pk in existing:
            continue
        founded = None if status == "founding" else date(rng.randint(1989, 2015), rng.randint(1, 12), 1)
        rows.append(Chapter(organisation=org, country=country, region=region, founded_on=founded,
                            bylaws_adopted_on=founded + timedelta(days=rng.randint(0, 400)) if bylaws and founded
                            else None, bylaws_url=f"https://jetaa-{key}.example.org/bylaws" if bylaws else "",
                            status=status, supported_by=offices.get(OFFICE[country]), latitude=lat, longitude=lon))
    Chapter.objects.bulk_create(rows)
    return {c.organisation.slug.removeprefix(SLUG): c
            for c in Chapter.objects.filter(organisation__slug__startswith=SLUG).select_related("organisation")}


def _ascii(text: str) -> str:
    """An email's local part from a name: Müller → muller, O'Brien → obrien."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower().replace(" ", ".") if ch.isalnum() or ch == ".")


def _weighted(rng, options: dict):
    return rng.choices(list(options), list(options.values()))[0]


def _name(rng) -> tuple[str, str]:
    (given, given_kana), (family, family_kana) = rng.choice(GIVEN), rng.choice(FAMILY)
    return f"{given} {family}", f"{given_kana} {family_kana}"


def make_data(rng: random.Random, scale: float, *, fresh: bool = False) -> dict:
    """BENCH DATA at `scale` (1: the issue's), bulk-inserted: alumni, placements, memberships, accounts, events
    and registrations, officers, representatives."""
    from django.db import transaction
    from django.utils import timezone

    from kizuna.alumni.models import Alumnus, ChapterMember, CountryRepresentative, Placement, search_key
    from kizuna.core.audit import unlogged
    from kizuna.core.enums import MunicipalityType, OrgKind, Role
    from kizuna.core.models import Membership, Organisation, User
    from kizuna.events.models import Event, Registration

    if Organisation.objects.count() < 1000:
        log("loading the reference data")
        from django.core.management import call_command

        call_command("load_reference_data", verbosity=0)
    hq = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).order_by("pk").first()
    _person(HQ_EMAIL, "ベンチ 本部 同窓会", hq, Role.STAFF, mfa=True)
    chapters = make_chapters()
    n_alumni = scaled(ALUMNI, scale)
    if not fresh and Alumnus.objects.count() == n_alumni:
        return facts(chapters)
    t0 = time.monotonic()
    today = timezone.localdate()
    with transaction.atomic(), unlogged("bench data"), stamped_as_given(Event._meta.get_field("created_at")):
        # start again: the bench's rows only (the database is the bench's own)
        CountryRepresentative.objects.all().delete()
        Registration.objects.filter(event__organiser__slug__startswith=SLUG).delete()
        Event.objects.filter(organiser__slug__startswith=SLUG).delete()
        Membership.objects.filter(organisation__slug__startswith=SLUG).delete()
        ChapterMember.objects.all().delete()
        Placement.objects.all().delete()
        Alumnus.objects.all().delete()
        User.objects.filter(email__endswith=PEOPLE).delete()
        places = list(Organisation.objects.filter(kind__in=[OrgKind.PREFECTURE, OrgKind.MUNICIPALITY])
                      .exclude(municipality_type=MunicipalityType.WARD).only("pk", "name", "kind", "prefecture_id"))
        prefectures = [p for p in places if p.kind == OrgKind.PREFECTURE]
        towns = [p for p in places if p.kind == OrgKind.MUNICIPALITY]
        by_country = {}
        for key, _n, country, *_r, weight, status, _b in CHAPTERS:
            by_country.setdefault(country, {})[key] = weight * (0.2 if status in ("founding", "dormant") else 1)
        # alumni
        alumni, plans = [], []
        for i in range(n_alumni):
            name, kana = _name(rng)
            country = _weighted(rng, COUNTRY_WEIGHTS)
            first = rng.choices(range(1988, 2026), [1 + (y - 1988) * 0.08 for y in range(1988, 2026)])[0]
            years = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])
            visibility = {f"{f}_visibility": rng.choices(["clair", "chapter", "alumni"], w)[0]
                          for f, w in VISIBILITY.items()}
            withdrawn = rng.random() < 0.05
            born = date(first - rng.randint(22, 35), rng.randint(1, 12), rng.randint(1, 28))
            alumni.append(Alumnus(
                full_name=name, full_name_kana=kana if rng.random() < 0.6 else "",
                jet_number=f"{first}{i + 1:07d}" if rng.random() < 0.85 else "",
                birth_date=born if rng.random() < 0.7 else None, country=country,
                email=f"{_ascii(name)}.{i}@alumni.example"
                if rng.random() < 0.9 else "",
                city=rng.choice(CITIES.get(country, ["—"])) if rng.random() < 0.7 else "",
                employer=rng.choice(EMPLOYERS) if rng.random() < 0.75 else "",
                status="withdrawn" if withdrawn else "listed", source=rng.choice(["departure", "joined", "import",
                                                                                  "import"]),
                consent_wording=WORDING,
                consented_at=datetime(min(first + years, 2026), 8, 1, 12, tzinfo=JST)
                - timedelta(days=rng.randint(0, 30)),
                withdrawn_at=timezone.now() - timedelta(days=rng.randint(1, 700)) if withdrawn else None,
                search_name="", **visibility))
            alumni[-1].search_name = search_key(alumni[-1].full_name, alumni[-1].full_name_kana)
            plans.append((first, years))
        Alumnus.objects.bulk_create(alumni, batch_size=2000)
        log(f"{len(alumni):,} alumni ({time.monotonic() - t0:.0f} s)")
        # placements: one, or two after a transfer (one in six)
        placements = []
        for a, (first, years) in zip(alumni, plans, strict=True):
            moves = 2 if years >= 2 and rng.random() < 0.17 else 1
            start = first
            for k in range(moves):
                span = years if moves == 1 else (1 if k == 0 else years - 1)
                org = rng.choice(prefectures) if rng.random() < 0.3 else rng.choice(towns)
                placements.append(Placement(
                    alumnus=a, organisation=org, organisation_name=org.name,
                    prefecture_id=org.pk if org.kind == OrgKind.PREFECTURE else org.prefecture_id,
                    position="cir" if rng.random() < 0.08 else "sea" if rng.random() < 0.01 else "alt",
                    started_on=date(start, 8, 1), ended_on=date(start + span, 7, 31)))
                start += span
        Placement.objects.bulk_create(placements, batch_size=5000)
        log(f"{len(placements):,} placements ({time.monotonic() - t0:.0f} s)")
        # memberships: the chapter of one's country (or the nearest), then others; some left since
        all_weights = {key: w for c in by_country.values() for key, w in c.items()}
        members, live = [], {}
        extra = (MEMBERSHIPS / ALUMNI - 0.9) / 1.38  # the chance of a second chapter, half that of a third
        for a, (first, years) in zip(alumni, plans, strict=True):
            own = by_country.get(a.country) or by_country[NEAREST[a.country]]
            picks = []
            if rng.random() < 0.9:
                picks.append(_weighted(rng, own))
            for chance in (extra, extra / 2):
                if rng.random() < chance:
                    pool = own if len(own) > 2 and rng.random() < 0.5 else all_weights
                    key = _weighted(rng, pool)
                    if key not in picks:
                        picks.append(key)
            back = date(min(first + years, 2026), 8, 1)
            for k, key in enumerate(picks):
                span = max((today - back).days, 1)
                joined = back + timedelta(days=int(span * rng.random() ** 1.6 * 0.999))  # early, some this year
                joined = min(joined, today)
                left = None
                if k > 0 and rng.random() < 0.25 and (today - joined).days > 60:
                    left = joined + timedelta(days=rng.randint(30, (today - joined).days))
                members.append(ChapterMember(chapter=chapters[key], alumnus=a, joined_on=joined, left_on=left))
                if left is None:
                    live.setdefault(key, []).append(a)
        ChapterMember.objects.bulk_create(members, batch_size=5000)
        log(f"{len(members):,} chapter memberships ({time.monotonic() - t0:.0f} s)")
        # accounts: the reader (a listed member of the biggest chapter) and ACCOUNTS others, mostly members
        reader = next(a for a in live["ny"] if a.status == "listed" and a.country == "US" and a.employer)
        user = _account(ALUMNUS_EMAIL, reader.full_name)
        Alumnus.objects.filter(pk=reader.pk).update(person=user, email=ALUMNUS_EMAIL)
        n_accounts = scaled(ACCOUNTS, scale)
        with_accounts = rng.sample([a for a in alumni if a.pk != reader.pk and a.status == "listed"], n_accounts)
        users = User.objects.bulk_create([User(email=f"alumnus{k:05d}{PEOPLE}", full_name=a.full_name)
                                          for k, a in enumerate(with_accounts)], batch_size=2000)
        for a, u in zip(with_accounts, users, strict=True):
            a.person = u
        Alumnus.objects.bulk_update(with_accounts, ["person"], batch_size=2000)
        # officers: the bench's officer of the biggest chapter, and one to four alumni per open chapter
        _person(OFFICER_EMAIL, "ベンチ JETAA 役員", chapters["ny"].organisation, Role.CHAPTER_OFFICER)
        member_of = {}
        for key, people in live.items():
            for a in people:
                member_of.setdefault(a.pk, []).append(key)
        officers = []
        for key, chapter in chapters.items():
            if chapter.status == "dormant":
                continue
            pool = [a for a in with_accounts if key in member_of.get(a.pk, ())]
            for a in rng.sample(pool, min(len(pool), rng.randint(1, 4))):
                officers.append(Membership(person=a.person, organisation=chapter.organisation,
                                           role=Role.CHAPTER_OFFICER))
        Membership.objects.bulk_create(officers)
        # events of this fiscal year and the last, by each open chapter (fewer by small and dormant ones)
        events, fy = [], today.year if today.month >= 4 else today.year - 1
        for key, _n, country, *_r, weight, status, _b in CHAPTERS:
            chapter = chapters[key]
            for year in (fy - 1, fy):
                n = 0 if status == "founding" or (status == "dormant" and year == fy) else 3 * weight + 2
                for k in range(n):
                    start = datetime(year, 4, 1, 18, tzinfo=JST) + timedelta(days=rng.uniform(0, 364))
                    events.append(Event(
                        organiser=chapter.organisation, kind=rng.choice(["seminar", "seminar", "conference",
                                                                         "ceremony", "career_fair"]),
                        format=rng.choice(["on_site", "on_site", "online", "hybrid"]),
                        title=f"JETAA {key.upper()} 交流会 {year}-{k + 1}", title_en=f"JETAA {key.upper()} meetup "
                        f"{year}-{k + 1}", country=country, venue_timezone=ZONES.get(country, "UTC"),
                        starts_at=start, ends_at=start + timedelta(hours=3), is_published=True,
                        kpi_series="jet_40th" if year == fy and k == 0 and weight >= 3 else "",
                        created_at=start - timedelta(days=40)))
        Event.objects.bulk_create(events, batch_size=2000)
        by_chapter = {}
        for e in events:
            by_chapter.setdefault(e.organiser_id, []).append(e)
        # registrations of the alumni with accounts, for their chapters' events (a few for others')
        n_regs = scaled(REGISTRATIONS, scale)
        keys_of = {a.pk: [k for k in member_of.get(a.pk, ()) if by_chapter.get(chapters[k].pk)]
                   for a in with_accounts}
        keen = [a for a in with_accounts if keys_of[a.pk]]
        taken, registrations = set(), []
        all_events = [e for e in events]
        while len(registrations) < n_regs:
            a = rng.choice(keen)
            own = keys_of[a.pk]
            event = rng.choice(by_chapter[chapters[rng.choice(own)].pk]) if rng.random() < 0.9 \
                else rng.choice(all_events)
            if (event.pk, a.person_id) in taken:
                continue
            taken.add((event.pk, a.person_id))
            status = rng.choices(["confirmed", "cancelled", "waiting"], [85, 10, 5])[0]
            registrations.append(Registration(event=event, person_id=a.person_id, registered_by_id=a.person_id,
                                              status=status, code=f"AL{len(registrations):010d}"))
        Registration.objects.bulk_create(registrations, batch_size=5000)
        seats = {}
        for r in registrations:
            if r.status == "confirmed":
                seats[r.event_id] = seats.get(r.event_id, 0) + 1
        for e in events:
            e.seats_taken = seats.get(e.pk, 0)
        Event.objects.bulk_update(events, ["seats_taken"], batch_size=2000)
        # country representatives: one per country with two or more chapters
        for country, keys in by_country.items():
            if len(keys) >= 2:
                person = next(a for k in keys for a in live.get(k, ()) if a.status == "listed")
                CountryRepresentative.objects.create(alumnus=person, country=country,
                                                     since=today - timedelta(days=rng.randint(30, 900)))
    log(f"{len(alumni):,} alumni, {len(placements):,} placements, {len(members):,} memberships, "
        f"{len(events):,} events, {len(registrations):,} registrations in {time.monotonic() - t0:.1f} s")
    return facts(chapters)


def _account(email: str, name: str):
    from allauth.account.models import EmailAddress

    from kizuna.core.models import User

    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def facts(chapters: dict) -> dict:
    from django.db.models import Count

    from kizuna.alumni.models import Alumnus, ChapterMember, Placement
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation
    from kizuna.events.models import Event, Registration

    ny = chapters["ny"]
    reader = Alumnus.objects.get(person__email=ALUMNUS_EMAIL)
    prefecture = Organisation.objects.get(kind=OrgKind.PREFECTURE, code="010006")  # 北海道
    bench_events = Event.objects.filter(organiser__slug__startswith=SLUG)
    sizes = dict(ChapterMember.objects.filter(left_on__isnull=True, alumnus__status="listed")
                 .values_list("chapter").annotate(n=Count("pk")).order_by())
    ordered = sorted(chapters.values(), key=lambda c: -sizes.get(c.pk, 0))
    return {"alumni": Alumnus.objects.count(),
            "states": dict(Alumnus.objects.values_list("status").annotate(n=Count("pk")).order_by()),
            "with_accounts": Alumnus.objects.filter(person__isnull=False).count(),
            "placements": Placement.objects.count(), "memberships": ChapterMember.objects.count(),
            "live_memberships": ChapterMember.objects.filter(left_on__isnull=True).count(),
            "chapters": len(chapters), "countries": len({c.country for c in chapters.values()}),
            "chapter_states": dict(sorted((s, sum(1 for c in chapters.values() if c.status == s))
                                          for s in {c.status for c in chapters.values()})),
            "events": bench_events.count(),
            "registrations": Registration.objects.filter(event__in=bench_events).count(),
            "ny": ny.pk, "ny_name": str(ny), "ny_members": sizes.get(ny.pk, 0),
            "middle": ordered[len(ordered) // 2].pk, "middle_members": sizes.get(ordered[len(ordered) // 2].pk, 0),
            "small": ordered[-1].pk, "small_members": sizes.get(ordered[-1].pk, 0),
            "us_listed": Alumnus.objects.filter(country="US", status="listed").count(),
            "prefecture": prefecture.pk, "prefecture_name": prefecture.name,
            "reader": reader.pk, "reader_chapters": ChapterMember.objects.filter(alumnus=reader,
                                                                                 left_on__isnull=True).count()}


def vacuum() -> None:
    """PostgreSQL: what autovacuum does after bulk inserts (the visibility map and the statistics)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) alumni_alumnus, alumni_placement, alumni_chaptermember, alumni_chapter, "
                           "events_event, events_registration, core_membership, core_user")


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
    cmd = [sys.executable, __file__, "--import-run", str(rows)] + (["--tracemalloc"] if trace else [])
    log(f"import of {rows:,} rows into {url.rsplit('/', 1)[1]}" + (" under tracemalloc" if trace else ""))
    done = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"import: {out}")
    return out


# --------------------------------------------------------------------------------------------------- HTTP


def measure(server: Server, target: Target, marker: bytes, clients: int, duration: float, warmup: float) -> dict:
    """bench/jet.py's measurement, with the answer checked for `marker` first."""
    for path in target.paths:
        status, body = fetch(server.port, path, target.headers)
        if status != 200 or marker not in body:
            raise SystemExit(f"{target.name} {path}: status {status} {body[:300]!r}")
    drive(server.port, target, clients, warmup, record=False)
    server0, busy0 = server_cpu_seconds(server.process), busy_cpu_seconds()
    result = drive(server.port, target, clients, duration, record=True)
    spent, busy = server_cpu_seconds(server.process) - server0, busy_cpu_seconds() - busy0
    client = result.client_cpu * result.elapsed
    out = {"label": target.label, "requests": result.count, "errors": result.errors, "rps": round(result.rps, 1),
           "p50_ms": round(result.percentile(50), 1), "p95_ms": round(result.percentile(95), 1),
           "server_ms": round(spent / max(result.count, 1) * 1000, 1),
           "server_cpu": round(spent / result.elapsed, 2), "client_cpu": round(result.client_cpu, 2),
           "other_cpu": round(max(busy - spent - client, 0) / result.elapsed, 2),
           "kb": round(len(body) / 1024),
           "per_path": {p: round(percentile(v, 95), 1) for p, v in result.per_path.items()}}
    log(f"{target.name}: {out}")
    return out


def alone(targets: list[tuple], emails: dict) -> dict:
    """Each target's pages one request at a time, in-process (Django's test client, the whole middleware)."""
    from django.test import Client

    from kizuna.core.models import User

    out = {}
    for target, _marker, _has_target in targets:
        client = Client(headers={"accept-language": "ja"})
        if emails[target.name]:
            client.force_login(User.objects.get(email=emails[target.name]),
                               backend="django.contrib.auth.backends.ModelBackend")
        for path in target.paths:
            client.get(path)  # warm: imports, templates, caches
        times, per_path = [], {}
        queries, wrapper = counting()
        with wrapper:
            for i in range(ALONE):
                path = target.paths[i % len(target.paths)]
                t0 = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - t0)
                per_path.setdefault(path, []).append(times[-1])
                if response.status_code != 200:
                    raise SystemExit(f"{target.name}: status {response.status_code}")
        times.sort()
        out[target.name] = {"median_ms": round(times[len(times) // 2] * 1000, 1), "best_ms": round(times[0] * 1000, 1),
                            "queries": round(len(queries) / ALONE, 1), "kb": round(len(response.content) / 1024),
                            "slowest_path": max(per_path, key=lambda p: sorted(per_path[p])[len(per_path[p]) // 2]),
                            "per_path_ms": {p: round(sorted(v)[len(v) // 2] * 1000, 1) for p, v in per_path.items()}}
    log(f"alone: {out}")
    return out


DIRECTORY = "/alumni/directory/"
API = "/api/v1/alumni/directory"


def directory_paths(data: dict) -> list[str]:
    mid = max(data["us_listed"] // 50 // 2, 2)
    return ["?country=US", f"?country=US&page={mid}", "?employer=bank", f"?prefecture={data['prefecture']}&year=2015",
            "?name=smith", f"?chapter={data['ny']}", "?name=" + urllib.parse.quote("スミス"),
            "?country=US&employer=university&year=2010"]


EMAILS = {"directory-alumnus": ALUMNUS_EMAIL, "directory-officer": OFFICER_EMAIL, "chapters": None,
          "chapter": ALUMNUS_EMAIL, "api": ALUMNUS_EMAIL, "international": ALUMNUS_EMAIL}


def found(data: dict) -> dict:
    """How many alumni each directory search finds, for the alumnus, the officer and headquarters (who see every
    field: the privacy rules make them differ), as the page counts them."""
    from django.http import QueryDict

    from kizuna.alumni import queries
    from kizuna.alumni.forms import DirectoryForm
    from kizuna.core.models import User

    out = {}
    for who, email in (("alumnus", ALUMNUS_EMAIL), ("officer", OFFICER_EMAIL), ("hq", HQ_EMAIL)):
        user = User.objects.get(email=email)
        for path in directory_paths(data):
            form = DirectoryForm(QueryDict(path.removeprefix("?")))
            if not form.is_valid():
                raise SystemExit(f"{path}: {form.errors}")
            c = form.cleaned_data
            filters = queries.DirectoryFilters(
                name=c["name"], country=c["country"], chapter=c["chapter"].pk if c["chapter"] else None,
                prefecture=c["prefecture"].pk if c["prefecture"] else None, year=c["year"], employer=c["employer"])
            out.setdefault(urllib.parse.unquote(path.split("&page=")[0]), {})[who] = \
                queries.directory(user, filters).count()
    return out


def targets_of(data: dict) -> list[tuple]:
    alumnus, officer = headers(ALUMNUS_EMAIL), headers(OFFICER_EMAIL)
    anonymous = {"Accept-Language": "ja"}
    paths = directory_paths(data)
    shown = ", ".join(f"`{p}`" for p in paths)
    chapters = [data["ny"], data["middle"], data["small"]]
    api = [f"{API}?country=US", f"{API}?employer=bank", f"{API}?prefecture={data['prefecture']}&year=2015",
           f"{API}?name=smith&offset=50"]
    return [
        (Target("directory-alumnus", f"(a) the directory `{DIRECTORY}` as a listed alumnus (a member of "
                f"{data['ny_name']}, {data['ny_members']:,} members), {len(paths)} searches in rotation: {shown}",
                [DIRECTORY + p for p in paths], alumnus), b'data-testid="directory-form"', True),
        (Target("directory-officer", f"(a2) the same searches as an officer of {data['ny_name']} (no record of "
                "their own)", [DIRECTORY + p for p in paths], officer), b'data-testid="directory-form"', True),
        (Target("chapters", f"(b) the chapters' health `/alumni/chapters/` ({data['chapters']} chapters), anonymous",
                ["/alumni/chapters/"], anonymous), b'data-testid="chapters"', True),
        (Target("chapter", f"(b2) a chapter's page `/alumni/chapters/<pk>/` as the listed alumnus: "
                f"{data['ny_name']} ({data['ny_members']:,} members, theirs), a middle one "
                f"({data['middle_members']:,}) and the smallest ({data['small_members']:,}) in rotation",
                [f"/alumni/chapters/{pk}/" for pk in chapters], alumnus), b'data-testid="health"', True),
        (Target("api", f"(c) `{API}` as the listed alumnus (50 a page; country, employer, prefecture + year, "
                "name with offset)", api, alumnus), b'"items"', False),
        (Target("international", "(d) JETAA International `/alumni/international/` as the listed alumnus (the map, "
                "the table by country, the representatives, the year's events)", ["/alumni/international/"],
                alumnus), b'data-testid="countries"', False),
    ]


# ------------------------------------------------------------------------------------------------- report


def app_code() -> dict:
    """When the measured code last changed."""
    app = BENCH_DIR.parent / "kizuna" / "alumni"
    files = [*app.rglob("*.py"), *app.rglob("*.html")]
    latest = max(files, key=lambda f: f.stat().st_mtime)
    return {"latest_change": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(latest.stat().st_mtime)),
            "file": str(latest.relative_to(BENCH_DIR.parent))}


def intro() -> str:
    vis = "; ".join(f"{f} {c}/{ch}/{a} %" for f, (c, ch, a) in VISIBILITY.items())
    return f"""{SECTION}

Issue #14: **80,000 alumni, 55 chapters, 200,000 memberships and event registrations: the import of 80,000 rows
(time and peak memory stated), the directory search with privacy filters and the chapter health page, p95 < 150
ms at 8 clients.** The app is kizuna/alumni (docs/alumni.md).

    .venv/bin/python bench/alumni.py --readme              # SQLite: bench/data/alumni.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kz_alumni .venv/bin/python bench/alumni.py --readme
    ... --duration 15 --warmup 3 --clients 8 --wait-for-idle 60 --new-data --tracemalloc --skip-import

**Data** (bench data, bulk-inserted, no services, no audit entries; generated once and reused, `--new-data` to
make them again; `--scale 0.1` for a tenth, in its own file): the reference data (the placements' prefectures and
municipalities), **{len(CHAPTERS)} JETAA chapters in {len({c[2] for c in CHAPTERS})} countries** (an organisation
of kind `jetaa` and an `alumni.Chapter` each, with region, coordinates, the supporting CLAIR office, bylaws for
most; two being founded, three dormant, one being re-founded), **{ALUMNI:,} alumni** (nationalities weighted as the
programme's intake; about 5 % have withdrawn their consent; 60 % with a katakana reading, 85 % with a JET number;
the four private fields' visibility only CLAIR / my chapter / all alumni: {vis}), one placement each or two after
a transfer (prefectures and municipalities of the reference data, 1988–2025), **about {MEMBERSHIPS:,} chapter
memberships** (the chapter of one's country or the nearest, weighted by the chapter's size, and a second or third
chapter for some; a quarter of those left since), **{ACCOUNTS:,} alumni with an account**, the chapters' events of
this fiscal year and the last (three per unit of the chapter's size and two more, a year) and **{REGISTRATIONS:,}
registrations** of those alumni, mostly for their own chapters' events (so that "active this year" has work: a
live member is active when they joined this year or registered for one of the chapter's events this year), one
to four officers per open chapter and a country representative for each country with two chapters or more. The
readers: a listed alumnus who is a member of the biggest chapter (New York) with an account, an officer of that
chapter who has no record of their own, and a member of headquarters (MFA set up) who imports.

**Import.** `kizuna.alumni.importing.import_alumni` of **{IMPORT_ROWS:,} rows** from a generated CSV (English
headers; organisations by 6- or 5-digit code or by name; years or dates; a chapter on 70 % of rows; 60 % with a JET
number; about 1 % the same person as an earlier row without a JET number: a possible duplicate) as the member of
headquarters, in a process of its own, into a database of its own made anew for each run (the reference data, the
chapters and that member only), so that it neither collides with nor changes the bench data: all of its rows are
new records, with their audit entries. Measured: wall time, queries, and the process's resident memory: before
the import (Django, the data and the CSV in memory) and its high-water mark over the import (Linux `VmHWM`,
reset just before the import); `--tracemalloc` runs it again under tracemalloc for the Python heap's peak (slower:
its time is not the one stated).

**How it is measured.** As bench/jet.py: gunicorn 2 workers × 4 threads (`DEBUG` off), 8 keep-alive clients,
3 s warm-up, 15 s measured per target: (a) the directory `/alumni/directory/` as the listed alumnus, eight
searches in rotation — country (a first and a middle page of the United States' listed alumni), employer (a
filter on a private field: it matches only profiles whose employer the asker sees, through `rules.field_q`),
placement prefecture and year (the same for the placements), name in Latin letters and in katakana, chapter, and
country + employer + year together; (a2) the same as the officer; (b) the chapters' health `/alumni/chapters/`
(anonymous: chapters are public); (b2) a chapter's page as the listed alumnus (the biggest, a middle one and the
smallest in rotation); reported: (c) `GET /api/v1/alumni/directory` as the listed alumnus and (d) JETAA
International `/alumni/international/`. Then each target one request at a time, in-process (Django's test
client, median of {ALONE}, the database connection kept between requests as the server keeps it:
`CONN_MAX_AGE=60`), with its query count. On PostgreSQL the alumni's and the events' tables are `VACUUM
(ANALYZE)`d after the bulk insert, as autovacuum would soon do. The machine has **2 cores, shared** with other
sessions' work, and the load generator runs on it too: the load average and the other work's cores are given per
target (`--wait-for-idle` waits, up to its limit, for that work to settle); on PostgreSQL "other" includes the
database server's own processes.
"""


def markdown(report: dict) -> str:
    report = json.loads(urllib.parse.unquote(json.dumps(report, ensure_ascii=False, default=str)))  # スミス, not %E3…
    d = report["data"]
    start, end = (m.format(database=report["database"]) for m in MARKERS)
    lines = [start, "", f"### {report['database']}", "",
             f"Run {report['when']} on {report['database']} ({report['machine'].get('cpu', '?')}, "
             f"{report['machine'].get('cores', '?')} cores shared with other sessions' work; load average before: "
             f"{report['loadavg']}). Data: {d['alumni']:,} alumni ("
             + ", ".join(f"{k} {v:,}" for k, v in sorted(d["states"].items())) +
             f"; {d['with_accounts']:,} with an account), {d['placements']:,} placements, {d['chapters']} chapters in "
             f"{d['countries']} countries (" + ", ".join(f"{k} {v}" for k, v in d["chapter_states"].items()) +
             f"), {d['memberships']:,} memberships ({d['live_memberships']:,} live), {d['events']:,} chapter events, "
             f"{d['registrations']:,} registrations: {d['memberships'] + d['registrations']:,} memberships and "
             f"registrations. {d['ny_name']}: {d['ny_members']:,} listed members. Code measured: "
             f"{report['commit']}. Reproduce: `{report['command']}`.", "",
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
    i = report.get("import")
    if i:
        trace = report.get("import_traced")
        lines.append(
            f"| import: `importing.import_alumni` of {i['rows']:,} rows from a CSV ({i['kb']:,} KB) into a database "
            f"with the reference data and the chapters only: {i['alumni']:,} alumni, {i['placements']:,} "
            f"placements, {i['memberships']:,} memberships, {i['duplicates']:,} possible duplicates, "
            f"{i['log_entries']:,} audit entries; saved: {i['saved']}, {i['errors']} refused rows | in-process "
            f"(its own process), {i['queries']:,} queries; resident memory {i['rss_before_mb']:,} MB before, "
            f"high-water mark **{i['hwm_mb']:,} MB** during the import (+{i['peak_growth_mb']:,} MB)"
            + (f"; tracemalloc peak **{trace['tracemalloc_peak_mb']:,} MB** of Python heap (a second run under "
               f"tracemalloc, {trace['seconds']} s)" if trace else "")
            + f" | {i['rows']:,} rows | | **{i['seconds']} s** | time and peak memory stated | — |")
    alone_text = "; ".join(
        f"{r['label'].split(' ', 1)[0]} {a['median_ms']} ms (best {a['best_ms']}; {a['queries']:g} queries a "
        f"request, {a['kb']:,} KB; slowest URL `{a['slowest_path']}` {a['per_path_ms'][a['slowest_path']]} ms)"
        for r in report["reads"] for a in [report["alone"][r["name"]]])
    lines += ["", "Alumni found by each directory search (as the page counts them; the listed alumnus / the officer"
              + (" / headquarters, who see every field" if all("hq" in n for n in report["found"].values()) else "")
              + " — a filter on the employer or the placements finds only profiles that show that field to the asker): "
              + "; ".join(f"`{p}` {n['alumnus']:,} / {n['officer']:,}" + (f" / {n['hq']:,}" if "hq" in n else "")
                          for p, n in report["found"].items()) + "."]
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
    """The run's table between its markers, in the alumni section after the claims section of bench/README.md
    (added, with a place for each database, the first time)."""
    current = README.read_text(encoding="utf-8")
    if SECTION not in current:
        blocks = "".join(f"\n{s}\n\n### {db}\n\nNot run yet.\n\n{e}\n" for db in ("sqlite", "postgres")
                         for s, e in [(m.format(database=db) for m in MARKERS)])
        section = intro() + blocks
        if AFTER in current:  # before the section that follows the claims one, if any
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


def commit() -> str:
    try:
        rev = subprocess.run(["git", "-C", str(BENCH_DIR.parent), "rev-parse", "--short", "HEAD"], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(BENCH_DIR.parent), "status", "--porcelain", "--", "kizuna"],
                               check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
        return f"{rev}" + (" with uncommitted changes in kizuna/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--new-data", action="store_true", help="make the bench data again")
    parser.add_argument("--scale", type=float, default=1.0, help="of the data (1: the issue's); not 1: its own file")
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true", help="run the import again under tracemalloc")
    parser.add_argument("--only", choices=["directory-alumnus", "directory-officer", "chapters", "chapter", "api",
                                           "international"])
    parser.add_argument("--import-run", type=int, help=argparse.SUPPRESS)  # inside the import's own process
    parser.add_argument("--wait-for-idle", type=float, default=0, metavar="SECONDS",
                        help="before each target, wait up to this long for the machine's other work to settle")
    args = parser.parse_args(argv)
    (BENCH_DIR / "data").mkdir(exist_ok=True)
    (BENCH_DIR / "results").mkdir(exist_ok=True)
    if args.import_run:
        setup(os.environ["DATABASE_URL"])
        print(json.dumps(import_run(args.import_run, args.tracemalloc)), flush=True)
        return 0
    name = "alumni.sqlite3" if args.scale == 1 else f"alumni-s{args.scale:g}.sqlite3"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'data' / name}"
    os.environ.setdefault("CONN_MAX_AGE", "60")
    setup(database_url)
    from django.utils import timezone

    t0 = time.monotonic()
    data = make_data(random.Random(14), args.scale, fresh=args.new_data)
    analyze()
    vacuum()
    log(f"data ({time.monotonic() - t0:.0f} s): {data}")
    report = {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC"), "database": database_url.split(":", 1)[0],
              "machine": machine(), "clients": args.clients, "data": data, "loadavg": loadavg(),
              "commit": commit(), "scale": args.scale,
              "command": ("DATABASE_URL=... " if database_url.startswith("postgres") else "")
              + ".venv/bin/python bench/alumni.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    report["found"] = found(data)
    log(f"found: {report['found']}")
    targets = [t for t in targets_of(data) if args.only in (None, t[0].name)]
    server = Server(database_url)
    reads = []
    try:
        for target, marker, has_target in targets:
            idle = wait_for_idle(args.wait_for_idle) if args.wait_for_idle else None
            before = loadavg()
            reads.append({**measure(server, target, marker, args.clients, args.duration, args.warmup),
                          "name": target.name, "target": has_target, "load_before": before, "busy_before": idle})
    finally:
        server.stop()
    report["reads"] = reads
    if args.wait_for_idle:
        wait_for_idle(args.wait_for_idle)
    report["alone"] = alone(targets, EMAILS)
    if not args.skip_import and not args.only:
        if args.wait_for_idle:
            wait_for_idle(args.wait_for_idle)
        report["import"] = measure_import(database_url, args.import_rows, trace=False)
        if args.tracemalloc:
            report["import_traced"] = measure_import(database_url, args.import_rows, trace=True)
    report["app_code"] = app_code()
    text = markdown(report)
    print(text)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / "results" / f"alumni-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    if args.readme and not args.only and args.scale == 1:
        write_readme(text, report["database"])
    return 0 if all(r["p95_ms"] < P95_MS and not r["errors"] for r in reads if r["target"]) else 1


if __name__ == "__main__":
    sys.exit(main())
