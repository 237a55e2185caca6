"""Demo of the mail magazine: CLAIR's bilingual mail magazine with topics, readers who joined over the past months
(some awaiting confirmation, one who left, one whose address bounces), two issues sent through the real sender
(into the memory mail backend: the demo mails nobody) and a draft; the New York office's newsletter in English
and Japanese with one issue sent. Idempotent."""

from datetime import timedelta

from django.core.mail import get_connection
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_many_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import OrgKind
from kizuna.core.models import Organisation, User
from kizuna.core.workflow import transition

from . import sending, services
from .enums import ListKind, Source, SubscriptionStatus
from .models import MailingList, Subscription

MAGAZINE_ISSUES = [
    ("ja", "クレア・メールマガジン 4月号：令和8年度の事業が始まりました",
     "## 今月のお知らせ\n\n令和8年度の事業計画を公開しました。自治体国際化協会の各事業の申請受付が始まっています。\n\n"
     "- 地域国際化推進助成事業：5月29日まで\n- 海外事務所への視察アポ取り依頼：随時\n\n"
     "詳しくは https://www.clair.or.jp/ をご覧ください。"),
    ("en", "CLAIR mail magazine, April: the FY2026 programme begins",
     "## This month\n\nOur business plan for FY2026 is published, and applications for CLAIR's programmes are open.\n\n"
     "- Grants for local internationalisation: until 29 May\n"
     "- Help from the overseas offices with study visits: any time\n\n"
     "More at https://www.clair.or.jp/en/."),
]
SECOND_ISSUE = [
    ("ja", "クレア・メールマガジン 5月号：多文化共生の取組事例",
     "## 多文化共生の取組事例\n\n全国の自治体と地域国際化協会から寄せられた取組を紹介します。\n\n"
     "**防災**の多言語情報の作り方も掲載しています。"),
    ("en", "CLAIR mail magazine, May: multicultural coexistence in practice",
     "## Multicultural coexistence in practice\n\n"
     "Examples from local governments and regional associations across Japan.\n\n"
     "Including how to make **disaster** information in many languages."),
]
NYC_ISSUE = [
    ("en", "JLGC Newsletter: Japanese local governments in the United States",
     "## From the New York office\n\n"
     "This month Japanese local governments visited partners in New York and New Jersey."),
    ("ja", "ニューヨーク事務所ニューズレター：米国での日本の自治体の活動",
     "## ニューヨーク事務所から\n\n今月は日本の自治体がニューヨーク州・ニュージャージー州の姉妹都市を訪問しました。"),
]


def _readers(mailing_list, count: int, prefix: str, languages: list[str]) -> None:
    now = timezone.now()
    rows = []
    for i in range(count):
        joined = now - timedelta(days=300 - i * (280 // max(count, 1)))
        rows.append({"mailing_list": mailing_list, "email": f"{prefix}{i + 1:03}@example.org",
                     "name": f"Reader {i + 1}", "language": languages[i % len(languages)],
                     "status": SubscriptionStatus.ACTIVE, "source": Source.IMPORT, "consent_at": joined,
                     "confirmed_at": joined})
    create_many_logged(Subscription, "newsletter.subscription.import", by=SYSTEM, rows=rows,
                       data={"file": "demo"})


def _issue(by, mailing_list, parts, *, send: bool):
    campaign = services.create_campaign(by=by, mailing_list=mailing_list)
    for language, subject, body in parts:
        services.save_part(by=by, campaign=campaign, language=language, subject=subject, body=body)
    if send:
        campaign = transition(campaign, "schedule", by=by, scheduled_at=timezone.now())
        sending.start(campaign)
        sending.send(campaign.pk, rate=0, connection=get_connection("django.core.mail.backends.locmem.EmailBackend"))
    return campaign


def seed_newsletter_demo() -> dict:
    hq = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    office = User.objects.filter(email=f"office-nyc@{DEMO_DOMAIN}").first()
    hq_org = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).first()
    nyc = Organisation.objects.filter(slug="nyc").first()
    if None in (hq, office, hq_org, nyc):
        return {"lists": 0}
    if MailingList.objects.exists():
        return {"lists": MailingList.objects.count()}
    magazine = services.create_list(
        by=hq, kind=ListKind.MAGAZINE, slug="clair-magazine", name="クレア・メールマガジン",
        name_en="CLAIR mail magazine", description="地域の国際化に関する最新情報を毎月2回お届けします。",
        description_en="News on local internationalisation, twice a month.", owner=hq_org,
        languages=["ja", "en"], from_name="CLAIR", reply_to=f"magazine@{DEMO_DOMAIN}")
    for slug, name, name_en in (("tourism", "観光・地域PR", "Tourism and regional promotion"),
                                ("multicultural", "多文化共生", "Multicultural coexistence"),
                                ("jet", "JETプログラム", "The JET Programme")):
        services.add_topic(by=hq, mailing_list=magazine, slug=slug, name=name, name_en=name_en)
    _readers(magazine, 36, "reader", ["ja", "ja", "en"])
    newsletter = services.create_list(
        by=hq, kind=ListKind.OFFICE, slug="jlgc-newsletter", name="ニューヨーク事務所ニューズレター",
        name_en="JLGC Newsletter (New York)", description="米国の自治体関係者向けのニューズレターです。",
        description_en="For partners of Japanese local governments in the United States.", owner=nyc,
        languages=["en", "ja"], from_name="JLGC New York")
    _readers(newsletter, 14, "partner", ["en", "en", "ja"])
    _issue(hq, magazine, MAGAZINE_ISSUES, send=True)
    # after the first issue: one reader left from it, one address bounces, two wait for their confirmation
    first = magazine.campaigns.get(number=1)
    services.unsubscribe(Subscription.objects.get(mailing_list=magazine, email="reader003@example.org"),
                         campaign=first)
    transition(Subscription.objects.get(mailing_list=magazine, email="reader005@example.org"), "bounce", by=SYSTEM,
               note="demo: 550 5.1.1 no such user")
    for email in ("newcomer1@example.org", "newcomer2@example.org"):
        services.subscribe(by=SYSTEM, mailing_list=magazine, email=email, language="en")
    _issue(hq, magazine, SECOND_ISSUE, send=True)
    _issue(hq, magazine, [("ja", "クレア・メールマガジン 6月号（作成中）", "## 作成中\n\n記事を準備しています。")],
           send=False)
    _issue(office, newsletter, NYC_ISSUE, send=True)
    return {"lists": 2, "subscriptions": Subscription.objects.count()}
