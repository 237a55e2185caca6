"""Demo data: believable people for every role, and a few records to look at.

`kizuna seed_demo` calls `seed_demo()`; `kizuna demo_logins` prints `login_table()`, which the README repeats.
Everything is idempotent: what exists is left as it is (a changed password stays changed), what is missing
is added. The demo accounts share one password and the CLAIR staff one TOTP secret, both published: never
load the demo into a production database (the command refuses unless DEBUG or KIZUNA_DEV is on).
"""

import unicodedata
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.context import set_actor
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import SYSTEM, create_logged, save_logged, update_logged
from .enums import OrgKind, Role
from .mfa import activate_totp
from .models import Invitation, Membership, Organisation, User
from .services import invite_member, remove_member

DEMO_DOMAIN = "demo.kizuna.jp"
DEMO_PASSWORD = "kizuna-demo-2026"
# Base32, 20 bytes. Add it to any authenticator app, or run `kizuna totp_code EMAIL`.
DEMO_TOTP_SECRET = "KIZUNADEMOSECRETKIZUNADEMOSECRET"


@dataclass(frozen=True)
class DemoOrg:
    """An organisation the demo needs: found by local-government code or slug, or created by the demo."""

    key: str
    label: str  # short name for the table of logins
    code: str = ""
    slug: str = ""
    kind: str = ""
    name: str = ""
    name_kana: str = ""
    name_en: str = ""
    prefecture_code: str = ""
    website: str = ""

    @property
    def is_reference(self) -> bool:
        return bool(self.code or self.slug)


ORGS = [
    DemoOrg("hq", "クレア本部", slug="hq"),
    DemoOrg("tokyo_branch", "クレア東京都支部", slug="branch-130001"),
    DemoOrg("nyc", "クレア ニューヨーク事務所", slug="nyc"),
    DemoOrg("tokyo", "東京都", code="130001"),
    DemoOrg("miyagi", "宮城県", code="040002"),
    DemoOrg("chiyoda", "千代田区", code="131016"),
    DemoOrg("sendai", "仙台市", code="041009"),
    DemoOrg("mia", "宮城県国際化協会", kind=OrgKind.ASSOCIATION, name="公益財団法人宮城県国際化協会",
            name_kana="こうえきざいだんほうじんみやぎけんこくさいかきょうかい",
            name_en="Miyagi International Association", prefecture_code="040002",
            website="https://mia-miyagi.jp/"),
    DemoOrg("ticc", "東京都国際交流委員会", kind=OrgKind.ASSOCIATION, name="公益財団法人東京都国際交流委員会",
            name_kana="こうえきざいだんほうじんとうきょうとこくさいこうりゅういいんかい",
            name_en="Tokyo International Communication Committee", prefecture_code="130001",
            website="https://www.tokyo-icc.jp/"),
    DemoOrg("experts", "アドバイザー・専門家人材バンク", kind=OrgKind.EXPERT_POOL,
            name="地域国際化推進アドバイザー・専門家人材バンク",
            name_kana="ちいきこくさいかすいしんあどばいざー・せんもんかじんざいばんく",
            name_en="CLAIR pool of advisers and experts"),
    DemoOrg("jetaa_ny", "JETAA ニューヨーク支部", kind=OrgKind.JETAA_CHAPTER, name="JETAA ニューヨーク支部",
            name_kana="じぇったにゅーよーくしぶ",
            name_en="JETAA New York", website="https://jetaany.org/"),
]


@dataclass(frozen=True)
class DemoPerson:
    label: object  # a lazy translation: what this login shows you
    email: str
    name: str
    kana: str
    org: str | None
    role: str | None
    title: str = ""
    division: str = ""
    totp: bool = False
    superuser: bool = False
    removed: bool = False
    language: str = "ja"

    @property
    def address(self) -> str:
        return f"{self.email}@{DEMO_DOMAIN}"


