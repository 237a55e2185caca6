"""Demo events: an online economic seminar (HQ), a full training with a waiting list (Tokyo branch), an
overseas seminar in New York (venue time and JST) that people without an account register for, a training drawn
by lot, and a joint booth at the New York food fair with Sendai applying. Made through the services by the demo
people, so every record has its audit entry. Idempotent: events are matched by title."""

import contextlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User

from . import links
from .enums import Audience, BoothStatus, EventKind, Format, Mode, Status
from .models import Event, Exhibitor, Lead, Registration
from .services import guests, mailing, register
from .services.booths import apply_for_booth, save_booth, select_exhibitor
from .services.events import create_event
from .services.leads import capture_lead

JST = ZoneInfo("Asia/Tokyo")



# The course asks a question of most types; the interpreter's language only of those who need one.
TRAINING_QUESTIONS = [
    {"key": "motivation", "label": "受講の動機", "label_en": "Why you take the course", "type": "long_text",
     "required": True},
    {"key": "field", "label": "担当分野", "label_en": "Your field", "type": "choice", "required": True,
     "options": [{"key": "disaster", "label": "防災", "label_en": "Disaster prevention"},
                 {"key": "education", "label": "教育", "label_en": "Education"},
                 {"key": "other", "label": "その他", "label_en": "Other"}]},
    {"key": "topics", "label": "関心のあるテーマ", "label_en": "Topics of interest", "type": "choices",
     "options": [{"key": "health", "label": "医療・福祉", "label_en": "Health and welfare"},
                 {"key": "education", "label": "子どもの教育", "label_en": "Children's education"},
                 {"key": "work", "label": "就労", "label_en": "Work"}]},
    {"key": "nights", "label": "宿泊数", "label_en": "Nights at the institute", "type": "number", "min": 0, "max": 2},
    {"key": "arrival", "label": "到着日", "label_en": "Arrival", "type": "date"},
    {"key": "interpreter", "label": "通訳が必要", "label_en": "Needs an interpreter", "type": "yes_no",
     "required": True},
    {"key": "language", "label": "通訳の言語", "label_en": "Which language", "type": "choice", "required": True,
     "options": [{"key": "en", "label": "英語", "label_en": "English"},
                 {"key": "vi", "label": "ベトナム語", "label_en": "Vietnamese"},
                 {"key": "pt", "label": "ポルトガル語", "label_en": "Portuguese"}],
     "condition": {"question": "interpreter", "answer": "yes"}},
    {"key": "report", "label": "事前課題（任意）", "label_en": "Preparatory paper (optional)", "type": "file"},
]

def _person(key: str):
    return User.objects.filter(email=f"{key}@{DEMO_DOMAIN}").first()


def _day(days: int, hour: int, tz=JST) -> datetime:
    base = timezone.now().astimezone(tz) + timedelta(days=days)
    return datetime(base.year, base.month, base.day, hour, tzinfo=tz)


def _event(by, title: str, organiser, **fields) -> Event:
    found = Event.objects.filter(title=title).first()
    return found or create_event(by=by, organiser=organiser, title=title, is_published=True, **fields)


def _register(event: Event, person, **kwargs) -> None:
    if person and not Registration.objects.filter(event=event, person=person).exists():
        with contextlib.suppress(ValidationError):  # registration has closed since the demo was first seeded
            register(by=person, event=event, **kwargs)


def _fair_leads(fair: Event, booth, sendai, staff, *, by) -> None:
    """Headquarters has chosen Sendai for the booth; two visitors registered for the fair, and Sendai's staff
    scanned their codes at the booth (the leads they take home)."""
    exhibitor = Exhibitor.objects.filter(booth=booth, organisation=sendai).first()
    if exhibitor is None or staff is None:
        return
    if exhibitor.status == BoothStatus.APPLIED:
        exhibitor = select_exhibitor(by=by, exhibitor=exhibitor)
    for key, interest, note in (("jetaa-officer", Lead.Interest.HIGH, "Buyer for a Japanese grocery chain in NJ"),
                                ("alumnus", Lead.Interest.MEDIUM, "")):
        visitor = _person(key)
        _register(fair, visitor)
        seat = Registration.objects.filter(event=fair, person=visitor, status=Status.CONFIRMED).first()
        if seat is not None and not exhibitor.captured_leads.filter(registration=seat).exists():
            capture_lead(by=staff, exhibitor=exhibitor, code=seat.code, interest=interest, note=note)


def _guest(event: Event, name: str, email: str, affiliation: str, answers: dict) -> None:
    """Someone without an account who registered on the public form and confirmed from their mailbox."""
    if Registration.objects.filter(event=event, person__email=email).exists():
        return
    token = links.request_token(event.pk, {"n": name, "m": email, "l": "en", "a": affiliation, "q": answers,
                                           "s": []})
    with contextlib.suppress(ValidationError):  # registration has closed since the demo was first seeded
        guests.confirm(event=event, token=token)


