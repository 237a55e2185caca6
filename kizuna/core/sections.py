"""The organisation page is filled by every app: each registers a section provider here.

A provider is `callable(request, organisation) -> dict | None` returning
`{"title": str, "template": str, "context": dict}` or None when it has nothing to show this person.
"""

_PROVIDERS: list = []


def register_section(provider):
    _PROVIDERS.append(provider)
    return provider


def organisation_sections(request, organisation) -> list[dict]:
    sections = []
    for provider in _PROVIDERS:
        section = provider(request, organisation)
        if section:
            sections.append(section)
    return sections
