"""Demo of the people and bodies of the field: a manager training of last fiscal year held in Kizuna (its
completers certified through the service, two of them listed and in the network), managers of earlier years in
several prefectures entered by headquarters, regional international associations with their recognition dates
(the dates are demo values, not the Ministry's), NGOs of the Citizens' International Plaza (one unlisted), and
consultations in every state. Written through the audit helpers and the services; idempotent (nothing is added
once a manager exists). Run after the core demo (people) and the events demo."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged, save_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.models import Organisation, User
from kizuna.events.enums import EventKind, Format, Mode
from kizuna.events.enums import Status as RegistrationStatus
from kizuna.events.models import Event, Registration

from . import services
from .enums import ConsultationStatus
from .models import AssociationProfile, Manager, NgoProfile
from .queries import prefecture_by_code

TRAINING = "多文化共生マネージャー養成研修（デモ・前年度）"
COMPLETERS = [  # demo person, organisation's local-government code or slug, completed
    ("sendai-staff", True), ("miyagi-staff", True), ("chiyoda-staff", True), ("association-miyagi", True),
]
MANAGERS = [
    # name, kana, romaji, prefecture number, affiliation, fiscal year, fields, listed, in network
    ("北村 直子", "きたむら なおこ", "Kitamura Naoko", 1, "北海道総合政策部国際課", 2019, ["disaster", "multilingual"],
     True, True),
    ("Nguyen Thi Lan", "グエン ティ ラン", "Nguyen Thi Lan", 23, "NPO法人 多文化ネットあいち", 2020,
     ["education", "japanese"], True, False),
    ("大野 健太", "おおの けんた", "Ono Kenta", 27, "大阪府国際交流財団", 2021, ["health", "housing"], True, True),
    ("森田 彩", "もりた あや", "Morita Aya", 40, "福岡市国際経済・コンテンツ課", 2022, ["work", "participation"],
     True, False),
    ("上原 良", "うえはら りょう", "Uehara Ryo", 47, "沖縄県国際交流・人材育成財団", 2023, ["disaster"], False, False),
    ("金子 由紀", "かねこ ゆき", "Kaneko Yuki", 4, "石巻市市民協働推進課", 2018, ["disaster", "participation"],
     True, True),
    ("Silva Rafael", "シルバ ラファエル", "Silva Rafael", 10, "大泉町多文化協働課", 2023, ["education", "work"],
     True, True),
    ("斎藤 美穂", "さいとう みほ", "Saito Miho", 13, "新宿区多文化共生推進課", 2024, ["multilingual", "health"],
     True, True),
]
ASSOCIATIONS = [
    # name, kana, English, area code, recognised on, fields
    ("公益財団法人宮城県国際化協会", None, None, "040002", date(1990, 3, 30), ["disaster", "japanese", "multilingual"]),
    ("公益財団法人東京都国際交流委員会", None, None, "130001", date(1991, 3, 29), ["multilingual", "participation"]),
    ("公益財団法人愛知県国際交流協会", "こうえきざいだんほうじんあいちけんこくさいこうりゅうきょうかい",
     "Aichi International Association", "230006", date(1989, 12, 1), ["education", "japanese", "work"]),
    ("公益財団法人大阪府国際交流財団", "こうえきざいだんほうじんおおさかふこくさいこうりゅうざいだん",
     "Osaka Foundation of International Exchange", "270008", date(1990, 6, 1), ["health", "multilingual"]),
    ("一般財団法人札幌国際プラザ", "いっぱんざいだんほうじんさっぽろこくさいぷらざ",
     "Sapporo International Communication Plaza",
     "011002", date(1992, 4, 1), ["disaster", "participation"]),
]
NGOS = [
    # name, kana, English, prefecture number, regions, fields, languages, activities, listed
    ("NPO法人 多文化ネットあいち", "たぶんかねっとあいち", "Tabunka Net Aichi", 23, ["chubu"],
     ["education", "japanese"], ["ja", "pt", "es", "tl"], "外国にルーツのある子どもの学習支援と日本語教室。", True),
    ("NPO法人 災害多言語支援センター", "さいがいたげんごしえんせんたー", "Multilingual Disaster Support Centre", 4,
     ["nationwide"], ["disaster", "multilingual"], ["ja", "en", "zh-hans", "ko", "vi"],
     "災害時の多言語支援センターの運営訓練、やさしい日本語の研修。", True),
    ("一般社団法人 外国人医療サポートネット", "がいこくじんいりょうさぽーとねっと",
     "Foreign Residents' Medical Support Net", 13,
     ["kanto"], ["health"], ["ja", "en", "zh-hans", "ne"], "医療通訳者の派遣と医療機関向けの研修。", True),
    ("NPO法人 かながわ難民・移住者ネットワーク", "かながわなんみんいじゅうしゃねっとわーく",
     "Kanagawa Refugee and Migrant Network",
     14, ["kanto"], ["housing", "work"], ["ja", "en", "my"], "住まい探しと就労の相談。", True),
    ("NPO法人 ひろしま国際協力の会", "ひろしまこくさいきょうりょくのかい", "Hiroshima International Cooperation", 34,
     ["chugoku"], ["participation"], ["ja", "en"], "地域住民と外国人住民の交流イベント。", True),
    ("任意団体 準備中の交流会", "じゅんびちゅうのこうりゅうかい", "", 13, ["kanto"], ["participation"], ["ja"],
     "登録準備中（非公開）。", False),
]


def _person(key):
    return User.objects.filter(email=f"{key}@{DEMO_DOMAIN}").first()


@transaction.atomic
def seed_networks_demo() -> dict:
    staff = _person("hq-staff")
    hq = Organisation.objects.filter(slug="hq").first()
    if staff is None or hq is None or prefecture_by_code("13") is None:
        return {"managers": 0}
    if Manager.objects.exists():
        return {"managers": Manager.objects.count()}
    certified = _training(staff, hq)
    for name, kana, romaji, pref, affiliation, year, fields, listed, network in MANAGERS:
        prefecture = prefecture_by_code(str(pref))
        if prefecture is None:  # a prefecture missing from the reference data loaded
            continue
        manager = services.add_manager(by=staff, name=name, name_kana=kana, name_romaji=romaji,
                                       prefecture=prefecture, affiliation=affiliation,
                                       certified_year=year, certified_on=date(year + 1, 2, 15), fields=fields,
                                       email=f"manager{year}{pref}@example.jp")
        services.set_consent(by=staff, manager=manager, listed=listed, network=network)
    associations = _associations(staff)
    ngos = _ngos(staff)
    consultations = _consultations(staff)
    return {"managers": Manager.objects.count(), "certified from the training": certified,
            "associations": associations, "ngos": ngos, "consultations": consultations}


def _training(staff, hq) -> int:
    """Last fiscal year's training (held at JIAM, 3 days on site), its completers checked in, certified."""
    today = timezone.localdate()
    start = date(fiscal_year_of(today), 1, 20)  # January of the last fiscal year's calendar year
    zone = timezone.get_current_timezone()
    event = Event.objects.filter(title=TRAINING).first() or create_logged(
        Event, "events.event.seed", by=SYSTEM, organiser=hq, kind=EventKind.TRAINING, format=Format.HYBRID,
        title=TRAINING, title_en="Training of multicultural coexistence managers (demo, last year)",
        description="3日間の集合研修と3日間のオンライン研修。修了者を多文化共生マネージャーに認定します。",
        venue_name="全国市町村国際文化研修所（JIAM）", venue_address="滋賀県大津市唐崎2-13-1",
        starts_at=timezone.make_aware(datetime.combine(start, time(9)), zone),
        ends_at=timezone.make_aware(datetime.combine(start + timedelta(days=2), time(17)), zone),
        mode=Mode.LOTTERY, capacity=40, gives_certificate=True, kpi_series="tabunka_training",
        is_published=True, created_by=staff)
    for key, completed in COMPLETERS:
        person = _person(key)
        if person is None or Registration.objects.filter(event=event, person=person).exists():
            continue
        membership = person.memberships.filter(ended_at__isnull=True).select_related("organisation").first()
        create_logged(Registration, "events.registration.seed", by=SYSTEM, event=event, person=person,
                      organisation=membership.organisation if membership else None, registered_by=person,
                      status=RegistrationStatus.CONFIRMED,
                      checked_in_at=event.starts_at + timedelta(minutes=20) if completed else None,
                      checked_in_by=staff if completed else None)
    done = services.certify_from_event(by=staff, event=event)
    for key, listed, network in (("sendai-staff", True, True), ("miyagi-staff", True, True)):
        manager = Manager.objects.filter(person__email=f"{key}@{DEMO_DOMAIN}").first()
        if manager is not None:
            services.change_manager(by=staff, manager=manager, fields=["disaster", "multilingual"])
            services.set_consent(by=staff, manager=manager, listed=listed, network=network)
    return done["certified"]