@transaction.atomic
def seed_events_demo() -> dict:
    """Events are set up by headquarters' demo staff member; people register and apply as they would."""
    hq = Organisation.objects.filter(slug="hq").first()
    staff_hq = _person("hq-staff")
    if hq is None or staff_hq is None:
        return {}
    branch = Organisation.objects.filter(kind="branch").order_by("pk").first() or hq
    nyc = Organisation.objects.filter(slug="nyc").first() or hq
    ny = ZoneInfo("America/New_York")
    seminar = _event(staff_hq, "海外経済セミナー：北米市場の最新動向", hq,
                     title_en="Overseas economy seminar: North America",
                     kind=EventKind.SEMINAR, format=Format.ONLINE, kpi_series="economic_seminar",
                     audience=Audience.LOCAL_GOVERNMENT, online_url="https://meet.example.jp/clair-seminar",
                     starts_at=_day(14, 14), ends_at=_day(14, 16), closes_at=_day(13, 17), capacity=300,
                     description="海外で活躍するプロモーションアドバイザーが北米市場の動向を解説します。")
    training = _event(staff_hq, "多文化共生マネージャー養成コース", branch,
                      title_en="Multicultural coexistence manager course",
                      kind=EventKind.TRAINING, format=Format.ON_SITE, kpi_series="tabunka_training",
                      audience=Audience.LOCAL_GOVERNMENT, venue_name="全国市町村国際文化研修所",
                      venue_address="滋賀県大津市唐崎2-13-1", starts_at=_day(30, 9), ends_at=_day(32, 17),
                      closes_at=_day(20, 17), capacity=2, waiting_list=True, mode=Mode.FIRST_COME,
                      questions=TRAINING_QUESTIONS,
                      sessions=[{"title": "1日目", "starts_at": _day(30, 9), "ends_at": _day(30, 17)},
                                {"title": "2日目", "starts_at": _day(31, 9), "ends_at": _day(31, 17)},
                                {"title": "3日目", "starts_at": _day(32, 9), "ends_at": _day(32, 17)}])
    pr_seminar = _event(staff_hq, "ニューヨーク 自治体PRセミナー", nyc, title_en="Local Japan PR seminar in New York",
           kind=EventKind.SEMINAR, format=Format.HYBRID, country="US", kpi_series="overseas_seminar",
           venue_name="Japan Society", venue_address="333 E 47th St, New York", venue_timezone="America/New_York",
           online_url="https://meet.example.jp/nyc", starts_at=_day(21, 18, ny), ends_at=_day(21, 20, ny),
           capacity=80, guests_may_register=True,
           questions=[{"key": "interest", "label": "関心のある地域", "label_en": "Region of interest",
                       "required": False}])
    _guest(pr_seminar, "Emily Carter", f"emily.carter@guest.{DEMO_DOMAIN}", "Japan Society",
           {"interest": "Tohoku"})
    if not pr_seminar.mails.exists():  # a draft for the organisers to preview and send
        mailing.save_mail(by=staff_hq, event=pr_seminar, group="all", subject="{event}：当日のご案内",
                          body="{name} 様\n\n{starts} から {venue} で開催します。受付コード：{code}\n"
                               "お申込みの確認・変更：{link}",
                          subject_en="{event}: what to know for the day",
                          body_en="Dear {name},\n\nwe start at {starts} at {venue}. Your check-in code: {code}\n"
                                  "See or change your registration: {link}")
    lottery = _event(staff_hq, "多文化共生マネージャー体験塾（抽選）", hq,
                     title_en="Multicultural coexistence workshop (lottery)",
                     kind=EventKind.TRAINING, format=Format.ON_SITE, kpi_series="tabunka_training",
                     audience=Audience.LOCAL_GOVERNMENT, mode=Mode.LOTTERY, venue_name="クレア研修室",
                     starts_at=_day(45, 10), ends_at=_day(45, 17), closes_at=_day(25, 17), capacity=20,
                     gives_certificate=True,
                     survey_questions=[{"key": "useful", "label": "業務に役立つ", "kind": "rating"},
                                       {"key": "comment", "label": "ご意見", "kind": "text"}])
    fair = _event(staff_hq, "日本ふるさと名産食品展（ニューヨーク）", nyc,
                  title_en="Japan Furusato Food Fair, New York", kind=EventKind.TRADE_FAIR, format=Format.ON_SITE,
                  country="US", venue_name="Javits Center", venue_timezone="America/New_York",
                  starts_at=_day(60, 10, ny), ends_at=_day(61, 17, ny))
    booth = fair.booths.first() or save_booth(
        by=staff_hq, event=fair, name="自治体共同出展ブース", slots=6, cost_share=200_000,
        applications_close=_day(20, 17), kpi_series="food_fair",
        description="最大6団体で共同出展します。出展料の一部をクレアが負担します。",
        checklist=[{"label": "サンプル発送（FDA登録済み）", "due": _day(40, 0).date()},
                   {"label": "英語のPR資料", "due": _day(45, 0).date()}])
    sendai = Organisation.objects.filter(code="041009").first()
    staff = _person("sendai-staff")
    _register(lottery, staff)
    if sendai and staff and not Exhibitor.objects.filter(booth=booth, organisation=sendai).exists():
        with contextlib.suppress(ValidationError):  # applications have closed since the demo was first seeded
            apply_for_booth(by=staff, booth=booth, organisation=sendai, exhibits="笹かまぼこ、日本酒")
    _fair_leads(fair, booth, sendai, staff, by=staff_hq)
    for key in ("chiyoda-staff", "sendai-staff", "miyagi-staff"):  # two seats: the third one waits
        _register(training, _person(key), answers={"motivation": "地域の多文化共生を進めるため", "field": "disaster",
                                                   "topics": ["health", "education"], "nights": 2,
                                                   "arrival": _day(29, 0).date().isoformat(),
                                                   "interpreter": key == "sendai-staff",
                                                   **({"language": "vi"} if key == "sendai-staff" else {})})
    return {"events": [seminar.title, training.title, lottery.title, fair.title]}
