"""Demo data for grants: the four schemes, a call in each state and applications in different states.

`seed_grants_demo()` is idempotent (calls and applications are matched by title) and expects the core demo
(`seed_demo`) to have created its organisations and people; without them it only loads the schemes.

The demo's records are set down in their states as they would be after months of work, not walked through
the steps (a closed call cannot take a submission today): every record is written through the audit helpers
as the system, with the action `grants.<model>.seed`, so that its history says where it came from.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged, save_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import WORKING_ROLES
from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.models import Organisation, User
from kizuna.core.rules import is_clair_staff

from .enums import AssignmentStatus, IncomeSource, InterimStatus, PaymentKind, PaymentStatus, ReviewerKind, Status
from .loading import load_schemes, read_schemes
from .models import (
    Application,
    ApplicationMessage,
    ApplicationRound,
    Assignment,
    Call,
    CostLine,
    IncomeLine,
    InterimReport,
    Payment,
    PaymentRequest,
    Question,
    RefundOrder,
    Scheme,
    Score,
)
from .services.after import final_amount
from .services.letters import take_letter_numbers
from .services.reviewing import refresh_weighted_scores

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
    (2, "131016", "タイ・チェンマイ県 観光人材育成研修", Status.REPORTED, 2_000_000, 2_000_000,
     [("研修費", "研修受入", 1_400_000), ("旅費", "講師派遣", 600_000)]),
    (2, "040002", "ラオス・ビエンチャン都 防災研修受入", Status.FIXED, 2_400_000, 2_200_000,
     [("研修費", "研修受入", 1_600_000), ("旅費", "専門家派遣", 800_000)]),
    (2, "041009", "カンボジア・シェムリアップ州 母子保健研修", Status.FIXED, 1_500_000, 1_500_000,
     [("研修費", "研修受入", 1_000_000), ("旅費", "専門家派遣", 500_000)]),
]
# Settling (精算): this fixed project was paid its whole decided amount in advance and spent less, so a refund
# of the difference was ordered (and is overdue); the awarded project asks for its second advance.
PAID_IN_ADVANCE = "カンボジア・シェムリアップ州 母子保健研修"
REQUESTS_ADVANCE = "ベトナム・クアンナム省 上水道技術研修"

# The income side of the budgets besides the grant (収支予算書): the lines named here, and the rest of the cost the
# applicant's own funds (一般財源), so that every demo budget balances as the schemes ask.
INCOME = {
    "千代田区国際交流フェスティバル": [(IncomeSource.FEES, "出店料", 300_000),
                                       (IncomeSource.DONATIONS, "地元企業の協賛金", 200_000)],
    "仙台・ダラス青少年交流事業": [(IncomeSource.FEES, "参加者負担金（20名）", 600_000)],
}

# A short thread with CLAIR on the returned application: the applicant's question, headquarters' answer and
# headquarters' internal note (which the applicant never sees). (author, words, internal)
THREAD = ("千代田区国際交流フェスティバル", [
    ("chiyoda-staff", "会場の正式な見積書は来週届く予定です。それまで仮の見積書を添付して再提出してもよろしいで"
                      "しょうか。", False),
    ("hq-staff", "仮の見積書で結構です。正式な見積書が届きましたら、差し替えをお願いします。", False),
    ("hq-staff", "昨年度も同じ会場。見積額は前年並み（約80万円）で妥当と思われる。", True),
])

DECIDED = (Status.AWARDED, Status.REJECTED, Status.REPORTED, Status.FIXED)
# After the decision: the report's actual costs are 90 % of the plan; payments keep the two-person rule (the
# advance of the awarded project approved, the settlement of the fixed one waiting for its approver).
ACTUAL_SHARE = 90


def _person(local: str):
    return User.objects.filter(email__iexact=f"{local}@{DEMO_DOMAIN}").first()


def _seed(model, **values):
    return create_logged(model, f"grants.{model._meta.model_name}.seed", by=SYSTEM, **values)


def _call(spec, now) -> Call:
    code, title, year, opens, closes, envelope, published = spec
    call = Call.objects.filter(title=title).first() or _seed(
        Call, title=title, scheme=Scheme.objects.get(code=code), fiscal_year=year, envelope=envelope,
        opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes), is_published=published,
        # the multicultural grant asks its FY2027 projects for an interim report in the autumn
        interim_due_dates=["2027-10-29"] if code == "tabunka" else [])
    if code == "kokusai_koryu" and not Question.objects.filter(call=call, key="scope").exists():
        _seed(Question, call=call, key="scope", label="事業の主な実施場所", kind="choice", required=True,
              choices=["overseas", "domestic"])
    return call


def _application(spec, calls, staff, reviewer, approver) -> None:
    index, code, title, status, requested, decided, lines = spec
    applicant = Organisation.objects.filter(code=code).first()
    if applicant is None or Application.objects.filter(title=title).exists():
        return
    call = calls[index]
    submitted = status != Status.DRAFT
    when = call.closes_at - timedelta(days=3)
    application = _seed(
        Application, call=call, applicant=applicant, title=title, status=status, requested_amount=requested,
        decided_amount=decided, created_by=staff, round_number=1 if submitted else 0,
        submitted_at=when if submitted else None, answers={"scope": "overseas"},
        decided_at=when + timedelta(days=30) if status in DECIDED else None,
        decided_by=staff if status in DECIDED else None)
    reported = status in (Status.REPORTED, Status.FIXED)
    for category, description, amount in lines:
        _seed(CostLine, application=application, category=category, description=description, amount=amount,
              actual_amount=amount * ACTUAL_SHARE // 100 if reported else None)
    _income(application, title, sum(amount for _c, _d, amount in lines) - requested)
    if submitted:
        _seed(
            ApplicationRound, application=application, number=1, submitted_at=when, submitted_by=staff,
            snapshot={"requested_amount": requested},
            returned_at=when + timedelta(days=5) if status == Status.RETURNED else None,
            comment="経費内訳の会場借料の見積書を添付してください。" if status == Status.RETURNED else "")
    if reviewer and status in (Status.SUBMITTED, *DECIDED):
        done = status != Status.SUBMITTED
        assignment = _seed(
            Assignment, application=application, reviewer=reviewer, assigned_by=staff,
            declared_at=when if done else None,
            kind=ReviewerKind.INTERNAL if is_clair_staff(reviewer) else ReviewerKind.EXTERNAL,
            status=AssignmentStatus.SCORED if done else AssignmentStatus.PENDING)
        for criterion in call.scheme.criteria.all() if done else []:
            _seed(Score, assignment=assignment, criterion=criterion, value=4 if decided else 2)
    _after_decision(application, status, staff, approver)


def _thread() -> None:
    """The demo thread, once (on a second run the application already has it)."""
    title, messages = THREAD
    application = Application.objects.filter(title=title).first()
    if application is None or application.messages.exists():
        return
    for local, body, internal in messages:
        author = _person(local)
        if author is not None:
            _seed(ApplicationMessage, application=application, author=author, body=body, internal=internal)


def _interim(application, status, staff) -> None:
    """The awarded project's two interim reports (中間報告): the first sent and accepted, the second overdue; the
    reported and fixed projects sent both."""
    if status not in (Status.AWARDED, Status.REPORTED, Status.FIXED):
        return
    start = timezone.localdate() - timedelta(days=100)
    for number, days in ((1, 0), (2, 90)):
        due_on = start + timedelta(days=days)
        sent = status != Status.AWARDED or number == 1
        moment = datetime(due_on.year, due_on.month, due_on.day, 15, tzinfo=JST) - timedelta(days=2)
        _seed(InterimReport, application=application, number=number, due_on=due_on,
              status=InterimStatus.ACCEPTED if sent else InterimStatus.DUE,
              progress="研修員の選考を終え、受入れ準備を進めている。" if sent else "",
              spent_to_date=application.decided_amount // 3 if sent else None,
              submitted_at=moment if sent else None, submitted_by=staff if sent else None,
              answered_at=moment + timedelta(days=5) if sent else None, answered_by=staff if sent else None)


def _income(application, title, rest: int) -> None:
    """The budget's income besides the grant: the lines of `INCOME`, then own funds for what is left."""
    for source, description, amount in INCOME.get(title, ()):
        _seed(IncomeLine, application=application, source=source, description=description, amount=amount)
        rest -= amount
    if rest > 0:
        _seed(IncomeLine, application=application, source=IncomeSource.OWN_FUNDS, description="一般財源",
              amount=rest)