PEOPLE = [
    DemoPerson(gettext_lazy("CLAIR HQ administrator"), "hq-admin",
               "山田 花子", "やまだ はなこ", "hq", Role.ADMIN,
               title="総務課長", division="総務部総務課", totp=True),
    DemoPerson(gettext_lazy("CLAIR HQ staff"), "hq-staff",
               "佐藤 健一", "さとう けんいち", "hq", Role.STAFF,
               title="主査", division="企画調査部企画調査課", totp=True),
    DemoPerson(gettext_lazy("CLAIR branch staff (Tokyo)"), "branch-tokyo",
               "鈴木 美咲", "すずき みさき", "tokyo_branch", Role.STAFF,
               title="主事", division="生活文化局国際課", totp=True),
    DemoPerson(gettext_lazy("CLAIR overseas office staff (New York)"), "office-nyc",
               "高橋 大輔", "たかはし だいすけ", "nyc", Role.STAFF,
               title="所長補佐", totp=True),
    DemoPerson(gettext_lazy("Municipality administrator (Chiyoda)"), "chiyoda-admin",
               "伊藤 誠", "いとう まこと", "chiyoda", Role.ADMIN,
               title="国際平和・交流担当課長", division="地域振興部"),
    DemoPerson(gettext_lazy("Municipality staff (Chiyoda)"), "chiyoda-staff",
               "田中 陽菜", "たなか ひな", "chiyoda", Role.STAFF,
               title="主事", division="地域振興部国際平和・交流担当"),
    DemoPerson(gettext_lazy("Municipality administrator (Sendai)"), "sendai-admin",
               "小林 翔太", "こばやし しょうた", "sendai", Role.ADMIN,
               title="国際交流課長", division="文化観光局"),
    DemoPerson(gettext_lazy("Municipality staff (Sendai)"), "sendai-staff",
               "渡辺 さくら", "わたなべ さくら", "sendai", Role.STAFF,
               title="主任", division="文化観光局国際交流課"),
    DemoPerson(gettext_lazy("Prefecture staff (Miyagi)"), "miyagi-staff",
               "加藤 由美", "かとう ゆみ", "miyagi", Role.STAFF,
               title="主幹", division="経済商工観光部国際政策課"),
    DemoPerson(gettext_lazy("Association staff (Miyagi)"), "association-miyagi",
               "吉田 綾", "よしだ あや", "mia", Role.STAFF,
               title="多文化共生推進員"),
    DemoPerson(gettext_lazy("Association administrator (Tokyo)"), "association-tokyo",
               "山口 剛", "やまぐち つよし", "ticc", Role.ADMIN,
               title="事務局次長"),
    DemoPerson(gettext_lazy("External reviewer"), "reviewer",
               "松本 直樹", "まつもと なおき", "hq", Role.REVIEWER,
               title="外部審査委員（大学教授）"),
    DemoPerson(gettext_lazy("Expert / adviser"), "adviser",
               "井上 恵子", "いのうえ けいこ", "experts", Role.EXPERT,
               title="地域国際化推進アドバイザー"),
    DemoPerson(gettext_lazy("JET participant (CIR, Sendai)"), "jet",
               "Emily Carter", "エミリー・カーター", "sendai", Role.JET,
               title="国際交流員（CIR）", language="en"),
    DemoPerson(gettext_lazy("Prefectural Advisor (Miyagi)"), "pa",
               "Olivia Martin", "オリヴィア・マーティン", "miyagi", Role.PA,
               title="プリフェクチュラル・アドバイザー", language="en"),
    DemoPerson(gettext_lazy("JET counsellor"), "counsellor",
               "木村 真理子", "きむら まりこ", "hq", Role.COUNSELLOR,
               title="JETメンタルヘルス相談員", totp=True),
    DemoPerson(gettext_lazy("Counselling supervisor"), "counselling-supervisor",
               "佐々木 恵", "ささき めぐみ", "hq", Role.COUNSELLING_SUPERVISOR,
               title="JETメンタルヘルス相談 スーパーバイザー", totp=True),
    DemoPerson(gettext_lazy("JET alumnus"), "alumnus",
               "Daniel Brooks", "ダニエル・ブルックス", "jetaa_ny", Role.ALUMNUS,
               language="en"),
    DemoPerson(gettext_lazy("JETAA chapter officer (New York)"), "jetaa-officer",
               "Sarah Kim", "サラ・キム", "jetaa_ny", Role.CHAPTER_OFFICER,
               title="Chapter President", language="en"),
    DemoPerson(gettext_lazy("Former member (removed from Chiyoda)"), "former-member",
               "林 拓也", "はやし たくや", "chiyoda", Role.STAFF,
               title="主事", removed=True),
    DemoPerson(gettext_lazy("Superuser (Django admin)"), "superuser",
               "中村 隆", "なかむら たかし", None, None,
               title="システム管理者", totp=True, superuser=True),
]

# (organisation key, inviting person, invited address, role): pending invitations to look at.
INVITATIONS = [
    ("chiyoda", "chiyoda-admin", "new-colleague", Role.STAFF),
    ("ticc", "association-tokyo", "volunteer-coordinator", Role.STAFF),
    ("hq", "hq-admin", "award-judge", Role.REVIEWER),
]


@dataclass
class SeedReport:
    changes: dict = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.changes[what] = self.changes.get(what, 0) + n

    def lines(self) -> list[str]:
        return [f"{what}: {n}" for what, n in sorted(self.changes.items())]


class MissingReferenceData(Exception):
    pass


def _reference_orgs() -> dict[str, Organisation]:
    found, missing = {}, []
    for org in ORGS:
        if not org.is_reference:
            continue
        lookup = {"code": org.code} if org.code else {"slug": org.slug}
        obj = Organisation.objects.filter(**lookup).first()
        if obj is None:
            missing.append(org.code or org.slug)
        found[org.key] = obj
    if missing:
        raise MissingReferenceData(
            _("The reference data is not loaded (missing: %(missing)s). "
              "Run `kizuna load_reference_data` first.") % {"missing": ", ".join(missing)}
        )
    return found


