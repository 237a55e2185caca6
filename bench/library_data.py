"""bench/library.py's data: 20,000 published works of every kind (kizuna.library.enums.Kind) with 40,000
editions (Japanese and English mostly) and files whose extracted text totals 100,000 pages, bulk-inserted (no
services, no audit entries), generated once from a fixed seed and reused (`--new-data` makes it again); then the
library's full-text index (`fulltext.reindex("library")`, timed).

Text: Japanese pages of about 1,500–2,000 characters and English pages of about 1,500–2,000 characters, written
from a vocabulary of the themes, places and phrasing of CLAIR's reports (not lorem ipsum: Sudachi, the bigrams
and the stemmer see real words). Each file's text is in `EditionFile.text` with `pages` and `extraction="done"`,
as the worker would leave it; the file on disk is one small placeholder PDF shared by all (only the text is
searched; extraction itself is measured on real PDFs by bench/library.py)."""

import bisect
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

WORKS, EDITIONS, PAGES = 20_000, 40_000, 100_000
SLUG = "bench-library-"
PLACEHOLDER = "library/bench/placeholder.pdf"

# kind, share of the works, pages of a file (low, high), share of editions with a file
KINDS = [
    ("clair_report", 1_600, (8, 30), 1.0),
    ("overseas_series", 300, (20, 60), 1.0),
    ("magazine_issue", 400, (16, 40), 1.0),
    ("magazine_article", 6_000, (1, 4), 0.5),
    ("research_answer", 6_000, (1, 3), 0.2),
    ("case_study", 2_000, (2, 10), 0.8),
    ("good_practice", 2_500, (1, 4), 0.7),
    ("tool", 1_000, (1, 6), 0.8),
    ("guide", 200, (6, 20), 1.0),
]
SERIES_START = {"clair_report": 100, "overseas_series": 1, "magazine_issue": 100}
THEMES = ["local-government", "finance", "multicultural", "disaster", "tourism", "economy", "education", "welfare",
          "environment", "exchange", "digital", "jet"]
FIELDS = ["health", "disaster", "education", "work", "housing", "participation", "multilingual", "japanese"]
REGIONS = ["hokkaido", "tohoku", "kanto", "chubu", "kinki", "chugoku", "shikoku", "kyushu", "nationwide"]
# (Japanese country, code, a city in Japanese, in English, weight)
PLACES = [("米国", "US", "ニューヨーク市", "New York", 8), ("米国", "US", "シアトル市", "Seattle", 4),
          ("英国", "GB", "マンチェスター市", "Manchester", 5), ("英国", "GB", "ロンドン", "London", 4),
          ("ドイツ", "DE", "ミュンヘン市", "Munich", 4), ("フランス", "FR", "ストラスブール市", "Strasbourg", 4),
          ("韓国", "KR", "ソウル特別市", "Seoul", 5), ("中国", "CN", "上海市", "Shanghai", 4),
          ("シンガポール", "SG", "シンガポール", "Singapore", 3),
          ("オーストラリア", "AU", "メルボルン市", "Melbourne", 3),
          ("ブラジル", "BR", "サンパウロ市", "São Paulo", 2), ("スペイン", "ES", "バルセロナ市", "Barcelona", 2),
          ("タイ", "TH", "チェンマイ県", "Chiang Mai", 2), ("カナダ", "CA", "トロント市", "Toronto", 3),
          ("ニュージーランド", "NZ", "クライストチャーチ市", "Christchurch", 2), ("オランダ", "NL", "アムステルダム市",
                                                                            "Amsterdam", 2),
          ("ベトナム", "VN", "ハノイ市", "Hanoi", 2), ("フィリピン", "PH", "マニラ市", "Manila", 2),
          ("イタリア", "IT", "ボローニャ市", "Bologna", 1), ("スウェーデン", "SE", "ストックホルム市", "Stockholm", 1)]
