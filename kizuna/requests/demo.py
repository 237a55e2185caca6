"""Demo records: office hours for every overseas office, and requests in each state, filed and worked through
the services as real people would."""

from datetime import timedelta
from email.message import EmailMessage

from django.db import transaction
from django.utils import timezone

from kizuna.core.audit import SYSTEM, create_logged
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import OrgKind
from kizuna.core.models import Organisation, User
from kizuna.core.queries import branch_for

from . import effects, inbound, services
from .enums import Kind
from .models import OfficeHours, Request


def _person(local: str):
    return User.objects.filter(email__iexact=f"{local}@{DEMO_DOMAIN}").first()


def _office_hours() -> int:
    made = 0
    for office in Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE).prefetch_related("covered_countries"):
        covered = sorted(c.country for c in office.covered_countries.all())
        if not OfficeHours.objects.filter(office=office).exists():
            create_logged(OfficeHours, "requests.officehours.set", by=SYSTEM, data={"demo": True}, office=office,
                          weekdays=[0, 1, 2, 3, 4], holiday_country=covered[0] if covered else "")
            made += 1
    return made


def _reply_by_mail(request, person, text: str) -> bytes:
    """A requester's reply to the office's mail, as their mail program would send it."""
    mail = EmailMessage()
    mail["From"], mail["To"] = person.email, effects.reply_address(request)
    mail["Subject"] = f"Re: #{request.pk} {request.title}"
    mail.set_content(f"{text}\n\n> 面談先に打診しています。\n")
    return mail.as_bytes()


def _file(staff, requester, kind, title, **data):
    found = Request.objects.filter(title=title).first()
    if found:
        return found, False
    return services.file_request(by=staff, requester=requester, kind=kind, data={"title": title, **data}), True


def _remote_per_office(staff, requester) -> None:
    """One remote-support request in every other office's queue, so each queue has something to show."""
    for office in Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE).exclude(slug="nyc"):
        country = office.covered_countries.order_by("country").values_list("country", flat=True).first()
        if country:
            _file(staff, requester, Kind.REMOTE, f"オンライン情報提供（{office.name}）",
                  description="現地の自治体の取組について資料を送ってほしい。", country=country,
                  purpose="観光PR資料の現地向け翻訳の確認", for_promotion=True)


@transaction.atomic
def seed_requests_demo() -> dict:
    report = {"office_hours": _office_hours()}
    staff, branch, hq, office = (_person(p) for p in ("chiyoda-staff", "branch-tokyo", "hq-staff", "office-nyc"))
    if None in (staff, branch, hq, office):
        return report
    nyc = Organisation.objects.filter(slug="nyc").first()
    requester = Organisation.objects.filter(code="131016").first()  # Chiyoda
    if nyc is None or requester is None:
        return report
    country = nyc.covered_countries.order_by("country").values_list("country", flat=True).first()
    if country is None or branch_for(requester) is None:
        return report  # reference data without the office's countries or the branch: nothing to route
    soon = timezone.localdate() + timedelta(days=30)
    visit, created = _file(staff, requester, Kind.VISIT, "ニューヨーク市の観光局への訪問調整",
                           description="観光プロモーションの意見交換をしたい。",
                           country=country, starts_on=soon, ends_on=soon + timedelta(days=2),
                           people="区長、国際担当 2名", purpose="NYC Tourism + Conventions との面談")
    if created:  # a question from the office, answered by replying to its mail
        services.post_message(by=office, request=visit,
                              body="面談先に打診しています。参加される方のお名前と役職を教えてください。", minutes=40)
        inbound.feed(_reply_by_mail(visit, staff, "区長 山田一郎、国際担当課長 佐藤花子の2名です。"))
    _file(staff, requester, Kind.RESEARCH, "米国の自治体における多言語防災情報の提供",
          description="調査をお願いします。",
          country=country, questions="多言語での防災情報の提供方法と予算は？", theme="防災",
          wanted_by=soon + timedelta(days=30))
    research, created = _file(staff, requester, Kind.RESEARCH, "米国都市のシティプロモーション体制",
                              description="体制と予算を知りたい。", country=country,
                              questions="専任組織の有無、予算規模", theme="シティプロモーション", wanted_by=soon)
    if created:
        research = services.endorse_request(by=branch, request=research)
        research = services.accept_request(by=hq, request=research, office=nyc, assignee=office)
        services.post_message(by=office, request=research, body="担当します。二週間ほどお待ちください。", minutes=15)
        services.post_message(by=office, request=research, body="10都市の担当部署に照会し、回答を集計した。",
                              internal=True, minutes=360)
        research = services.answer_request(by=office, request=research,
                                           deliverable="主要10都市の体制と予算を表にまとめました。")
        services.publish_research(by=office, request=research, publish=True, title=research.title,
                                  title_en="City promotion in US cities",
                                  summary="主要10都市のうち7都市が専任組織を持つ。", summary_en="7 of 10 have a team.")
        services.rate_request(by=staff, request=research, rating=5, comment="大変助かりました。")
    support, created = _file(staff, requester, Kind.REMOTE, "ニューヨークでの観光PRイベントの現地告知",
                             description="現地のSNSでイベントを告知してほしい。", country=country,
                             purpose="旅行博出展に合わせた観光PR", for_promotion=True)
    if created:  # answered and rated: the area-7 satisfaction KPI has its first figure
        support = services.answer_request(by=office, request=support, deliverable="現地SNSで3回告知しました。")
        services.rate_request(by=staff, request=support, rating=4, comment="反響がありました。")
    _remote_per_office(staff, requester)
    report["requests"] = Request.objects.count()
    return report
