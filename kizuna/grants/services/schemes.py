"""Staff set up schemes, rubrics, calls and their questions."""

from django.db import transaction

from ..models import Call, Criterion, Question, Scheme
from ._common import require


def _save(instance, fields: dict):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def save_scheme(*, by, scheme: Scheme | None = None, **fields) -> Scheme:
    require(by, "grants.manage_schemes")
    return _save(scheme or Scheme(), fields)


@transaction.atomic
def save_criterion(*, by, scheme: Scheme, criterion: Criterion | None = None, **fields) -> Criterion:
    require(by, "grants.manage_schemes")
    return _save(criterion or Criterion(scheme=scheme), fields)


@transaction.atomic
def save_call(*, by, call: Call | None = None, **fields) -> Call:
    require(by, "grants.manage_calls")
    return _save(call or Call(), fields)


@transaction.atomic
def save_question(*, by, call: Call, question: Question | None = None, **fields) -> Question:
    require(by, "grants.manage_calls")
    return _save(question or Question(call=call), fields)
