"""Countries from pycountry, named in the user's language (Japanese names from pycountry's catalogues)."""

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language


@lru_cache(maxsize=4)
def _translator(language: str):
    if language == "en":
        return None
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


def country_name(alpha_2: str, language: str | None = None) -> str:
    # kept: a list of 50 people asks for a handful of countries 50 times (pycountry's lookup, then gettext)
    return _country_name(alpha_2, (language or get_language() or "ja")[:2])


@lru_cache(maxsize=1024)
def _country_name(alpha_2: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return alpha_2
    english = getattr(country, "common_name", None) or country.name
    translator = _translator(language)
    if translator is None:
        return english
    return translator.gettext(country.name)


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of every country, by name in the language (the active one by default)."""
    return list(_sorted_countries((language or get_language() or "ja")[:2]))


@lru_cache(maxsize=8)
def _sorted_countries(language: str) -> tuple[tuple[str, str], ...]:
    # built once per language: 250 names looked up and sorted took 6 ms of every page with a country list
    return tuple(sorted(((c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries),
                        key=lambda pair: pair[1]))


def is_country_code(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code of a country pycountry knows ("US", not "us" or "XX")."""
    return len(code or "") == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None
