"""Staff set an event's registration questions: each typed (kizuna/events/questions.py), with its options, its
limits and the condition it is shown on. Keys are kept (of questions and of options), so that answers already
given stay attached to what they answered."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kizuna.core.audit import update_logged
from kizuna.core.policies import require

from ..enums import CONDITION_TYPES, OPTION_TYPES, QuestionType
from ..models import Event
from ..questions import NUMBER_LIMIT, normalise
from .items import keep_keys, key_from

MAX_QUESTIONS = 30
MAX_OPTIONS = 50


def _options(given, before: list[dict]) -> list[dict]:
    """The options in order, each {"key", "label", "label_en"}: an option keeps its key when it has one of
    `before`, or when its Japanese (else English) label is one of theirs."""
    by_key = {o["key"]: o for o in before}
    by_label = {o["label"]: o["key"] for o in before} | {o.get("label_en"): o["key"] for o in before
                                                         if o.get("label_en")}
    out, taken = [], set()
    for option in given or []:
        label, label_en = str(option.get("label", "")).strip()[:200], str(option.get("label_en", "")).strip()[:200]
        if not label:
            raise ValidationError(_("Every option needs a label in Japanese."), code="option_label_missing")
        key = option.get("key") if option.get("key") in by_key else by_label.get(label) or by_label.get(label_en)
        if not key or key in taken:
            key = key_from(label_en, taken | set(by_key), "o")
        taken.add(key)
        out.append({"key": key, "label": label, "label_en": label_en})
    if len(out) > MAX_OPTIONS:
        raise ValidationError(_("At most %(n)s options a question.") % {"n": MAX_OPTIONS}, code="too_many_options")
    return out


def _limit(value, name: str):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > NUMBER_LIMIT:
        raise ValidationError(_("The %(limit)s of a number question is a whole number.")
                              % {"limit": _("minimum") if name == "min" else _("maximum")}, code="bad_limit")
    return value


def _question(key: str, label: str, item: dict, before: dict | None) -> dict:
    kind = item.get("type") or QuestionType.TEXT
    if kind not in QuestionType.values:
        raise ValidationError(_("Unknown question type: %(type)s.") % {"type": kind}, code="bad_type")
    question = {"key": key, "label": label, "label_en": str(item.get("label_en", "")).strip()[:200], "type": kind,
                "required": bool(item.get("required"))}
    if kind in OPTION_TYPES:
        question["options"] = _options(item.get("options"), (before or {}).get("options") or [])
        if len(question["options"]) < 2:
            raise ValidationError(_("“%(question)s” needs at least two options.") % {"question": label},
                                  code="options_missing")
    if kind == QuestionType.NUMBER:
        low, high = _limit(item.get("min"), "min"), _limit(item.get("max"), "max")
        if low is not None and high is not None and low > high:
            raise ValidationError(_("“%(question)s”: the minimum is above the maximum.") % {"question": label},
                                  code="bad_limits")
        question |= {"min": low, "max": high}
    return question


def _condition(question: dict, condition, earlier: list[dict]) -> dict | None:
    """{"question", "answer"}: an earlier yes/no or choice question, and one of its answers."""
    if not condition:
        return None
    other = next((q for q in earlier if q["key"] == condition.get("question")), None)
    if other is None or other["type"] not in CONDITION_TYPES:
        raise ValidationError(_("“%(question)s” can only be shown on the answer of an earlier yes/no or choice "
                                "question.") % {"question": question["label"]}, code="bad_condition")
    answers = {"yes", "no"} if other["type"] == QuestionType.YES_NO else {o["key"] for o in other["options"]}
    answer = condition.get("answer")
    if answer not in answers:
        raise ValidationError(_("“%(question)s” is shown on an answer “%(other)s” does not have.")
                              % {"question": question["label"], "other": other["label"]}, code="bad_condition")
    return {"question": other["key"], "answer": answer}


def clean_questions(items: list[dict], before: list[dict]) -> list[dict]:
    """The questions to keep, in order, checked; `before` are the event's questions so far."""
    if len(items) > MAX_QUESTIONS:
        raise ValidationError(_("At most %(n)s questions.") % {"n": MAX_QUESTIONS}, code="too_many_questions")
    old = {q["key"]: normalise(q) for q in before if isinstance(q, dict) and q.get("key")}
    kept = keep_keys(
        items, set(old), prefix="q", hint="label_en",
        missing=ValidationError(_("Every question needs a label in Japanese."), code="label_missing"),
        conflict=ValidationError(_("A question was changed by someone else meanwhile; reload the page."),
                                 code="unknown_question"))
    out = []
    for key, label, item in kept:
        question = _question(key, label, item, old.get(key))
        condition = _condition(question, item.get("condition"), out)
        if condition:
            question["condition"] = condition
        out.append(question)
    return out


def set_questions(*, by, event: Event, questions: list[dict]) -> Event:
    """Replace the event's registration questions. Each is {"label", "label_en", "type", "required", and by its
    type "options" [{"label", "label_en"}], "min", "max"; "condition" {"question", "answer"}} and keeps its "key"
    when it has one, so answers already given stay attached to their question."""
    require(by, "events.manage_event", event)
    clean = clean_questions(questions, event.questions or [])
    update_logged(Event.objects.filter(pk=event.pk), "events.event.set_questions", by=by, questions=clean)
    event.questions = clean
    return event
