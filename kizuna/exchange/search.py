"""The registry's search (kizuna/core/search): an affiliation by its partner's names (local, English,
Japanese), the Japanese local government's name, reading and romaji, its code, and the country's names."""

from kizuna.core.countries import country_name
from kizuna.core.search import Forms, NameSearch, register_name_search

from .models import Affiliation, ForeignPartner
from .queries import version


class AffiliationSearch(NameSearch):
    name = "sister_cities"

    def version(self) -> str:
        return version()

    def records(self):
        partners = {p[0]: p[1:] for p in ForeignPartner.objects.values_list(
            "pk", "name", "name_en", "name_ja", "region", "country")}
        countries: dict[str, tuple[str, str]] = {}
        for pk, code, name, kana, name_en, partner_id in Affiliation.objects.values_list(
                "pk", "local_government__code", "local_government__name", "local_government__name_kana",
                "local_government__name_en", "partner_id"):
            forms = Forms(pk, order=(code or "",))
            forms.add_name(name)
            forms.add_sound(kana)
            if name_en:
                forms.add_name(name_en.split(",")[0])
            if code:
                forms.codes.add(code)
            p_name, p_en, p_ja, region, country = partners[partner_id]
            for text in (p_name, p_en, p_ja):
                if text:
                    forms.add_name(text)
            if region:
                forms.add_name(region)
            if country not in countries:
                countries[country] = (country_name(country, "ja"), country_name(country, "en"))
            forms.names.update(f for f in (country.lower(),) if f)
            for text in countries[country]:
                forms.add_name(text, strip=False)
            yield forms


register_name_search(AffiliationSearch())
