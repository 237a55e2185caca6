"""The directories as lists: what a person may see, narrowed by prefecture, field, region or language and by a
name search (kanji, kana, romaji). Pages and the API read the same functions."""

from django.db.models import Q

from kizuna.core.enums import OrgKind
from kizuna.core.models import Organisation
from kizuna.core.search import search_names
from kizuna.library.enums import PREFECTURE_REGIONS

from .enums import OPEN, Language, PortalField, Region
from .models import AssociationProfile, Consultation, Manager, NgoProfile, with_code

SHOWN = 500  # a search lists its best answers; the page says when there are more


def prefectures():
    return Organisation.objects.filter(kind=OrgKind.PREFECTURE).order_by("code")


def prefecture_by_code(code: str) -> Organisation | None:
    """A prefecture by its two-digit number (13) or its six-digit code (130001)."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (1, 2, 6):
        return None
    number = int(code[:2]) if len(code) == 6 else int(code)
    return prefectures().filter(code__startswith=f"{number:02d}").first()


def managers(user, *, query="", prefecture=None, field="", year=None):
    qs = Manager.objects.visible_to(user).select_related("organisation", "prefecture")
    if prefecture is not None:
        qs = qs.filter(prefecture=prefecture)
    if field in PortalField.values:
        qs = qs.filter(with_code("fields", field))
    if year:
        qs = qs.filter(certified_year=year)
    if query.strip():
        return search_names("managers", query, qs)
    return qs.order_by("prefecture__code", "-certified_year", "name_kana", "name", "pk")


def associations(user, *, query="", prefecture=None, field=""):
    qs = AssociationProfile.objects.visible_to(user).select_related("organisation", "area")
    if prefecture is not None:
        qs = qs.filter(area__code__startswith=prefecture.code[:2])
    if field in PortalField.values:
        qs = qs.filter(with_code("fields", field))
    if query.strip():
        return search_names("associations", query, qs)
    return qs.order_by("area__code", "pk")


def ngos(user, *, query="", prefecture=None, field="", region="", language=""):
    """NGOs of a prefecture: based there, or active in its region or nationwide."""
    qs = NgoProfile.objects.visible_to(user).select_related("organisation__prefecture")
    if prefecture is not None:
        region_of = PREFECTURE_REGIONS.get(int(prefecture.code[:2]))
        near = with_code("regions", Region.NATIONWIDE)
        if region_of is not None:
            near |= with_code("regions", region_of)
        qs = qs.filter(near | _based_in(prefecture))
    if field in PortalField.values:
        qs = qs.filter(with_code("fields", field))
    if region in Region.values:
        qs = qs.filter(with_code("regions", region))
    if language in Language.values:
        qs = qs.filter(with_code("languages", language))
    if query.strip():
        return search_names("ngos", query, qs)
    return qs.order_by("organisation__name_kana", "organisation__name", "pk")


def _based_in(prefecture):
    return Q(organisation__prefecture=prefecture)


def network_of(user):
    """The managers of the person's network: those who joined it, in the person's prefecture or sharing one of
    their fields, the person excepted."""
    me = Manager.objects.filter(person=user).first() if user.is_authenticated else None
    if me is None or not me.in_network:
        return Manager.objects.none(), me
    near = Q(prefecture=me.prefecture_id)
    for code in me.fields:
        near |= with_code("fields", code)
    qs = (Manager.objects.visible_to(user).filter(near, in_network=True).exclude(pk=me.pk)
          .select_related("organisation", "prefecture").order_by("prefecture__code", "name_kana", "name", "pk"))
    return qs, me


def open_consultations(user):
    return Consultation.objects.visible_to(user).filter(status__in=OPEN)


def consultations(user, *, status=""):
    qs = Consultation.objects.visible_to(user).select_related("ngo", "handled_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_on", "-pk")
