"""Pages that every app fills: each registers a section provider for a page here.

A provider is `callable(request, obj) -> dict | None` returning `{"title": str, "template": str, "context":
dict}`, or None when it has nothing to show this person. The organisation page ("organisation") takes a section
from every app; a JET participant's page ("jet.participant") one from learning, which the JET app may not import.
"""

from collections import defaultdict

_PROVIDERS: dict[str, list] = defaultdict(list)


def register_section(provider=None, *, page: str = "organisation"):
    """Register `provider` for `page` (usable as a decorator, with or without the page)."""
    if provider is None:
        return lambda found: register_section(found, page=page)
    _PROVIDERS[page].append(provider)
    return provider


def sections_for(page: str, request, obj) -> list[dict]:
    sections = []
    for provider in _PROVIDERS[page]:
        section = provider(request, obj)
        if section:
            sections.append(section)
    return sections


def organisation_sections(request, organisation) -> list[dict]:
    return sections_for("organisation", request, organisation)
