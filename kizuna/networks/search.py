"""The three directories in the core name search (kizuna/core/search): managers by their name in kanji, kana or
romaji and by their organisation; associations and NGOs by their names (Japanese, kana, English), their area or
regions and their fields. Search answers only with records of the asker's queryset (what the person may see)."""

from django.db.models import Count, Max
from django.utils import translation

from kizuna.core.audit import audit_version
from kizuna.core.models import Organisation
from kizuna.core.search import Forms, NameSearch, register_name_search
from kizuna.core.search.tokens import words

from .enums import PortalField, Region
from .models import AssociationProfile, Manager, NgoProfile


def data_version(model) -> str:
    """Changes with every write to `model`'s rows or their organisations: the key of what is kept of them."""
    found = model.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return f"{found['n']}.{found['last']}.{audit_version(model, Organisation)}"


def _field_words(forms: Forms, codes) -> None:
    """A field is found by its code and by its name in both languages (健康, health)."""
    for code in codes:
        forms.codes.add(code)
        label = dict(PortalField.choices).get(code)
        if label is not None:
            forms.add_text(str(label))
            forms.words.update(words(_japanese(PortalField, code)))


def _japanese(choices, code) -> str:
    with translation.override("ja"):
        return str(dict(choices.choices).get(code, ""))


def _organisation(forms: Forms, org) -> None:
    if org is None:
        return
    forms.add_name(org.name)
    forms.add_sound(org.name_kana)
    if org.name_en:
        forms.add_name(org.name_en)


class ManagerSearch(NameSearch):
    name = "managers"

    def version(self) -> str:
        return data_version(Manager)

    def records(self):
        for m in Manager.objects.select_related("organisation", "prefecture"):
            forms = Forms(m.pk, order=(-m.certified_year, m.name_kana or m.name))
            forms.add_name(m.name, strip=False)
            forms.add_name(m.name.replace(" ", "").replace("\u3000", ""), strip=False)
            forms.add_sound(m.name_kana)
            forms.add_sound(m.name_romaji)
            if m.name_romaji:
                forms.add_name(m.name_romaji, strip=False)
            if m.organisation is not None:
                forms.words.update(words(m.organisation.name))
            elif m.affiliation:
                forms.words.update(words(m.affiliation))
            forms.words.update(words(m.prefecture.name))
            _field_words(forms, m.fields)
            yield forms


class AssociationSearch(NameSearch):
    name = "associations"

    def version(self) -> str:
        return data_version(AssociationProfile)

    def records(self):
        for p in AssociationProfile.objects.select_related("organisation", "area"):
            forms = Forms(p.pk, order=(p.area.code or "",))
            _organisation(forms, p.organisation)
            forms.words.update(words(p.area.name))
            if p.area.name_en:
                forms.words.update(words(p.area.name_en))
            _field_words(forms, p.fields)
            yield forms


class NgoSearch(NameSearch):
    name = "ngos"

    def version(self) -> str:
        return data_version(NgoProfile)

    def records(self):
        for p in NgoProfile.objects.select_related("organisation__prefecture"):
            forms = Forms(p.pk, order=(p.organisation.name_kana or p.organisation.name,))
            _organisation(forms, p.organisation)
            if p.organisation.prefecture is not None:
                forms.words.update(words(p.organisation.prefecture.name))
            for code in p.regions:
                forms.codes.add(code)
                forms.words.update(words(_japanese(Region, code)))
            _field_words(forms, p.fields)
            forms.codes.update(p.languages)
            forms.words.update(words(p.activities[:2000]))
            yield forms


for _search in (ManagerSearch(), AssociationSearch(), NgoSearch()):
    register_name_search(_search)
