"""Demo data: the award's FY2026 round run to its end and the FY2025 round's winners, walked through the
services as the people of the demo would (the core demo's people; `seed_awards_demo()` does nothing without
them and is idempotent: a round of the year is made once).

FY2026 (blind, municipalities through their prefecture): Sendai's nomination returned by Miyagi once, corrected,
sent again and endorsed; Miyagi nominating itself and Ishinomaki; the Miyagi International Association; the
Tokyo International Communication Committee found not eligible (it won in FY2025 with the same project). Three
judges (an external reviewer, an adviser, headquarters' administrator), the adviser declaring a conflict on the
association's nomination; scores; three winners decided with their citations; the letters sent; published.
FY2025: two winners, published, its dates set down in FY2025."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from kizuna.core.audit import SYSTEM, update_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User
from kizuna.grants import services as grants
from kizuna.grants.models import Application

from . import services
from .enums import DEFAULT_CHECKLIST
from .models import Nomination, Round

JST = ZoneInfo("Asia/Tokyo")
ALL_TICKED = {item: True for item in DEFAULT_CHECKLIST}

# (proposer's person, proposer code or slug, nominee code (None: itself), title, summary, began, partners,
#  achievements, scores by the three judges (None: a declared conflict))
FY2026 = [
    ("sendai-staff", "041009", None, "レンヌ市との姉妹都市交流 市民相互訪問の50年",
     "1967年の提携以来、市民訪問団の相互派遣、高校生の短期留学、文化芸術の共同公演を重ねてきた。",
     1967, "レンヌ市（フランス）、仙台日仏協会、市内の高校", "延べ4,800人の市民が相互訪問。", (5, 4, 5)),
    ("miyagi-staff", "040002", "042021", "震災後の国際交流による復興まちづくり",
     "東日本大震災の支援で結ばれた海外の都市と、復興の経験を伝え合う青少年交流を続けている。",
     2012, "海外の支援都市、石巻市内の中学校", "12年間で青少年600人が往来。", (4, 5, 4)),
    ("miyagi-staff", "040002", None, "外国人県民と進める多言語防災",
     "外国人県民が防災訓練の企画から参加し、多言語の避難情報を共に作る。", 2014,
     "県内の市町村、宮城県国際化協会", "毎年35市町村で訓練、参加者の3割が外国人県民。", (3, 3, 4)),
    ("association-miyagi", "mia", None, "災害時外国人支援ネットワーク",
     "県内の国際交流協会と通訳ボランティアを結ぶ災害時の支援体制を整えた。", 2011,
     "県内の国際交流協会、通訳ボランティア", "登録ボランティア420人。", (4, None, 3)),
]
INELIGIBLE = ("association-tokyo", "ticc", None, "多言語相談の20年",
              "10言語の生活相談窓口を20年運営している。", 2004, "都内の区市町村", "年間1万件の相談。",
              "同一の取組で令和7年度に受賞している。")
CITATIONS = {
    "レンヌ市との姉妹都市交流 市民相互訪問の50年": (
        "半世紀にわたり市民が主役の相互訪問を続け、姉妹都市交流の模範を示した。",
        "For half a century of exchange visits led by citizens, a model of sister-city exchange."),
    "震災後の国際交流による復興まちづくり": (
        "震災で生まれた海外との絆を青少年交流に育て、復興を国際交流でつないだ。",
        "For turning the bonds made after the earthquake into youth exchange that carries the recovery."),
    "災害時外国人支援ネットワーク": (
        "災害時に外国人住民を支える協会とボランティアの連携を全県に築いた。",
        "For building, across the prefecture, a network that supports foreign residents in disasters."),
}
FY2025 = [
    ("association-tokyo", "ticc", None, "多言語相談の20年", "10言語の生活相談窓口を運営。", 2004,
     "多言語相談を20年にわたり続け、外国人都民の暮らしを支えた。",
     "For twenty years of multilingual consultations supporting foreign residents of Tokyo."),
    ("miyagi-staff", "040002", "041009", "国際交流員と進める国際理解教育", "市内の小中学校で国際理解の授業。", 2008,
     "国際交流員と学校が協働する国際理解教育を市内全校に広げた。",
     "For spreading international education with Coordinators for International Relations to every school."),
]


def _person(local: str):
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}", is_active=True).first()


def _org(key: str):
    lookup = {"code": key} if key.isdigit() else {"slug": key}
    return Organisation.objects.filter(**lookup).first()


def _nominate(round_, local, proposer_key, nominee_key, title, summary, began, partners="", achievements=""):
    person, proposer = _person(local), _org(proposer_key)
    nominee = _org(nominee_key) if nominee_key else proposer
    if person is None or proposer is None or nominee is None:
        return None
    n = services.start_nomination(by=person, round=round_, proposer=proposer, nominee=nominee, title=title,
                                  summary=summary, started_year=began, partners=partners,
                                  achievements=achievements)
    if not services.is_routed(n):
        return services.nominate(by=person, nomination=n)
    endorser = _person("miyagi-staff")
    n = services.send_to_prefecture(by=person, nomination=n)
    n = services.return_nomination(by=endorser, nomination=n, note="参加人数の推移を成果に加えてください。")
    n = services.update_nomination(by=person, nomination=n, achievements=f"{achievements}（10年ごとの推移を添付）")
    n = services.send_to_prefecture(by=person, nomination=n)
    return services.endorse_nomination(by=endorser, nomination=n)


def _close(round_, *, by, opens_at, closes_at):
    grants.save_call(by=by, call=round_.call, opens_at=opens_at, closes_at=closes_at)


def _score(judge, nomination, value, *, conflict_note=""):
    assignment = nomination.application.assignments.get(reviewer=judge)
    if value is None:
        grants.declare_conflict(by=judge, assignment=assignment, has_conflict=True, note=conflict_note)
        return
    grants.declare_conflict(by=judge, assignment=assignment, has_conflict=False)
    criteria = list(nomination.round.call.scheme.criteria.all())
    grants.score_application(by=judge, application=nomination.application,
                             scores={c.pk: max(1, min(5, value - (i % 2 if value == 5 else 0)))
                                     for i, c in enumerate(criteria)})


def _fy2026(staff, judges) -> dict:
    now = timezone.now()
    r = services.start_round(by=staff, fiscal_year=2026, opens_at=now - timedelta(days=90),
                             closes_at=now + timedelta(days=1), title="令和8年度 自治体国際交流表彰（総務大臣賞）")
    found = []
    for local, proposer, nominee, title, summary, began, partners, achievements, scores in FY2026:
        n = _nominate(r, local, proposer, nominee, title, summary, began, partners, achievements)
        if n is not None:
            found.append((services.check_eligibility(by=staff, nomination=n, checks=ALL_TICKED, eligible=True),
                          scores))
    local, proposer, nominee, title, summary, began, partners, achievements, reason = INELIGIBLE
    other = _nominate(r, local, proposer, nominee, title, summary, began, partners, achievements)
    if other is not None:
        services.check_eligibility(by=staff, nomination=other, checks=ALL_TICKED, eligible=False, reason=reason)
    _close(r, by=staff, opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=20))
    for judge in judges:
        services.assign_judge(by=staff, round=r, judge=judge)
    for n, scores in found:
        for judge, value in zip(judges, scores, strict=False):
            _score(judge, n, value, conflict_note="この協会の研修講師を務めている。")
    winners = {n.pk: {"citation": CITATIONS[n.title][0], "citation_en": CITATIONS[n.title][1]}
               for n, _scores in found if n.title in CITATIONS}
    if winners:
        services.decide_winners(by=staff, round=r, winners=winners)
        services.publish_round(by=staff, round=r)
    return {"fy2026 nominations": r.nominations.count(), "fy2026 winners": len(winners)}


def _fy2025(staff, judge) -> dict:
    now = timezone.now()
    r = services.start_round(by=staff, fiscal_year=2025, opens_at=now - timedelta(days=1),
                             closes_at=now + timedelta(days=1), blind=False,
                             title="令和7年度 自治体国際交流表彰（総務大臣賞）")
    winners = {}
    for local, proposer, nominee, title, summary, began, citation, citation_en in FY2025:
        n = _nominate(r, local, proposer, nominee, title, summary, began)
        if n is None:
            continue
        services.check_eligibility(by=staff, nomination=n, checks=ALL_TICKED, eligible=True)
        services.assign_judge(by=staff, round=r, judge=judge, nominations=[n])
        n.refresh_from_db()
        _score(judge, n, 4)
        winners[n.pk] = {"citation": citation, "citation_en": citation_en}
    _close(r, by=staff, opens_at=datetime(2025, 7, 1, 9, tzinfo=JST), closes_at=datetime(2025, 9, 30, 17, tzinfo=JST))
    if winners:
        services.decide_winners(by=staff, round=r, winners=winners)
        services.publish_round(by=staff, round=r)
        # Set down in FY2025, when that round was held: its nominations and decision are last year's.
        nominations = Nomination.objects.filter(round=r)
        update_logged(nominations, "awards.nomination.seed", by=SYSTEM,
                      nominated_at=datetime(2025, 9, 20, 10, tzinfo=JST))
        update_logged(Application.objects.filter(nomination__round=r), "grants.application.seed", by=SYSTEM,
                      submitted_at=datetime(2025, 9, 20, 10, tzinfo=JST),
                      decided_at=datetime(2026, 1, 20, 10, tzinfo=JST))
    return {"fy2025 winners": len(winners)}


def seed_awards_demo() -> dict:
    staff = _person("hq-staff")
    judges = [p for p in (_person("reviewer"), _person("adviser"), _person("hq-admin")) if p is not None]
    if staff is None or not judges:
        return {"rounds": 0}
    if Round.objects.exists():
        return {"rounds": Round.objects.count()}
    return {**_fy2025(staff, judges[0]), **_fy2026(staff, judges)}