def _after_decision(application, status, staff, approver) -> None:
    """The performance report, the final amount and payments of the demo's decided projects."""
    _interim(application, status, staff)
    if status in (Status.REPORTED, Status.FIXED):
        application.outcomes = "研修員12名を受け入れ、帰国後の行動計画を全員が作成した。"
        application.reported_at = application.decided_at + timedelta(days=60)
        if status == Status.FIXED:
            application.final_amount = final_amount(application)
            application.fixed_at = application.reported_at + timedelta(days=30)
        save_logged(application, "grants.application.seed_report", by=SYSTEM,
                    fields=["outcomes", "reported_at", "final_amount", "fixed_at"])
    if approver is None:
        return
    if application.title in (PAID_IN_ADVANCE, REQUESTS_ADVANCE):
        _settlement(application, staff, approver)
    elif status == Status.AWARDED:
        _seed(Payment, application=application, kind=PaymentKind.ADVANCE, amount=application.decided_amount // 2,
              status=PaymentStatus.APPROVED, prepared_by=staff, approved_by=approver,
              approved_at=application.decided_at + timedelta(days=14))
    elif status == Status.FIXED:
        _seed(Payment, application=application, kind=PaymentKind.SETTLEMENT, amount=application.final_amount,
              status=PaymentStatus.PREPARED, prepared_by=staff)


