"""The scheme's money rules and the call's questions, checked on an application (no writes)."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kizuna.core.dates import EARLIEST, LATEST

from .enums import IncomeSource, QuestionKind

JST = ZoneInfo("Asia/Tokyo")


def yen(amount: int) -> str:
    return f"¥{amount:,}"


def jst(moment) -> str:
    return date_format(timezone.localtime(moment, JST), "DATETIME_FORMAT")


def eligible_cost(lines) -> int:
    return sum(line.amount for line in lines if line.eligible)


def rate_limit(scheme, lines) -> int:
    """The most the rate allows: the eligible cost × the rate, rounded down to the yen."""
    return eligible_cost(lines) * scheme.rate_percent // 100


def amount_problems(application, lines, partners) -> list[str]:
    """Each money rule the application breaks, by name."""
    scheme = application.call.scheme
    problems = []
    excluded = set(scheme.excluded_categories)
    for line in lines:
        if line.eligible and line.category in excluded:
            problems.append(_("The category “%(category)s” is excluded by the scheme and cannot be counted as "
                              "eligible cost.") % {"category": line.category})
    requested = application.requested_amount
    limit = rate_limit(scheme, lines)
    if requested > limit:
        problems.append(_("Rate: the requested %(requested)s is more than %(rate)s%% of the eligible cost "
                          "%(eligible)s (at most %(limit)s).") % {
            "requested": yen(requested), "rate": scheme.rate_percent,
            "eligible": yen(eligible_cost(lines)), "limit": yen(limit)})
    joint = bool(partners)
    ceiling = scheme.ceiling_for(application.applicant, joint=joint, answers=application.answers)
    if ceiling is not None and requested > ceiling:
        rule = _("joint ceiling") if joint and scheme.joint_ceiling else _("ceiling for this applicant")
        problems.append(_("Ceiling: the requested %(requested)s is above the %(rule)s of %(ceiling)s.") % {
            "requested": yen(requested), "rule": rule, "ceiling": yen(ceiling)})
    if scheme.floor and requested < scheme.floor:
        problems.append(_("Floor: the requested %(requested)s is below the scheme's minimum of %(floor)s.") % {
            "requested": yen(requested), "floor": yen(scheme.floor)})
    return problems


@dataclass(frozen=True)
class Budget:
    """The budget of an application (収支予算書): the cost side, the income side with the grant asked for, and
    the most the scheme's rate and ceiling allow."""

    total_cost: int
    eligible_cost: int
    other_income: int
    grant: int
    most: int | None

    @property
    def total_income(self) -> int:
        return self.other_income + self.grant

    @property
    def difference(self) -> int:
        """Income with the grant minus cost: 0 when the budget balances."""
        return self.total_income - self.total_cost


def budget_of(application, lines, incomes, partners=()) -> Budget:
    scheme = application.call.scheme
    ceiling = scheme.ceiling_for(application.applicant, joint=bool(partners), answers=application.answers)
    most = rate_limit(scheme, lines)
    return Budget(total_cost=sum(line.amount for line in lines), eligible_cost=eligible_cost(lines),
                  other_income=sum(i.amount for i in incomes), grant=application.requested_amount,
                  most=min(most, ceiling) if ceiling is not None else most)


def income_source_problem(scheme, source: str) -> str | None:
    """Why an income line cannot come from this source: one the scheme excludes beside its grant."""
    if source in (scheme.excluded_income_sources or ()):
        return _("This scheme does not accept “%(source)s” for the same project: it cannot be part of the "
                 "budget.") % {"source": IncomeSource(source).label}
    return None


def budget_problems(application, lines, incomes) -> list[str]:
    """The scheme's rules on the income side, by name: no excluded source, and (where the scheme asks) income
    with the grant equal to the total cost."""
    scheme = application.call.scheme
    problems = [p for p in {income_source_problem(scheme, i.source) for i in incomes} if p]
    if scheme.income_must_balance:
        budget = budget_of(application, lines, incomes)
        if budget.difference:
            problems.append(_("Budget: the income %(income)s (the grant asked for %(grant)s with other income "
                              "%(other)s) must equal the total cost %(cost)s; it is %(difference)s %(way)s.") % {
                "income": yen(budget.total_income), "grant": yen(budget.grant), "other": yen(budget.other_income),
                "cost": yen(budget.total_cost), "difference": yen(abs(budget.difference)),
                "way": pgettext("budget", "short") if budget.difference < 0 else pgettext("budget", "over")})
    return problems