def _organisation(staff, kind, name, kana, name_en, prefecture):
    found = Organisation.objects.filter(kind=kind, name=name).first()
    if found is not None:
        return found
    org = Organisation(kind=kind, name=name, name_kana=kana or "", name_en=name_en or "", prefecture=prefecture,
                       parent=prefecture)
    org.refresh_search_text()
    org.full_clean()
    save_logged(org, "core.organisation.create", by=SYSTEM, data={"demo": True})
    return org


def _associations(staff) -> int:
    n = 0
    for name, kana, name_en, area_code, recognised, fields in ASSOCIATIONS:
        area = Organisation.objects.filter(code=area_code).first()
        if area is None:
            continue
        prefecture = area if area.kind == OrgKind.PREFECTURE else area.prefecture
        org = _organisation(staff, OrgKind.ASSOCIATION, name, kana, name_en, prefecture)
        if AssociationProfile.objects.filter(organisation=org).exists():
            continue
        services.add_association(by=staff, organisation=org, recognised_on=recognised, area=area, fields=fields,
                                 phone="", email="", address="", is_listed=True)
        n += 1
    return n


def _ngos(staff) -> int:
    n = 0
    for name, kana, name_en, pref, regions, fields, languages, activities, listed in NGOS:
        prefecture = prefecture_by_code(str(pref))
        if NgoProfile.objects.filter(organisation__name=name).exists():
            continue
        services.register_ngo(by=staff, name=name, name_kana=kana, name_en=name_en, prefecture=prefecture,
                              regions=regions, fields=fields, languages=languages, activities=activities,
                              is_listed=listed, email="info@example.jp")
        n += 1
    return n


