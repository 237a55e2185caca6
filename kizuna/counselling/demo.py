"""Demo records of counselling, written through the services so that each has its audit entries (and its
content sealed): the demo participant (Emily Carter) has an open web-mail case with a thread and the
counsellor's note, a video case with a booked session in the counsellor's free times, and an earlier case that
is closed; a new case of hers waits in the queue. The counsellor (木村 真理子) and the supervisor (佐々木 恵)
see them on their pages. Idempotent: nothing is added once Emily has a case."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import User
from kizuna.jet.models import Participant

from . import services
from .enums import Channel, Risk, Topic
from .models import Case


def _at_ten(days: int):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=10, minute=0, second=0, microsecond=0)


@transaction.atomic
def seed_counselling_demo() -> dict:
    emily = User.objects.filter(email=f"jet@{DEMO_DOMAIN}").first()
    counsellor = User.objects.filter(email=f"counsellor@{DEMO_DOMAIN}").first()
    if emily is None or counsellor is None or not Participant.objects.filter(person=emily).exists():
        return {"cases": 0}
    if Case.objects.filter(participant__person=emily).exists():
        return {"cases": Case.objects.count()}
    closed = services.ask(by=emily, channel=Channel.MAIL, language="en",
                          body="I was not sure how to register at the city hall after moving flats.")
    services.take(by=counsellor, case=closed)
    services.write(by=counsellor, case=closed, body="The resident registration moves with you: take your "
                   "residence card to the ward office within 14 days. Your supervisor can go with you.")
    services.classify(by=counsellor, case=closed, topic=Topic.DAILY_LIFE, risk=Risk.LOW)
    services.close(by=counsellor, case=closed)

    mail = services.ask(by=emily, channel=Channel.MAIL, language="en",
                        body="Since the winter I have been sleeping badly and I feel isolated at my school.")
    services.take(by=counsellor, case=mail)
    services.write(by=counsellor, case=mail, body="Thank you for writing. Many participants feel this in their "
                   "first winter. Could you tell me more about a usual day at school?")
    services.write(by=emily, case=mail, body="Most days I eat lunch alone and nobody speaks English with me.")
    services.add_note(by=counsellor, case=mail, body="First winter; isolation at school. Suggest a video call; "
                      "check sleep again next week.")
    services.classify(by=counsellor, case=mail, topic=Topic.MENTAL_HEALTH, risk=Risk.MEDIUM)

    video = services.ask(by=emily, channel=Channel.VIDEO, language="en",
                         body="Could I talk to someone by video about the stress at work?")
    services.take(by=counsellor, case=video)
    slots = [services.add_slot(by=counsellor, starts_at=_at_ten(days)) for days in (3, 5, 8, 10)]
    services.book(by=emily, case=video, slot=slots[0])

    services.ask(by=emily, channel=Channel.MAIL, language="ja", body="来年の再任用について相談したいです。")
    return {"cases": Case.objects.count(), "slots": len(slots)}
