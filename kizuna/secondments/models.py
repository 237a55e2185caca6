"""Staff seconded to CLAIR by local governments (自治体派遣職員): the secondment, its postings at headquarters or
an overseas office, language training and test results, field training abroad, on-the-job training records, and
the expert training curriculum (programme 6-2) whose courses are events of the events app."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint
from kizuna.library.enums import Language

from .enums import SECONDMENT_TRANSITIONS, Division, SecondmentStatus, Topic


def _ends_after(table: str, start: str = "starts_on", end: str = "ends_on") -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
                                  name=f"secondments_{table}_{end}_after_{start}")


class Secondment(models.Model):
    """A person's secondment from their local government to CLAIR, usually two years. `organisation` is where the
    person works now (the current posting's headquarters or office), kept by the services from the postings."""

    transitions = SECONDMENT_TRANSITIONS

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="secondments",
                               verbose_name=_("seconded person"))
    home_government = models.ForeignKey("core.Organisation", on_delete=models.PROTECT,
                                        related_name="seconded_staff", verbose_name=_("home local government"))
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="secondees", verbose_name=_("working at"))
    home_division = models.CharField(_("division at home"), max_length=150, blank=True)
    starts_on = models.DateField(_("secondment from"))
    ends_on = models.DateField(_("secondment until"))
    started_on = models.DateField(_("arrived on"), null=True, blank=True)
    ended_on = models.DateField(_("left on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SecondmentStatus.choices,
                              default=SecondmentStatus.PLANNED, db_index=True)
    note = models.TextField(pgettext_lazy("secondment", "note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("secondment")
        verbose_name_plural = _("secondments")
        ordering = ["-starts_on", "pk"]
        constraints = [
            state_constraint("secondments_secondment", SecondmentStatus),
            _ends_after("secondment"),
            _ends_after("secondment", "starts_on", "ended_on"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.home_government})"

    def get_absolute_url(self) -> str:
        return path_of("secondments:secondment", self.pk)


class Posting(models.Model):
    """Where the person works during the secondment: a division of headquarters or an overseas office, from a
    date; several in sequence (the last one without an end is the current one)."""

    secondment = models.ForeignKey(Secondment, on_delete=models.CASCADE, related_name="postings",
                                   verbose_name=_("secondment"))
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("headquarters or office"))
    division = models.CharField(pgettext_lazy("CLAIR division", "division"), max_length=30,
                                choices=Division.choices, blank=True)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["secondment", "starts_on", "pk"]
        constraints = [_ends_after("posting")]

    def __str__(self) -> str:
        where = str(self.organisation)
        return f"{where} {self.get_division_display()}".strip()


class LanguageTraining(models.Model):
    """A language course taken during the secondment, with its hours."""

    secondment = models.ForeignKey(Secondment, on_delete=models.CASCADE, related_name="language_trainings",
                                   verbose_name=_("secondment"))
    name = models.CharField(_("course"), max_length=200)
    language = models.CharField(_("language"), max_length=7, choices=Language.choices)
    provider = models.CharField(_("school or teacher"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("language training")
        verbose_name_plural = _("language trainings")
        ordering = ["secondment", "starts_on", "pk"]
        constraints = [_ends_after("languagetraining"),
                       models.CheckConstraint(condition=Q(hours__gte=0), name="secondments_training_hours_positive")]

    def __str__(self) -> str:
        return self.name


class LanguageTest(models.Model):
    """A language test taken and its result (TOEIC, HSK, TOPIK, DELF …): a personal result, not shown to the
    home government."""

    secondment = models.ForeignKey(Secondment, on_delete=models.CASCADE, related_name="language_tests",
                                   verbose_name=_("secondment"))
    name = models.CharField(_("test"), max_length=100, help_text=_("e.g. TOEIC L&R, HSK, TOPIK, DELF"))
    language = models.CharField(_("language"), max_length=7, choices=Language.choices)
    taken_on = models.DateField(_("taken on"))
    score = models.CharField(_("score"), max_length=30, blank=True)
    level = models.CharField(_("level or grade"), max_length=30, blank=True)
    result_on = models.DateField(_("result on"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("language test")
        verbose_name_plural = _("language tests")
        ordering = ["secondment", "taken_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["secondment", "name", "taken_on"], name="secondments_one_test_a_day"),
            _ends_after("languagetest", "taken_on", "result_on"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.taken_on:%Y-%m-%d}"


class FieldTraining(models.Model):
    """A field training abroad (海外実地研修): where, when, on what, and the report written afterwards."""

    secondment = models.ForeignKey(Secondment, on_delete=models.CASCADE, related_name="field_trainings",
                                   verbose_name=_("secondment"))
    country = models.CharField(_("country"), max_length=2)
    place = models.CharField(_("place"), max_length=200)
    host_office = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("hosting office"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    theme = models.CharField(_("theme"), max_length=300)
    report = models.TextField(_("report"), blank=True)
    report_on = models.DateField(_("report submitted on"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("field training abroad")
        verbose_name_plural = _("field trainings abroad")
        ordering = ["secondment", "starts_on", "pk"]
        constraints = [_ends_after("fieldtraining")]

    def __str__(self) -> str:
        return self.theme


class OJTRecord(models.Model):
    """A period of on-the-job training: the unit, the supervisor, the tasks and the supervisor's assessment (the
    assessment is personal: not shown to the home government)."""

    secondment = models.ForeignKey(Secondment, on_delete=models.CASCADE, related_name="ojt_records",
                                   verbose_name=_("secondment"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    unit = models.CharField(_("unit"), max_length=200)
    supervisor = models.CharField(_("supervisor"), max_length=150)
    tasks = models.TextField(_("tasks"))
    assessment = models.TextField(_("assessment"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("on-the-job training record")
        verbose_name_plural = _("on-the-job training records")
        ordering = ["secondment", "starts_on", "pk"]
        constraints = [_ends_after("ojtrecord")]

    def __str__(self) -> str:
        return f"{self.unit} {self.starts_on:%Y-%m}"


class Course(models.Model):
    """A course of the expert training curriculum (programme 6-2), held as one or more events: a person has done
    it once they attended (checked in at) or received the certificate of any of its events."""

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order in the curriculum"), default=0)
    is_active = models.BooleanField(_("in the curriculum"), default=True)
    events = models.ManyToManyField("events.Event", blank=True, related_name="curriculum_courses",
                                    verbose_name=_("events of the course"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("curriculum course")
        verbose_name_plural = _("curriculum courses")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    def get_absolute_url(self) -> str:
        return path_of("secondments:course_edit", self.pk)
