"""Demo of the seconded staff: twenty people from prefectures and cities across Japan at headquarters and the
overseas offices — a second-year cohort (a year at a headquarters division, then an office; two of them going home
early next month), a first-year cohort, three who completed their secondment, one who ended early, and one who
arrives next April — with their postings, language courses and hours, test results, field trainings abroad,
on-the-job training records, and the expert training curriculum: seven courses held as events of headquarters,
attended by most of the serving staff (so the curriculum matrix has done and not yet).

The seconded people sign in as secondee-01@secondees.demo.kizuna.jp … secondee-20@secondees.demo.kizuna.jp with
the demo password and TOTP secret.
Written through the audit helpers as the system; idempotent (nothing is added once a secondment exists)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged, log_action
from kizuna.core.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
from kizuna.core.enums import Role
from kizuna.core.fiscal import fiscal_year_bounds
from kizuna.core.mfa import activate_totp
from kizuna.core.models import Membership, Organisation, User
from kizuna.events.enums import Audience, EventKind, Format, Status
from kizuna.events.models import Event, Registration

from .enums import Division, SecondmentStatus, Topic
from .models import Course, FieldTraining, LanguageTest, LanguageTraining, OJTRecord, Posting, Secondment

SECONDEES_DOMAIN = f"secondees.{DEMO_DOMAIN}"
# name, kana, home government code, cohort, first posting (office slug or HQ division), second posting (A only)
PEOPLE = [
    ("青木 翔", "あおき しょう", "041009", "A", Division.ECONOMIC_EXCHANGE, "nyc"),
    ("石井 美穂", "いしい みほ", "040002", "A", Division.MULTICULTURAL, "lon"),
    ("上田 健太", "うえだ けんた", "141003", "A", Division.EXCHANGE_COOPERATION, "par"),
    ("遠藤 彩", "えんどう あや", "230006", "A", Division.RESEARCH_PLANNING, "sel"),
    ("大野 悠斗", "おおの ゆうと", "271004", "A", Division.JET, "bej"),
    ("岡田 真央", "おかだ まお", "400009", "A", Division.ECONOMIC_EXCHANGE, "sin"),
    ("片山 亮", "かたやま りょう", "470007", "A", Division.GENERAL_AFFAIRS, "syd"),
    ("木村 葵", "きむら あおい", "131016", "B", Division.MULTICULTURAL, None),
    ("工藤 拓海", "くどう たくみ", "010006", "B", Division.ECONOMIC_EXCHANGE, None),
    ("小松 結衣", "こまつ ゆい", "150002", "B", "nyc", None),
    ("斉藤 蓮", "さいとう れん", "220001", "B", Division.EXCHANGE_COOPERATION, None),
    ("島田 花音", "しまだ かのん", "281000", "B", "sel", None),
    ("杉山 大翔", "すぎやま ひろと", "340006", "B", Division.RESEARCH_PLANNING, None),
    ("高田 芽依", "たかだ めい", "401307", "B", "bej", None),
    ("辻 海斗", "つじ かいと", "041009", "B", Division.JET, None),
    ("中西 千尋", "なかにし ちひろ", "260002", "past", Division.ECONOMIC_EXCHANGE, "lon"),
    ("西川 直人", "にしかわ なおと", "231002", "past", Division.MULTICULTURAL, "syd"),
    ("野口 愛", "のぐち あい", "430005", "past", Division.EXCHANGE_COOPERATION, "par"),
    ("橋本 隼", "はしもと はやと", "280003", "early", Division.RESEARCH_PLANNING, "sin"),
    ("東 さくら", "ひがし さくら", "040002", "planned", Division.ECONOMIC_EXCHANGE, None),
]
LANGUAGE_OF = {"nyc": "en", "lon": "en", "syd": "en", "sin": "en", "par": "fr", "sel": "ko", "bej": "zh-hans"}
TESTS = {"en": ("TOEIC L&R", ["735", "815", "860", "905"], ""), "fr": ("DELF", [""], "B1"),
         "ko": ("TOPIK II", ["168", "201"], "3級"), "zh-hans": ("HSK", ["212", "238"], "5級")}
PROVIDERS = {"en": "ベルリッツ 虎ノ門", "fr": "アテネ・フランセ", "ko": "駐日韓国文化院 語学講座",
             "zh-hans": "日中学院", }
COURSES = [
    (Topic.WORLD_AFFAIRS, "国際情勢の読み方", "Reading world affairs", -200),
    (Topic.WORLD_ECONOMY, "世界経済と地方", "The world economy and the regions", -170),
    (Topic.TRADITIONAL_ARTS, "日本の伝統芸能・文化慣習", "Japanese traditional arts and customs", -140),
    (Topic.PRESENTATION, "英語プレゼンテーション", "Presenting in English", -110),
    (Topic.PROTOCOL, "国際プロトコール", "International protocol", -80),
    (Topic.PUBLIC_RELATIONS, "海外向け広報の技術", "Public relations abroad", -30),
    (Topic.ECONOMIC_EXCHANGE, "経済交流の基礎知識", "Basics of economic exchange", 25),
]
FIELD_PLACES = {"nyc": ("US", "ポートランド", "持続可能なまちづくりと市民参加"),
                "lon": ("GB", "マンチェスター", "産業遺産を活かした地域再生"),
                "par": ("FR", "リヨン", "食文化を核にした観光振興"),
                "sel": ("KR", "全州", "伝統文化資源と観光"),
                "bej": ("CN", "成都", "日本の自治体の食品輸出と現地の流通"),
                "sin": ("SG", "シンガポール", "スマートシティと多言語行政サービス"),
                "syd": ("AU", "メルボルン", "多文化共生政策と移民支援")}
SUPERVISORS = {"hq": "山田 花子（総務課長）", "nyc": "ニューヨーク事務所長", "lon": "ロンドン事務所長",
               "par": "パリ事務所長", "sel": "ソウル事務所長", "bej": "北京事務所長", "sin": "シンガポール事務所長",
               "syd": "シドニー事務所長"}


def _at(day: date, hour: int = 14) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def seed_secondments_demo() -> dict:
    admin = User.objects.filter(email=f"hq-admin@{DEMO_DOMAIN}").first()
    places = {o.slug: o for o in Organisation.objects.filter(slug__in=["hq", *LANGUAGE_OF])}
    homes = {o.code: o for o in Organisation.objects.filter(code__in={p[2] for p in PEOPLE})}
    if admin is None or "hq" not in places or not homes:
        return {"secondments": 0}
    if Secondment.objects.exists():
        return {"secondments": Secondment.objects.count()}
    today = timezone.localdate()
    fy_start, _fy_end = fiscal_year_bounds(today.year if today.month >= 4 else today.year - 1)
    password = make_password(DEMO_PASSWORD)
    courses = _curriculum(places["hq"], admin, today)
    made = 0
    for n, (name, kana, code, cohort, first, second) in enumerate(PEOPLE, start=1):
        home = homes.get(code)
        if home is None:
            continue
        made += 1
        _secondee(n, name, kana, home, cohort, first, second, places, admin, password, fy_start, today, courses)
    return {"secondments": made, "courses": len(courses)}


def _curriculum(hq, admin, today) -> list:
    """The seven courses of the curriculum, each held once as an event of headquarters."""
    found = []
    for position, (topic, title, title_en, days) in enumerate(COURSES, start=1):
        day = today + timedelta(days=days)
        event = create_logged(Event, "events.event.seed", by=SYSTEM, organiser=hq, kind=EventKind.TRAINING,
                              format=Format.ON_SITE, title=f"専門家研修：{title}",
                              title_en=f"Expert training: {title_en}",
                              venue_name="クレア本部 研修室", kpi_series="staff_training",
                              starts_at=_at(day, 14), ends_at=_at(day, 17), audience=Audience.INVITED,
                              is_published=True, is_public=False, gives_certificate=True, created_by=admin)
        course = create_logged(Course, "secondments.course.seed", by=SYSTEM, topic=topic, title=title,
                               title_en=title_en, position=position)
        course.events.add(event)
        log_action(course, "secondments.course.events", by=SYSTEM, changes={"events": [[], [event.pk]]})
        found.append((course, event, day))
    return found


def _person(n, name, kana, place, title, division_label, password) -> User:
    """A seconded person's account: the demo password and TOTP secret (CLAIR staff sign in with both), a verified
    address on a subdomain of the demo's (the login table and its checks list the core's demo people only)."""
    email = f"secondee-{n:02}@{SECONDEES_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = create_logged(User, "core.user.seed", by=SYSTEM, email=email, full_name=name, full_name_kana=kana,
                             password=password)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        activate_totp(user, DEMO_TOTP_SECRET)
    if not Membership.objects.filter(person=user, organisation=place).exists():
        create_logged(Membership, "core.membership.seed", by=SYSTEM, person=user, organisation=place,
                      role=Role.STAFF, title=title, division=division_label)
    return user


def _secondee(n, name, kana, home, cohort, first, second, places, admin, password, fy_start, today, courses):
    hq = places["hq"]
    if cohort == "A":
        starts, ends = fy_start.replace(year=fy_start.year - 1), fy_start.replace(year=fy_start.year + 1)
    elif cohort == "B":
        starts, ends = fy_start, fy_start.replace(year=fy_start.year + 2)
    elif cohort in ("past", "early"):
        starts, ends = fy_start.replace(year=fy_start.year - 3), fy_start.replace(year=fy_start.year - 1)
    else:
        starts, ends = fy_start.replace(year=fy_start.year + 1), fy_start.replace(year=fy_start.year + 3)
    ends -= timedelta(days=1)
    if n in (1, 4):  # two of the second year go home early next month, as their governments asked
        ends = today + timedelta(days=45)
    stints = [(first, starts)] + ([(second, starts.replace(year=starts.year + 1))] if second else [])
    last_place = places.get(stints[-1][0], hq)
    division = stints[-1][0] if stints[-1][0] in Division.values else ""
    status = {"A": SecondmentStatus.SERVING, "B": SecondmentStatus.SERVING, "past": SecondmentStatus.COMPLETED,
              "early": SecondmentStatus.ENDED_EARLY, "planned": SecondmentStatus.PLANNED}[cohort]
    title = "主事" if n % 3 else "主任"
    person = _person(n, name, kana, last_place, title, Division(division).label if division else "", password)
    ended_on = None
    if cohort == "past":
        ended_on = ends
    elif cohort == "early":
        ended_on = starts.replace(year=starts.year + 1) + timedelta(days=120)
    s = create_logged(
        Secondment, "secondments.secondment.seed", by=SYSTEM, person=person, home_government=home,
        organisation=last_place, home_division="国際交流課" if n % 2 else "企画政策課", starts_on=starts, ends_on=ends,
        started_on=starts if status != SecondmentStatus.PLANNED else None, ended_on=ended_on, status=status,
        end_reason="家族の事情により本人の申し出で派遣元に復帰。" if cohort == "early" else "", created_by=admin)
    for i, (where, since) in enumerate(stints):
        place = places.get(where, hq)
        until = stints[i + 1][1] - timedelta(days=1) if i + 1 < len(stints) else ended_on
        create_logged(Posting, "secondments.posting.seed", by=SYSTEM, secondment=s, organisation=place,
                      division=where if where in Division.values else "", title=title, starts_on=since,
                      ends_on=until)
    if status == SecondmentStatus.PLANNED:
        return
    office = next((w for w, _since in stints if w in LANGUAGE_OF), None)
    language = LANGUAGE_OF.get(office, "en")
    last_day = min(today, ended_on or today)
    _language(s, n, language, starts, last_day)
    if office and (cohort in ("A", "past") or n % 2 == 0):
        _field(s, n, office, places, starts, ends, last_day, cohort)
    _ojt(s, n, stints, starts, last_day, places)
    if status == SecondmentStatus.SERVING:
        for course, event, day in courses:
            if day < today and (n + course.position) % 4 != 0:
                create_logged(Registration, "events.registration.seed", by=SYSTEM, event=event, person=person,
                              registered_by=admin, status=Status.CONFIRMED, checked_in_at=_at(day, 14))


def _language(s, n, language, starts, last_day):
    spans = [(starts, 120 if language == "en" else 160, "集中講座"), (starts + timedelta(days=183), 60, "継続講座")]
    for begin, hours, kind in spans:
        if begin > last_day:
            break
        name = {"en": "英語", "fr": "フランス語", "ko": "韓国語", "zh-hans": "中国語"}[language] + kind
        create_logged(LanguageTraining, "secondments.languagetraining.seed", by=SYSTEM, secondment=s, name=name,
                      language=language, provider=PROVIDERS.get(language, "ベルリッツ 虎ノ門"), starts_on=begin,
                      ends_on=min(begin + timedelta(days=150), last_day),
                      hours=Decimal(hours + (n * 7) % 40))
    test, scores, level = TESTS[language]
    taken = starts + timedelta(days=100)
    if taken <= last_day:
        create_logged(LanguageTest, "secondments.languagetest.seed", by=SYSTEM, secondment=s, name=test,
                      language=language, taken_on=taken, score=scores[n % len(scores)], level=level,
                      result_on=taken + timedelta(days=21))


def _field(s, n, office, places, starts, ends, last_day, cohort):
    country, place, theme = FIELD_PLACES[office]
    begin = starts.replace(year=starts.year + 1) + timedelta(days=150) if cohort in ("A", "past") else (
        last_day + timedelta(days=20 + n))
    if begin > ends:
        return
    finish = begin + timedelta(days=4)
    done = finish < last_day
    create_logged(FieldTraining, "secondments.fieldtraining.seed", by=SYSTEM, secondment=s, country=country,
                  place=place, host_office=places.get(office), starts_on=begin, ends_on=finish, theme=theme,
                  report=(f"{place}で{theme}について現地の行政・団体を訪問し聞き取りを行った。派遣元での施策に"
                          "活かせる点を報告書にまとめた。") if done and n % 5 else "",
                  report_on=finish + timedelta(days=14) if done and n % 5 else None)


def _ojt(s, n, stints, starts, last_day, places):
    for where, since in stints:
        if since > last_day:
            continue
        unit = str(Division(where).label) if where in Division.values else str(places.get(where, places["hq"]))
        supervisor = SUPERVISORS["hq" if where in Division.values else where]
        create_logged(OJTRecord, "secondments.ojtrecord.seed", by=SYSTEM, secondment=s, starts_on=since,
                      ends_on=min(since + timedelta(days=364), last_day), unit=unit, supervisor=supervisor,
                      tasks="自治体からの照会対応、セミナーの企画・運営補助、海外事情の調査と報告書作成。",
                      assessment=("積極的に業務に取り組み、調整力が高い。語学力の一層の向上を期待する。"
                                  if n % 2 else "正確で丁寧な事務処理。対外折衝の経験を積むとよい。"))