# theme slug: (Japanese topics, English topics)
TOPICS = {
    "local-government": (["広域連携", "自治体の再編", "住民投票", "地方分権改革", "議会の運営", "首長の権限"],
                         ["regional cooperation", "local government reorganisation", "local referendums",
                          "decentralisation reform", "council procedure", "the powers of mayors"]),
    "finance": (["地方税の改革", "カウンシル税", "補助金の見直し", "公会計", "ふるさと納税", "地方債の発行"],
                ["local tax reform", "council tax", "grant reform", "public sector accounting",
                 "hometown tax donations", "municipal bonds"]),
    "multicultural": (["外国人住民の相談窓口", "やさしい日本語", "多言語の行政サービス", "日本語教室",
                       "多文化共生推進プラン"],
                      ["advice centres for foreign residents", "plain Japanese", "multilingual public services",
                       "Japanese classes", "multicultural coexistence plans"]),
    "disaster": (["津波避難", "避難所の運営", "多言語の防災情報", "災害ボランティア", "台風への備え", "地震の被害想定"],
                 ["tsunami evacuation", "shelter management", "multilingual emergency information",
                  "disaster volunteers", "typhoon preparedness", "earthquake damage estimates"]),
    "tourism": (["インバウンド観光", "観光税の導入", "民泊の規制", "地域の観光資源", "ＭＩＣＥの誘致"],
                ["inbound tourism", "a tourist tax", "short-term rentals", "local tourism resources",
                 "conference tourism"]),
    "economy": (["中小企業の支援", "地場産業の振興", "企業誘致", "スタートアップ支援", "商店街の再生"],
                ["support for small businesses", "local industries", "attracting investment", "start-up support",
                 "high street regeneration"]),
    "education": (["外国人児童の就学", "学校間の交流", "英語教育", "生涯学習", "留学生の受入れ"],
                  ["schooling of foreign children", "school partnerships", "English teaching", "lifelong learning",
                   "international students"]),
    "welfare": (["高齢者の介護", "子育て支援", "障害者の就労", "地域包括ケア", "医療通訳"],
                ["care for older people", "childcare support", "employment of disabled people",
                 "integrated community care", "medical interpreting"]),
    "environment": (["脱炭素の取組", "ごみの減量", "再生可能エネルギー", "公共交通の再編", "水道事業の再公営化"],
                    ["decarbonisation", "waste reduction", "renewable energy", "public transport reform",
                     "remunicipalisation of water supply"]),
    "exchange": (["姉妹都市交流", "青少年の相互派遣", "友好都市の提携", "国際協力", "自治体職員の相互派遣"],
                 ["sister city exchange", "youth exchanges", "friendship city agreements",
                  "international cooperation", "staff exchanges between local governments"]),
    "digital": (["行政手続のオンライン化", "オープンデータ", "マイナンバーの活用", "電子投票", "自治体ＤＸ"],
                ["online public services", "open data", "digital identity", "electronic voting",
                 "digital transformation of local government"]),
    "jet": (["ＪＥＴプログラム", "外国語指導助手", "国際交流員", "ＪＥＴ経験者の活躍", "スポーツ国際交流員"],
            ["the JET Programme", "assistant language teachers", "coordinators for international relations",
             "JET alumni", "sports exchange advisors"]),
}
JA_TITLES = ["{country}{city}における{topic}", "{country}の{topic}と地方自治体の役割", "{city}の{topic}：現状と課題",
             "{topic}に関する{country}の取組", "{country}の地方自治体における{topic}と{other}"]
EN_TITLES = ["{Topic} in {city}", "{Topic} and the role of local government in {city}",
             "How {city} approaches {topic}", "{Topic} and {other}: lessons from {city}"]