def _consultations(staff) -> int:
    today = timezone.localdate()
    ngo = Organisation.objects.filter(kind=OrgKind.NGO, name="NPO法人 多文化ネットあいち").first()
    cases = [
        ("外国人住民向け防災訓練の進め方", "多言語での防災訓練を初めて開きます。先行事例を教えてください。", "disaster",
         ConsultationStatus.RECEIVED, None),
        ("日本語教室の講師研修について", "ボランティア講師向けの研修に使える教材はありますか。", "japanese",
         ConsultationStatus.IN_PROGRESS, ngo),
        ("医療通訳の謝金の相場", "医療通訳者への謝金の目安を知りたい。", "health", ConsultationStatus.ANSWERED, None),
        ("助成金の共同申請先", "NPO単独では申請できない助成金の共同申請先を探しています。", "participation",
         ConsultationStatus.CLOSED, ngo),
    ]
    for n, (subject, question, field, status, by_ngo) in enumerate(cases):
        case = services.record_consultation(
            by=staff, subject=subject, question=question, channel=["email", "phone", "visit", "web"][n],
            received_on=today - timedelta(days=3 + 7 * n), asker_name=["市民", "NPO担当者", "市職員", "NPO代表"][n],
            asker_contact="", ngo=by_ngo, field=field)
        if status == ConsultationStatus.RECEIVED:
            continue
        case = services.take_consultation(by=staff, consultation=case)
        services.add_note(by=staff, consultation=case, text="関係団体に確認中。")
        if status == ConsultationStatus.IN_PROGRESS:
            continue
        case = services.answer_consultation(by=staff, consultation=case,
                                            answer="事例集と関係団体の連絡先をお知らせしました。")
        if status == ConsultationStatus.CLOSED:
            services.close_consultation(by=staff, consultation=case)
    return len(cases)
