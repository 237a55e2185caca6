"""Rendered fragments kept in the app-server process under a key that carries the version of their data.

Lists that most people see the same way (the directory, the public event list, the plan dashboard) are rendered
once per view of them and kept in each process for a short time. The key carries a version of the data they
show (an aggregate over the rows, or a counter in the shared cache), so a change shows on every server at once
without sharing the rendered bodies (reading a 100 KB body back from a shared database cache would cost more
than rendering it):

    DIRECTORY = RenderCache("directory", ttl=300)
    content = DIRECTORY.get_or_render([language, audience, directory_version(), query], lambda: render_to_string(…))
"""

import functools
import hashlib
from collections.abc import Callable, Iterable

from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

_ALL: list["RenderCache"] = []


class RenderCache:
    def __init__(self, name: str, *, ttl: int | None, max_entries: int = 1000):
        self.name = name
        self.ttl = ttl
        self._store = LocMemCache(f"kizuna-{name}", {"TIMEOUT": ttl, "OPTIONS": {"MAX_ENTRIES": max_entries}})
        _ALL.append(self)

    def key(self, parts: Iterable) -> str:
        joined = "\x1f".join(str(p) for p in parts)
        return f"kizuna:{self.name}:" + hashlib.sha256(joined.encode()).hexdigest()

    def get(self, parts: Iterable):
        return self._store.get(self.key(parts))

    def set(self, parts: Iterable, value) -> None:
        self._store.set(self.key(parts), value, timeout=self.ttl)

    def get_or_render(self, parts: Iterable, render: Callable[[], str]) -> SafeString:
        """The body kept under `parts`, or `render()` kept now. Bodies come from our own autoescaping templates."""
        key = self.key(parts)
        body = self._store.get(key)
        if body is None:
            body = render()
            self._store.set(key, body, timeout=self.ttl)
        return mark_safe(body)  # rendered by our own autoescaping templates

    def for_anonymous(self, request, parts: Callable[[], Iterable], render: Callable[[], str]) -> SafeString:
        """A public list as anonymous visitors (most of its traffic) see it, all the same: kept under `parts()`
        and the language; a signed-in person may see more (their own unlisted entry, staff's view), so theirs is
        rendered each time (and the version in `parts()`, a query, is not read for them)."""
        if request.user.is_authenticated:
            return mark_safe(render())  # rendered by our own autoescaping templates
        return self.get_or_render([*parts(), request.LANGUAGE_CODE], render)

    def clear(self) -> None:
        self._store.clear()


def for_anonymous_reads(cache: RenderCache, version: Callable[[], str]):
    """An API read that answers every caller without an account or a token alike (a public directory), kept
    whole under `version()`, the address with its query and the language: for django-ninja's `decorate_view`
    (it wraps the operation, authentication included). A signed-in caller or one with a token, and any answer
    but 200, go through as usual.

        @router.get("/ngos", …)
        @decorate_view(for_anonymous_reads(LISTS, lambda: data_version(NgoProfile)))
    """
    def decorator(run):
        @functools.wraps(run)
        def wrapper(request, *args, **kwargs):
            if (request.method != "GET" or "HTTP_AUTHORIZATION" in request.META
                    or request.user.is_authenticated):
                return run(request, *args, **kwargs)
            parts = ["api", version(), request.get_full_path(), getattr(request, "LANGUAGE_CODE", "")]
            kept = cache.get(parts)
            if kept is not None:
                return HttpResponse(kept[0], headers=kept[1])
            response = run(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(parts, (response.content, dict(response.items())))
            return response

        return wrapper

    return decorator


def clear_render_caches() -> None:
    """Tests: forget every body this process keeps."""
    for cache in _ALL:
        cache.clear()
