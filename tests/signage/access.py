"""The signage app's rows of the URL × role access table (merged by tests/access.py).

Everybody builds signs and reads the bank; translators (working members of local governments, associations and
CLAIR) propose translations, make shelter packs and add their organisation's own messages; CLAIR staff review.
An own message (the sample is Chiyoda's) is changed and deleted by Chiyoda's working members only: everybody
else, superusers included (they act for no organisation), gets 404.
"""

from tests.access_roles import ALL, CLAIR

TRANSLATORS = CLAIR | {"municipality_staff", "municipality_admin", "association_staff"}
CHIYODA_WORKERS = frozenset({"municipality_staff", "municipality_admin"})

PERMISSION_ROLES = {
    "signage.view_bank": ALL,
    "signage.build_sign": ALL,
    "signage.propose_translation": TRANSLATORS,
    "signage.review_translation": CLAIR,
    "signage.make_pack": TRANSLATORS,
    "signage.add_message": TRANSLATORS,
    "signage.change_message": CHIYODA_WORKERS,
    "signage.delete_message": CHIYODA_WORKERS,
}


def _message(w, role):
    """A bank message with a proposed Japanese translation."""
    from kizuna.signage.models import Category, Message, Translation

    category, _ = Category.objects.get_or_create(key="facilities", defaults={
        "name": "施設", "name_en": "Facilities", "phase": "facility"})
    message, _ = Message.objects.get_or_create(key="sample-toilet", organisation=None,
                                               defaults={"category": category})
    translation, _ = Translation.objects.get_or_create(message=message, language="ja", defaults={
        "text": "トイレ", "is_current": True, "method": "machine", "author": "test"})
    return {"message": message.pk, "translation": translation.pk}


def _own_message(w, role):
    """A message of Chiyoda's own (a fresh one for each role: the walk may delete it)."""
    from kizuna.signage.models import Category, Message

    category, _ = Category.objects.get_or_create(key="facilities", defaults={
        "name": "施設", "name_en": "Facilities", "phase": "facility"})
    message = Message.objects.create(key=f"own-{role}", organisation=w.chiyoda, category=category,
                                     created_by=w.people["municipality_staff"])
    return {"pk": message.pk}


def _pack(w, role):
    """The role's own pack (packs are seen by their requester only)."""
    from kizuna.signage.models import Pack

    owner = w.people.get(role, w.people["municipality_staff"])
    return {"pk": Pack.objects.create(requested_by=owner, languages=["ja", "en"]).pk}


SAMPLES = {
    "signage:message": lambda w, role: {"pk": _message(w, role)["message"]},
    "signage:propose": lambda w, role: {"pk": _message(w, role)["message"]},
    "signage:review": lambda w, role: {"pk": _message(w, role)["translation"]},
    "signage:edit_message": _own_message,
    "signage:delete_message": _own_message,
    "signage:board": lambda w, role: {"audience": "staff"},
    "signage:pack": _pack,
    "signage:pack_download": _pack,
    "api:signage_get_message": lambda w, role: {"message_id": _message(w, role)["message"]},
    "api:signage_message_pdf": lambda w, role: {"message_id": _message(w, role)["message"]},
}
