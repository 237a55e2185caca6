"""bench/exchange.py's directory entries (issue #17 item 8's "10,000 directory entries"): the networks app's three
public directories, filled as a mature registry would be.

- **7,000 multicultural coexistence managers** listed with their consent (and 5 % more who did not consent,
  which no public page may show): Japanese names in kanji with their kana and romaji (a few foreign residents'
  names in katakana), across the 47 prefectures weighted by population, working at a local government of their
  prefecture, its association, an NGO or an organisation outside the directory, certified in FY2006–2025,
  with one to three of the portal's fields;
- **a regional international association for each prefecture and designated city** (67, listed), recognised in
  1989–1996, with its area, fields and contact;
- **NGOs and NPOs** (the rest of the 10,000, listed, plus 5 % unlisted): names made of a town, a theme and a
  form (NPO法人 仙台市日本語の会) with their kana and English, based in a prefecture, active in its region (some
  nationwide), fields and languages, a line of activities.

Bulk-inserted under `audit.unlogged` (no services, no audit entries) from a fixed seed, generated once and reused
(`--new-data` makes it again). The associations' and NGOs' organisations are written as `create_organisation`
writes them (`refresh_search_text`), marked by their website (`….bench.example`) so that a new run removes
them. The directories' name searches (`kizuna/networks/search.py`, registered with `kizuna.core.search`) are
in-process indexes keyed by the data's version (count, last id, last audited write): the bulk insert changes
that version, so every process rebuilds them on its first search; `index()` builds them here (timed) and checks
that each finds what was inserted."""

import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))


def _table(text: str) -> list[tuple[str, ...]]:
    """Rows of words, `/` between rows: (kanji, kana, romaji)."""
    return [tuple(row.split()) for row in text.replace("\n", " / ").split(" / ") if row.strip()]


