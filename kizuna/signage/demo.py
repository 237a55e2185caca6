"""Demo records of the signage app (`make run`): Chiyoda's own messages with pictograms of their own (the pet area,
the charging corner, the allergen notice of today's meal), so that the message pages, the builder's preview and
the printed signs show a chosen pictogram beside the bank's seeded ones. The bank itself is loaded by
`kizuna load_signage`, which also seeds the bank messages' pictograms."""

from django.db import transaction

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.models import Organisation, User

from . import services
from .models import Category, Message

OWN = [
    ("care", "ペットの受付は校庭の東側です。", "Pets are registered on the east side of the schoolyard.",
     "pets-allowed"),
    ("lifelines", "携帯電話の充電は体育館の入口で（1人30分）。",
     "Phone charging at the gym entrance (30 minutes each).", "phone-charging"),
    ("food", "今日の夕食には卵と小麦が入っています。", "Today's dinner contains egg and wheat.", "egg"),
]


@transaction.atomic
def seed_signage_demo() -> dict:
    staff = User.objects.filter(email=f"chiyoda-staff@{DEMO_DOMAIN}").first()
    chiyoda = Organisation.objects.filter(code="131016").first()
    if staff is None or chiyoda is None or not Category.objects.exists():  # the bank is not loaded
        return {"own messages": 0}
    if Message.objects.filter(organisation=chiyoda).exists():
        return {"own messages": Message.objects.filter(organisation=chiyoda).count()}
    categories = {c.key: c for c in Category.objects.all()}
    made = 0
    for category, ja, en, pictogram in OWN:
        if category in categories:
            services.add_message(by=staff, organisation=chiyoda, category=categories[category],
                                 texts={"ja": ja, "en": en}, pictogram=pictogram)
            made += 1
    return {"own messages": made}
