"""Applications (交付申請), their cost breakdown (経費内訳) and every submission round."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.models import Organisation
from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import APPLICATION_TRANSITIONS, IncomeSource, Status
from .schemes import Call

LETTER_PREFIX = "自国際"  # the issuing division's mark on its letters' numbers


def document_number(number: int | None) -> str:
    """A letter's document number as it is printed (e.g. 自国際第123号), empty without a number. Every grant
    letter (decision, fixed amount, refund) is numbered from the one register (`LetterSequence`)."""
    if number is None:
        return ""
    return f"{LETTER_PREFIX}第{number}号"


class Application(models.Model):
    transitions = APPLICATION_TRANSITIONS

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(Organisation, verbose_name=_("applicant"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="grant_applications")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applicant (person)"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="grant_claims")
    # The JET participant a claim is for (schemes with `claims_for_participants`); the applicant is their
    # contracting organisation.
    beneficiary = models.ForeignKey("jet.Participant", verbose_name=_("claimed for (JET participant)"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="subsidy_claims")
    partners = models.ManyToManyField(Organisation, verbose_name=_("joint partners"), blank=True,
                                      related_name="grant_partnerships")
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(pgettext_lazy("project", "summary"), blank=True)
    theme = models.CharField(_("field / theme"), max_length=100, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    requested_amount = models.PositiveBigIntegerField(_("requested amount (yen)"), default=0)
    decided_amount = models.PositiveBigIntegerField(_("decided amount (yen)"), null=True, blank=True)
    final_amount = models.PositiveBigIntegerField(_("final amount (yen)"), null=True, blank=True)
    conditions = models.TextField(_("conditions of the grant"), blank=True)
    outcomes = models.TextField(_("outcomes (performance report)"), blank=True)
    reported_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    round_number = models.PositiveSmallIntegerField(_("round"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    # The letter's document number (文書番号, 自国際第123号): numbered per fiscal year when the decision is made.
    letter_year = models.PositiveSmallIntegerField(_("fiscal year of the letter's number"), null=True, blank=True)
    letter_number = models.PositiveIntegerField(_("letter number"), null=True, blank=True)
    # The final amount (額の確定): when and by whom, and the number of its notice (額の確定通知書).
    fixed_at = models.DateTimeField(_("amount fixed at"), null=True, blank=True)
    fixed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    fixed_letter_year = models.PositiveSmallIntegerField(_("fiscal year of the notice's number"), null=True,
                                                         blank=True)
    fixed_letter_number = models.PositiveIntegerField(_("number of the notice of the fixed amount"), null=True,
                                                      blank=True)

    objects = VisibleQuerySet.as_manager()  # who sees which: the ApplicationPolicy (rules.py)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "pk"]
        # A call's board reads its applications' ids in order with their state and awarded amount from this
        # index alone: the count, the total awarded, a page's ids (a claims call has thousands: bench/claims.py).
        indexes = [models.Index(fields=["call", "id", "status", "decided_amount"], name="grants_application_board")]
        constraints = [
            state_constraint("grants_application", Status),
            models.CheckConstraint(condition=Q(applicant__isnull=False) ^ Q(person__isnull=False),
                                   name="grants_application_one_applicant"),
            models.CheckConstraint(condition=Q(decided_amount__isnull=True)
                                   | Q(decided_amount__lte=F("requested_amount")),
                                   name="grants_decided_not_above_requested"),
            models.CheckConstraint(condition=Q(final_amount__isnull=True)
                                   | Q(final_amount__lte=F("decided_amount")),
                                   name="grants_final_not_above_decided"),
            models.UniqueConstraint(fields=["letter_year", "letter_number"], name="grants_letter_number_unique",
                                    condition=Q(letter_number__isnull=False)),
            models.UniqueConstraint(fields=["fixed_letter_year", "fixed_letter_number"],
                                    name="grants_fixed_letter_number_unique",
                                    condition=Q(fixed_letter_number__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("grants:application", self.pk)

    @property
    def applicant_name(self) -> str:
        return str(self.applicant or self.person)

    @property
    def document_number(self) -> str:
        """The letter's document number as it is printed (e.g. 自国際第123号), empty before the decision."""
        return document_number(self.letter_number)

    @property
    def fixed_document_number(self) -> str:
        """The document number of the notice of the fixed amount, empty before the amount is fixed."""
        return document_number(self.fixed_letter_number)

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class LetterSequence(models.Model):
    """The last document number given to a grant letter in a fiscal year: locked, then counted on, so that two
    decisions made at once never share a number."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter number sequence")
        verbose_name_plural = _("letter number sequences")
        ordering = ["fiscal_year"]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.last_number}"


class CostLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=100)
    description = models.CharField(_("description"), max_length=300)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    eligible = models.BooleanField(_("eligible"), default=True)
    actual_amount = models.PositiveBigIntegerField(_("actual amount (yen)"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return f"{self.category}: {self.description}"


class IncomeLine(models.Model):
    """A line of the budget's income side (収支予算書の収入): the applicant's own funds, other subsidies, fees,
    donations. The grant asked for is the application's requested amount, not a line."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="income_lines")
    source = models.CharField(_("source of income"), max_length=20, choices=IncomeSource.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("income line")
        verbose_name_plural = _("income lines")
        ordering = ["application", "pk"]
        constraints = [models.CheckConstraint(condition=Q(source__in=IncomeSource.values),
                                              name="grants_incomeline_source_valid")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.description}"


class ApplicationRound(models.Model):
    """One submission, kept as it was sent, with the comments it was returned with."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(default=dict)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    comment = models.TextField(_("comments"), blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission round")
        verbose_name_plural = _("submission rounds")
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="grants_round_unique")]

    def __str__(self) -> str:
        return f"{self.application} #{self.number}"
