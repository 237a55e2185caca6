"""Demo records of JET learning, written through the services so that each has its audit entries:

- the BOATS for JET e-learning for new participants (modules in Japanese and English and a quiz), published;
  every participant in the programme enrolled; the demo participant (Emily Carter) in progress;
- a short e-learning course on disaster preparedness that Emily has completed (her certificate downloads);
- the Japanese correspondence course at its three levels and the translation and interpreting course, with
  Emily's approved enrolment in the intermediate level;
- a draft course headquarters is still writing.

Idempotent: courses are matched by their English title."""

from django.db import transaction

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import User
from kizuna.jet.models import Participant

from . import services
from .enums import JAPANESE_ACCESS_DAYS, CourseKind, CourseStatus, EnrolmentStatus, Level
from .models import Course

BOATS_MODULES = [
    ("JETプログラムへようこそ", "Welcome to the JET Programme",
     "JETプログラムの目的、任用団体と担当者、プリフェクチャー・アドバイザー（PA）の役割を学びます。\n\n"
     "困ったときはまず担当者に、次にPAに相談してください。",
     "The aims of the programme, your contracting organisation and supervisor, and what your Prefectural Advisor "
     "(PA) does.\n\nWhen something is wrong, talk to your supervisor first, then to your PA."),
    ("学校で働く", "Working in Japanese schools",
     "ティーム・ティーチングの進め方、職員室での過ごし方、年間の学校行事について。",
     "Team teaching with Japanese teachers, life in the staff room, and the school year's events."),
    ("日本での生活", "Living in Japan",
     "住民登録、健康保険、ごみの分別、防災の備え。",
     "Resident registration, health insurance, sorting rubbish, and preparing for disasters."),
]
BOATS_QUIZ = [
    ("困ったとき最初に相談するのは誰ですか。", "Whom do you talk to first when something is wrong?",
     [("任用団体の担当者", "Your supervisor at the contracting organisation"), ("大使館", "Your embassy"),
      ("誰にも相談しない", "Nobody")], 0),
    ("ティーム・ティーチングで授業の主担当は誰ですか。", "Who leads a team-taught lesson?",
     [("ALT", "The ALT"), ("日本人教員（JTE）", "The Japanese teacher (JTE)")], 1),
    ("地震のとき最初にすることは。", "What do you do first in an earthquake?",
     [("外に走り出る", "Run outside"), ("机の下で頭を守る", "Protect your head under a desk")], 1),
]


def _course(by, title_en: str, **data) -> Course:
    found = Course.objects.filter(title_en=title_en).first()
    return found or services.create_course(by=by, data={"title_en": title_en, **data})


def _publish(by, course: Course, modules, quiz=()) -> Course:
    if course.status != CourseStatus.DRAFT:
        return course
    for ja, en, text_ja, text_en in modules:
        services.add_module(by=by, course=course, data={"title_ja": ja, "title_en": en, "content_ja": text_ja,
                                                        "content_en": text_en})
    for ja, en, choices, correct in quiz:
        services.add_question(by=by, course=course, text_ja=ja, text_en=en, choices=choices, correct=correct)
    return services.publish_course(by=by, course=course)


def _read(person, enrolment, count: int):
    for module in enrolment.course.modules.all()[:count]:
        enrolment = services.complete_module(by=person, enrolment=enrolment, module=module)
    return enrolment


@transaction.atomic
def seed_learning_demo() -> dict:
    hq = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    if hq is None or not Participant.objects.exists():
        return {"courses": 0}
    emily = User.objects.filter(email=f"jet@{DEMO_DOMAIN}").first()
    boats = _publish(hq, _course(hq, "BOATS for JET", kind=CourseKind.ELEARNING,
                                 title_ja="BOATS for JET（新規来日者研修）",
                                 description_ja="来日後60日以内に修了してください。",
                                 description_en="Please complete it within 60 days of your arrival.",
                                 due_days_after_arrival=60, pass_mark=70, max_attempts=3),
                     BOATS_MODULES, BOATS_QUIZ)
    safety = _publish(hq, _course(hq, "Disaster preparedness", kind=CourseKind.ELEARNING, title_ja="防災の基礎",
                                  due_days_after_arrival=90),
                      [("地震と台風", "Earthquakes and typhoons", "避難場所と安否確認の答え方。",
                        "Evacuation sites and how to answer a safety confirmation.")])
    for level, ja, en in ((Level.BEGINNER, "初級", "beginner"), (Level.INTERMEDIATE, "中級", "intermediate"),
                          (Level.ADVANCED, "上級", "advanced")):
        _publish(hq, _course(hq, f"Japanese correspondence course ({en})", kind=CourseKind.JAPANESE, level=level,
                             title_ja=f"日本語講座（通信講座）{ja}", access_days=JAPANESE_ACCESS_DAYS, pass_mark=60),
                 [(f"{ja} 第{n}課", f"{en.capitalize()} lesson {n}", f"{ja}の教材 第{n}課。",
                   f"Lesson {n} of the {en} course.") for n in (1, 2, 3)])
    _publish(hq, _course(hq, "Translation and interpreting course", kind=CourseKind.TRANSLATION,
                         title_ja="翻訳・通訳講座", access_days=365),
             [("翻訳の基礎", "Basics of translation", "自治体文書の翻訳。", "Translating local-government documents.")])
    _course(hq, "Advanced team teaching (draft)", kind=CourseKind.ELEARNING,
            title_ja="ティーム・ティーチング応用（作成中）")
    enrolled = services.enrol_new_arrivals(by=hq, course=boats) + services.enrol_new_arrivals(by=hq, course=safety)
    if emily is not None and Participant.objects.filter(person=emily).exists():
        mine = boats.enrolments.filter(participant__person=emily).first()
        if mine is not None and mine.status == EnrolmentStatus.ENROLLED:
            _read(emily, mine, 2)  # in progress: two modules of three read, the quiz to come
        done = safety.enrolments.filter(participant__person=emily).first()
        if done is not None and done.status == EnrolmentStatus.ENROLLED:
            _read(emily, done, 1)  # completed: the certificate downloads
        japanese = Course.objects.get(title_en="Japanese correspondence course (intermediate)")
        if not japanese.enrolments.filter(participant__person=emily).exists():
            services.approve_enrolment(by=hq, enrolment=services.request_enrolment(by=emily, course=japanese))
    return {"courses": Course.objects.count(), "enrolled": enrolled}