def category_problem(scheme, category: str) -> str | None:
    """Why a cost line cannot have this category: one the scheme excludes, one it does not list, or any while
    the scheme lists none (a category is always one of the scheme's, never free text)."""
    if not scheme.eligible_categories:
        return _("This scheme has no cost categories yet: headquarters set them on the scheme's page before cost "
                 "lines can be added.")
    if category in scheme.excluded_categories:
        return _("“%(category)s” is a cost this scheme does not pay for (excluded: %(excluded)s).") % {
            "category": category, "excluded": "、".join(scheme.excluded_categories)}
    if category not in scheme.eligible_categories:
        return _("“%(category)s” is not a cost category of this scheme; choose one of: %(eligible)s.") % {
            "category": category, "eligible": "、".join(scheme.eligible_categories)}
    return None


def ceiling_problem(application, partners) -> str | None:
    """The requested amount above the most this applicant may receive: refused when it is saved."""
    scheme = application.call.scheme
    joint = bool(partners)
    ceiling = scheme.ceiling_for(application.applicant, joint=joint, answers=application.answers)
    if ceiling is None or application.requested_amount <= ceiling:
        return None
    return _("The requested %(requested)s is above the scheme's ceiling of %(ceiling)s for this applicant: ask "
             "for %(ceiling)s or less.") % {"requested": yen(application.requested_amount), "ceiling": yen(ceiling)}


def partner_problems(application, partners) -> list[str]:
    scheme = application.call.scheme
    problems = []
    if application.applicant and application.applicant.kind not in scheme.applicant_kinds:
        problems.append(_("%(org)s cannot apply to this scheme as the lead applicant.")
                        % {"org": application.applicant})
    allowed = set(scheme.applicant_kinds) | set(scheme.partner_kinds)
    for partner in partners:
        if partner.kind not in allowed or partner.pk == application.applicant_id:
            problems.append(_("%(org)s cannot be a partner in this scheme.") % {"org": partner})
    return problems


def _answer_problem(question, value) -> str | None:
    if value in (None, ""):
        return _("“%(question)s” is required.") % {"question": question.label} if question.required else None
    if question.kind == QuestionKind.NUMBER:
        try:
            int(str(value))
        except ValueError:
            return _("“%(question)s” must be a whole number.") % {"question": question.label}
    if question.kind == QuestionKind.DATE:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return _("“%(question)s” must be a date (YYYY-MM-DD).") % {"question": question.label}
        if not EARLIEST <= day <= LATEST:
            return _("“%(question)s” must be a date between %(earliest)s and %(latest)s.") % {
                "question": question.label, "earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
    if question.kind == QuestionKind.CHOICE and value not in question.choices:
        return _("“%(question)s” must be one of the choices.") % {"question": question.label}
    return None


def draft_answer_problems(questions, answers: dict) -> list[str]:
    """Answers saved on a draft: each for a question of the call that is answered in words (files are
    uploaded), of the question's type; a blank one is allowed until the application is submitted."""
    by_key = {q.key: q for q in questions if q.kind != QuestionKind.FILE}
    problems = []
    for key, value in answers.items():
        question = by_key.get(key)
        if question is None:
            problems.append(_("“%(key)s” is not a question of this call.") % {"key": key})
        elif value not in (None, ""):
            problem = _answer_problem(question, value)
            if problem:
                problems.append(problem)
    return problems


def answer_problems(questions, answers: dict) -> list[str]:
    problems = []
    for question in questions:
        if not question.is_shown(answers):
            continue
        problem = _answer_problem(question, answers.get(question.key))
        if problem:
            problems.append(problem)
    return problems


def closing_problem(call, now=None) -> str | None:
    now = now or timezone.now()
    if now >= call.closes_at:
        return _("The call closed on %(closes)s (JST); applications can no longer be submitted.") % {
            "closes": jst(call.closes_at)}
    if now < call.opens_at or not call.is_published:
        return _("The call is not open yet: it opens on %(opens)s (JST).") % {"opens": jst(call.opens_at)}
    return None


def raise_if(problems: list[str], code: str) -> None:
    if problems:
        raise ValidationError([ValidationError(p, code=code) for p in problems])
