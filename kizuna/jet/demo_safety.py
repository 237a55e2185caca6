"""Demo safety confirmations: headquarters' closed one for Tokyo after a typhoon, and the Miyagi PA's open one
after an earthquake with answers coming in (some needing help, some not yet reached), written through the
services so that each has its audit entries and mails."""

import random

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import Role
from kizuna.core.models import Organisation, User

from . import safety
from .enums import SafetyReply
from .models import SafetyConfirmation

PLACES = ["自宅", "学校", "市役所", "避難所", "Home", "School", "Evacuation centre"]


def _answer_some(confirmation, rng: random.Random, share: float) -> int:
    answered = 0
    for row in confirmation.answers.order_by("pk"):
        if rng.random() > share:
            continue
        reply = rng.choices(SafetyReply.values, weights=[88, 9, 3])[0]
        note = "" if reply == SafetyReply.SAFE else rng.choice(["停電しています", "Water is cut off", "足を痛めました"])
        safety.record_answer(by=AnonymousUser(), row=row, answer=reply, location=rng.choice(PLACES), note=note)
        answered += 1
    return answered


@transaction.atomic
def seed_safety_demo() -> dict:
    if SafetyConfirmation.objects.exists():
        return {"safety_confirmations": 0}
    hq = User.objects.filter(email=f"hq-staff@{DEMO_DOMAIN}").first()
    pa = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", memberships__role=Role.PA,
                             memberships__ended_at=None).first()
    tokyo = Organisation.objects.filter(code="130001").first()
    miyagi = Organisation.objects.filter(code="040002").first()
    if hq is None or tokyo is None:
        return {"safety_confirmations": 0}
    rng = random.Random(2026)
    closed = safety.start_confirmation(by=hq, title="令和8年台風第10号", kind="typhoon", areas=[tokyo])
    _answer_some(closed, rng, 0.9)
    safety.remind(by=hq, confirmation=closed)
    safety.close_confirmation(by=hq, confirmation=closed)
    made = 1
    if pa is not None and miyagi is not None:
        open_one = safety.start_confirmation(by=pa, title="宮城県沖を震源とする地震", kind="earthquake",
                                             areas=[miyagi])
        _answer_some(open_one, rng, 0.6)
        made += 1
    return {"safety_confirmations": made}