ENTRIES, MANAGERS = 10_000, 7_000
UNLISTED = 0.05  # managers who did not consent, NGOs not listed: in the tables, never on a public page
MARK = ".bench.example"  # the bench organisations' websites end so
SURNAMES = _table("""
    佐藤 さとう Sato / 鈴木 すずき Suzuki / 高橋 たかはし Takahashi / 田中 たなか Tanaka
    伊藤 いとう Ito / 渡辺 わたなべ Watanabe / 山本 やまもと Yamamoto / 中村 なかむら Nakamura
    小林 こばやし Kobayashi / 加藤 かとう Kato / 吉田 よしだ Yoshida / 山田 やまだ Yamada
    佐々木 ささき Sasaki / 山口 やまぐち Yamaguchi / 松本 まつもと Matsumoto / 井上 いのうえ Inoue
    木村 きむら Kimura / 林 はやし Hayashi / 斎藤 さいとう Saito / 清水 しみず Shimizu
    山崎 やまざき Yamazaki / 森 もり Mori / 池田 いけだ Ikeda / 橋本 はしもと Hashimoto
    阿部 あべ Abe / 石川 いしかわ Ishikawa / 山下 やました Yamashita / 中島 なかじま Nakajima
    石井 いしい Ishii / 小川 おがわ Ogawa / 前田 まえだ Maeda / 岡田 おかだ Okada
    長谷川 はせがわ Hasegawa / 藤田 ふじた Fujita / 後藤 ごとう Goto / 近藤 こんどう Kondo
    村上 むらかみ Murakami / 遠藤 えんどう Endo / 青木 あおき Aoki / 坂本 さかもと Sakamoto
    金城 きんじょう Kinjo / 比嘉 ひが Higa / 東海林 しょうじ Shoji / 服部 はっとり Hattori
    野口 のぐち Noguchi / 菅原 すがわら Sugawara
""")
GIVEN = _table("""
    陽菜 ひな Hina / 蓮 れん Ren / 結衣 ゆい Yui / 湊 みなと Minato / 葵 あおい Aoi
    悠真 ゆうま Yuma / 凛 りん Rin / 大翔 ひろと Hiroto / 美咲 みさき Misaki / 翔太 しょうた Shota
    さくら さくら Sakura / 健 けん Ken / 直子 なおこ Naoko / 健太 けんた Kenta / 彩 あや Aya
    良 りょう Ryo / 由紀 ゆき Yuki / 美穂 みほ Miho / 誠 まこと Makoto / 恵子 けいこ Keiko
    浩二 こうじ Koji / 裕子 ゆうこ Yuko / 隆 たかし Takashi / 智子 ともこ Tomoko
    大輔 だいすけ Daisuke / 真由美 まゆみ Mayumi / 拓也 たくや Takuya / 千尋 ちひろ Chihiro
    和也 かずや Kazuya / 麻衣 まい Mai / 修 おさむ Osamu / 香織 かおり Kaori / 亮 りょう Ryo
    明美 あけみ Akemi / 聡 さとし Satoshi / 理恵 りえ Rie / 光 ひかる Hikaru / 奈々 なな Nana
""")
FOREIGN = [  # foreign residents certified as managers: katakana names, romaji as written
    ("グエン ティ ラン", "Nguyen Thi Lan"), ("シルバ ラファエル", "Silva Rafael"), ("サントス アナ", "Santos Ana"),
    ("キム ミンジュ", "Kim Minju"), ("リ ホア", "Li Hua"), ("レイエス マリア", "Reyes Maria"),
    ("タパ ラジュ", "Thapa Raju"),
    ("オリベイラ ルーカス", "Oliveira Lucas"), ("チャン ヴァン ミン", "Tran Van Minh"), ("パク ジヌ", "Park Jinwoo"),
]
FIELDS = ["health", "disaster", "education", "work", "housing", "participation", "multilingual", "japanese"]
LANGUAGES = ["en", "zh-hans", "zh-hant", "ko", "pt", "es", "vi", "tl", "ne", "id", "th", "my"]
THEMES = [  # (Japanese, kana, English, fields)
    ("日本語", "にほんご", "Japanese Classes", ["japanese", "education"]),
    ("多文化共生", "たぶんかきょうせい", "Multicultural Coexistence", ["participation", "multilingual"]),
    ("国際交流", "こくさいこうりゅう", "International Exchange", ["participation"]),
    ("外国人支援", "がいこくじんしえん", "Support for Foreign Residents", ["housing", "work"]),
    ("医療通訳", "いりょうつうやく", "Medical Interpreters", ["health", "multilingual"]),
    ("災害多言語支援", "さいがいたげんごしえん", "Multilingual Disaster Support", ["disaster", "multilingual"]),
    ("子ども学習支援", "こどもがくしゅうしえん", "Children's Learning Support", ["education"]),
    ("多言語情報", "たげんごじょうほう", "Multilingual Information", ["multilingual"]),
    ("外国人労働者相談", "がいこくじんろうどうしゃそうだん", "Migrant Workers' Advice", ["work"]),
    ("国際理解教育", "こくさいりかいきょういく", "Global Education", ["education", "participation"]),
    ("難民支援", "なんみんしえん", "Refugee Support", ["housing", "health"]),
    ("やさしい日本語", "やさしいにほんご", "Plain Japanese", ["multilingual", "japanese"]),
]
FORMS = [  # (Japanese, kana, English)
    ("の会", "のかい", "Society"), ("ネットワーク", "ねっとわーく", "Network"), ("センター", "せんたー", "Centre"),
    ("協会", "きょうかい", "Association"), ("サポートネット", "さぽーとねっと", "Support Net"),
    ("クラブ", "くらぶ", "Club"),
    ("フォーラム", "ふぉーらむ", "Forum"), ("ひろば", "ひろば", "Plaza"),
]
LEGAL = ["NPO法人", "NPO法人", "NPO法人", "一般社団法人", "認定NPO法人", "任意団体", "公益財団法人"]
ACTIVITIES = ["外国にルーツのある子どもの学習支援", "地域の日本語教室の運営", "医療通訳者の派遣と研修",
              "多言語での生活相談", "災害時の多言語支援センターの運営訓練", "やさしい日本語の研修",
              "住まい探しと就労の相談", "地域住民との交流イベント", "外国人住民向けの防災訓練",
              "多言語の子育て情報の発信", "留学生の生活支援", "通訳ボランティアの養成"]
OUTSIDE = ["株式会社みらい人材", "〇〇大学国際交流センター", "地域の日本語教室", "社会福祉協議会"]
# Population weights of the prefectures (millions, rounded): more managers and NGOs where more people live.
WEIGHTS = [5.1, 1.2, 1.2, 2.3, 0.9, 1.0, 1.8, 2.8, 1.9, 1.9, 7.3, 6.3, 14.0, 9.2, 2.2, 1.0, 1.1, 0.8, 0.8, 2.0, 2.0,
           3.6, 7.5, 1.7, 1.4, 2.5, 8.8, 5.4, 1.3, 0.9, 0.5, 0.7, 1.9, 2.8, 1.3, 0.7, 0.9, 1.3, 0.7, 5.1, 0.8, 1.3,
           1.7, 1.1, 1.1, 1.6, 1.5]


def log(message: str) -> None:
    print(f"[exchange] {message}", file=sys.stderr, flush=True)


def counts(scale: float) -> dict:
    """How many listed (public) managers, and associations and NGOs together: the issue's 10,000 at scale 1."""
    managers = round(MANAGERS * scale)
    return {"managers": managers, "bodies": round(ENTRIES * scale) - managers}


