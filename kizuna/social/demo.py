"""Demo of the social-media calendar: headquarters' Facebook, Instagram, X and iJAMP accounts, Beijing's WeChat
official account, Seoul's own SNS programme, Sydney's Facebook page and New York's Instagram; a month of posts
around today in every state (the posted ones with their reach), three months of followers, and two promotion
requests (Sendai's to Beijing, waiting; Chiyoda's to New York, accepted with its draft post). Written through the
audit helpers as the system; idempotent (nothing is added once an account exists)."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User

from .enums import Platform, PostStatus, PromotionStatus
from .models import Account, AccountFigure, Post, PromotionRequest

ACCOUNTS = [
    # holder, platform, name, handle, url, language, followers three months ago
    ("hq", Platform.FACEBOOK, "自治体国際化協会 CLAIR", "clair.japan", "https://www.facebook.com/", "ja", 8200),
    ("hq", Platform.INSTAGRAM, "CLAIR Japan", "@clair_japan", "https://www.instagram.com/", "en", 5100),
    ("hq", Platform.X, "自治体国際化協会", "@clair_japan", "https://x.com/", "ja", 6400),
    ("hq", Platform.IJAMP, "iJAMP 自治体情報", "", "https://www.ijamp.jp/", "ja", 0),
    ("bej", Platform.WECHAT, "日本自治体国际化协会北京事务所", "clairbeijing", "https://weixin.qq.com/", "zh-hans",
     7400),
    ("sel", Platform.OTHER, "트랜드랑 (トランドラン)", "", "https://www.clair.or.kr/", "ko", 12000),
    ("syd", Platform.FACEBOOK, "CLAIR Sydney", "clairsydney", "https://www.facebook.com/", "en", 3300),
    ("nyc", Platform.INSTAGRAM, "CLAIR New York", "@clairny", "https://www.instagram.com/", "en", 4100),
]
TEXTS = {
    "ja": ["{lg}の秋祭りを紹介します。", "{lg}の特産品フェアが開かれます。", "{lg}の多文化共生の取組をご紹介。"],
    "en": ["Discover the autumn festival of {lg}.", "Local products of {lg} at this week's fair.",
           "How {lg} welcomes residents from abroad."],
    "zh-hans": ["欢迎了解{lg}的秋季祭典。", "{lg}特产展销会即将举办。", "{lg}的多元文化共生举措。"],
    "ko": ["{lg}의 가을 축제를 소개합니다.", "{lg} 특산품 페어가 열립니다.", "{lg}의 다문화 공생 정책을 소개합니다."],
}
# Days from today and the state each post is in.
PLAN = [(-20, PostStatus.POSTED), (-9, PostStatus.POSTED), (-3, PostStatus.POSTED), (2, PostStatus.APPROVED),
        (5, PostStatus.IN_REVIEW), (9, PostStatus.DRAFT), (12, PostStatus.CANCELLED)]


def _at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def seed_social_demo() -> dict:
    staff = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    approver = User.objects.filter(email=f"hq-admin@{DEMO_DOMAIN}").first()
    holders = {o.slug: o for o in Organisation.objects.filter(slug__in={a[0] for a in ACCOUNTS})}
    if staff is None or approver is None or not holders:
        return {"accounts": 0}
    if Account.objects.exists():
        return {"accounts": Account.objects.count()}
    today = timezone.localdate()
    featured = list(Organisation.objects.filter(code__in=["041009", "131016", "011002", "130001"]).order_by("code"))
    accounts, posts = [], 0
    for slug, platform, name, handle, url, language, followers in ACCOUNTS:
        if slug not in holders:  # an office missing from the reference data loaded
            continue
        account = create_logged(Account, "social.account.seed", by=SYSTEM, holder=holders[slug], platform=platform,
                                name=name, handle=handle, url=url, language=language)
        accounts.append(account)
        month = today.replace(day=1)
        for back in (2, 1, 0):
            first = (month - timedelta(days=31 * back)).replace(day=1)
            if followers:
                create_logged(AccountFigure, "social.accountfigure.seed", by=SYSTEM, account=account, month=first,
                              followers=followers + (2 - back) * followers // 40, recorded_by=staff)
        for n, (days, status) in enumerate(PLAN):
            lg = featured[n % len(featured)] if featured else None
            lg_name = "Japan" if lg is None else lg.name if language == "ja" else (lg.name_en or lg.name)
            text = TEXTS.get(language, TEXTS["en"])[n % 3].format(lg=lg_name)
            planned = _at(today + timedelta(days=days + len(accounts) % 3), 9 + len(accounts))
            values = {"account": account, "planned_at": planned, "text": text, "link": "https://www.clair.or.jp/",
                      "featured": lg, "status": status, "created_by": staff}
            if status in (PostStatus.IN_REVIEW, PostStatus.APPROVED, PostStatus.POSTED):
                values["submitted_by"] = staff
            if status in (PostStatus.APPROVED, PostStatus.POSTED):
                values.update(approved_by=approver, approved_at=planned - timedelta(days=1))
            if status == PostStatus.POSTED:
                reach = 400 + 137 * (n + 1) * len(accounts)
                values.update(posted_url=f"{url.rstrip('/')}/posts/demo{len(accounts)}{n}", posted_at=planned,
                              reach=reach, impressions=reach * 3 // 2, engagements=reach // 25,
                              figures_updated_at=planned + timedelta(days=2))
            create_logged(Post, "social.post.seed", by=SYSTEM, **values)
            posts += 1
    _promotions(holders, accounts, staff, today)
    return {"accounts": len(accounts), "posts": posts}


def _promotions(holders, accounts, staff, today):
    sendai = Organisation.objects.filter(code="041009").first()
    chiyoda = Organisation.objects.filter(code="131016").first()
    sendai_staff = User.objects.filter(email=f"sendai-staff@{DEMO_DOMAIN}").first() or staff
    chiyoda_staff = User.objects.filter(email=f"chiyoda-staff@{DEMO_DOMAIN}").first() or staff
    if sendai is not None and "bej" in holders:
        create_logged(PromotionRequest, "social.promotionrequest.seed", by=SYSTEM, requester=sendai,
                      office=holders["bej"], title="仙台・青葉まつり 中国からの観光客向けPR",
                      link="https://www.city.sendai.jp/", message="中国の皆さんに向けて、WeChatで紹介をお願いします。",
                      wanted_from=today + timedelta(days=14), wanted_until=today + timedelta(days=30),
                      created_by=sendai_staff)
    if chiyoda is not None and "nyc" in holders:
        nyc_account = next(a for a in accounts if a.holder.slug == "nyc")
        request = create_logged(
            PromotionRequest, "social.promotionrequest.seed", by=SYSTEM, requester=chiyoda, office=holders["nyc"],
            title="千代田区 国際交流フェスタ", link="https://www.city.chiyoda.lg.jp/",
            message="ニューヨークの日本ファンに紹介してください。", wanted_from=today + timedelta(days=7),
            status=PromotionStatus.ACCEPTED, account=nyc_account, decided_by=staff, decided_at=timezone.now(),
            created_by=chiyoda_staff)
        create_logged(Post, "social.post.seed", by=SYSTEM, account=nyc_account, planned_at=_at(today + timedelta(7)),
                      text="Chiyoda's international festival: join us!\n\nhttps://www.city.chiyoda.lg.jp/",
                      link=request.link, featured=chiyoda, promotion=request, created_by=staff)
