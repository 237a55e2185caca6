"""Courses for JET participants (content in Japanese and English: modules and a quiz), and each participant's
enrolment with their progress, quiz attempts and completion."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import COURSE_TRANSITIONS, ENROLMENT_TRANSITIONS, OPEN, CourseKind, CourseStatus, EnrolmentStatus, Level


def _in_language(obj, name: str) -> str:
    """The Japanese or the English text of `name` for the active language, the other when it is empty."""
    ja, en = getattr(obj, f"{name}_ja"), getattr(obj, f"{name}_en")
    if (get_language() or "ja").startswith("ja"):
        return ja or en
    return en or ja


class Course(models.Model):
    transitions = COURSE_TRANSITIONS

    kind = models.CharField(_("kind of course"), max_length=12, choices=CourseKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.CharField(_("for the position"), max_length=3, blank=True,
                                help_text=_("Empty: every position."))
    new_arrivals_only = models.BooleanField(_("for new arrivals only"), default=False)
    due_days_after_arrival = models.PositiveSmallIntegerField(
        _("due (days after arrival)"), null=True, blank=True,
        help_text=_("Empty: no due date. The due date of each participant is counted from their arrival."))
    access_days = models.PositiveSmallIntegerField(_("access (days from enrolment)"), null=True, blank=True,
                                                   help_text=_("Empty: no end of access."))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    max_attempts = models.PositiveSmallIntegerField(_("attempts at the quiz"), default=3)
    status = models.CharField(_("status"), max_length=10, choices=CourseStatus.choices, default=CourseStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["kind", "level", "title_ja", "pk"]
        constraints = [
            state_constraint("learning_course", CourseStatus),
            models.CheckConstraint(condition=Q(kind__in=CourseKind.values), name="learning_course_kind_valid"),
            models.CheckConstraint(condition=Q(level__in=["", *Level.values]), name="learning_course_level_valid"),
            models.CheckConstraint(condition=Q(pass_mark__gte=0, pass_mark__lte=100),
                                   name="learning_course_pass_mark_0_100"),
            models.CheckConstraint(condition=Q(max_attempts__gte=1), name="learning_course_one_attempt_at_least"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("learning:course", self.pk)

    @property
    def title(self) -> str:
        return _in_language(self, "title")

    @property
    def description(self) -> str:
        return _in_language(self, "description")


class Module(models.Model):
    """One part of a course, read in order."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("number"))
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    content_ja = models.TextField(_("content (Japanese)"))
    content_en = models.TextField(_("content (English)"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "number"]
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="learning_module_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return _in_language(self, "title")

    @property
    def content(self) -> str:
        return _in_language(self, "content")


class Question(models.Model):
    """A question of the course's quiz, with one right choice among its choices."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions", verbose_name=_("course"))
    number = models.PositiveSmallIntegerField(_("number"))
    text_ja = models.TextField(_("question (Japanese)"))
    text_en = models.TextField(_("question (English)"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["course", "number"]
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="learning_question_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def text(self) -> str:
        return _in_language(self, "text")


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text_ja = models.CharField(_("choice (Japanese)"), max_length=300)
    text_en = models.CharField(_("choice (English)"), max_length=300)
    is_correct = models.BooleanField(_("the right answer"), default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _in_language(self, "text")


class Enrolment(models.Model):
    """A participant on a course: due a number of days after their arrival (e-learning), or with access for a
    number of days from enrolment (the correspondence course)."""

    transitions = ENROLMENT_TRANSITIONS

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course"))
    participant = models.ForeignKey("jet.Participant", on_delete=models.PROTECT, related_name="enrolments",
                                    verbose_name=_("JET participant"))
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED, db_index=True)
    requested_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    enrolled_at = models.DateTimeField(_("enrolled on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    access_until = models.DateField(_("access until"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "participant__family_name", "pk"]
        indexes = [models.Index(fields=["course", "status"]), models.Index(fields=["status", "completed_at"])]
        constraints = [
            state_constraint("learning_enrolment", EnrolmentStatus),
            models.UniqueConstraint(fields=["course", "participant"], condition=Q(status__in=sorted(OPEN)),
                                    name="learning_one_open_enrolment"),
            models.CheckConstraint(condition=Q(access_until__isnull=True) | Q(enrolled_at__isnull=False),
                                   name="learning_access_needs_enrolment"),
            models.CheckConstraint(condition=~Q(status=EnrolmentStatus.COMPLETED) | Q(completed_at__isnull=False),
                                   name="learning_completed_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.course}"

    def get_absolute_url(self) -> str:
        return path_of("learning:enrolment", self.pk)


class ModuleProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("completed on"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        ordering = ["enrolment", "module__number"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "module"], name="learning_module_done_once")]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.module}"


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(pgettext_lazy("quiz", "answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted on"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["enrolment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "number"], name="learning_attempt_number"),
            models.CheckConstraint(condition=Q(score__lte=100), name="learning_attempt_score_0_100"),
            models.CheckConstraint(condition=Q(number__gte=1), name="learning_attempt_number_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.number} ({self.score}%)"


