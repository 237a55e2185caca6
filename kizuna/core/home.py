"""The home page is filled by every app, as the organisation page is: each registers a provider here.

A provider is `callable(request) -> HomeContribution | None`: open items (what waits for the person: text and
a link) and panels (`{"title": str, "template": str, "context": dict}`) that the home page shows below them.
Core imports no app; apps register in their AppConfig.ready().
"""

from dataclasses import dataclass, field

_PROVIDERS: list = []


@dataclass
class OpenItem:
    text: str
    url: str = ""
    link_text: str = ""


@dataclass
class HomeContribution:
    items: list[OpenItem] = field(default_factory=list)
    panels: list[dict] = field(default_factory=list)


def register_home_provider(provider):
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def home_contributions(request) -> HomeContribution:
    found = HomeContribution()
    for provider in _PROVIDERS:
        contribution = provider(request)
        if contribution:
            found.items += contribution.items
            found.panels += contribution.panels
    return found
