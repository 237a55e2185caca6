"""What goes on a sign: the chosen messages in the chosen languages, the local details, and honest review
marks. Used by the page preview, the PDF, the online sign, packs and the API."""

import math
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse

from .enums import LANGUAGES, Language, Orientation, PageSize
from .labels import review_notes
from .models import Message, Translation
from .pictograms import pictogram, pictogram_of
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


# Type sizes of a sign, largest first, in points on A4 (a third larger on A3). A sheet starts at the largest size
# its texts are estimated to fit the page in; the PDF makes it smaller still when the sheet would not hold
# them. The last is the smallest still printed: a text that does not fit one sheet even in it is refused.
A4_POINTS = (104, 80, 60, 46, 36, 28, 22, 16, 12)
A3_FACTOR = 4 / 3
FOOTER_MM = 46  # the bottom page margin that holds a sign's footer: the QR code and the notes under it
MARGIN_MM = 12
DETAIL_ROW_MM = 10  # one row of the local details' table (16 pt type and its padding)
PICTOGRAM_MM = {PageSize.A4: 42, PageSize.A3: 56}  # the category's pictogram, top right of the sheet
PT_MM = 25.4 / 72


def _em_width(text: str) -> float:
    """The width of a text in ems, roughly: Japanese, Chinese and Korean characters are square, Latin letters
    about half as wide, the other scripts in between."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            width += 1.0
        elif char.isascii():
            width += 0.58
        elif unicodedata.combining(char):
            continue
        else:
            width += 0.75
    return width


@dataclass
class SignBlock:
    message: Message
    lines: list[SignLine]
    spec: SignSpec | None = None
    scale: int = field(init=False)  # an index of A4_POINTS
    # The pictogram gives way when the texts need every millimetre (see `shrink`).
    show_pictogram: bool = field(init=False, default=True)

    def __post_init__(self):
        """The largest size at which the texts are estimated to fit the sheet: a word or two fills the page,
        sentences get smaller but stay readable from afar."""
        self.scale = next((n for n in range(len(A4_POINTS)) if self._fits(n)), len(A4_POINTS) - 1)

    @property
    def points(self) -> int:
        a3 = self.spec is not None and self.spec.size == PageSize.A3
        return round(A4_POINTS[self.scale] * (A3_FACTOR if a3 else 1))

    def _fits(self, scale: int) -> bool:
        spec = self.spec or SignSpec((), ())
        long_side, short_side = (420, 297) if spec.size == PageSize.A3 else (297, 210)
        width, height = (short_side, long_side) if spec.orientation == Orientation.PORTRAIT else (long_side,
                                                                                                   short_side)
        room_w = width - 2 * MARGIN_MM
        room_h = height - MARGIN_MM - FOOTER_MM - (DETAIL_ROW_MM * len(spec.details) + 4 if spec.details else 0)
        if self.has_pictogram:  # on its own row at the top right, above the lines
            room_h -= PICTOGRAM_MM.get(spec.size, 42) + 4
        size = A4_POINTS[scale] * (A3_FACTOR if spec.size == PageSize.A3 else 1) * PT_MM
        used = 0.0
        for n, line in enumerate(self.lines):
            line_size = size * (1.3 if n == 0 else 1.0)
            rows = max(1, math.ceil(_em_width(line.text) * line_size / room_w))
            ruby = 1.45 if line.language.code == "ja-easy" else 1.0  # furigana above the kanji
            used += rows * 1.35 * line_size * ruby + 0.25 * line_size + (0.45 * line_size + 1 if n == 0 else 0)
        return used <= 0.9 * room_h

    @property
    def has_pictogram(self) -> bool:
        return self.show_pictogram and bool(pictogram_of(self.message))

    @property
    def pictogram(self):
        return pictogram(pictogram_of(self.message))

    @property
    def pictogram_mm(self) -> int:
        return PICTOGRAM_MM.get(self.spec.size if self.spec else PageSize.A4, 42)

    @property
    def notes(self) -> list[tuple]:
        """The printed review notes, each in its language: (language, reviewed, text)."""
        return review_notes(self.lines)

    def shrink(self) -> bool:
        """One size class smaller (when the PDF found the estimate too generous); False when already the
        smallest."""
        if self.scale + 1 == len(A4_POINTS):
            if self.has_pictogram:  # the smallest type, and still too long: the texts take the pictogram's room
                self.show_pictogram = False
                return True
            return False
        self.scale += 1
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
            blocks.append(SignBlock(message, lines, spec))
    return Sign(spec, blocks, omitted)


def online_url(spec: SignSpec, languages=None) -> str:
    return f"{reverse('signage:online')}?{spec.query(languages)}"
