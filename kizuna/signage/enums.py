"""Languages of the signs, their fonts, presets, phases, and the transition tables of translations (their
review) and shelter packs (made by a background task)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable

MAX_LANGUAGES = 5  # at most five languages on one sheet, as CLAIR's tool


@dataclass(frozen=True)
class Language:
    code: str
    html_lang: str
    name: str  # English name (the UI translates it)
    native: str
    font: str  # the Noto family that holds the script's glyphs
    script: str


_LANGS = [
    Language("ja", "ja", "Japanese", "日本語", "Noto Sans CJK JP", "Japanese"),
    Language("ja-easy", "ja", "Easy Japanese", "やさしい にほんご", "Noto Sans CJK JP", "Japanese"),
    Language("en", "en", "English", "English", "Noto Sans", "Latin"),
    Language("zh-Hans", "zh-Hans", "Chinese (simplified)", "简体中文", "Noto Sans CJK SC", "Chinese simplified"),
    Language("zh-Hant", "zh-Hant", "Chinese (traditional)", "繁體中文", "Noto Sans CJK TC", "Chinese traditional"),
    Language("ko", "ko", "Korean", "한국어", "Noto Sans CJK KR", "Hangul"),
    Language("vi", "vi", "Vietnamese", "Tiếng Việt", "Noto Sans", "Latin"),
    Language("ne", "ne", "Nepali", "नेपाली", "Noto Sans Devanagari", "Devanagari"),
    Language("id", "id", "Indonesian", "Bahasa Indonesia", "Noto Sans", "Latin"),
    Language("th", "th", "Thai", "ภาษาไทย", "Noto Sans Thai", "Thai"),
    Language("tl", "tl", "Tagalog", "Tagalog", "Noto Sans", "Latin"),
    Language("pt", "pt", "Portuguese", "Português", "Noto Sans", "Latin"),
    Language("es", "es", "Spanish", "Español", "Noto Sans", "Latin"),
    Language("my", "my", "Burmese", "မြန်မာဘာသာ", "Noto Sans Myanmar", "Myanmar"),
    Language("ru", "ru", "Russian", "Русский", "Noto Sans", "Cyrillic"),
    Language("si", "si", "Sinhala", "සිංහල", "Noto Sans Sinhala", "Sinhala"),
    Language("bn", "bn", "Bengali", "বাংলা", "Noto Sans Bengali", "Bengali"),
]
LANGUAGES: dict[str, Language] = {lang.code: lang for lang in _LANGS}
LANGUAGE_CODES = tuple(LANGUAGES)

# Preset language sets (CLAIR's tool had ten): the largest groups of foreign residents first.
PRESETS: dict[str, tuple[str, ...]] = {
    "standard": ("ja", "ja-easy", "en", "zh-Hans", "ko"),
    "asia-1": ("ja-easy", "en", "zh-Hans", "vi", "ne"),
    "asia-2": ("ja-easy", "en", "id", "tl", "th"),
    "south-asia": ("ja-easy", "en", "ne", "si", "bn"),
    "south-east-asia": ("ja-easy", "vi", "id", "my", "th"),
    "east-asia": ("ja", "zh-Hans", "zh-Hant", "ko", "en"),
    "latin-america": ("ja-easy", "en", "pt", "es", "tl"),
    "workers": ("ja-easy", "vi", "id", "my", "ne"),
    "europe": ("ja", "en", "ru", "pt", "es"),
    "japanese": ("ja", "ja-easy", "en"),
}


class Phase(models.TextChoices):
    DISASTER = "disaster", _("The disaster and lifelines")
    EVACUATION = "evacuation", _("Evacuating")
    SHELTER = "shelter", _("Life in the shelter through recovery")
    FACILITY = "facility", _("Shelter facilities")


class Method(models.TextChoices):
    HUMAN = "human", _("Written by a person")
    MACHINE = "machine", _("Machine-drafted")


class TranslationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class PageSize(models.TextChoices):
    A4 = "A4", "A4"
    A3 = "A3", "A3"


class Orientation(models.TextChoices):
    PORTRAIT = "portrait", _("Portrait")
    LANDSCAPE = "landscape", _("Landscape")


class PackStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


TRANSLATION_TRANSITIONS = TransitionTable(
    Transition("approve", {TranslationStatus.PROPOSED}, TranslationStatus.APPROVED,
               "signage.review_translation", _("Approve"),
               fields=("is_current", "native_reviewed", "reviewer", "reviewer_name", "reviewed_at")),
    Transition("reject", {TranslationStatus.PROPOSED}, TranslationStatus.REJECTED,
               "signage.review_translation", pgettext_lazy("translation review", "Reject"), fields=("is_current",)),
)


# A shelter pack is made by the background task alone: each of its steps is a system step (no person takes it,
# and the entry says "system"). `done` counts the signs made so far; it is untracked (kizuna/signage/models.py).
PACK_TRANSITIONS = TransitionTable(
    Transition("start", {PackStatus.QUEUED}, PackStatus.RUNNING, label=_("Started making the pack"),
               system=True, fields=("total", "done")),
    Transition("finish", {PackStatus.RUNNING}, PackStatus.DONE, label=_("Finished the pack"), system=True,
               fields=("file", "finished_at")),
    Transition("fail", {PackStatus.QUEUED, PackStatus.RUNNING}, PackStatus.FAILED,
               label=_("Could not make the pack"), system=True, fields=("error", "finished_at")),
)


class SheetKind(models.TextChoices):
    """What a printable file made by the builder is (the plan counts them: `signage.sheets.created`)."""

    SIGN = "sign", pgettext_lazy("a printed sheet", "Sign")
    BOARD = "board", _("Pointing board")
    CARD = "card", _("Evacuee registration card")
    PACK = "pack", _("Shelter pack")
    PICTOGRAMS = "picto", _("Pictogram sheet")
    DOCX = "docx", _("Word file of a sign or board")
