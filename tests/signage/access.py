"""The signage app's rows of the URL × role access table (merged by tests/access.py), and its mixed records.

Everybody builds signs and reads the bank; translators (working members of local governments, associations and
CLAIR: Minato's and Tokyo's staff too, not a former member of Chiyoda, nor the people attached to an
organisation without working for it) propose translations, make shelter packs and add their organisation's own
messages; CLAIR staff review the bank's. An own message (the sample is Chiyoda's) is changed and deleted by
Chiyoda's working members only: everybody else, superusers included (they act for no organisation), gets 404.
Each person opens their own packs (the sample is the role's own, made for no organisation).
"""

from tests.access_roles import ALL, CLAIR, SIGNED_IN

TRANSLATORS = CLAIR | {"municipality_staff", "municipality_admin", "association_staff", "other_municipality_staff",
                       "prefecture_staff"}
CHIYODA_WORKERS = frozenset({"municipality_staff", "municipality_admin"})

PERMISSION_ROLES = {
    "signage.view_bank": ALL,
    "signage.view_message": ALL,
    "signage.build_sign": ALL,
    "signage.propose_translation": TRANSLATORS,
    "signage.review_translation": CLAIR,
    "signage.make_pack": TRANSLATORS,
    "signage.view_pack": SIGNED_IN,
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
    "signage:pictogram_svg": lambda w, role: {"key": "aed"},
    "signage:pack": _pack,
    "signage:pack_download": _pack,
    "api:signage_get_message": lambda w, role: {"message_id": _message(w, role)["message"]},
    "api:signage_message_pdf": lambda w, role: {"message_id": _message(w, role)["message"]},
}


def _mixed(w):
    """Signage records of several owners: part of the bank (categories, purposes, messages) with proposals
    approved, rejected and pending; own messages of Chiyoda, Minato and headquarters with texts in use, replaced
    and proposed; packs of Chiyoda's and Minato's staff, a superuser's for no organisation, and one a former
    member of Chiyoda made for it, in several states."""
    from django.utils import timezone

    from kizuna.core.audit import SYSTEM
    from kizuna.core.workflow import transition
    from kizuna.signage import services
    from kizuna.signage.loading import load_bank, read_bank
    from kizuna.signage.models import Category, Message, Pack

    data = read_bank()
    data["files"] = [f for f in data["files"] if f["path"] == "14-information.toml"]
    load_bank(data)
    p = w.people
    first, second, *_ = Message.objects.filter(organisation=None).order_by("pk")
    approved = services.propose_translation(by=p["association_staff"], message=first, language="en",
                                            text="Information", method="human")
    services.review_translation(by=p["hq_staff"], translation=approved, action="approve", native_reviewed=True)
    rejected = services.propose_translation(by=p["municipality_staff"], message=first, language="vi", text="x",
                                            method="machine")
    services.review_translation(by=p["branch_staff"], translation=rejected, action="reject")
    services.propose_translation(by=p["other_municipality_staff"], message=second, language="ne", text="सूचना",
                                 method="machine")

    one, two = Category.objects.order_by("pk")[:2]
    chiyoda = services.add_message(by=p["municipality_staff"], organisation=w.chiyoda, category=one,
                                   texts={"ja": "千代田区の掲示", "en": "Chiyoda notice"})
    services.propose_translation(by=p["municipality_admin"], message=chiyoda, language="en",
                                 text="Notice of Chiyoda", method="human")
    minato = services.add_message(by=p["other_municipality_staff"], organisation=w.minato, category=one,
                                  texts={"ja": "港区の掲示", "en": "Minato notice"})
    services.change_message(by=p["other_municipality_staff"], message=minato, category=two,
                            texts={"ja": "港区の新しい掲示", "en": "Minato notice"})
    services.add_message(by=p["hq_staff"], organisation=w.hq, category=one, texts={"ja": "本部の掲示"})

    options = {"languages": ["ja", "en"], "size": "A4", "orientation": "portrait"}
    services.request_pack(by=p["municipality_staff"], organisation=w.chiyoda, **options)
    running = services.request_pack(by=p["other_municipality_staff"], organisation=w.minato, **options)
    transition(running, "start", by=SYSTEM, total=3, done=0)
    failed = services.request_pack(by=p["superuser"], **options)
    transition(failed, "fail", by=SYSTEM, error="no fonts", finished_at=timezone.now())
    Pack.objects.create(requested_by=p["former_member"], organisation=w.chiyoda, languages=["ja"])

    # Sheets made: a sign by Chiyoda's staff, a card by an anonymous visitor, a finished pack of Minato's.
    from kizuna.signage.models import SheetMade

    SheetMade.objects.create(kind="sign", languages=["ja", "en"], organisation=w.chiyoda)
    SheetMade.objects.create(kind="card", languages=["ja", "vi"])
    SheetMade.objects.create(kind="pack", sheets=5, languages=["ja", "en"], organisation=w.minato)


MIXED = [_mixed]
LISTS_WITH_ARGUMENTS = {"signage:board"}
