"""Reviewer assignments with their conflict-of-interest declaration, and rubric scores."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import ASSIGNMENT_TRANSITIONS, AssignmentStatus, ReviewerKind
from .applications import Application
from .schemes import Criterion


class Assignment(models.Model):
    transitions = ASSIGNMENT_TRANSITIONS

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="grant_assignments")
    status = models.CharField(_("status"), max_length=10, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.PENDING)
    kind = models.CharField(_("reviewer kind"), max_length=10, choices=ReviewerKind.choices,
                            default=ReviewerKind.EXTERNAL)
    weighted_score = models.FloatField(
        _("weighted score"), null=True, blank=True, editable=False,
        help_text=_("The review's scores weighted by the rubric (1–5); kept when the review is scored, and "
                    "again when a criterion's weight changes."))
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    conflict_note = models.TextField(_("conflict of interest"), blank=True)
    comment = models.TextField(_("overall comment"), blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["application", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"],
                                               name="grants_one_assignment_per_reviewer"),
                       state_constraint("grants_assignment", AssignmentStatus)]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.TextField(_("comment"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="grants_one_score_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="grants_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
