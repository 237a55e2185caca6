"""Demo of the library: publications of every kind in Japanese and English, with real PDF files (rendered
here), a Word memo and an Excel glossary; the Multilingual Support Guide as sections; a good practice of the
Miyagi association published and a tool of the Tokyo committee in review; a draft CLAIR Report of the New York
office. Written through the services (text read at once, as the worker would); idempotent."""

import io
from datetime import date, timedelta
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import OrgKind
from kizuna.core.models import Organisation, User

from . import services
from .enums import Kind, Language, PortalField, Region
from .models import Theme, Work

PAGE = """<html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm; }} body {{ font-family: "Noto Sans CJK JP", "Noto Sans", sans-serif;
font-size: 11pt; line-height: 1.7; }} h1 {{ font-size: 18pt; }} .series {{ color: #555; }}
</style></head><body><p class="series">{series}</p><h1>{title}</h1>{paragraphs}</body></html>"""


def pdf(series: str, title: str, paragraphs: list[str]) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - heavy: loaded only when the demo is seeded

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return HTML(string=PAGE.format(series=escape(series), title=escape(title), paragraphs=body)).write_pdf()


def docx(title: str, paragraphs: list[str]) -> bytes:
    from docx import Document  # noqa: PLC0415 - loaded only when the demo is seeded

    document = Document()
    document.add_heading(title, level=1)
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(rows: list[tuple]) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 - loaded only when the demo is seeded

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


US_JA = ["米国では、移民の多い都市を中心に、地方政府が多言語での行政サービスを提供している。ニューヨーク市は"
         "「言語アクセス法」に基づき、主要な10言語で文書の翻訳と通訳を行っている。",
         "本レポートでは、ニューヨーク市、シアトル市、ヒューストン市の多文化共生施策を比較し、日本の自治体の"
         "参考となる取組として、移民相談窓口の一元化、地域団体との協働、防災情報の多言語化を紹介する。",
         "まちづくりへの外国人住民の参画も進んでおり、諮問委員会に移民コミュニティの代表が加わる例がある。"]
US_EN = ["In the United States, local governments in cities with many immigrants provide services in many "
         "languages. New York City translates documents and offers interpretation in ten languages under its "
         "Language Access Law.",
         "This report compares the multicultural policies of New York City, Seattle and Houston, and presents "
         "one-stop immigrant service centres, work with community organisations and multilingual disaster "
         "information as practices that Japanese local governments can learn from."]
UK_JA = ["英国の地方自治体は、2010年代以降の財政緊縮のもとで、行政サービスの共同化と外部委託を進めてきた。",
         "本レポートは、イングランドの地方財政制度の概要と、カウンシル税の改定、事業用資産税の地方保持の"
         "仕組みを解説する。"]
SERIES_JA = ["英国の地方自治制度は、イングランド、スコットランド、ウェールズ、北アイルランドで異なる。",
             "本書は、英国の地方自治の歴史、制度、財政、近年の改革を概観する。"]
FORUM_JA = ["特集　多文化共生の地域づくり。外国人住民が増える地域では、日本語教室や生活相談の充実が課題となっている。"]
CASE_EN = ["Sendai City sends disaster information to foreign residents in several languages through its "
           "international centre, which turns into a disaster multilingual support centre after an earthquake.",
           "After the Great East Japan Earthquake of 2011, the city learned that plain Japanese (yasashii nihongo) "
           "reaches more residents than translation alone."]
CASE_JA = ["仙台市は、仙台国際センターを拠点に、災害時には「災害多言語支援センター」を設置して外国人住民に"
           "多言語で情報を届けている。",
           "2011年の東日本大震災の経験から、翻訳だけでなく「やさしい日本語」での発信が多くの住民に届くことを学んだ。"]
GUIDE = """# 1 はじめに
災害時には、日本語が十分に分からない外国人住民や旅行者に、正確な情報を速やかに届けることが大切です。
## 1.1 この手引きの使い方
平時の備えと、発災後の対応の順に説明します。
# 2 平時の備え
## 2.1 多言語表示シートの準備
避難所で使う表示シートを、よく使われる言語で印刷しておきます。
## 2.2 やさしい日本語
短い文で、一つの文に一つの情報を入れます。
# 3 災害多言語支援センター
発災後、地域国際化協会と自治体が協力してセンターを設置し、通訳・翻訳と情報発信を行います。
"""
GUIDE_EN = """# 1 Introduction
In a disaster, foreign residents and visitors who do not read Japanese well need accurate information quickly.
# 2 Preparing in normal times
## 2.1 Multilingual signage sheets
Print the signage sheets used in shelters in the languages most spoken in the area.
## 2.2 Plain Japanese
Write short sentences, one piece of information in each.
# 3 Disaster multilingual support centres
After a disaster, the regional international association and the local government set up a centre together.
"""


