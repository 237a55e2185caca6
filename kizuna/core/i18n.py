"""The language of a page read through a signed link, by someone who may have no account (a guest's registration,
a newsletter reader's preferences, a JET participant's safety answer)."""

from django.conf import settings
from django.utils import translation

UI_LANGUAGES = ("ja", "en")  # the languages Kizuna's own words (pages, its mails) are written in


def speak(request, own: str | None) -> str:
    """Activate and return the language the reader chose (the page's ?lang= switch or a posted `lang`, else the
    header's switch, i.e. its cookie), else `own`, the language kept for them on the record (a language Kizuna's
    pages are not written in reads English), else the request's."""
    for chosen in (request.GET.get("lang"), request.POST.get("lang"),
                   request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        if chosen in UI_LANGUAGES:
            language = chosen
            break
    else:
        language = (own if own in UI_LANGUAGES else "en") if own else (translation.get_language() or "ja")
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language
