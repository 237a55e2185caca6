"""Demo records: experts of every programme (the demo adviser keeps her own profile) and dispatches (two of last
month reported, for the fee statements; an engagement of three visits, the first reported with a photo) and
applications to the expert bank (a draft, one under review, one returned, one accepted), written through the
services (the experts, which no service creates, by the system) so that each has its audit entry."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from kizuna.core.audit import SYSTEM, create_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User

from . import applying, services
from .enums import Programme
from .models import Dispatch, Expert, ExpertApplication

EXPERTS = [
    ("井上 恵子", Programme.REGIONAL, ["多文化共生", "防災"], ["ja", "en"], [], "adviser", 10_000),
    ("森 浩二", Programme.REGIONAL, ["国際交流", "姉妹都市"], ["ja", "zh"], ["040002"], None, 10_000),
    ("石川 沙織", Programme.PROMOTION, ["観光", "特産品"], ["ja", "en", "fr"], [], None, 15_000),
    ("前田 健", Programme.COOPERATION, ["上下水道", "廃棄物"], ["ja", "en"], [], None, 8_000),
    ("Laura Smith", Programme.PA_LECTURER, ["メンタルヘルス", "研修"], ["en", "ja"], [], None, 12_000),
]


def _person(local):
    return User.objects.filter(email__iexact=f"{local}@{DEMO_DOMAIN}").first() if local else None


@transaction.atomic
def seed_dispatch_demo() -> dict:
    experts = {}
    for name, programme, fields, languages, regions, account, fee in EXPERTS:
        experts[name] = Expert.objects.filter(name=name).first() or create_logged(
            Expert, "dispatch.expert.create", by=SYSTEM, name=name, programme=programme, fields=fields,
            languages=languages, regions=regions, person=_person(account), hourly_fee=fee, bio="、".join(fields))
    staff, hq = _person("chiyoda-staff"), _person("hq-staff")
    host = Organisation.objects.filter(code="131016").first()  # Chiyoda
    if staff and hq and host and not Dispatch.objects.filter(theme="外国人住民向け防災訓練の企画").exists():
        start = timezone.localdate() + timedelta(days=40)
        dispatch = services.request_dispatch(by=staff, host=host, programme=Programme.REGIONAL, data={
            "theme": "外国人住民向け防災訓練の企画", "field": "防災", "language": "ja", "format": "onsite",
            "audience": "区職員 20名", "starts_on": start, "ends_on": start, "hours": 3})
        services.offer_expert(by=hq, dispatch=dispatch, expert=experts["井上 恵子"])
    if staff and hq and host:
        _seed_reported(staff, hq, host, experts)
        _seed_series(staff, hq, host, experts["石川 沙織"])
    if hq:
        _seed_applications(hq)
    return {"experts": Expert.objects.count(), "dispatches": Dispatch.objects.count(),
            "expert applications": ExpertApplication.objects.count()}


# Visits of last month with their reports filed, so that the experts' fee statements have figures.
REPORTED = [
    ("多言語での窓口対応研修", Programme.REGIONAL, "井上 恵子", "adviser", 3, 18_400, 2_600),
    ("特産品の海外向け商品開発", Programme.PROMOTION, "石川 沙織", "superuser", 6, 42_000, 5_200),
]


def _seed_reported(staff, hq, host, experts) -> None:
    first = timezone.localdate().replace(day=1)
    day = (first - timedelta(days=1)).replace(day=10)  # the 10th of last month
    for theme, programme, name, account, hours, travel, allowance in REPORTED:
        by = _person(account)
        if by is None or Dispatch.objects.filter(theme=theme).exists():
            continue
        dispatch = services.request_dispatch(by=staff, host=host, programme=programme, data={
            "theme": theme, "language": "ja", "format": "onsite", "starts_on": day, "ends_on": day, "hours": hours})
        dispatch = services.offer_expert(by=hq, dispatch=dispatch, expert=experts[name])
        dispatch = services.respond_offer(by=by, dispatch=dispatch, accept=True)
        services.file_report(by=by, dispatch=dispatch, report=f"{theme}を実施しました。", hours=hours,
                             travel_costs=travel, allowance=allowance)
        day += timedelta(days=7)



SERIES = "特産品の海外販路開拓（3回の訪問）"
SERIES_TOPICS = ["現状の把握と目標設定", "試作品の評価", "商談会に向けた準備"]


def _seed_series(staff, hq, host, expert) -> None:
    """An engagement of three visits three weeks apart: the first (the 25th of last month) reported."""
    by = _person("superuser")
    if by is None or Dispatch.objects.filter(theme=SERIES).exists():
        return
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=25)
    days = [first + timedelta(weeks=3 * i) for i in range(len(SERIES_TOPICS))]
    dispatch = services.request_dispatch(by=staff, host=host, programme=Programme.PROMOTION, data={
        "theme": SERIES, "field": "特産品", "language": "ja", "format": "onsite", "starts_on": days[0],
        "ends_on": days[-1], "hours": 9})
    for day, topic in zip(days, SERIES_TOPICS, strict=True):
        services.plan_visit(by=staff, dispatch=dispatch, day=day, topic=topic, hours=3)
    dispatch = services.offer_expert(by=hq, dispatch=dispatch, expert=expert)
    dispatch = services.respond_offer(by=by, dispatch=dispatch, accept=True)
    visit = dispatch.visits.get(day=days[0])
    services.report_visit(by=by, visit=visit, report="現地の事業者と課題を整理しました。", hours=3,
                          travel_costs=12_600, allowance=2_600)
    services.add_report_files(by=by, dispatch=dispatch, visit=visit, files=[_photo("workshop.png")])


def _photo(name: str):
    """A small picture standing in for a photo of the visit."""
    image = Image.new("RGB", (320, 200), "#e8f1fe")
    ImageDraw.Draw(image).rectangle((40, 40, 280, 160), outline="#0017c1", width=6)
    out = BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


# Applications to the expert bank, one in each of several states (account, what is written, how far it went).
APPLICATIONS = [
    ("jetaa-officer", {"name": "Sarah Kim", "name_kana": "サラ・キム", "affiliation": "JETAA New York",
                       "programmes": [Programme.PA_LECTURER], "fields": ["研修"], "languages": ["en", "ja", "ko"],
                       "career": "元ALT（2015–2018 宮城県）。帰国後、ニューヨークで異文化研修の講師。"}, "draft"),
    ("alumnus", {"name": "Daniel Brooks", "name_kana": "ダニエル・ブルックス", "affiliation": "元CIR（仙台市）",
                 "programmes": [Programme.PROMOTION], "fields": ["観光", "インバウンド"], "languages": ["en", "ja"],
                 "career": "元CIR。現在は米国で日本向け旅行商品の企画に従事。", "fee_expectation": 12_000},
     "under_review"),
    ("jet", {"name": "Emily Carter", "name_kana": "エミリー・カーター", "affiliation": "仙台市（国際交流員）",
             "programmes": [Programme.REGIONAL], "fields": ["多文化共生", "多言語情報"], "languages": ["en", "ja"],
             "career": "仙台市で多言語の防災情報づくりを担当。"}, "returned"),
    ("pa", {"name": "Olivia Martin", "name_kana": "オリヴィア・マーティン", "affiliation": "宮城県",
            "programmes": [Programme.PA_LECTURER], "fields": ["メンタルヘルス", "研修"], "languages": ["en", "ja"],
            "career": "宮城県のプリフェクチュラル・アドバイザー。新任JET研修の講師経験多数。",
            "profile": "PA研修の講師。メンタルヘルスと生活支援。"}, "accepted"),
]


def _seed_applications(hq) -> None:
    """Written through the services, each step by whom it belongs to (the applicant, headquarters)."""
    for account, data, until in APPLICATIONS:
        person = _person(account)
        if person is None or ExpertApplication.objects.filter(person=person).exists():
            continue
        data = {"onsite": True, "online": True, "consent": True, "profile": data["career"], **data}
        application = applying.save_application(by=person, data=data, submit=until != "draft")
        if until == "draft":
            continue
        application = applying.start_review(by=hq, application=application)
        applying.vet_application(by=hq, application=application, data={
            "review_notes": "本人確認済み。推薦者に連絡予定。", "identity_checked": True,
            "references_checked": until == "accepted", "conflict_checked": until == "accepted"})
        if until == "returned":
            applying.return_application(by=hq, application=application,
                                        reason="推薦者（氏名・連絡先）と、研修講師の実績を加えてください。")
        elif until == "accepted":
            applying.accept_application(by=hq, application=application, programme=data["programmes"][0],
                                        hourly_fee=12_000, reason="人材バンクへの登録を承認しました。")
