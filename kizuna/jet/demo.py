"""Demo records of the JET Programme: a realistic year in several prefectures, written through the services so
that each record has its audit entries. Every state occurs: placed for next April, arrived this summer, in post
in years 1 to 5, leaving, departed and withdrawn. The demo participant (Emily Carter, CIR in Sendai) and the
demo PA (Miyagi) see their own."""

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, save_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import MunicipalityType, OrgKind
from kizuna.core.models import Organisation, User

from . import services
from .enums import Cohort, Position, Status, WorkplaceKind
from .models import JetHost, Participant

# Miyagi, Tokyo, Osaka, Hokkaido, Nagano, Kumamoto
PREFECTURES = ["040002", "130001", "270008", "010006", "200000", "430005"]
HOSTS_PER_PREFECTURE = 7
PARTICIPANTS = 240
COUNTRIES = ["US"] * 9 + ["GB"] * 3 + ["CA"] * 3 + ["AU"] * 2 + ["NZ", "IE", "JM", "PH", "SG", "ZA", "FR", "DE",
                                                                   "CN", "KR", "BR", "IN", "TT", "GH"]
FAMILY = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Martin", "Lee", "Walker", "Hall", "Young", "King",
          "Wright", "Lopez", "Hill", "Scott", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts"]
GIVEN = ["Alex", "Jordan", "Taylor", "Sam", "Chris", "Morgan", "Jamie", "Casey", "Riley", "Avery", "Hannah",
         "Noah", "Olivia", "Liam", "Emma", "Mia", "Ethan", "Grace", "Lucas", "Chloe", "Daniel", "Sophie"]
KANA = {"Smith": "スミス", "Johnson": "ジョンソン", "Brown": "ブラウン", "Taylor": "テイラー", "Wilson": "ウィルソン",
        "Martin": "マーティン", "Lee": "リー", "Walker": "ウォーカー", "Hall": "ホール", "Young": "ヤング",
        "King": "キング", "Wright": "ライト", "Lopez": "ロペス", "Hill": "ヒル", "Scott": "スコット",
        "Green": "グリーン", "Adams": "アダムス", "Baker": "ベイカー", "Nelson": "ネルソン", "Carter": "カーター",
        "Mitchell": "ミッチェル", "Roberts": "ロバーツ"}
# (state, contract years, share): most are in post; every state occurs
PLAN = [("in_post", 1, 34), ("in_post", 2, 22), ("in_post", 3, 14), ("in_post", 4, 5), ("in_post", 5, 3),
        ("leaving", 3, 6), ("departed", 3, 8), ("placed", 0, 5), ("arrived", 0, 1), ("withdrawn", 0, 2)]
SUMMER = {Cohort.GROUP_A: (7, 26), Cohort.GROUP_B: (8, 2)}



def _hosts(by) -> list[JetHost]:
    hosts = []
    for code in PREFECTURES:
        prefecture = Organisation.objects.filter(code=code).first()
        if prefecture is None:
            continue
        towns = list(Organisation.objects.filter(prefecture=prefecture, kind=OrgKind.MUNICIPALITY)
                     .exclude(municipality_type=MunicipalityType.WARD).order_by("code")[:HOSTS_PER_PREFECTURE - 1])
        for org in [prefecture, *towns]:
            host = JetHost.objects.filter(organisation=org).first() or services.create_host(
                by=by, organisation=org, coordinating_body=services.coordinating_body_of(org))
            if not host.workplaces.exists():
                if org.kind == OrgKind.PREFECTURE:
                    services.add_workplace(by=by, host=host, name=f"{org.name}立高等学校", kind=WorkplaceKind.HIGH)
                    services.add_workplace(by=by, host=host, name=f"{org.name}国際課", kind=WorkplaceKind.OFFICE)
                else:
                    services.add_workplace(by=by, host=host, name=f"{org.name}教育委員会", kind=WorkplaceKind.BOARD)
                    services.add_workplace(by=by, host=host, name=f"{org.name}立第一中学校",
                                           kind=WorkplaceKind.JUNIOR_HIGH)
            hosts.append(host)
    return hosts