def _settlement(application, staff, approver) -> None:
    """The advance paid in full and its refund order, overdue; or the advance paid in half and a request for
    the rest, waiting for headquarters."""
    grantee = (application.applicant.memberships.active().filter(role__in=WORKING_ROLES)
               .select_related("person").order_by("pk").first())
    if application.title == REQUESTS_ADVANCE:
        half = application.decided_amount // 2
        _seed(Payment, application=application, kind=PaymentKind.ADVANCE, amount=half,
              status=PaymentStatus.APPROVED, prepared_by=staff, approved_by=approver,
              approved_at=application.decided_at + timedelta(days=14))
        _seed(PaymentRequest, application=application, kind=PaymentKind.ADVANCE,
              amount=application.decided_amount - half, note="第2回概算払（研修受入の後半分）",
              submitted_by=grantee.person if grantee else staff)
        return
    _seed(Payment, application=application, kind=PaymentKind.ADVANCE, amount=application.decided_amount,
          status=PaymentStatus.APPROVED, prepared_by=staff, approved_by=approver,
          approved_at=application.decided_at + timedelta(days=10))
    issued = timezone.now() - timedelta(days=40)
    (number,) = take_letter_numbers(fiscal_year_of(timezone.localdate(issued)), 1, by=SYSTEM)
    _seed(RefundOrder, application=application, amount=application.decided_amount - application.final_amount,
          due_on=timezone.localdate(issued) + timedelta(days=30), issued_at=issued, issued_by=staff, **number)


@transaction.atomic
def seed_grants_demo() -> dict:
    report = {"schemes": load_schemes(read_schemes()).lines()}
    staff, reviewer, approver = _person("hq-staff"), _person("reviewer"), _person("hq-admin")
    if staff is None:
        return report
    now = timezone.now().astimezone(JST).replace(hour=17, minute=0, second=0, microsecond=0)
    now = datetime(now.year, now.month, now.day, 17, tzinfo=JST)
    calls = [_call(spec, now) for spec in CALLS]
    for spec in APPLICATIONS:
        _application(spec, calls, staff, reviewer, approver)
    for scheme in {call.scheme for call in calls}:
        refresh_weighted_scores(scheme, by=SYSTEM)
    _thread()
    report["calls"] = [c.title for c in calls]
    return report