def _person(rng: random.Random) -> tuple[str, str, str]:
    if rng.random() < 0.04:
        kana, romaji = rng.choice(FOREIGN)
        return romaji, kana, romaji
    (family, family_kana, family_r), (given, given_kana, given_r) = rng.choice(SURNAMES), rng.choice(GIVEN)
    return f"{family} {given}", f"{family_kana} {given_kana}", f"{family_r} {given_r}"


def _phone(rng: random.Random) -> str:
    return f"0{rng.randint(11, 99)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"


def _stamp(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=1)


def make_directories(rng: random.Random, *, fresh: bool = False, scale: float = 1.0) -> dict:
    """Makes the directories unless they are all there (the listed counts are checked); returns what was done."""
    from django.db import transaction

    from kizuna.core.audit import unlogged
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation, User
    from kizuna.library.enums import PREFECTURE_REGIONS
    from kizuna.networks.models import AssociationProfile, Manager, NgoProfile

    want = counts(scale)
    areas = list(Organisation.objects.filter(kind=OrgKind.PREFECTURE).order_by("code")) + list(
        Organisation.objects.filter(municipality_type="designated_city").select_related("prefecture")
        .order_by("code"))
    n_ngos = want["bodies"] - len(areas)
    if not fresh and (Manager.objects.listed().count() == want["managers"]
                      and AssociationProfile.objects.filter(is_listed=True).count() == len(areas)
                      and NgoProfile.objects.filter(is_listed=True).count() == n_ngos):
        return {"generated": False}
    t0 = time.monotonic()
    prefectures = areas[:47]
    towns: dict[int, list] = {p.pk: [] for p in prefectures}
    for town in Organisation.objects.filter(kind=OrgKind.MUNICIPALITY, prefecture__isnull=False).order_by("code"):
        towns.setdefault(town.prefecture_id, []).append(town)
    with unlogged("networks benchmark data"), transaction.atomic():
        for model in (Manager, AssociationProfile, NgoProfile):
            model.objects.all().delete()
        Organisation.objects.filter(website__endswith=f"{MARK}/").delete()
        by = User.objects.filter(email="networks-bench@bench.example").first() or User.objects.create_user(
            email="networks-bench@bench.example", full_name="ベンチマーク")
        # The associations: one per prefecture and designated city, as the Minister recognises them.
        orgs = []
        for n, area in enumerate(areas):
            prefecture = area if area.kind == OrgKind.PREFECTURE else area.prefecture
            org = Organisation(
                kind=OrgKind.ASSOCIATION, name=f"公益財団法人{area.name}国際交流協会",
                name_kana=f"{area.name_kana}こくさいこうりゅうきょうかい".replace(" ", ""),
                name_en=f"{area.name_en or area.name} International Association", prefecture=prefecture,
                parent=prefecture, website=f"https://association{n:03d}{MARK}/")
            org.refresh_search_text()
            orgs.append(org)
        Organisation.objects.bulk_create(orgs, batch_size=500)
        associations = list(Organisation.objects.filter(kind=OrgKind.ASSOCIATION, website__endswith=f"{MARK}/")
                            .order_by("pk"))
        AssociationProfile.objects.bulk_create([AssociationProfile(
            organisation=org, area=area, recognised_on=date(1989, 4, 1) + timedelta(days=rng.randint(0, 2900)),
            fields=sorted(rng.sample(FIELDS, rng.randint(2, 4))), phone=_phone(rng),
            email=f"info@association{n:03d}{MARK}",
            address=f"{area.name}中央1-{rng.randint(1, 30)}-{rng.randint(1, 20)}", is_listed=True)
            for n, (org, area) in enumerate(zip(associations, areas, strict=True))], batch_size=500)
        association_of = {org.prefecture_id: org for org in associations[:47]}
        # The NGOs: a town, a theme, a form; unique names; based in a prefecture, active in its region or wider.
        plan, seen = [], set()
        total = n_ngos + round(n_ngos * UNLISTED)
        while len(plan) < total:
            prefecture = rng.choices(prefectures, WEIGHTS)[0]
            town = rng.choice(towns[prefecture.pk] or [prefecture])
            theme, form, legal = rng.choice(THEMES), rng.choice(FORMS), rng.choice(LEGAL)
            key = (town.pk, theme[0], form[0])
            if key in seen:
                continue
            seen.add(key)
            plan.append((prefecture, town, theme, form, legal))
        orgs = []
        for n, (prefecture, town, theme, form, legal) in enumerate(plan):
            org = Organisation(
                kind=OrgKind.NGO, name=f"{legal} {town.name}{theme[0]}{form[0]}",
                name_kana=f"{town.name_kana}{theme[1]}{form[1]}".replace(" ", ""),
                name_en=f"{town.name_en or town.name} {theme[2]} {form[2]}", prefecture=prefecture,
                parent=prefecture, website=f"https://ngo{n:05d}{MARK}/")
            org.refresh_search_text()
            orgs.append(org)
        Organisation.objects.bulk_create(orgs, batch_size=1000)
        ngo_orgs = list(Organisation.objects.filter(kind=OrgKind.NGO, website__endswith=f"{MARK}/").order_by("pk"))
        unlisted = set(rng.sample(range(total), total - n_ngos))
        profiles = []
        for n, (org, (prefecture, town, theme, _form, _legal)) in enumerate(zip(ngo_orgs, plan, strict=True)):
            region = PREFECTURE_REGIONS[int(prefecture.code[:2])]
            regions = ["nationwide"] if rng.random() < 0.08 else [str(region)] + (
                [rng.choice(["kanto", "kinki", "chubu"])] if rng.random() < 0.1 else [])
            fields = sorted(set(theme[3]) | set(rng.sample(FIELDS, rng.randint(0, 2))))
            profiles.append(NgoProfile(
                organisation=org, regions=sorted(set(regions)), fields=fields,
                languages=["ja", *sorted(rng.sample(LANGUAGES, rng.randint(1, 4)))],
                activities="、".join(rng.sample(ACTIVITIES, rng.randint(1, 3))) + "。",
                phone=_phone(rng), email=f"info@ngo{n:05d}{MARK}",
                address=f"{prefecture.name}{town.name}本町{rng.randint(1, 9)}-{n % 40 + 1}",
                is_listed=n not in unlisted))
        NgoProfile.objects.bulk_create(profiles, batch_size=1000)
        # The managers: listed ones and a few more who did not consent.
        total = want["managers"] + round(want["managers"] * UNLISTED)
        unlisted = set(rng.sample(range(total), total - want["managers"]))
        managers = []
        for n in range(total):
            prefecture = rng.choices(prefectures, WEIGHTS)[0]
            name, kana, romaji = _person(rng)
            year = rng.choices(range(2006, 2026), [1 + (y - 2006) // 4 for y in range(2006, 2026)])[0]
            certified = date(year + 1, 2, 1) + timedelta(days=rng.randint(0, 40))
            roll, organisation, affiliation = rng.random(), None, ""
            if roll < 0.6:
                organisation = rng.choice(towns[prefecture.pk] or [prefecture])
            elif roll < 0.75:
                organisation = prefecture
            elif roll < 0.85:
                organisation = association_of.get(prefecture.pk, prefecture)
            elif roll < 0.93:
                organisation = rng.choice(ngo_orgs)
            else:
                affiliation = rng.choice(OUTSIDE)
            listed = n not in unlisted
            managers.append(Manager(
                source="manual", name=name, name_kana=kana, name_romaji=romaji, organisation=organisation,
                affiliation=affiliation, certified_year=year, certified_on=certified,
                fields=sorted(rng.sample(FIELDS, rng.choice([1, 2, 2, 3]))), prefecture=prefecture,
                email=f"manager{n:05d}@bench.example", is_listed=listed,
                listed_since=_stamp(certified) if listed else None, in_network=listed and rng.random() < 0.3,
                network_since=_stamp(certified) if listed else None, created_by=by))
        for m in managers:
            if not m.in_network:
                m.network_since = None
        Manager.objects.bulk_create(managers, batch_size=1000)
    return {"generated": True, "generate_s": round(time.monotonic() - t0, 1)}


def index() -> dict:
    """Builds the directories' name searches in this process (as every server process does on its first search
    after the data changed), timed, and checks that each finds an entry by its kana."""
    from kizuna.core.search import name_index, search_names
    from kizuna.networks.models import AssociationProfile, Manager, NgoProfile

    out = {}
    for name, model in (("managers", Manager), ("associations", AssociationProfile), ("ngos", NgoProfile)):
        t0 = time.monotonic()
        name_index(name)
        out[f"{name}_index_s"] = round(time.monotonic() - t0, 2)
        first = model.objects.order_by("pk").first()
        kana = first.name_kana if name == "managers" else first.organisation.name_kana
        if first.pk not in search_names(name, kana, model.objects.all()).pks():
            raise SystemExit(f"the {name} search does not find {kana}")
    log(f"directories' name searches built: {out}")
    return out


def facts() -> dict:
    from kizuna.networks.models import AssociationProfile, Manager, NgoProfile

    listed = {"managers": Manager.objects.filter(is_listed=True).count(),
              "associations": AssociationProfile.objects.filter(is_listed=True).count(),
              "ngos": NgoProfile.objects.filter(is_listed=True).count()}
    return {**listed, "entries": sum(listed.values()),
            "unlisted": Manager.objects.filter(is_listed=False).count()
            + NgoProfile.objects.filter(is_listed=False).count(),
            "manager_prefectures": Manager.objects.values("prefecture").distinct().count()}
