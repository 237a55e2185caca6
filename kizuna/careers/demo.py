"""Demo of career support: Sendai's international division and a (fictional) travel company each offer an
internship, open for applications, and the demo participant (Emily Carter) has applied to Sendai's; the online
career fair (an event of the `jet_career_fair` series) has a joint booth where Sendai applied for a slot;
the leavers' briefing (series `jet_leavers`) is open for registration and Emily registered. Written through the
services (the company through the audit helpers); idempotent (nothing is added once an offer exists)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import OrgKind
from kizuna.core.models import Organisation, User
from kizuna.events.enums import Audience, EventKind, Format
from kizuna.events.services import register
from kizuna.events.services.booths import apply_for_booth, save_booth
from kizuna.events.services.events import create_event
from kizuna.jet.queries import active_record

from . import services
from .enums import OfferStatus
from .models import Offer

COMPANY = "株式会社みちのくトラベル（デモ）"


@transaction.atomic
def seed_careers_demo() -> dict:
    staff = User.objects.filter(email=f"sendai-staff@{DEMO_DOMAIN}").first()
    emily = User.objects.filter(email=f"jet@{DEMO_DOMAIN}").first()
    sendai = Organisation.objects.filter(code="041009").first()
    if staff is None or sendai is None:
        return {"offers": 0}
    if Offer.objects.exists():
        return {"offers": Offer.objects.count()}
    today = timezone.localdate()
    company = Organisation.objects.filter(kind=OrgKind.COMPANY, name=COMPANY).first() or create_logged(
        Organisation, "core.organisation.seed", by=SYSTEM, kind=OrgKind.COMPANY, name=COMPANY,
        name_en="Michinoku Travel Co., Ltd. (demo)", city="仙台市")
    city = services.save_offer(
        by=staff, organisation=sendai, title="仙台市国際交流課 多言語情報発信インターンシップ",
        description="Translate the city's disaster and daily-life information into English, check it with "
                    "residents, and help run a multilingual consultation day.",
        place="仙台市", starts_on=today + timedelta(days=60), ends_on=today + timedelta(days=64), places=2,
        languages="日本語・English", apply_by=timezone.now() + timedelta(days=30))
    city = services.publish_offer(by=staff, offer=city)
    create_logged(Offer, "careers.offer.seed", by=SYSTEM, organisation=company, created_by=staff,
                  title="Inbound tourism marketing internship", status=OfferStatus.OPEN,
                  description="Plan a social-media campaign for visitors from abroad and test a walking tour.",
                  place="Sendai / online", starts_on=today + timedelta(days=90), ends_on=today + timedelta(days=99),
                  places=3, languages="English, 日本語", apply_by=timezone.now() + timedelta(days=45))
    _fair_and_briefing(emily, staff, sendai)
    applied = 0
    if emily is not None and active_record(emily) is not None:
        services.apply(by=emily, offer=city, motivation="I translate the city's newsletters as a CIR and would "
                       "like to learn how disaster information reaches residents who read no Japanese.")
        applied = 1
    return {"offers": Offer.objects.count(), "applications": applied}


def _fair_and_briefing(emily, staff, sendai) -> None:
    """The online career fair with a booth where Sendai applied for a slot, and the leavers' briefing."""
    hq = Organisation.objects.filter(slug="hq").first()
    by = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    if hq is None or by is None:
        return
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    fair = create_event(by=by, organiser=hq, title="JETプログラム オンライン・キャリアフェア",
                        title_en="JET Programme online career fair", kind=EventKind.CAREER_FAIR,
                        format=Format.ONLINE, audience=Audience.JET, kpi_series="jet_career_fair", is_published=True,
                        starts_at=start + timedelta(days=50), ends_at=start + timedelta(days=50, hours=4))
    booth = save_booth(by=by, event=fair, name="企業・自治体ブース", slots=20,
                       applications_close=start + timedelta(days=30))
    apply_for_booth(by=staff, booth=booth, organisation=sendai,
                    exhibits="仙台市の国際交流の仕事とインターンシップの紹介")
    briefing = create_event(by=by, organiser=hq, title="JETプログラム終了予定者説明会（オンライン）",
                            title_en="Briefing for participants leaving the JET Programme (online)",
                            kind=EventKind.SEMINAR, format=Format.ONLINE, audience=Audience.JET,
                            kpi_series="jet_leavers", is_published=True, starts_at=start + timedelta(days=70),
                            ends_at=start + timedelta(days=70, hours=2))
    if emily is not None:
        register(by=emily, event=briefing)
