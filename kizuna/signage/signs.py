"""What goes on a sign: the chosen messages in the chosen languages, the local details, and honest review
marks. Used by the page preview, the PDF, the online sign, packs and the API."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse

from .enums import LANGUAGES, Language, Orientation, PageSize
from .labels import review_notes
from .models import Message, Translation
from .ruby import plain, to_html, to_print_html

DETAIL_FIELDS = ("shelter", "floor", "times", "note")


@dataclass(frozen=True)
class SignSpec:
    message_ids: tuple[int, ...]
    languages: tuple[str, ...]
    size: str = PageSize.A4
    orientation: str = Orientation.PORTRAIT
    reviewed_only: bool = False
    details: dict = field(default_factory=dict)

    @property
    def sheet_height_mm(self) -> int:
        """The printable height of one page (12 mm margins), so the footer sits at the bottom."""
        long_side, short_side = (420, 297) if self.size == PageSize.A3 else (297, 210)
        return (long_side if self.orientation == Orientation.PORTRAIT else short_side) - 24 - 1

    def query(self, languages=None) -> str:
        params = [("m", pk) for pk in self.message_ids]
        params += [("lang", code) for code in (languages or self.languages)]
        params += [(k, v) for k, v in self.details.items() if v]
        params += [("size", self.size), ("orientation", self.orientation)]
        if self.reviewed_only:
            params.append(("reviewed_only", "on"))
        return urlencode(params)


# The language every message is written in first; the others are its translations. A source text is not a
# translation, so it carries no review mark and no review note.
SOURCE_LANGUAGE = "ja"


@dataclass
class SignLine:
    language: Language
    text: str
    html: str
    reviewed: bool
    method: str
    print_html: str = ""

    @property
    def is_source(self) -> bool:
        return self.language.code == SOURCE_LANGUAGE

    @property
    def marked(self) -> bool:
        """Whether the line carries the * of a translation not checked by a native speaker."""
        return not (self.reviewed or self.is_source)


# Type size classes of a sign, largest first (point sizes in print/sign.html). "xs" is the smallest still
# printed; a text that does not fit one sheet even in it is refused, never cut off.
SCALES = ("xl", "l", "m", "s", "xs")


@dataclass
class SignBlock:
    message: Message
    lines: list[SignLine]
    scale: str = field(init=False)

    def __post_init__(self):
        """A size class from the longest text: short words stay huge, sentences get smaller but readable.
        The PDF makes it smaller still (`shrink`) when the sheet would not hold the texts."""
        n = self.longest
        self.scale = "xl" if n <= 12 else "l" if n <= 30 else "m" if n <= 70 else "s"

    @property
    def longest(self) -> int:
        return max((len(line.text) for line in self.lines), default=0)

    @property
    def notes(self) -> list[tuple]:
        """The printed review notes, each in its language: (language, reviewed, text)."""
        return review_notes(self.lines)

    def shrink(self) -> bool:
        """One size class smaller; False when already the smallest."""
        n = SCALES.index(self.scale)
        if n + 1 == len(SCALES):
            return False
        self.scale = SCALES[n + 1]
        return True


@dataclass
class Sign:
    spec: SignSpec
    blocks: list[SignBlock]
    omitted: list[str]  # "message [language]" left out in reviewed-only mode

    @property
    def unreviewed_languages(self) -> list[Language]:
        found = {line.language.code for b in self.blocks for line in b.lines if line.marked}
        return [LANGUAGES[c] for c in self.spec.languages if c in found]

    @property
    def notes(self) -> list[tuple]:
        """The review notes of the whole sheet (boards and the card print all messages on one sheet)."""
        return review_notes([line for block in self.blocks for line in block.lines])

    @property
    def fonts(self) -> list[str]:
        return sorted({LANGUAGES[c].font for c in self.spec.languages})


def current_translations(languages) -> Prefetch:
    return Prefetch("translations", to_attr="current",
                    queryset=Translation.objects.filter(is_current=True, language__in=list(languages)))


def build_sign(spec: SignSpec, user, messages=None) -> Sign:
    """The sign for `spec`; `messages` (already visible to the user, with `current` prefetched) saves a query."""
    if messages is None:
        qs = Message.objects.visible_to(user).filter(pk__in=spec.message_ids)
        messages = list(qs.select_related("category").prefetch_related(current_translations(spec.languages)))
        order = {pk: n for n, pk in enumerate(spec.message_ids)}
        messages.sort(key=lambda m: order.get(m.pk, 0))
    blocks, omitted = [], []
    for message in messages:
        by_lang = {t.language: t for t in message.current}
        lines = []
        for code in spec.languages:
            t = by_lang.get(code)
            if t is None or (spec.reviewed_only and not t.native_reviewed and code != SOURCE_LANGUAGE):
                omitted.append(f"{message.key} [{code}]")
                continue
            lines.append(SignLine(LANGUAGES[code], plain(t.text), to_html(t.text), t.native_reviewed, t.method,
                                  to_print_html(t.text)))
        if lines:
            blocks.append(SignBlock(message, lines))
    return Sign(spec, blocks, omitted)


def online_url(spec: SignSpec, languages=None) -> str:
    return f"{reverse('signage:online')}?{spec.query(languages)}"
