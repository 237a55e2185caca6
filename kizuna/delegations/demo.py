"""Demo of the delegations: the Japan-China-Korea trilateral conference in Himeji next week (the Chinese and
Korean delegations confirmed, arriving this week, with their visits to Himeji and Hyogo), and the exchange and
cooperation seminar for foreign local-government executives (delegations of Viet Nam, Thailand, Indonesia and the
Philippines, invited or confirmed, with visits to Sendai, Chiyoda and Sapporo; halal and wheelchair needs that
only the handling staff see). Made through the services by headquarters' demo staff member, so every record has
its audit entry. Idempotent: nothing is added once a programme exists."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User
from kizuna.events.enums import Audience, EventKind, Format
from kizuna.events.models import Event
from kizuna.events.services.events import create_event

from . import services
from .enums import MemberRole, ProgrammeKind
from .models import Programme

JST = ZoneInfo("Asia/Tokyo")
HOTELS = {ProgrammeKind.TRILATERAL: "ホテル日航姫路", ProgrammeKind.EXECUTIVE_SEMINAR: "ホテルグランドヒル市ヶ谷"}


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    base = timezone.now().astimezone(JST) + timedelta(days=days)
    return datetime(base.year, base.month, base.day, hour, minute, tzinfo=JST)


def _org(**lookup):
    return Organisation.objects.filter(**lookup).order_by("pk").first()


def _event(by, organiser, title, **fields) -> Event:
    found = Event.objects.filter(title=title).first()
    return found or create_event(by=by, organiser=organiser, title=title, is_published=True,
                                 audience=Audience.INVITED, format=Format.ON_SITE, **fields)


TRILATERAL = [
    # country, name, name_en, office slug, members: (role, position, name, latin, kana, arrival day/hour, flight,
    # dietary, accessibility)
    ("CN", "中国地方政府代表团", "Delegation of Chinese local governments", "bej", [
        (MemberRole.HEAD, "中国人民对外友好协会 副会长", "李明", "LI Ming", "り めい", (3, 14), "CA927", "", ""),
        (MemberRole.MEMBER, "山东省 外事办公室 主任", "王芳", "WANG Fang", "おう ほう", (3, 14), "CA927", "", ""),
        (MemberRole.MEMBER, "西安市 副市长", "张伟", "ZHANG Wei", "ちょう い", (3, 14), "CA927", "素食", ""),
        (MemberRole.INTERPRETER, "翻译", "陈静", "CHEN Jing", "ちん せい", (3, 14), "CA927", "", ""),
    ]),
    ("KR", "대한민국 지방정부 대표단", "Delegation of Korean local governments", "sel", [
        (MemberRole.HEAD, "대한민국시도지사협의회 사무총장", "김민수", "KIM Minsu", "きむ みんす", (4, 11), "KE721",
         "", ""),
        (MemberRole.MEMBER, "부산광역시 국제협력과장", "이서연", "LEE Seoyeon", "い そよん", (4, 11), "KE721", "",
         "휠체어 사용 (車椅子)"),
        (MemberRole.SECRETARIAT, "사무국", "박준호", "PARK Junho", "ぱく じゅんほ", (4, 11), "KE721", "", ""),
    ]),
]
SEMINAR = [
    ("VN", "Đoàn đại biểu Việt Nam", "Delegation of Viet Nam", "sin", [
        (MemberRole.HEAD, "Phó Chủ tịch UBND TP Đà Nẵng", "Nguyễn Văn An", "NGUYEN Van An", "グエン・ヴァン・アン",
         (18, 9), "VN300", "", ""),
        (MemberRole.MEMBER, "Sở Ngoại vụ Huế", "Trần Thị Mai", "TRAN Thi Mai", "チャン・ティ・マイ", (18, 9), "VN300",
         "", ""),
    ]),
    ("TH", "คณะผู้แทนประเทศไทย", "Delegation of Thailand", "sin", [
        (MemberRole.HEAD, "รองผู้ว่าราชการจังหวัดเชียงใหม่", "สมชาย ใจดี", "SOMCHAI Jaidee", "ソムチャイ・ジャイディー",
         (18, 7), "TG682", "", ""),
    ]),
    ("ID", "Delegasi Indonesia", "Delegation of Indonesia", "sin", [
        (MemberRole.HEAD, "Wakil Gubernur Jawa Barat", "Budi Santoso", "Budi SANTOSO", "ブディ・サントソ", (19, 8),
         "GA874", "Halal", ""),
        (MemberRole.INTERPRETER, "Penerjemah", "Siti Rahma", "Siti RAHMA", "シティ・ラフマ", (19, 8), "GA874",
         "Halal", ""),
    ]),
    ("PH", "Philippine Delegation", "Philippine Delegation", "sin", [
        (MemberRole.HEAD, "Vice Mayor of Cebu City", "Maria Santos", "Maria SANTOS", "マリア・サントス", (18, 13),
         "PR432", "", ""),
    ]),
]


def _delegation(by, programme, spec, confirm: bool, stay_days: int):
    country, name, name_en, office, members = spec
    handler = _org(slug=office) or _org(slug="hq")
    delegation = services.register_delegation(by=by, programme=programme, handled_by=handler, name=name,
                                              name_en=name_en, country=country, government=None, notes="")
    for n, (role, position, person, latin, kana, (day, hour), flight, dietary, access) in enumerate(members):
        services.add_member(by=by, delegation=delegation, order=(n + 1) * 10, role=role, position=position,
                            name=person, name_latin=latin, name_kana=kana, arrival_at=_at(day, hour),
                            arrival_flight=flight, departure_at=_at(day + stay_days, 10), departure_flight="",
                            hotel=HOTELS.get(programme.kind, ""),
                            room=str(801 + n), interpretation="ja", dietary=dietary, accessibility=access)
    if confirm:
        services.confirm_delegation(by=by, delegation=delegation)
    return delegation


@transaction.atomic
def seed_delegations_demo() -> dict:
    hq = _org(slug="hq")
    staff = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    if hq is None or staff is None:
        return {}
    if Programme.objects.exists():
        return {"programmes": Programme.objects.count()}
    himeji = _org(name="姫路市", kind="municipality")
    hyogo = _org(code="280003")
    conference = _event(staff, hq, "第25回日中韓3か国地方政府交流会議（姫路）",
                        title_en="25th Japan-China-Korea Trilateral Local Government Exchange Conference (Himeji)",
                        kind=EventKind.CONFERENCE, venue_name="アクリエひめじ", venue_address="兵庫県姫路市神屋町143-2",
                        starts_at=_at(5, 10), ends_at=_at(6, 17))
    trilateral = services.create_programme(by=staff, event=conference, kind=ProgrammeKind.TRILATERAL,
                                           co_host=himeji, notes="開催地：姫路市（共催）")
    for spec in TRILATERAL:
        delegation = _delegation(staff, trilateral, spec, confirm=True, stay_days=4)
        for host, days, place, purpose in ((himeji, 6, "姫路城", "世界遺産の保存と観光振興の視察"),
                                           (hyogo or himeji, 7, "兵庫県庁", "防災・減災の取組についての意見交換")):
            if host is not None:
                services.add_visit(by=staff, delegation=delegation, host=host, starts_at=_at(days, 9, 30),
                                   ends_at=_at(days, 11, 30), place=place, purpose=purpose)
    seminar_event = _event(staff, hq, "海外自治体幹部交流協力セミナー",
                           title_en="Exchange and Cooperation Seminar for Foreign Local Government Executives",
                           kind=EventKind.SEMINAR, venue_name="クレア本部 研修室",
                           venue_address="東京都千代田区麹町1-7",
                           starts_at=_at(20, 9), ends_at=_at(27, 17))
    seminar = services.create_programme(by=staff, event=seminar_event, kind=ProgrammeKind.EXECUTIVE_SEMINAR,
                                        co_host=None, notes="テーマ：持続可能な地域づくり")
    hosts = [h for h in (_org(code="041009"), _org(code="131016"), _org(code="011002")) if h is not None]
    visits = [("市役所 国際交流課", "多文化共生と国際交流の取組の視察"), ("区役所", "防災まちづくりの視察"),
              ("市役所", "雪まつりと観光振興についての意見交換")]
    for n, spec in enumerate(SEMINAR):
        delegation = _delegation(staff, seminar, spec, confirm=n % 2 == 0, stay_days=9)
        for m, host in enumerate(hosts):
            place, purpose = visits[m]
            services.add_visit(by=staff, delegation=delegation, host=host, starts_at=_at(22 + m, 10 + n),
                               ends_at=_at(22 + m, 11 + n), place=place, purpose=purpose)
    return {"programmes": 2}