JA_SENTENCES = [
    "{city}では、{topic}について新しい取組が始まっている。",
    "{country}の{city}は、{topic}の先進例として知られる。",
    "本章では、{city}における{topic}の現状と課題を整理する。",
    "{topic}にあたっては、市と地域の団体が役割を分担している。",
    "財源は国の補助金と市の一般財源で賄われており、{year}年度の予算は約{n}億円である。",
    "担当部署は{n}人の職員で構成され、住民からの相談に応じている。",
    "{year}年の制度改正により、{topic}の手続が簡素化された。",
    "ＮＰＯや民間企業との連携が進み、{other}とも結び付いた事業が生まれている。",
    "住民への周知は多言語で行われ、水道や交通などの生活情報も併せて提供されている。",
    "課題としては、人材の確保と長期的な財源の安定が挙げられる。",
    "日本の自治体にとっても、{topic}の推進体制づくりに参考となる点が多い。",
    "津波や台風などの災害時には、{topic}の仕組みが地域の支えとなった。",
    "評価指標を定め、毎年の報告書で成果を公表している。",
    "市議会では{topic}をめぐって活発な議論が行われ、{year}年に条例が制定された。",
    "州政府は{topic}に関する指針を示し、各自治体はそれに沿って計画を策定している。",
    "聞き取り調査によれば、住民の約{n}パーセントがこの制度を知っていると答えた。",
    "外国人住民の増加に伴い、{other}への関心も高まっている。",
    "一方で、小規模な自治体では専門職員の不足が深刻であり、広域での連携が模索されている。",
    "以下では、{city}の担当者への聞き取りをもとに、制度の仕組みと運用の実際を紹介する。",
    "表{n}は、過去五年間の事業費と利用者数の推移を示したものである。",
]
EN_SENTENCES = [
    "{city} has started new work on {topic}.", "{city} is known as a leading example of {topic}.",
    "This chapter sets out how {city} approaches {topic} and what it has learnt.",
    "The city shares the work with community organisations and volunteers.",
    "Funding comes from national grants and the city's own budget, about {n} million a year since {year}.",
    "A team of {n} staff answers residents' questions and runs the programme.",
    "A reform in {year} simplified the procedures for {topic}.",
    "Partnerships with NPOs and businesses have linked it with {other}.",
    "Information reaches residents in several languages, together with advice on water and transport.",
    "The main challenges are recruiting staff and keeping stable funding in the long term.",
    "Japanese local governments can learn from how {topic} is organised here.",
    "The council debated {topic} at length before adopting a by-law in {year}.",
    "The state government issues guidance on {topic}, and each municipality writes its own plan.",
    "In a survey, {n} per cent of residents said they knew about the scheme.",
    "As the number of foreign residents grows, interest in {other} has grown too.",
    "Smaller municipalities lack specialist staff and are looking at working together across the region.",
    "Table {n} shows spending and the number of users over the last five years.",
    "Officials interviewed for this report described how the scheme works in practice.",
]
OTHER_LANGUAGES = ["zh-hans", "ko", "vi", "pt", "es", "tl", "ne", "zh-hant", "fr", "de", "id", "th", "my"]
OTHER_TITLES = {"zh-hans": "{city}的{topic}", "ko": "{city}의 {topic}", "vi": "{topic} tại {city}",
                "pt": "{topic} em {city}", "es": "{topic} en {city}", "tl": "{topic} sa {city}",
                "ne": "{city} मा {topic}", "zh-hant": "{city}的{topic}", "fr": "{topic} à {city}",
                "de": "{topic} in {city}", "id": "{topic} di {city}", "th": "{topic} ใน {city}",
                "my": "{city} ၏ {topic}"}
AUTHOR_NAMES = ["政策調査課", "多文化共生課", "総務課", "国際交流課", "ロンドン事務所 調査担当",
                "ニューヨーク事務所 調査担当", "山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲",
                "John Smith", "Emma Brown"]


def log(message: str) -> None:
    print(f"[library] {message}", file=sys.stderr, flush=True)


