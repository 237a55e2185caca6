"""Staff set up schemes, rubrics, calls and their questions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kizuna.core.audit import delete_logged, save_logged
from kizuna.core.policies import require

from ..models import Application, Attachment, Call, Criterion, Question, Scheme, Score
from .reviewing import refresh_weighted_scores


def _save(instance, fields: dict, action: str, *, by):
    """Create `instance` (`<action>` "create") or change the given fields of it (`<action>` "change")."""
    creating = instance.pk is None
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    save_logged(instance, f"{action}.{'create' if creating else 'change'}", by=by,
                fields=None if creating else list(fields))
    return instance


@transaction.atomic
def save_scheme(*, by, scheme: Scheme | None = None, **fields) -> Scheme:
    require(by, "grants.manage_schemes", scheme)
    return _save(scheme or Scheme(), fields, "grants.scheme", by=by)


@transaction.atomic
def save_criterion(*, by, scheme: Scheme, criterion: Criterion | None = None, **fields) -> Criterion:
    """A new weight re-weighs the reviews already scored, so that the ranking follows the rubric."""
    require(by, "grants.manage_schemes", scheme)
    old_weight = Criterion.objects.get(pk=criterion.pk).weight if criterion is not None else None
    saved = _save(criterion or Criterion(scheme=scheme), fields, "grants.criterion", by=by)
    if old_weight is not None and saved.weight != old_weight:
        refresh_weighted_scores(scheme, by=by)
    return saved


@transaction.atomic
def save_call(*, by, call: Call | None = None, **fields) -> Call:
    require(by, "grants.manage_calls", call)
    return _save(call or Call(), fields, "grants.call", by=by)


@transaction.atomic
def delete_criterion(*, by, criterion: Criterion) -> None:
    """Only a criterion nobody has scored yet can go: the scores given on it make the ranking."""
    require(by, "grants.manage_schemes", criterion.scheme)
    scored = Score.objects.filter(criterion=criterion).count()
    if scored:
        raise ValidationError(_("“%(name)s” cannot be deleted: reviewers have already given %(count)d scores on "
                                "it. You can still change its name or weight.")
                              % {"name": criterion.name, "count": scored}, code="scored")
    delete_logged(criterion, "grants.criterion.delete", by=by)


def answered(question: Question) -> int:
    """How many applications of the call answered the question (a document counts as an answer)."""
    key = question.key
    rows = Application.objects.filter(call_id=question.call_id).values_list("pk", "answers")
    ids = {pk for pk, answers in rows if (answers or {}).get(key) not in (None, "", [])}
    ids |= set(Attachment.objects.filter(application__call_id=question.call_id, question_key=key)
               .values_list("application_id", flat=True))
    return len(ids)


@transaction.atomic
def save_question(*, by, call: Call, question: Question | None = None, **fields) -> Question:
    """A question's key cannot change once applicants answered it: their answers are kept under the key."""
    require(by, "grants.manage_calls", call)
    if question is not None and fields.get("key", question.key) != question.key:
        count = answered(Question.objects.get(pk=question.pk))
        if count:
            raise ValidationError({"key": _("The key cannot change: %(count)d applications have answered this "
                                            "question.") % {"count": count}}, code="answered")
    return _save(question or Question(call=call), fields, "grants.question", by=by)


@transaction.atomic
def delete_question(*, by, question: Question) -> None:
    """Only a question no application has answered can go."""
    require(by, "grants.manage_calls", question.call)
    count = answered(question)
    if count:
        raise ValidationError(_("“%(label)s” cannot be deleted: %(count)d applications have already answered it. "
                                "You can still change its wording.") % {"label": question.label, "count": count},
                              code="answered")
    delete_logged(question, "grants.question.delete", by=by)
