"""Demo of the JET subsidies claimed through the contracting organisation (grants schemes `jet_*`): an open
round of each claim scheme and of the career-fair subsidy for local governments, the demo participant's
(Emily Carter's) JLPT claim in preparation, a TEFL/TESOL claim filed by Sendai for another participant, and a
counselling-cost claim decided and paid (so the plan's `grants.claims.*` KPIs show it).

Like the grants demo, records other than Emily's draft are set down in their states as the system (actions
`grants.<model>.seed`); Emily's draft goes through the service. Idempotent: calls are matched by title, and
nothing is added once a claim exists."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import User
from kizuna.grants.enums import PaymentKind, PaymentStatus, Status
from kizuna.grants.models import Application, ApplicationRound, Call, CostLine, Payment, Question, Scheme
from kizuna.grants.services import add_cost_line, start_claim, update_application
from kizuna.grants.services.claims import claim_title

from .enums import ACTIVE
from .models import Participant

JST = ZoneInfo("Asia/Tokyo")

# (scheme, title, opens (days from today), closes, envelope)
ROUNDS = [
    ("jet_jlpt", "令和8年度 日本語能力試験受験料助成（第2回受付）", -30, 60, 3_000_000),
    ("jet_tefl", "令和8年度 TEFL/TESOL講座受講料助成", -60, 90, 1_500_000),
    ("jet_sea", "令和8年度 SEA研修受講料助成", -60, 90, 500_000),
    ("jet_counselling", "令和8年度 カウンセリング費用助成（通年受付）", -240, 120, 3_000_000),
    ("jet_career_fair", "令和8年度 自治体主催キャリアフェア等開催経費助成", -10, 50, 5_000_000),
]


def _seed(model, **values):
    return create_logged(model, f"grants.{model._meta.model_name}.seed", by=SYSTEM, **values)


def _round(spec, today) -> Call | None:
    code, title, opens, closes, envelope = spec
    scheme = Scheme.objects.filter(code=code).first()
    if scheme is None:
        return None
    call = Call.objects.filter(title=title).first() or _seed(
        Call, scheme=scheme, title=title, fiscal_year=2026, envelope=envelope, is_published=True,
        opens_at=today + timedelta(days=opens), closes_at=today + timedelta(days=closes))
    questions = {"jet_jlpt": ("level", "合格したレベル（N1〜N5）", "choice", ["N1", "N2", "N3", "N4", "N5"]),
                 "jet_tefl": ("hours", "講座の時間数", "number", [])}
    if code in questions and not call.questions.exists():
        key, label, kind, choices = questions[code]
        _seed(Question, call=call, key=key, label=label, kind=kind, required=True, choices=choices)
    return call


def _filed(call, participant, *, cost, requested, answers, staff, decided=None, paid_by=None):
    """A claim of `participant` filed by their organisation's `staff` (and decided, and paid) as the system."""
    when = timezone.now() - timedelta(hours=3)  # filed, decided and paid within the day: in this fiscal year
    claim = _seed(Application, call=call, applicant=participant.host.organisation, beneficiary=participant,
                  title=claim_title(call, participant), answers=answers, requested_amount=requested,
                  status=Status.AWARDED if decided else Status.SUBMITTED, created_by=staff, round_number=1,
                  submitted_at=when, decided_amount=decided, decided_at=when + timedelta(hours=1) if decided else None,
                  decided_by=paid_by if decided else None)
    _seed(CostLine, application=claim, category=call.scheme.eligible_categories[0], description="領収書の通り",
          amount=cost)
    _seed(ApplicationRound, application=claim, number=1, submitted_at=when, submitted_by=staff,
          snapshot={"requested_amount": requested})
    if decided and paid_by:
        _seed(Payment, application=claim, kind=PaymentKind.SETTLEMENT, amount=decided, status=PaymentStatus.APPROVED,
              prepared_by=paid_by, approved_by=User.objects.get(email=f"hq-admin@{DEMO_DOMAIN}"),
              approved_at=when + timedelta(hours=2))
    return claim


@transaction.atomic
def seed_claims_demo() -> dict:
    emily = User.objects.filter(email=f"jet@{DEMO_DOMAIN}").first()
    staff = User.objects.filter(email=f"sendai-staff@{DEMO_DOMAIN}").first()
    hq = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    own = Participant.objects.filter(person=emily, status__in=ACTIVE).select_related("host").first() if emily else None
    if own is None or staff is None or hq is None:
        return {"claims": 0}
    now = timezone.now().astimezone(JST)
    today = datetime(now.year, now.month, now.day, 17, tzinfo=JST)
    calls = {spec[0]: _round(spec, today) for spec in ROUNDS}
    if Application.objects.filter(beneficiary__isnull=False).exists():
        return {"claims": Application.objects.filter(beneficiary__isnull=False).count()}
    others = list(Participant.objects.filter(host=own.host, status__in=ACTIVE).exclude(pk=own.pk)[:2])
    draft = start_claim(by=emily, call=calls["jet_jlpt"])
    add_cost_line(by=emily, application=draft, category="受験料", description="2026年7月 N2 受験料", amount=7_500)
    update_application(by=emily, application=draft, requested_amount=7_500, answers={"level": "N2"})
    if len(others) >= 2:
        _filed(calls["jet_tefl"], others[0], cost=32_000, requested=15_000, answers={"hours": 120}, staff=staff)
        _filed(calls["jet_counselling"], others[1], cost=24_000, requested=12_000, answers={}, staff=staff,
               decided=12_000, paid_by=hq)
    return {"claims": Application.objects.filter(beneficiary__isnull=False).count()}