class Writer:
    """Sentences into pages of the wanted length, fast: formatted sentences are drawn from a pool per work's
    place and topic, so a work's text reads as being about its subject."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentences(self, language: str, words: dict, count: int = 60) -> list[str]:
        rng = self.rng
        templates = JA_SENTENCES if language == "ja" else EN_SENTENCES
        out = []
        for _ in range(count):
            out.append(rng.choice(templates).format(n=rng.randint(3, 90), year=rng.randint(1995, 2026), **words))
        return out

    def pages(self, pool: list[str], n: int, *, english: bool) -> str:
        rng = self.rng
        sep = " " if english else ""
        pages = []
        for _ in range(n):
            want = rng.randint(1500, 2000)
            parts, size, para = [], 0, 0
            while size < want:
                s = rng.choice(pool)
                parts.append(s)
                size += len(s) + len(sep)
                para += 1
                if para >= rng.randint(4, 8):
                    parts.append("\n")
                    para = 0
            pages.append(sep.join(parts).replace(f"{sep}\n{sep}", "\n").strip()[:2000])
        return "\n\n".join(pages)


def _words(rng, place, theme, language: str) -> dict:
    country, _code, city, city_en, _w = place
    ja, en = TOPICS[theme]
    other_theme = rng.choice(THEMES)
    if language == "ja":
        return {"country": country, "city": city, "topic": rng.choice(ja), "other": rng.choice(TOPICS[other_theme][0])}
    return {"city": city_en, "topic": rng.choice(en), "other": rng.choice(TOPICS[other_theme][1])}


def _placeholder_pdf() -> tuple[str, int]:
    """One small real PDF, written once under MEDIA_ROOT, that every bench file row points at."""
    import hashlib

    from django.conf import settings

    data = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    path = Path(settings.MEDIA_ROOT) / PLACEHOLDER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest(), len(data)


def _page_plan(rng: random.Random, files: list[tuple[str, int]], total: int) -> list[int]:
    """Pages per file, drawn from each kind's range, then scaled so that they total exactly PAGES."""
    ranges = {k: r for k, _n, r, _s in KINDS}
    raw = [rng.randint(*ranges[kind]) for kind, _i in files]
    factor = total / sum(raw)
    pages = [max(1, round(p * factor)) for p in raw]
    diff = total - sum(pages)
    order = sorted(range(len(pages)), key=lambda i: -pages[i])
    i = 0
    while diff:
        j = order[i % len(order)]
        step = 1 if diff > 0 else -1
        if pages[j] + step >= 1:
            pages[j] += step
            diff -= step
        i += 1
    return pages


