"""The business plan: fiscal year → area → programme → KPI, and manual KPI figures with their history."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.fiscal import FiscalYearLabel, fiscal_year_bounds
from kizuna.core.models import Organisation, User
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import FIGURE_TRANSITIONS, Aggregation, FigureStatus, KPISource, ProgrammeProgress, TargetBasis


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


class Bilingual(models.Model):
    name = models.CharField(_("name (Japanese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if _english() and self.name_en else self.name


class PlanQuerySet(VisibleQuerySet):
    """The plan is a public document: `visible_to(user)` keeps everything, for everyone (rules.py)."""


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.label)

    def get_absolute_url(self) -> str:
        return reverse("plan:dashboard_year", kwargs={"year": self.year})

    @property
    def label(self) -> FiscalYearLabel:
        return FiscalYearLabel(self.year)

    @property
    def bounds(self):
        return fiscal_year_bounds(self.year)


class Area(Bilingual):
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("number"))
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["fiscal_year", "number"]
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "number"], name="area_number_per_year")]


class Programme(Bilingual):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="programmes")
    code = models.CharField(_("code"), max_length=20,
                            help_text=_("Stable identifier within the year, e.g. 1-2"))
    number = models.PositiveSmallIntegerField(_("number within the area"))
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    division = models.CharField(_("responsible division"), max_length=200, blank=True)
    division_en = models.CharField(_("responsible division (English)"), max_length=200, blank=True)
    offices = models.ManyToManyField(
        Organisation, verbose_name=_("responsible offices"), blank=True, related_name="programmes",
        help_text=_("Headquarters, overseas offices or branches that run this programme."),
    )
    app = models.CharField(_("Kizuna app"), max_length=40, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["area__number", "number"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="programme_code_per_area")]

    def get_absolute_url(self) -> str:
        return path_of("plan:programme", self.pk)

    @property
    def is_sub_programme(self) -> bool:
        """Codes like 1-4-nyc name an office's own work under programme ④ of area 1."""
        return self.code.count("-") >= 2

    @property
    def circled_number(self) -> str:
        return chr(0x2460 + self.number - 1) if 1 <= self.number <= 20 else str(self.number)

    @property
    def display_division(self) -> str:
        return self.division_en if _english() and self.division_en else self.division


class KPI(Bilingual):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="kpis")
    code = models.SlugField(_("code"), max_length=80)
    unit = models.CharField(_("unit"), max_length=40)
    unit_en = models.CharField(_("unit (English)"), max_length=40)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_basis = models.CharField(_("where the target comes from"), max_length=10,
                                    choices=TargetBasis.choices, default=TargetBasis.CLAIR)
    source = models.CharField(_("how the actual is obtained"), max_length=10, choices=KPISource.choices)
    query_key = models.CharField(
        _("registered query"), max_length=80, blank=True,
        help_text=_("The key of a query that an app registers (for KPIs measured by Kizuna)."),
    )
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    order = models.PositiveSmallIntegerField(default=0)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["programme__area__number", "programme__number", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="kpi_code_per_programme"),
            models.CheckConstraint(
                condition=Q(source="manual") | ~Q(query_key=""), name="kpi_query_needs_key"
            ),
        ]

    def get_absolute_url(self) -> str:
        return path_of("plan:kpi", self.pk)

    @property
    def display_unit(self) -> str:
        return self.unit_en if _english() else self.unit


class CurrentQuerySet(VisibleQuerySet):
    def current(self):
        """Those no newer record has superseded."""
        return self.filter(superseded_at__isnull=True)


class KPIEntryQuerySet(CurrentQuerySet):
    def counted(self):
        """The figures the plan counts: current and signed off by a second person."""
        return self.current().filter(status=FigureStatus.SIGNED_OFF)


class KPIEntry(models.Model):
    """A figure entered by staff for a manual KPI, for one quarter and optionally one office or branch.

    A correction supersedes the previous figure instead of overwriting it: the history stays. A figure counts
    once a second person has signed it off (FIGURE_TRANSITIONS); one sent back with a reason never counts."""

    transitions = FIGURE_TRANSITIONS

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="entries")
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("office or branch"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="kpi_entries",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=FigureStatus.choices, default=FigureStatus.ENTERED)
    signed_off_by = models.ForeignKey(User, verbose_name=_("signed off or returned by"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(_("signed off or returned at"), null=True, blank=True)
    return_reason = models.CharField(_("why it was returned"), max_length=500, blank=True)

    objects = KPIEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI figure")
        verbose_name_plural = _("KPI figures")
        ordering = ["kpi", "quarter", "-entered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "quarter", "organisation"],
                condition=Q(superseded_at__isnull=True, organisation__isnull=False),
                name="one_current_figure_per_quarter_and_org",
            ),
            models.UniqueConstraint(
                fields=["kpi", "quarter"], condition=Q(superseded_at__isnull=True, organisation__isnull=True),
                name="one_current_overall_figure_per_quarter",
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4),
                                   name="kpi_entry_quarter_1_to_4"),
            state_constraint("kpientry", FigureStatus),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} Q{self.quarter}: {self.value}"


class ProgrammeReport(models.Model):
    """How a programme stands in a quarter (on track, at risk, behind) with a short note, by its responsible
    division or office. A newer report for the same quarter supersedes the earlier one, which stays."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    progress = models.CharField(pgettext_lazy("how a programme stands", "progress"), max_length=10,
                                choices=ProgrammeProgress.choices)
    note = models.TextField(_("progress note"), max_length=1000)
    reported_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme progress report")
        verbose_name_plural = _("programme progress reports")
        ordering = ["programme", "quarter", "-reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "quarter"], condition=Q(superseded_at__isnull=True),
                                    name="one_current_report_per_programme_and_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_to_4"),
            models.CheckConstraint(condition=Q(progress__in=ProgrammeProgress.values), name="report_progress_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} Q{self.quarter}: {self.get_progress_display()}"

    def get_absolute_url(self) -> str:
        return self.programme.get_absolute_url()