def _arrival(year: int, cohort: str) -> date:
    month, day = SUMMER.get(cohort, (7, 26))
    return date(year, month, day)


def _one(by, n: int, host: JetHost, state: str, years: int, rng: random.Random, today: date,
         person: User | None = None, position: str | None = None) -> Participant:
    family, given = rng.choice(FAMILY), rng.choice(GIVEN)
    position = position or (Position.CIR if n % 11 == 0 else Position.SEA if n % 97 == 0 else Position.ALT)
    cohort = Cohort.APRIL if state == "placed" else rng.choice([Cohort.GROUP_A, Cohort.GROUP_A, Cohort.GROUP_B])
    fiscal = today.year if today.month >= 4 else today.year - 1
    first_year = fiscal - max(years, 1) + 1 if state not in ("departed",) else fiscal - 3
    expected = date(fiscal + 1, 4, 3) if state == "placed" else _arrival(first_year, cohort)
    country = rng.choice(COUNTRIES)
    workplace = list(host.workplaces.all()[:1])
    participant = services.add_participant(by=by, workplaces=workplace, data={
        "jet_number": f"20{expected.year % 100:02d}{n:07d}", "family_name": family.upper(), "given_names": given,
        "name_katakana": f"{KANA[family]} {given}", "email": f"jet{n:04d}@example.com", "position": position,
        "nationality": country, "recruiting_country": country, "cohort": cohort, "expected_arrival": expected,
        "host": host, "emergency_name": f"{given} {family} Sr.", "emergency_relation": "Parent",
        "emergency_phone": "+1 555 0100"})
    if person is not None:
        participant.person = person  # the demo account (a real one is linked by its invitation)
        save_logged(participant, "jet.participant.link_account", by=by, fields=["person"])
    if state == "withdrawn":
        return services.withdraw(by=by, participant=participant)
    if state == "placed":
        return participant
    participant = services.record_arrival(by=by, participant=participant, arrived_on=expected)
    if state == "arrived":
        return participant
    participant = services.take_post(by=by, participant=participant)
    for _year in range(1, years if state != "departed" else 3):
        participant = services.renew(participant=participant)
    if state == "leaving":
        last = participant.appointments.order_by("-year").first()
        return services.announce_leaving(by=by, participant=participant, leaving_on=last.ends_on)
    if state == "departed":
        last = participant.appointments.order_by("-year").first()
        participant = services.announce_leaving(by=by, participant=participant, leaving_on=last.ends_on)
        return services.record_departure(by=by, participant=participant, departed_on=last.ends_on)
    return participant


@transaction.atomic
def seed_jet_demo(participants: int = PARTICIPANTS) -> dict:
    by = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first() or SYSTEM
    if Participant.objects.exists():
        return {"participants": 0}
    hosts = _hosts(by)
    if not hosts:
        return {"participants": 0}
    rng, today = random.Random(2026), timezone.localdate()
    sendai = JetHost.objects.filter(organisation__code="041009").first()
    n = 1
    emily = User.objects.filter(email=f"jet@{DEMO_DOMAIN}").first()
    if sendai is not None:  # the demo participant's own record
        _one(by, n, sendai, "in_post", 2, rng, today, person=emily, position=Position.CIR)
        n += 1
    weights = [w for _s, _y, w in PLAN]
    while n <= participants:  # every state once, then as often as it occurs in a real year
        state, years, _w = PLAN[n - 2] if 0 <= n - 2 < len(PLAN) else rng.choices(PLAN, weights=weights)[0]
        _one(by, n, rng.choice(hosts), state, years, rng, today)
        n += 1
    counts = {s: Participant.objects.filter(status=s).count() for s in Status.values}
    return {"hosts": len(hosts), "participants": Participant.objects.count(), **counts}
