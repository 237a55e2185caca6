"""The phrase bank (categories, purposes, messages, translations with provenance) and shelter packs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.models import Organisation, User
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.text import normalise
from kizuna.core.workflow import state_constraint

from .enums import (
    LANGUAGE_CODES,
    PACK_TRANSITIONS,
    TRANSLATION_TRANSITIONS,
    Method,
    Orientation,
    PackStatus,
    PageSize,
    Phase,
    SheetKind,
    TranslationStatus,
)
from .pictograms import pictogram_choices
from .ruby import plain, readings

LANGUAGE_CHOICES = [(code, code) for code in LANGUAGE_CODES]


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


class Named(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    number = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["number", "key"]

    def __str__(self) -> str:
        return self.name_en if _english() else self.name


class Category(Named):
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)

    class Meta(Named.Meta):
        verbose_name = pgettext_lazy("sign message", "category")
        verbose_name_plural = _("categories")


class Purpose(Named):
    class Meta(Named.Meta):
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")


class MessageQuerySet(VisibleQuerySet):
    """`visible_to(user)`: the bank, and the own messages of the organisations the person acts for
    (kizuna/signage/rules.py)."""



class Message(models.Model):
    # The search index is derived from the current translations, whose every change is logged.
    audit_untracked = ("search_text",)

    key = models.SlugField(_("key"), max_length=80)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="messages",
                                 verbose_name=pgettext_lazy("sign message", "category"))
    purposes = models.ManyToManyField(Purpose, blank=True, related_name="messages", verbose_name=_("purposes"))
    number = models.PositiveSmallIntegerField(_("order"), default=0)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="signage_messages", verbose_name=_("organisation"),
                                     help_text=_("Set for a municipality's own message, shared with its "
                                                 "colleagues only."))
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("added by"))
    pictogram = models.CharField(_("pictogram"), max_length=40, blank=True, choices=pictogram_choices,
                                 help_text=_("Printed on the sign instead of the category's pictogram."))
    search_text = models.TextField(editable=False, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["category__number", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(organisation__isnull=True),
                                    name="signage_bank_message_key_unique"),
            models.UniqueConstraint(fields=["organisation", "key"], name="signage_own_message_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key

    def get_absolute_url(self) -> str:
        return path_of("signage:message", self.pk)


class Translation(models.Model):
    """One text of a message in one language, with where it came from.

    `is_current` marks the text signs use (one per message and language). Loaded drafts are current while
    nobody has approved another; an approved proposal becomes current. `native_reviewed` is only ever set by a
    reviewer who declares they are a native speaker and checked the text: never by a loader."""

    transitions = TRANSLATION_TRANSITIONS

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="translations",
                                verbose_name=_("message"))
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("text"), max_length=400,
                            help_text=_("For Easy Japanese, write readings as {漢字|かんじ}."))
    status = models.CharField(_("status"), max_length=12, choices=TranslationStatus.choices,
                              default=TranslationStatus.PROPOSED)
    is_current = models.BooleanField(_("used on signs"), default=False)
    method = models.CharField(_("how it was made"), max_length=10, choices=Method.choices)
    author = models.CharField(_("who made it"), max_length=200)
    proposed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("proposed by"))
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    native_reviewed = models.BooleanField(_("reviewed by a native speaker"), default=False)
    reviewer = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("reviewed by"))
    reviewer_name = models.CharField(_("reviewer"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["message", "language", "-created_at"]
        constraints = [
            state_constraint("signage_translation", TranslationStatus),
            models.UniqueConstraint(fields=["message", "language"], condition=Q(is_current=True),
                                    name="signage_one_current_translation"),
            models.CheckConstraint(condition=Q(native_reviewed=False) | Q(reviewed_at__isnull=False),
                                   name="signage_native_review_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.message.key} [{self.language}]"

    @property
    def plain_text(self) -> str:

        return plain(self.text)


def message_search_text(texts) -> str:
    """Every language's text, normalised, readings included, for a substring search."""

    parts = []
    for text in texts:
        parts.extend([plain(text), readings(text)])
    return normalise(" ".join(p for p in parts if p))


class Pack(models.Model):
    """A shelter pack: one PDF sign per message for a language set, zipped by a background task, which takes
    it through its states (PACK_TRANSITIONS) and counts the signs made in `done`."""

    transitions = PACK_TRANSITIONS
    audit_untracked = ("done",)  # progress, once per sign; the steps record the total and the outcome

    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signage_packs",
                                     verbose_name=_("requested by"))
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("organisation"))
    languages = models.JSONField(_("languages"))
    size = models.CharField(_("paper"), max_length=2, choices=PageSize.choices, default=PageSize.A4)
    orientation = models.CharField(_("orientation"), max_length=10, choices=Orientation.choices,
                                   default=Orientation.PORTRAIT)
    reviewed_only = models.BooleanField(_("reviewed translations only"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    total = models.PositiveIntegerField(_("signs to make"), default=0)
    done = models.PositiveIntegerField(_("signs made"), default=0)
    file = models.FileField(_("ZIP file"), upload_to="signage/packs/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("shelter pack")
        verbose_name_plural = _("shelter packs")
        ordering = ["-created_at"]
        constraints = [state_constraint("signage_pack", PackStatus),
                       models.CheckConstraint(condition=Q(done__lte=models.F("total")),
                                              name="signage_pack_done_le_total")]

    def __str__(self) -> str:
        return f"pack {self.pk} ({', '.join(self.languages)})"

    def get_absolute_url(self) -> str:
        return path_of("signage:pack", self.pk)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class SheetMade(models.Model):
    """Printable sheets made: a sign, a pointing board, the registration card (each one sheet per file) or the
    signs of a shelter pack. The records behind the plan's `signage.sheets.created`; packs themselves are
    deleted after a while, these stay.

    The builder needs no account, so a record names no person: only the organisation of a signed-in maker, for
    the branches' figures. It is a usage count written when a file is made, like a download counter: no person
    changes a record, so it is not audited."""

    audited = False

    kind = models.CharField(_("kind"), max_length=5, choices=SheetKind.choices)
    sheets = models.PositiveIntegerField(_("sheets"), default=1)
    languages = models.JSONField(_("languages"), default=list)
    size = models.CharField(_("paper"), max_length=2, choices=PageSize.choices, default=PageSize.A4)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("made for"))
    made_at = models.DateTimeField(_("made at"), auto_now_add=True, db_index=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("sheets made")
        verbose_name_plural = _("sheets made")
        ordering = ["-made_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(sheets__gte=1), name="signage_sheets_made_at_least_one"),
                       models.CheckConstraint(condition=Q(kind__in=SheetKind.values),
                                              name="signage_sheetmade_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.sheets} ({', '.join(self.languages)})"