def _demo_org(spec: DemoOrg, orgs: dict, report: SeedReport) -> Organisation:
    existing = Organisation.objects.filter(kind=spec.kind, name=spec.name).first()
    if existing is not None:
        return existing
    prefecture = None
    if spec.prefecture_code:
        prefecture = Organisation.objects.get(code=spec.prefecture_code)
    org = Organisation(kind=spec.kind, name=spec.name, name_kana=spec.name_kana, name_en=spec.name_en,
                       prefecture=prefecture, parent=prefecture, website=spec.website)
    org.refresh_search_text()
    org.full_clean()
    save_logged(org, "core.organisation.create", by=SYSTEM, data={"demo": True})
    report.add(_("organisations created"))
    return org


def _person(spec: DemoPerson, orgs: dict, password_hash: str, report: SeedReport) -> User:
    user = User.objects.filter(email__iexact=spec.address).first()
    if user is None:
        user = User(email=spec.address, full_name=spec.name, full_name_kana=spec.kana,
                    preferred_language=spec.language, is_staff=spec.superuser, is_superuser=spec.superuser,
                    password=password_hash)
        save_logged(user, "core.user.create", by=SYSTEM, data={"demo": True})
        report.add(_("people created"))
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        report.add(_("verified email addresses created"))
    if spec.totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        activate_totp(user, DEMO_TOTP_SECRET)
        report.add(_("TOTP authenticators created"))
    # Any membership, ended ones included: the removed member stays removed on the next run.
    has_membership = Membership.objects.filter(person=user, organisation=orgs.get(spec.org), role=spec.role)
    if spec.org and not has_membership.exists():
        create_logged(Membership, "core.membership.create", by=SYSTEM, data={"demo": True}, person=user,
                      organisation=orgs[spec.org], role=spec.role, title=spec.title, division=spec.division)
        report.add(_("memberships created"))
    return user


def _remove(spec: DemoPerson, person: User, orgs: dict, admins: dict, report: SeedReport) -> None:
    membership = Membership.objects.active().filter(person=person, organisation=orgs[spec.org],
                                                    role=spec.role).first()
    if membership is not None:
        remove_member(by=admins[spec.org], membership=membership)
        report.add(_("memberships ended"))


def _invite(orgs: dict, people: dict, report: SeedReport) -> None:
    for org_key, inviter, local_part, role in INVITATIONS:
        email = f"{local_part}@{DEMO_DOMAIN}"
        organisation = orgs[org_key]
        open_invitations = Invitation.objects.filter(organisation=organisation, email__iexact=email,
                                                     accepted_at__isnull=True, revoked_at__isnull=True)
        if open_invitations.exists():
            # Keep the demo's invitations pending: an expired one is extended instead of sent again.
            update_logged(open_invitations.filter(expires_at__lte=timezone.now()), "core.invitation.extend",
                          by=SYSTEM, data={"demo": True}, expires_at=timezone.now() + Invitation.VALID_FOR)
            continue
        if Invitation.objects.filter(organisation=organisation, email__iexact=email).exists():
            continue  # accepted or withdrawn by someone trying the demo: leave it so
        try:
            invite_member(by=people[inviter], organisation=organisation, email=email, role=role)
        except ValidationError:
            continue
        report.add(_("invitations sent"))


# Apps add their own demo records: `register_demo_seeder(func)` in their AppConfig.ready(); `kizuna seed_demo`
# runs each after the people above exist. A seeder is idempotent and returns a dict or list describing its work.
DEMO_SEEDERS: list = []


def register_demo_seeder(func):
    if func not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(func)
    return func


@transaction.atomic
def seed_demo() -> SeedReport:
    report = SeedReport()
    orgs = _reference_orgs()
    for spec in ORGS:
        if not spec.is_reference:
            orgs[spec.key] = _demo_org(spec, orgs, report)
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 per person would take seconds
    people = {spec.email: _person(spec, orgs, password_hash, report) for spec in PEOPLE}
    admins = {spec.org: people[spec.email] for spec in PEOPLE if spec.role == Role.ADMIN and not spec.removed}
    with set_actor(people["hq-admin"]):
        for spec in PEOPLE:
            if spec.removed:
                _remove(spec, people[spec.email], orgs, admins, report)
        _invite(orgs, people, report)
    return report


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def login_rows() -> list[list[str]]:
    labels = {org.key: org.label for org in ORGS}
    return [[str(spec.label), labels.get(spec.org, "—"), spec.address, DEMO_PASSWORD,
             "TOTP" if spec.totp else "—"] for spec in PEOPLE]


def login_table() -> str:
    """The demo logins as a Markdown table (printed by `kizuna demo_logins`, repeated in the README)."""
    header = [_("Role"), _("Organisation"), _("Email"), _("Password"), _("MFA")]
    rows = login_rows()
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + " |"
             for row in [header, *rows]]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    note = _(
        "Every demo account uses the password %(password)s. Accounts marked TOTP share the demo secret "
        "%(secret)s: add it to an authenticator app, or print the current code with `kizuna totp_code EMAIL`."
    ) % {"password": DEMO_PASSWORD, "secret": DEMO_TOTP_SECRET}
    return "\n".join([*lines, "", note])