def _themes(*slugs):
    return list(Theme.objects.filter(slug__in=slugs))


def _publish(hq, work):
    services.submit(by=hq, work=work)
    return services.publish(by=hq, work=work)


def _file(by, edition, name, data):
    item = services.add_file(by=by, edition=edition, upload=_upload(name, data))
    services.extract_file_text(item)  # at once: the demo does not wait for the worker
    return item


@transaction.atomic
def seed_library_demo() -> dict:
    hq = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    office = User.objects.filter(email=f"office-nyc@{DEMO_DOMAIN}").first()
    mia_staff = User.objects.filter(email=f"association-miyagi@{DEMO_DOMAIN}").first()
    ticc_staff = User.objects.filter(email=f"association-tokyo@{DEMO_DOMAIN}").first()
    hq_org = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).first()
    nyc = Organisation.objects.filter(slug="nyc").first()
    sendai = Organisation.objects.filter(code="041009").first()
    mia = Organisation.objects.filter(kind=OrgKind.ASSOCIATION, name_en="Miyagi International Association").first()
    ticc = Organisation.objects.filter(kind=OrgKind.ASSOCIATION,
                                       name_en="Tokyo International Communication Committee").first()
    if None in (hq, office, hq_org, nyc, sendai, mia, ticc, mia_staff, ticc_staff):
        return {"works": 0}
    if Work.objects.exclude(kind=Kind.RESEARCH_ANSWER).exists():
        return {"works": Work.objects.count()}
    today = timezone.localdate()
    made = []

    report = services.create_work(by=office, kind=Kind.CLAIR_REPORT, publisher=nyc, number=512,
                                  themes=_themes("multicultural", "disaster"), countries=["US"],
                                  authors=[(nyc, "")], published_on=today - timedelta(days=20))
    ja = services.save_edition(by=office, work=report, language=Language.JA,
                               title="米国の地方自治体における多文化共生施策", abstract=US_JA[0])
    en = services.save_edition(by=office, work=report, language=Language.EN,
                               title="Multicultural policies of local governments in the United States",
                               abstract=US_EN[0])
    _file(office, ja, "clair-report-512-ja.pdf", pdf("クレアレポート 第512号", ja.title, US_JA))
    _file(office, en, "clair-report-512-en.pdf", pdf("CLAIR Report No. 512", en.title, US_EN))
    made.append(_publish(hq, report))

    uk = services.create_work(by=hq, kind=Kind.CLAIR_REPORT, publisher=hq_org, number=513,
                              themes=_themes("finance"), countries=["GB"], authors=[(None, "ロンドン事務所")],
                              published_on=today - timedelta(days=5))
    uk_ja = services.save_edition(by=hq, work=uk, language=Language.JA, title="英国の地方財政制度と近年の改革",
                                  abstract=UK_JA[0])
    _file(hq, uk_ja, "clair-report-513.pdf", pdf("クレアレポート 第513号", uk_ja.title, UK_JA))
    made.append(_publish(hq, uk))

    series = services.create_work(by=hq, kind=Kind.OVERSEAS_SERIES, publisher=hq_org, number=31,
                                  themes=_themes("local-government"), countries=["GB"],
                                  published_on=date(today.year, 4, 1) if today.month >= 4 else today)
    series_ja = services.save_edition(by=hq, work=series, language=Language.JA, title="英国の地方自治（概要版）",
                                      abstract=SERIES_JA[1])
    _file(hq, series_ja, "overseas-31.pdf", pdf("海外の地方自治シリーズ 第31号", series_ja.title, SERIES_JA))
    _file(hq, series_ja, "overseas-31-data.xlsx", xlsx([("地方団体の種類", "数"), ("カウンティ", 21),
                                                        ("ディストリクト", 164), ("ユニタリー", 62)]))
    made.append(_publish(hq, series))

    issue = services.create_work(by=hq, kind=Kind.MAGAZINE_ISSUE, publisher=hq_org, number=420,
                                 themes=_themes("multicultural"), published_on=today.replace(day=1))
    services.save_edition(by=hq, work=issue, language=Language.JA, title="自治体国際化フォーラム 2026年12月号",
                          abstract=FORUM_JA[0], body=FORUM_JA[0])
    made.append(_publish(hq, issue))
    article = services.create_work(by=hq, kind=Kind.MAGAZINE_ARTICLE, publisher=hq_org, issue=issue,
                                   themes=_themes("multicultural", "education"), authors=[(sendai, "")],
                                   published_on=today.replace(day=1))
    services.save_edition(by=hq, work=article, language=Language.JA, title="仙台市の日本語教室と生活相談",
                          body="仙台市では、地域の日本語教室と連携し、外国人住民の生活相談を行っている。")
    made.append(_publish(hq, article))

    case = services.create_work(by=hq, kind=Kind.CASE_STUDY, publisher=hq_org, authors=[(sendai, "")],
                                themes=_themes("disaster", "multicultural"), published_on=today - timedelta(days=40))
    case_en = services.save_edition(by=hq, work=case, language=Language.EN,
                                    title="Sendai: disaster information for foreign residents",
                                    abstract=CASE_EN[0], body="\n\n".join(CASE_EN))
    services.save_edition(by=hq, work=case, language=Language.JA, title="仙台市：外国人住民への災害情報の発信",
                          abstract=CASE_JA[0], body="\n\n".join(CASE_JA))
    _file(hq, case_en, "case-sendai-en.docx", docx(case_en.title, CASE_EN))
    made.append(_publish(hq, case))

    guide = services.create_work(by=hq, kind=Kind.GUIDE, publisher=hq_org, themes=_themes("disaster"),
                                 keywords="多言語支援の手引き", published_on=today - timedelta(days=300))
    guide_ja = services.save_edition(by=hq, work=guide, language=Language.JA,
                                     title="災害時多言語支援のための手引き 2023",
                                     abstract="災害時の外国人支援の進め方を、平時の備えから説明する。")
    guide_en = services.save_edition(by=hq, work=guide, language=Language.EN,
                                     title="Multilingual Support Guide for Disasters 2023",
                                     abstract="How to support foreign residents in a disaster, from preparation on.")
    services.set_sections(by=hq, edition=guide_ja, outline=GUIDE)
    services.set_sections(by=hq, edition=guide_en, outline=GUIDE_EN)
    made.append(_publish(hq, guide))

    practice = services.create_work(by=mia_staff, kind=Kind.GOOD_PRACTICE, publisher=mia,
                                    field=PortalField.DISASTER, region=Region.TOHOKU, themes=_themes("disaster"),
                                    contact="公益財団法人宮城県国際化協会 022-275-3796",
                                    outcomes="外国人住民120人が防災訓練に参加し、避難所の多言語表示を確認した。")
    services.save_edition(by=mia_staff, work=practice, language=Language.JA, title="外国人住民と一緒に行う防災訓練",
                          body="市町村・消防と協力し、外国人住民が参加する防災訓練を毎年行っている。")
    services.submit(by=mia_staff, work=practice)
    made.append(services.publish(by=hq, work=practice))

    tool = services.create_work(by=ticc_staff, kind=Kind.TOOL, publisher=ticc, field=PortalField.MULTILINGUAL,
                                region=Region.KANTO, contact="東京都国際交流委員会 03-6258-1211",
                                outcomes="区市町村の窓口で使われている。")
    tool_ja = services.save_edition(by=ticc_staff, work=tool, language=Language.JA,
                                    title="やさしい日本語 窓口用語集", abstract="窓口でよく使う言葉の言い換え集。")
    _file(ticc_staff, tool_ja, "yasashii-nihongo.xlsx", xlsx([("ことば", "やさしい日本語"), ("避難", "にげる"),
                                                              ("給水", "水を くばります")]))
    services.submit(by=ticc_staff, work=tool)  # waits for headquarters' review

    draft = services.create_work(by=office, kind=Kind.CLAIR_REPORT, publisher=nyc, number=514, countries=["CA"],
                                 themes=_themes("tourism"))
    services.save_edition(by=office, work=draft, language=Language.JA, title="カナダの地方政府による観光振興（草稿）")
    for work in made:
        services.count_use(work)
    return {"works": Work.objects.count()}
