"""Demo data for grants: the four schemes, a call in each state and applications in different states.

`seed_grants_demo()` is idempotent (calls and applications are matched by title) and expects the core demo
(`seed_demo`) to have created its organisations and people; without them it only loads the schemes.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User

from .enums import AssignmentStatus, Status
from .loading import load_schemes, read_schemes
from .models import Application, ApplicationRound, Assignment, Call, CostLine, Question, Scheme, Score

JST = ZoneInfo("Asia/Tokyo")

# (scheme, title, fiscal year, opens, closes, envelope, published)
CALLS = [
    ("tabunka", "令和9年度 多文化共生のまちづくり促進事業（第1回公募）", 2027, -30, 60, 40_000_000, True),
    ("kokusai_koryu", "令和8年度 国際交流支援事業（第1回公募）", 2026, -120, -20, 30_000_000, True),
    ("kokusai_kyoryoku", "令和8年度 自治体国際協力促進事業（モデル事業）", 2026, -200, -100, 12_000_000, True),
    ("keizai", "令和9年度 海外販路開拓支援・インバウンド支援（準備中）", 2027, 30, 90, 20_000_000, False),
]

# (call index, applicant code, title, status, requested, decided, lines)
APPLICATIONS = [
    (0, "131016", "やさしい日本語による防災情報発信事業", Status.DRAFT, 1_200_000, None,
     [("謝金", "講師謝金", 300_000), ("印刷製本費", "多言語防災マップ", 900_000)]),
    (1, "041009", "仙台・ダラス青少年交流事業", Status.SUBMITTED, 1_500_000, None,
     [("旅費", "派遣団旅費", 2_400_000), ("通訳・翻訳料", "通訳", 600_000)]),
    (1, "131016", "千代田区国際交流フェスティバル", Status.RETURNED, 1_000_000, None,
     [("会場借料", "会場", 800_000), ("委託料", "運営委託", 1_200_000)]),
    (2, "040002", "ベトナム・クアンナム省 上水道技術研修", Status.AWARDED, 2_800_000, 2_500_000,
     [("研修費", "研修受入", 1_800_000), ("旅費", "専門家派遣", 1_000_000)]),
    (2, "041009", "フィリピン・セブ市 廃棄物管理モデル事業", Status.REJECTED, 3_000_000, None,
     [("資機材費", "分別用機材", 3_000_000)]),
]


def _person(local: str):
    return User.objects.filter(email__iexact=f"{local}@{DEMO_DOMAIN}").first()


def _call(spec, now) -> Call:
    code, title, year, opens, closes, envelope, published = spec
    call, _created = Call.objects.get_or_create(title=title, defaults={
        "scheme": Scheme.objects.get(code=code), "fiscal_year": year, "envelope": envelope,
        "opens_at": now + timedelta(days=opens), "closes_at": now + timedelta(days=closes),
        "is_published": published})
    if code == "kokusai_koryu":
        Question.objects.get_or_create(call=call, key="scope", defaults={
            "label": "事業の主な実施場所", "kind": "choice", "required": True, "choices": ["overseas", "domestic"]})
    return call


def _application(spec, calls, staff, reviewer) -> None:
    index, code, title, status, requested, decided, lines = spec
    applicant = Organisation.objects.filter(code=code).first()
    if applicant is None or Application.objects.filter(title=title).exists():
        return
    call = calls[index]
    submitted = status != Status.DRAFT
    when = call.closes_at - timedelta(days=3)
    application = Application.objects.create(
        call=call, applicant=applicant, title=title, status=status, requested_amount=requested,
        decided_amount=decided, created_by=staff, round_number=1 if submitted else 0,
        submitted_at=when if submitted else None, answers={"scope": "overseas"},
        decided_at=when + timedelta(days=30) if status in (Status.AWARDED, Status.REJECTED) else None,
        decided_by=staff if status in (Status.AWARDED, Status.REJECTED) else None)
    for category, description, amount in lines:
        CostLine.objects.create(application=application, category=category, description=description, amount=amount)
    if submitted:
        ApplicationRound.objects.create(
            application=application, number=1, submitted_at=when, submitted_by=staff,
            snapshot={"requested_amount": requested},
            returned_at=when + timedelta(days=5) if status == Status.RETURNED else None,
            comment="経費内訳の会場借料の見積書を添付してください。" if status == Status.RETURNED else "")
    if reviewer and status in (Status.SUBMITTED, Status.AWARDED, Status.REJECTED):
        done = status != Status.SUBMITTED
        assignment = Assignment.objects.create(
            application=application, reviewer=reviewer, assigned_by=staff, declared_at=when if done else None,
            status=AssignmentStatus.SCORED if done else AssignmentStatus.PENDING)
        for criterion in call.scheme.criteria.all() if done else []:
            Score.objects.create(assignment=assignment, criterion=criterion, value=4 if decided else 2)


@transaction.atomic
def seed_grants_demo() -> dict:
    report = load_schemes(read_schemes())
    staff, reviewer = _person("hq-staff"), _person("reviewer")
    if staff is None:
        return report
    now = timezone.now().astimezone(JST).replace(hour=17, minute=0, second=0, microsecond=0)
    now = datetime(now.year, now.month, now.day, 17, tzinfo=JST)
    calls = [_call(spec, now) for spec in CALLS]
    for spec in APPLICATIONS:
        _application(spec, calls, staff, reviewer)
    report["calls"] = [c.title for c in calls]
    return report
