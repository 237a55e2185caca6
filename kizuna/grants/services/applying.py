"""Applying: a draft shared by the organisation's staff, its cost breakdown, submission rounds."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, delete_logged, log_action, save_logged, update_logged
from kizuna.core.policies import require
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import transition

from ..checks import (
    amount_problems,
    answer_problems,
    budget_problems,
    category_problem,
    ceiling_problem,
    closing_problem,
    draft_answer_problems,
    income_source_problem,
    partner_problems,
    raise_if,
    rate_limit,
)
from ..enums import APPLICATION_TRANSITIONS, AttachmentStage, IncomeSource, QuestionKind
from ..models import Application, ApplicationRound, Attachment, Call, CostLine, IncomeLine
from .claims import check_claim

APPLICATION_FIELDS = ("title", "summary", "theme", "answers", "requested_amount")


def _require_editable(application: Application) -> None:
    if not application.is_editable:
        raise ValidationError(_("This application is locked: it was submitted. Staff can return it to you "
                                "for more information."), code="locked")


@transaction.atomic
def start_application(*, by, call: Call, applicant=None, title: str, summary: str = "", theme: str = "",
                      partners=()) -> Application:
    """A draft for `applicant` (one of the person's organisations), or for the person themself."""
    require(by, "grants.start_application", call)
    problem = closing_problem(call)
    if problem:
        raise ValidationError(problem, code="closed")
    if applicant is None and not call.scheme.persons_may_apply:
        raise ValidationError(_("Choose the organisation that applies."), code="applicant")
    application = Application(call=call, applicant=applicant, person=None if applicant else by, title=title,
                              summary=summary, theme=theme, created_by=by)
    if applicant is not None:
        require(by, "grants.change_application", application)
        raise_if(partner_problems(application, partners), "partners")
    application.full_clean()
    save_logged(application, "grants.application.start", by=by)
    _set_partners(application, partners, by=by)
    return application


def _set_partners(application: Application, partners, *, by) -> None:
    """The joint partners, with one entry naming them before and after (a many-to-many field)."""
    before = sorted(application.partners.values_list("pk", flat=True))
    after = sorted({p.pk for p in partners})
    if before == after:
        return
    application.partners.set(partners)
    log_action(application, "grants.application.set_partners", by=by, changes={"partners": [before, after]})


@transaction.atomic
def update_application(*, by, application: Application, partners=None, **fields) -> Application:
    """Change a draft (or an application returned for more information). `answers`, when given, are merged
    into the saved ones and checked against the call's questions."""
    require(by, "grants.change_application", application)
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"update_application cannot change {sorted(unknown)}")
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_editable(application)
    if "answers" in fields:
        raise_if(draft_answer_problems(application.call.questions.all(), fields["answers"] or {}), "answers")
        fields["answers"] = {**(application.answers or {}), **(fields["answers"] or {})}
    for name, value in fields.items():
        setattr(application, name, value)
    if partners is not None:
        raise_if(partner_problems(application, partners), "partners")
    if fields.get("requested_amount") and not application.call.scheme.pays_money:
        raise ValidationError({"requested_amount": ValidationError(
            _("An award pays no money: nothing is requested."), code="no_money")})
    if "requested_amount" in fields:
        problem = ceiling_problem(application, application.partners.all() if partners is None else partners)
        if problem:
            raise ValidationError({"requested_amount": ValidationError(problem, code="ceiling")})
    application.full_clean()
    if fields:
        save_logged(application, "grants.application.update", by=by, fields=list(fields))
    if partners is not None:
        _set_partners(application, partners, by=by)
    return application


def _check_line(application: Application, category: str, amount: int) -> None:
    """A line's amount is not negative, and its category is one the scheme pays for (refused beside the field);
    an award has no cost breakdown."""
    if not application.call.scheme.pays_money:
        raise ValidationError(_("An award pays no money: it has no cost breakdown."), code="no_money")
    if amount < 0:
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    problem = category_problem(application.call.scheme, category)
    if problem:
        raise ValidationError({"category": ValidationError(problem, code="category")})