def make_data(rng: random.Random, *, fresh: bool = False, scale: float = 1.0) -> dict:
    """Makes the data unless it is there (all of it: the counts are checked); returns what was done. `scale`:
    a smaller catalogue (1: the issue's), for trying the generator."""
    from django.core.management import call_command
    from django.db import transaction

    from kizuna.core.audit import unlogged
    from kizuna.core.enums import OrgKind
    from kizuna.core.models import Organisation, SearchDocument
    from kizuna.library.models import Author, Edition, EditionFile, Theme, Work, WorkCountry

    n_works, n_editions, n_pages = round(WORKS * scale), round(EDITIONS * scale), round(PAGES * scale)
    have = Work.objects.filter(status="published").count()
    indexed = SearchDocument.objects.filter(search="library").count()
    if not fresh and have == n_works and Edition.objects.count() == n_editions and indexed == n_works:
        return {"generated": False}
    if Organisation.objects.count() < 1000:
        log("loading the reference data")
        call_command("load_reference_data", verbosity=0)
    t0 = time.monotonic()
    sha, size = _placeholder_pdf()
    themes = {t.slug: t.pk for t in Theme.objects.all()}
    hq = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).order_by("pk").first()
    offices = list(Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE).order_by("pk"))
    towns = list(Organisation.objects.filter(kind__in=[OrgKind.MUNICIPALITY, OrgKind.PREFECTURE]).order_by("pk"))
    associations = list(Organisation.objects.filter(kind=OrgKind.ASSOCIATION).order_by("pk")) or towns
    writer = Writer(rng)
    place_weights = [p[4] for p in PLACES]
    with unlogged("library benchmark data"), transaction.atomic():
        log("deleting the earlier bench data")
        for model in (EditionFile, Edition, Author, WorkCountry, Work.themes.through):
            model.objects.all().delete()
        Work.objects.filter(issue__isnull=False).delete()
        Work.objects.all().delete()
        # The works: kinds in their shares, published over 30 years (the newest last: pk order is time order)
        plan = [kind for kind, n, _r, _s in KINDS for _ in range(round(n * scale))]
        rng.shuffle(plan)
        numbers = dict(SERIES_START)
        start = date(1996, 4, 1)
        span = (date(2026, 11, 30) - start).days
        days = sorted(rng.randint(0, span) for _ in plan)
        works, facts = [], []
        for i, kind in enumerate(plan):
            published = start + timedelta(days=days[i])
            stamp = datetime.combine(published, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
            number = None
            if kind in numbers:
                number = numbers[kind]
                numbers[kind] += 1
            place = rng.choices(PLACES, place_weights)[0]
            chosen = rng.sample(THEMES, rng.choice([1, 1, 2, 2, 3]))
            if kind in ("good_practice", "tool"):
                chosen = ["multicultural", *[t for t in chosen if t != "multicultural"]][:3]
                publisher = rng.choice(associations)
            elif kind in ("clair_report", "research_answer"):
                publisher = rng.choice(offices) if offices else hq
            elif kind == "case_study":
                publisher = rng.choice(towns)
            else:
                publisher = hq
            portal = kind in ("good_practice", "tool")
            works.append(Work(
                kind=kind, status="published", number=number, publisher=publisher, published_on=published,
                published_at=stamp, updated_at=stamp, keywords=" ".join(rng.sample(TOPICS[chosen[0]][0], 2)),
                field=rng.choice(FIELDS) if portal else "", region=rng.choice(REGIONS) if portal else "",
                contact="国際交流協会 多文化共生担当 03-0000-0000" if portal else "",
                outcomes=f"外国人住民{rng.randint(20, 400)}人が参加した。" if portal else ""))
            facts.append((place, chosen))
        Work.objects.bulk_create(works, batch_size=2000)
        works = list(Work.objects.order_by("pk"))
        issues = [w for w in works if w.kind == "magazine_issue"]  # in date order, as the works are
        dates = [w.published_on for w in issues]
        for w in works:
            if w.kind == "magazine_article":  # in the latest issue of its day or before
                w.issue = issues[max(bisect.bisect_right(dates, w.published_on) - 1, 0)]
        Work.objects.bulk_update([w for w in works if w.kind == "magazine_article"], ["issue"], batch_size=2000)
        through = Work.themes.through
        through.objects.bulk_create([through(work_id=w.pk, theme_id=themes[t]) for w, (_p, chosen) in
                                     zip(works, facts, strict=True) for t in chosen if t in themes], batch_size=5000)
        countries = []
        for w, (place, _c) in zip(works, facts, strict=True):
            if w.kind in ("good_practice", "tool") and rng.random() < 0.7:
                continue  # a practice in Japan: about no other country
            codes = {place[1]} | ({rng.choice(PLACES)[1]} if rng.random() < 0.2 else set())
            countries += [WorkCountry(work_id=w.pk, country=c) for c in sorted(codes)]
        WorkCountry.objects.bulk_create(countries, batch_size=5000)
        authors = []
        for w in works:
            if rng.random() < 0.6:
                authors.append(Author(work_id=w.pk, organisation_id=w.publisher_id, position=0))
            if rng.random() < 0.5:
                authors.append(Author(work_id=w.pk, name=rng.choice(AUTHOR_NAMES), position=1))
        Author.objects.bulk_create(authors, batch_size=5000)
        # Editions: Japanese for every work, English for most, other languages for some, 40,000 in all
        languages = {w.pk: ["ja"] for w in works}
        pks = [w.pk for w in works]
        english = rng.sample(pks, round(len(pks) * 0.85))
        for pk in english:
            languages[pk].append("en")
        extra = n_editions - len(pks) - len(english)
        candidates = [pk for pk in english]
        rng.shuffle(candidates)
        k = 0
        while extra > 0:
            pk = candidates[k % len(candidates)]
            free = [x for x in OTHER_LANGUAGES if x not in languages[pk]]
            languages[pk].append(free[0] if k < len(candidates) else rng.choice(free))
            extra -= 1
            k += 1
        by_pk = {w.pk: (w, f) for w, f in zip(works, facts, strict=True)}
        editions = []
        for pk in pks:
            w, (place, chosen) = by_pk[pk]
            for language in languages[pk]:
                words = _words(rng, place, chosen[0], "ja" if language == "ja" else "en")
                if language == "ja":
                    title = rng.choice(JA_TITLES).format(**words)
                elif language == "en":
                    title = rng.choice(EN_TITLES).format(Topic=words["topic"].capitalize(), **words)
                else:
                    title = OTHER_TITLES[language].format(**words)
                pool = writer.sentences("ja" if language == "ja" else "en", words, 8)
                abstract = ("" if language == "ja" else " ").join(pool[:rng.randint(3, 6)])
                body = ""
                if w.kind in ("magazine_article", "research_answer", "good_practice", "case_study"):
                    body = writer.pages(pool, 1, english=language != "ja")[:rng.randint(600, 1800)]
                editions.append(Edition(work_id=pk, language=language, title=title[:300], abstract=abstract,
                                        body=body))
        Edition.objects.bulk_create(editions, batch_size=2000)
        log(f"{len(works):,} works, {len(editions):,} editions ({time.monotonic() - t0:.0f} s)")
        # Files: the editions of kinds with files (ja and en; a share per kind), pages summing to PAGES
        share = {k: s for k, _n, _r, s in KINDS}
        kind_of = {w.pk: w.kind for w in works}
        files = [(e.pk, e.work_id, e.language) for e in Edition.objects.order_by("pk").only("pk", "work_id", "language")
                 if e.language in ("ja", "en") and rng.random() < share[kind_of[e.work_id]]]
        pages = _page_plan(rng, [(kind_of[w], i) for i, (_e, w, _l) in enumerate(files)], n_pages)
        rows, total_chars, batch = 0, 0, []
        for (edition_pk, work_pk, language), n in zip(files, pages, strict=True):
            _w, (place, chosen) = by_pk[work_pk]
            words = _words(rng, place, rng.choice(chosen), language)
            text = writer.pages(writer.sentences(language, words, 40), n, english=language == "en")
            total_chars += len(text)
            ext = "pdf" if rng.random() < 0.85 else "docx"
            batch.append(EditionFile(edition_id=edition_pk, file=PLACEHOLDER, name=f"{SLUG}{edition_pk}.{ext}",
                                     format=ext, size=size, sha256=sha, extraction="done", pages=n, text=text))
            if len(batch) >= 500:
                EditionFile.objects.bulk_create(batch)
                rows += len(batch)
                batch = []
        EditionFile.objects.bulk_create(batch)
        rows += len(batch)
        generated = time.monotonic() - t0
        log(f"{rows:,} files, {sum(pages):,} pages, {total_chars / 1e6:.0f} M characters ({generated:.0f} s)")
    t1 = time.monotonic()
    from kizuna.core.search.fulltext import reindex

    log("indexing (kizuna.core.search.fulltext.reindex('library'))")
    count = reindex("library")["library"]
    index_s = time.monotonic() - t1
    analyze()
    log(f"indexed {count:,} works in {index_s:.0f} s")
    return {"generated": True, "generate_s": round(generated), "index_s": round(index_s), "files": rows,
            "chars": total_chars}


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE core_searchdocument")
            for table in ("library_work", "library_edition", "library_editionfile", "library_work_themes",
                          "library_workcountry", "library_author"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def facts() -> dict:
    from django.db.models import Count, Sum

    from kizuna.core.models import SearchDocument
    from kizuna.library.models import Edition, EditionFile, Work

    files = EditionFile.objects.aggregate(n=Count("pk"), pages=Sum("pages"))
    return {"works": Work.objects.count(),
            "kinds": dict(Work.objects.values_list("kind").annotate(n=Count("pk"))),
            "editions": Edition.objects.count(),
            "languages": dict(Edition.objects.values_list("language").annotate(n=Count("pk")).order_by("-n")[:4]),
            "files": files["n"], "pages": files["pages"] or 0,
            "indexed": SearchDocument.objects.filter(search="library").count()}
