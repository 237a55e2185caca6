"""The organisation directory's search: every organisation by its names, readings, codes and aliases, ranked
local governments first (a city before the CLAIR branch named after it), prefectures before municipalities for
a prefecture's name, and the larger body first (the type of local government stands in for its population)."""

import re

from .enums import CLAIR_KINDS, MunicipalityType, OrgKind
from .models import Organisation, SearchAlias
from .search import Forms, NameSearch, register_name_search
from .search.text import fold
from .search.tokens import reading

# Tie-breaks among organisations that match a query equally well: smaller first.
_KIND_ORDER = {OrgKind.PREFECTURE: 0, OrgKind.MUNICIPALITY: 1, OrgKind.WARD: 1, OrgKind.ASSOCIATION: 3,
               OrgKind.HEADQUARTERS: 5, OrgKind.OVERSEAS_OFFICE: 5, OrgKind.BRANCH: 6}
_SIZE_ORDER = {MunicipalityType.PREFECTURE: 0, MunicipalityType.DESIGNATED_CITY: 1, MunicipalityType.CITY: 2,
               MunicipalityType.SPECIAL_WARD: 3, MunicipalityType.TOWN: 4, MunicipalityType.WARD: 5,
               MunicipalityType.VILLAGE: 6}
# How a suffix of a Japanese name is read at the end of its kana: 千代田区 ちよだく → ちよだ.
_SUFFIX_READINGS = {"市": ("し",), "区": ("く",), "町": ("まち", "ちょう"), "村": ("むら", "そん"), "県": ("けん",),
                    "都": ("と",), "府": ("ふ",)}


def kana_without_suffix(name: str, kana: str) -> str:
    for ending in _SUFFIX_READINGS.get(name[-1:] if name else "", ()):
        if kana.endswith(ending) and len(kana) > len(ending):
            return kana[: -len(ending)]
    return kana


def _kinds(org: Organisation) -> set[str]:
    """What a query's suffix must name to prefer this body: 大阪府 for "Osaka Prefecture", 港区 for "Minato City"
    (Tokyo's special wards call themselves cities in English)."""
    if org.kind == OrgKind.PREFECTURE:
        return {"県"}
    if org.municipality_type == MunicipalityType.SPECIAL_WARD:
        return {"区", "市"}
    if org.kind in (OrgKind.MUNICIPALITY, OrgKind.WARD) and org.name[-1:] in "市区町村":
        return {org.name[-1]}
    return set()


# The names CLAIR's own units are also known by (staff add more in the aliases page).
_HQ_ALIASES = ("クレア本部", "クレア", "本部", "CLAIR", "CLAIR HQ", "CLAIR Headquarters", "自治体国際化協会")
_CLAIR_WORDS = re.compile(r"^(?:クレア|clair)\s*|\s*(?:事務所|支部|office|branch|city branch)$", re.IGNORECASE)


def _english_names(name_en: str) -> list[str]:
    """"Chiyoda, Tokyo" → [the whole, "Chiyoda"]; "Sendai" → ["Sendai"]."""
    if not name_en:
        return []
    first = name_en.split(",")[0].strip()
    return [name_en, first]


def _core_name(name: str) -> str:
    """クレア 北京事務所 → 北京; CLAIR New York → New York; クレア仙台市支部 → 仙台市."""
    previous = None
    while previous != name:
        previous, name = name, _CLAIR_WORDS.sub("", name).strip()
    return name


class OrganisationSearch(NameSearch):
    name = "organisations"

    def version(self) -> str:
        from .queries import directory_version  # queries import this module's search

        return directory_version()  # the aliases' too

    def records(self):
        orgs = list(Organisation.objects.select_related("prefecture", "parent").order_by("pk"))
        aliases = SearchAlias.objects.for_model(Organisation)
        for org in orgs:
            yield self.forms(org, aliases.get(org.pk, ()))

    def forms(self, org: Organisation, aliases=()) -> Forms:
        forms = Forms(org.pk, order=(_KIND_ORDER.get(org.kind, 4), _SIZE_ORDER.get(org.municipality_type, 7),
                                     org.code or "", org.name), current=org.abolished_on is None)
        forms.add_name(org.name)
        forms.kinds.update(_kinds(org))
        if org.kind in CLAIR_KINDS:
            self._clair_forms(org, forms)
        if org.kind == OrgKind.WARD and org.parent_id and org.name.startswith(org.parent.name):
            forms.add_name(org.name[len(org.parent.name):])  # 札幌市中央区 is also 中央区
        english = _english_names(org.name_en)
        if english:
            forms.add_name(english[-1])  # "Chiyoda" of "Chiyoda, Tokyo"
            forms.whole.add(fold(english[0]))
            forms.add_sound(english[0])
        if org.name_kana:
            forms.add_sound(org.name_kana)
            forms.add_sound(kana_without_suffix(org.name, org.name_kana))
        else:
            forms.add_sound(reading(org.name))
        if org.prefecture_id and org.prefecture_id != org.pk and org.prefecture:
            pref = org.prefecture.name
            for glued in (pref + org.name, pref.rstrip("都府県") + org.name):
                forms.whole.add(fold(glued))
        if org.code:
            forms.codes.add(org.code)
        if org.slug:
            forms.codes.add(fold(org.slug))
        forms.aliases.update(fold(a) for a in aliases)
        return forms

    @staticmethod
    def _clair_forms(org: Organisation, forms: Forms) -> None:
        """Headquarters is also クレア本部, 本部, CLAIR; an office is also its city (北京, ぺきん, Beijing); a branch
        sounds like its city too, but only the city itself is the city (仙台 finds 仙台市 before its branch)."""
        if org.kind == OrgKind.HEADQUARTERS:
            forms.aliases.update(fold(a) for a in _HQ_ALIASES)
            return
        for name in (org.name, org.name_en):
            core = _core_name(name or "")
            if core and core != name:
                if org.kind == OrgKind.OVERSEAS_OFFICE:
                    forms.aliases.add(fold(core))
                forms.add_sound(reading(core) if not core.isascii() else core)


register_name_search(OrganisationSearch())
