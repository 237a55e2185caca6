"""The information library: works (a CLAIR Report, a magazine issue and its articles, an office's research
answer, a good practice or a tool of the multicultural portal), their editions by language, each edition's
files (a correction is a new version, the old one kept), the structured guide's sections, and usage per month.

One work holds every language of a publication, so that a search in Japanese finds the English edition too."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import (
    SERIES_NAMES,
    WORK_TRANSITIONS,
    Extraction,
    FileFormat,
    Kind,
    Language,
    PortalField,
    Region,
    Status,
)


class Theme(models.Model):
    """A theme of the library's vocabulary (local finance, disaster preparedness, tourism, …)."""

    slug = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name (Japanese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        return self.name_en if (language or get_language() or "ja")[:2] == "en" and self.name_en else self.name


class WorkQuerySet(VisibleQuerySet):
    def released(self, today=None):
        """Published and past any embargo: what everyone, anonymous included, may read."""
        today = today or timezone.localdate()
        return self.filter(status=Status.PUBLISHED).filter(Q(embargo_until__isnull=True)
                                                           | Q(embargo_until__lte=today))


class Work(models.Model):
    transitions = WORK_TRANSITIONS

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField(_("number in the series"), null=True, blank=True)
    issue = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="articles",
                              verbose_name=_("magazine issue"), limit_choices_to={"kind": Kind.MAGAZINE_ISSUE})
    publisher = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="library_works",
                                  verbose_name=_("responsible organisation"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="works", verbose_name=_("themes"))
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    embargo_until = models.DateField(_("embargoed until"), null=True, blank=True,
                                     help_text=_("Until this day only CLAIR staff see the published work."))
    published_at = models.DateTimeField(_("published in the library at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_notice = models.TextField(_("withdrawal notice"), blank=True)
    # The research flow: the office's answer this work publishes (kept in step by services.follow_research).
    source_request = models.OneToOneField("requests.Request", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="library_work", verbose_name=_("research request"))
    # The multicultural portal (good practices and tools).
    field = models.CharField(_("field"), max_length=16, choices=PortalField.choices, blank=True)
    region = models.CharField(_("region"), max_length=12, choices=Region.choices, blank=True)
    contact = models.TextField(_("contact"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True, verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True)
    # When the work or anything of it (an edition, a file's text) last changed: OAI-PMH's datestamp, bumped by
    # services.reindex, so not a business change of its own.
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = WorkQuerySet.as_manager()
    audit_untracked = ("updated_at",)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["status", "-published_on", "-id"], name="library_work_shelf"),
                   models.Index(fields=["kind", "status", "-published_on", "-id"], name="library_work_kind"),
                   models.Index(fields=["field", "status"], name="library_work_field")]
        constraints = [
            state_constraint("library_work", Status),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="library_work_kind_valid"),
            models.UniqueConstraint(fields=["kind", "number"], condition=Q(number__isnull=False),
                                    name="library_work_number_unique"),
        ]

    def __str__(self) -> str:
        return self.identifier or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return path_of("library:work", self.pk)

    @property
    def identifier(self) -> str:
        """The series and number ("CLAIR Report No. 512"), in the reader's language; empty for others."""
        names = SERIES_NAMES.get(self.kind)
        if names is None or self.number is None:
            return ""
        ja, en = names
        return (en if (get_language() or "ja")[:2] == "en" else ja) % {"number": self.number}

    @property
    def oai_identifier(self) -> str:
        return f"oai:{settings.KIZUNA_OAI_NAMESPACE}:library/{self.pk}"

    def is_released(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == Status.PUBLISHED and (self.embargo_until is None or self.embargo_until <= today)

    def edition_for(self, language: str | None = None):
        """The edition in the reader's language, else Japanese, else English, else any (from prefetched
        `editions`)."""
        editions = list(self.editions.all())
        if not editions:
            return None
        wanted = (language or get_language() or "ja")
        for code in (wanted, wanted[:2], Language.JA, Language.EN):
            for edition in editions:
                if edition.language == code:
                    return edition
        return editions[0]

    @property
    def title(self) -> str:
        edition = self.edition_for()
        return edition.title if edition else ""


class WorkCountry(models.Model):
    """A country a work is about (ISO 3166-1 alpha-2)."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(_("country"), max_length=2)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("country of a publication")
        constraints = [models.UniqueConstraint(fields=["work", "country"], name="library_work_country_once")]
        indexes = [models.Index(fields=["country", "work"], name="library_country_works")]

    def __str__(self) -> str:
        return self.country


class Author(models.Model):
    """An author of a work: an organisation of the directory (an office, a local government), or a name (a
    division, a person), in the order of the title page."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="authors")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation"))
    name = models.CharField(pgettext_lazy("author", "name"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(organisation__isnull=False) | ~Q(name=""),
                                              name="library_author_named")]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        if self.organisation_id is None:
            return self.name
        org = self.organisation
        english = (language or get_language() or "ja")[:2] == "en"
        return (org.name_en if english and org.name_en else org.name) + (f" {self.name}" if self.name else "")


class Edition(models.Model):
    """A work in one language, with its title, abstract and (for answers and guides) its text."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="editions")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["work", "pk"]
        constraints = [models.UniqueConstraint(fields=["work", "language"], name="library_edition_language_once")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        return f"{self.work.get_absolute_url()}#edition-{self.language}"


def _file_path(instance, filename: str) -> str:
    return f"library/{timezone.now():%Y/%m}/{instance.sha256[:2]}/{instance.sha256}.{instance.format}"


class EditionFile(models.Model):
    """A file of an edition. A correction uploads a new version: the old one stays, no longer current."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_file_path)
    name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    correction_note = models.TextField(_("what was corrected"), blank=True)
    extraction = models.CharField(_("text"), max_length=10, choices=Extraction.choices, default=Extraction.PENDING)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    text = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True)

    objects = VisibleQuerySet.as_manager()
    # The extracted text is derived from the file (which the audit names by its hash): its entry records the
    # page count and the extraction's outcome, not a copy of the text.
    audit_untracked = ("text",)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["edition", "-is_current", "name", "-version"]
        indexes = [models.Index(fields=["extraction"], name="library_file_extraction")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class GuideSection(models.Model):
    """A section of a structured guide's edition (the Multilingual Support Guide): numbered headings at up to
    three levels, each with its text."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    level = models.PositiveSmallIntegerField(default=1)
    number = models.CharField(_("number"), max_length=16, blank=True)
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("text"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("guide section")
        ordering = ["edition", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="library_section_level")]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip()


class Usage(models.Model):
    """Views of a work's page and downloads of its files in a month: counts only, no personal data."""

    # A counter derived from page views, written on every read: not a business record with an audit entry.
    audited = False

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="usage")
    month = models.DateField()
    views = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("usage")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["work", "month"], name="library_usage_month_once")]
        indexes = [models.Index(fields=["month"], name="library_usage_month")]

    def __str__(self) -> str:
        return f"{self.work_id} {self.month:%Y-%m}"
