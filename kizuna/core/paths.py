"""The path of a record's page, for the rows of long lists.

`reverse()` walks the URL resolver for every call: for a 50-row list that was a tenth of the page's time. A
record's page differs from its neighbours' only in the id, so the pattern is reversed once (per URL name, script
prefix and URLconf) with a placeholder, and each row's id is put in its place."""

import functools

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = 918_273_645_546_372_819  # an id no table reaches, so it occurs in the reversed path only as itself


@functools.lru_cache(maxsize=512)
def _around(viewname: str, prefix: str, urlconf) -> tuple[str, str]:
    before, found, after = reverse(viewname, args=[_PLACEHOLDER], urlconf=urlconf).partition(str(_PLACEHOLDER))
    if not found:
        raise ImproperlyConfigured(f"{viewname}: its path does not hold its id as written (an <int:…> converter)")
    return before, after


def path_of(viewname: str, pk: int) -> str:
    """`reverse(viewname, args=[pk])` for a URL whose one argument is a record's integer id."""
    before, after = _around(viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{before}{int(pk)}{after}"
