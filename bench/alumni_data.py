"""bench/alumni.py's data: 80,000 alumni in 55 chapters with their placements, memberships, chapter events and
registrations, bulk-inserted (no services, no audit entries), generated once and reused; the accounts the reads
are made with. Its constants are shared with bench/alumni_import.py and bench/alumni.py."""

import random
import sys
import time
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.casework import _person  # noqa: E402
from bench.claims import stamped_as_given  # noqa: E402

HQ_EMAIL = "bench-alumni-hq@example.jp"  # headquarters: imports
ALUMNUS_EMAIL = "bench-alumni-reader@example.jp"  # a listed alumnus, member of the biggest chapter
OFFICER_EMAIL = "bench-alumni-officer@example.jp"  # an officer of the biggest chapter (no record of their own)
PEOPLE = "@bench-alumni.example"  # the other alumni's accounts
SLUG = "bench-jetaa-"
JST = ZoneInfo("Asia/Tokyo")
ALUMNI, ACCOUNTS, MEMBERSHIPS, REGISTRATIONS = 80_000, 6_000, 150_000, 50_000

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


