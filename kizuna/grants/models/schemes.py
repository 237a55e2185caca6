"""Grant schemes, their scoring rubric, calls (公募) and the questions a call asks."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet

from ..enums import CEILING_KEYS, IncomeSource, QuestionKind, SchemeKind


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


class Scheme(models.Model):
    """A grant scheme. Every figure is data, set by staff (some schemes' rules are not public)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind of scheme"), max_length=10, choices=SchemeKind.choices,
                            default=SchemeKind.GRANT)
    programme_code = models.CharField(_("plan programme"), max_length=20, blank=True,
                                      help_text=_("Code of the business-plan programme, e.g. 2-2."))
    applicant_kinds = models.JSONField(_("who may apply (organisation kinds)"), default=list, blank=True)
    partner_kinds = models.JSONField(_("who may join only as a partner"), default=list, blank=True)
    persons_may_apply = models.BooleanField(_("individuals may apply"), default=False)
    ceilings = models.JSONField(
        _("ceilings (yen) per applicant kind"), default=dict, blank=True,
        help_text=_("Keys: an organisation kind or type of local government, or “default”."),
    )
    joint_ceiling = models.PositiveBigIntegerField(_("joint ceiling (yen)"), null=True, blank=True)
    floor = models.PositiveBigIntegerField(_("floor (yen)"), null=True, blank=True)
    rate_percent = models.PositiveSmallIntegerField(_("subsidy rate (%)"), default=100)
    eligible_categories = models.JSONField(_("eligible cost categories"), default=list, blank=True)
    excluded_categories = models.JSONField(_("excluded cost categories"), default=list, blank=True)
    # The income side of an application's budget (収支予算書): whether its income with the grant must equal its
    # cost, and the sources of income the scheme does not accept beside its grant (another national subsidy for
    # the same cost, as a rule).
    income_must_balance = models.BooleanField(
        _("the budget balances (income with the grant equals the total cost)"), default=False)
    excluded_income_sources = models.JSONField(_("income sources the scheme excludes"), default=list, blank=True)
    themes = models.JSONField(_("fields / themes"), default=list, blank=True)
    required_documents = models.JSONField(_("documents every application attaches"), default=list, blank=True)
    other_documents = models.JSONField(_("other documents an applicant may attach"), default=list, blank=True,
                                       help_text=_("e.g. a quote (見積書) that staff may ask for."))
    # A subsidy claimed for a JET participant (JLPT fee, TEFL/TESOL, SEA training, counselling costs): the
    # participant prepares it, their contracting organisation files it and is paid. Its rules are data
    # (`claim_rules`, read by kizuna/grants/services/claims.py).
    claims_for_participants = models.BooleanField(
        _("claims for JET participants (filed by their contracting organisation)"), default=False)
    claim_rules = models.JSONField(
        _("claim rules"), default=dict, blank=True,
        help_text=_("Keys: positions, contract_years, answer_in, answer_at_least, once_per_person, "
                    "per_year_limit, person_year_cap."))
    # Whether the grant may be paid in advance (概算払), as the scheme's rules (交付要綱) say; else it is paid once
    # the final amount is fixed (精算払).
    advance_payments = models.BooleanField(_("advance payments (概算払) allowed"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(rate_percent__gte=1, rate_percent__lte=100),
                                   name="grants_scheme_rate_1_100"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return path_of("grants:scheme", self.pk)

    @property
    def display_name(self) -> str:
        return self.name_en if _english() and self.name_en else self.name

    def clean(self):
        """An award pays no money: no ceilings, floor, rate below 100 %, cost categories or JET claims."""
        if self.kind != SchemeKind.AWARD:
            return
        money = [bool(self.ceilings), self.joint_ceiling is not None, self.floor is not None,
                 self.rate_percent != 100, bool(self.eligible_categories), bool(self.excluded_categories),
                 self.claims_for_participants, self.income_must_balance, bool(self.excluded_income_sources)]
        if any(money):
            raise ValidationError({"kind": _("An award pays no money: clear its ceilings, floor, rate, cost "
                                             "categories and claims, or make it a grant.")}, code="award_money")

    @property
    def excluded_income_labels(self) -> list[str]:
        labels = dict(IncomeSource.choices)
        return [str(labels.get(source, source)) for source in self.excluded_income_sources or ()]

    @property
    def pays_money(self) -> bool:
        """False for an award: its pages, checks and letters speak of no amounts."""
        return self.kind != SchemeKind.AWARD

    @property
    def document_types(self) -> list[str]:
        """Every kind of document an application of this scheme may carry, the required ones first."""
        return [*self.required_documents, *[d for d in self.other_documents if d not in self.required_documents]]

    def ceiling_rows(self) -> list[tuple[str, int]]:
        """(who it applies to, yen) of each ceiling, in words: "Designated city", "When scope is domestic"."""
        labels = dict(CEILING_KEYS)
        rows = []
        for key, value in (self.ceilings or {}).items():
            if key.startswith("if:") and "=" in key:
                question, answer = key[3:].split("=", 1)
                label = _("When the answer to “%(question)s” is “%(answer)s”") % {"question": question,
                                                                                    "answer": answer}
            else:
                label = str(labels.get(key, key))
            rows.append((label, int(value)))
        return rows

    def claim_rule_rows(self) -> list[tuple[str, str]]:
        """The claim rules in words, for the scheme's and the call's pages: (rule, what it says)."""
        rules = self.claim_rules or {}
        rows = []
        if rules.get("positions"):
            rows.append((_("Positions"), ", ".join(p.upper() for p in rules["positions"])))
        if rules.get("contract_years"):
            rows.append((_("Appointment years"), ", ".join(str(y) for y in rules["contract_years"])))
        for key, allowed in (rules.get("answer_in") or {}).items():
            rows.append((_("Answer “%(key)s” is one of") % {"key": key}, ", ".join(str(a) for a in allowed)))
        for key, least in (rules.get("answer_at_least") or {}).items():
            rows.append((_("Answer “%(key)s” is at least") % {"key": key}, str(least)))
        if rules.get("once_per_person"):
            rows.append((_("Claims per person"), _("once")))
        if rules.get("per_year_limit"):
            rows.append((_("Claims granted per fiscal year"), f"{int(rules['per_year_limit']):,}"))
        if rules.get("person_year_cap"):
            rows.append((_("Most per person per fiscal year (April–March)"),
                         f"¥{int(rules['person_year_cap']):,}"))
        return rows

    def ceiling_for(self, organisation, *, joint: bool = False, answers: dict | None = None) -> int | None:
        """The ceiling for this applicant: the joint ceiling for joint applications; else a ceiling that the
        application's answers select ("if:scope=domestic"); else the most specific of its type of local
        government, its kind, or the default."""
        if joint and self.joint_ceiling:
            return self.joint_ceiling
        ceilings = self.ceilings or {}
        for key, value in ceilings.items():
            if key.startswith("if:") and "=" in key:
                question, answer = key[3:].split("=", 1)
                if str((answers or {}).get(question, "")) == answer:
                    return int(value)
        keys = [getattr(organisation, "municipality_type", ""), getattr(organisation, "kind", ""), "default"]
        for key in keys:
            if key and key in ceilings:
                return int(ceilings[key])
        return None


class Criterion(models.Model):
    """One line of the scheme's scoring rubric, scored 1–5 and weighted."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["scheme", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__gte=1), name="grants_criterion_weight_min1")]

    def __str__(self) -> str:
        return self.name


class Call(models.Model):
    """A call for applications (公募): a window in JST and a budget envelope."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="calls")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year of the projects"))
    title = models.CharField(_("title"), max_length=200)
    opens_at = models.DateTimeField(_("opens at (JST)"))
    closes_at = models.DateTimeField(_("closes at (JST)"))
    envelope = models.PositiveBigIntegerField(_("budget envelope (yen)"))
    blind_review = models.BooleanField(_("blind review (reviewers do not see the applicant)"), default=False)
    most_winners = models.PositiveSmallIntegerField(
        _("most applications selected"), null=True, blank=True,
        help_text=_("Leave empty for no limit (an award selects at most three winners)."))
    report_due_on = models.DateField(_("performance report due on"), null=True, blank=True)
    # The dates the call's awarded projects send an interim report (中間報告) on, ISO dates; none when the scheme
    # asks for no interim report. Each award gets its reports when it is decided (headquarters may add one).
    interim_due_dates = models.JSONField(_("interim reports due on"), default=list, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-fiscal_year", "-closes_at"]
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                              name="grants_call_closes_after_opening")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("grants:call", self.pk)

    def clean(self):
        """The interim reports' dates are ISO dates (YYYY-MM-DD)."""
        for day in self.interim_due_dates or ():
            try:
                date.fromisoformat(str(day))
            except ValueError:
                raise ValidationError({"interim_due_dates": _("“%(day)s” is not a date (YYYY-MM-DD).")
                                       % {"day": day}}, code="date") from None

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at


class Question(models.Model):
    """A question of a call; shown only when another answer says so (`show_if_key` = `show_if_value`)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    show_if_key = models.SlugField(_("shown only if the answer to"), max_length=40, blank=True)
    show_if_value = models.CharField(_("is"), max_length=200, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["call", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="grants_question_key_unique")]

    def __str__(self) -> str:
        return self.label

    def is_shown(self, answers: dict) -> bool:
        if not self.show_if_key:
            return True
        return str(answers.get(self.show_if_key, "")) == self.show_if_value