@transaction.atomic
def add_cost_line(*, by, application: Application, category: str, description: str, amount: int,
                  eligible: bool = True) -> CostLine:
    require(by, "grants.change_application", application)
    _require_editable(application)
    _check_line(application, category, amount)
    line = CostLine(application=application, category=category, description=description, amount=amount,
                    eligible=eligible)
    line.full_clean()
    save_logged(line, "grants.costline.add", by=by)
    return line


@transaction.atomic
def update_cost_line(*, by, line: CostLine, category: str, description: str, amount: int,
                     eligible: bool = True) -> CostLine:
    require(by, "grants.change_application", line.application)
    _require_editable(line.application)
    _check_line(line.application, category, amount)
    line.category, line.description, line.amount, line.eligible = category, description, amount, eligible
    line.full_clean()
    save_logged(line, "grants.costline.update", by=by, fields=["category", "description", "amount", "eligible"])
    return line


@transaction.atomic
def remove_cost_line(*, by, line: CostLine) -> None:
    require(by, "grants.change_application", line.application)
    _require_editable(line.application)
    delete_logged(line, "grants.costline.remove", by=by)


def _check_income(application: Application, source: str, amount: int) -> None:
    """An income line's source is one of the kinds and one the scheme accepts, its amount not negative (each
    refused beside its field); an award has no budget."""
    if not application.call.scheme.pays_money:
        raise ValidationError(_("An award pays no money: it has no budget."), code="no_money")
    if source not in IncomeSource.values:
        raise ValidationError({"source": ValidationError(_("Choose where the income comes from."),
                                                         code="source")})
    problem = income_source_problem(application.call.scheme, source)
    if problem:
        raise ValidationError({"source": ValidationError(problem, code="excluded_source")})
    if amount < 0:
        raise ValidationError({"amount": ValidationError(_("An amount cannot be negative."), code="negative")})


@transaction.atomic
def add_income_line(*, by, application: Application, source: str, description: str, amount: int) -> IncomeLine:
    """A line of the budget's income side (own funds, other subsidies, fees, donations, other)."""
    require(by, "grants.change_application", application)
    _require_editable(application)
    _check_income(application, source, amount)
    line = IncomeLine(application=application, source=source, description=description, amount=amount)
    line.full_clean()
    save_logged(line, "grants.incomeline.add", by=by)
    return line


@transaction.atomic
def update_income_line(*, by, line: IncomeLine, source: str, description: str, amount: int) -> IncomeLine:
    require(by, "grants.change_application", line.application)
    _require_editable(line.application)
    _check_income(line.application, source, amount)
    line.source, line.description, line.amount = source, description, amount
    line.full_clean()
    save_logged(line, "grants.incomeline.update", by=by, fields=["source", "description", "amount"])
    return line


@transaction.atomic
def remove_income_line(*, by, line: IncomeLine) -> None:
    require(by, "grants.change_application", line.application)
    _require_editable(line.application)
    delete_logged(line, "grants.incomeline.remove", by=by)


def default_request(application: Application) -> int:
    """What the applicant may ask at most: rate × eligible cost, held to the ceiling."""
    scheme = application.call.scheme
    lines = list(application.lines.all())
    ceiling = scheme.ceiling_for(application.applicant, joint=application.partners.exists(),
                                answers=application.answers)
    limit = rate_limit(scheme, lines)
    return min(limit, ceiling) if ceiling is not None else limit


def check_submittable(application: Application) -> None:
    """Everything a submission needs; each broken rule named."""
    call = application.call
    problem = closing_problem(call)
    if problem:
        raise ValidationError(problem, code="closed")
    lines = list(application.lines.all())
    partners = list(application.partners.all())
    problems = []
    if call.scheme.pays_money:
        if not lines:
            problems.append(_("Add at least one line to the cost breakdown."))
        problems += amount_problems(application, lines, partners)
        problems += budget_problems(application, lines, list(application.income_lines.all()))
    problems += partner_problems(application, partners)
    problems += answer_problems(call.questions.all(), application.answers or {})
    problems += [_("Attach the %(document)s: the scheme requires it.") % {"document": d}
                 for d in missing_documents(application)]
    raise_if(problems, "invalid")


