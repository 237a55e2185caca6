"""The home page is filled by every app, as the organisation page is: each registers a provider here.

A provider is `callable(request) -> HomeContribution | None` and says, for the person who asks:

- `waiting`: what waits for them (`OpenItem`: a sentence, a link, how many, by when), first on the page;
- `start`: what they can start (`Start`: a verb phrase and a link: 助成を申請する, イベントに申し込む …);
- `recent`: their own latest records (`Recent`: a name, a link, a status tag);
- `panels`: anything else an app shows below (`{"title": str, "template": str, "context": dict}`).

Core imports no app; apps register in their AppConfig.ready().
"""

from dataclasses import dataclass, field
from datetime import date, datetime

_PROVIDERS: list = []


@dataclass
class OpenItem:
    text: str
    url: str = ""
    link_text: str = ""
    count: int | None = None
    due: date | datetime | None = None


@dataclass
class Start:
    label: str
    url: str
    hint: str = ""


@dataclass
class Recent:
    text: str
    url: str
    status: str = ""
    tone: str = "neutral"
    when: date | datetime | None = None


@dataclass
class HomeContribution:
    waiting: list[OpenItem] = field(default_factory=list)
    start: list[Start] = field(default_factory=list)
    recent: list[Recent] = field(default_factory=list)
    panels: list[dict] = field(default_factory=list)

    @property
    def items(self) -> list[OpenItem]:  # the name the first providers used
        return self.waiting


def register_home_provider(provider):
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def home_contributions(request) -> HomeContribution:
    found = HomeContribution()
    for provider in _PROVIDERS:
        contribution = provider(request)
        if contribution:
            found.waiting += contribution.waiting
            found.start += contribution.start
            found.recent += contribution.recent
            found.panels += contribution.panels
    found.recent.sort(key=lambda r: str(r.when or ""), reverse=True)  # newest first
    return found