def _snapshot(application: Application) -> dict:
    return {
        "title": application.title, "summary": application.summary, "theme": application.theme,
        "answers": application.answers, "requested_amount": application.requested_amount,
        "partners": [p.pk for p in application.partners.all()],
        "lines": [{"category": line.category, "description": line.description, "amount": line.amount,
                   "eligible": line.eligible} for line in application.lines.all()],
        "income": [{"source": line.source, "description": line.description, "amount": line.amount}
                   for line in application.income_lines.all()],
    }


@APPLICATION_TRANSITIONS.guard("submittable")
def _submittable(application, *, by, **changes) -> None:
    check_submittable(application)
    check_claim(application)


@transaction.atomic
def submit_application(*, by, application: Application) -> Application:
    """Check everything, lock the application and keep this round as it was sent."""
    number = application.round_number + 1
    now = timezone.now()
    application = transition(application, "submit", by=by, round_number=number, submitted_at=now)
    create_logged(ApplicationRound, "grants.applicationround.submit", by=by, application=application,
                  number=number, submitted_at=now, submitted_by=by, snapshot=_snapshot(application))
    return application


@transaction.atomic
def return_application(*, by, application: Application, comment: str) -> Application:
    if not comment.strip():
        raise ValidationError(_("Say what the applicant should add or change."), code="comment")
    application = transition(application, "return", by=by, note=comment)
    update_logged(ApplicationRound.objects.filter(application=application, number=application.round_number),
                  "grants.applicationround.return", by=by, returned_at=timezone.now(), returned_by=by,
                  comment=comment)
    return application


def withdraw_application(*, by, application: Application) -> Application:
    return transition(application, "withdraw", by=by)


@transaction.atomic
def attach_file(*, by, application: Application, upload, question_key: str = "",
                document_type: str = "") -> Attachment:
    """Attach a document of one of the scheme's document types, or answer a file question of the call with it:
    at most 20 MB, of an accepted type by its content. Allowed on a draft and on an application returned for
    more information, whatever the call's questions."""
    require(by, "grants.change_application", application)
    _require_editable(application)
    if bool(question_key) == bool(document_type):
        raise ValidationError(_("Choose which document this is."), code="document_type")
    if question_key and not application.call.questions.filter(key=question_key, kind=QuestionKind.FILE).exists():
        raise ValidationError(_("The call asks no such document."), code="question")
    if document_type and document_type not in application.call.scheme.document_types:
        raise ValidationError(_("“%(type)s” is not a document type of this scheme.") % {"type": document_type},
                              code="document_type")
    content_type = check_upload(upload)
    attachment = create_logged(Attachment, "grants.attachment.add", by=by, application=application,
                               question_key=question_key, document_type=document_type, file=upload,
                               name=upload.name[:200], content_type=content_type, size=upload.size, uploaded_by=by)
    if question_key:
        locked = Application.objects.select_for_update().get(pk=application.pk)
        locked.answers = {**(locked.answers or {}), question_key: attachment.name}
        save_logged(locked, "grants.application.answer", by=by, fields=["answers"])
        application.answers = locked.answers
    return attachment


def missing_documents(application: Application) -> list[str]:
    """The scheme's required document types that no document of the application is of yet."""
    rows = list(application.attachments.filter(stage=AttachmentStage.APPLICATION)
                .values_list("document_type", "question_key"))
    answered = {key for _type, key in rows if key}
    # a file question named like a document type (見積書) answers it: the upload page offers it only once
    attached = {t for t, _key in rows if t} | set(
        application.call.questions.filter(key__in=answered).values_list("label", flat=True) if answered else ())
    return [d for d in application.call.scheme.required_documents if d not in attached]
