"""An event's registration questions and their answers: what each type of question takes, when a question is
shown (on another, earlier question's answer), and how an answer reads (in lists, files and the API).

A question is kept in `Event.questions` as {"key", "label", "label_en", "type", "required", "options": [{"key",
"label", "label_en"}], "min", "max", "condition": {"question": key, "answer": "yes" | "no" | an option's key}}.
A question saved before types existed has only {"key", "label", "label_en"?, "required"}: it is a text question.
An answer is kept in `Registration.answers` under its question's key, typed: text, an option's key, a list of
option keys, a whole number, a date (YYYY-MM-DD), true or false, or a file's name (the file itself is an
`AnswerFile` of the registration)."""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kizuna.core.uploads import check_upload

from .enums import OPTION_TYPES, QuestionType

TEXT_MAX = 2000
LONG_TEXT_MAX = 10_000
NUMBER_LIMIT = 10**12  # beyond any count or amount a registrant is asked for
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)  # birthdays are asked too


def field_name(key: str) -> str:
    """The name of a question's field on the registration form (and of its errors)."""
    return f"q_{key}"


def normalise(question: dict) -> dict:
    """A question with every entry (an old text-only question reads as a text question)."""
    kind = question.get("type") or QuestionType.TEXT
    return {"key": question["key"], "label": question.get("label") or question["key"],
            "label_en": question.get("label_en") or "",
            "type": kind if kind in QuestionType.values else QuestionType.TEXT,
            "required": bool(question.get("required")), "options": list(question.get("options") or []),
            "min": question.get("min"), "max": question.get("max"), "condition": question.get("condition") or None}


def questions_of(event) -> list[dict]:
    return [normalise(q) for q in (event.questions or []) if isinstance(q, dict) and q.get("key")]


def _in_language(item: dict) -> str:
    if get_language() == "en" and item.get("label_en"):
        return item["label_en"]
    return item.get("label") or item["key"]


def label(question: dict) -> str:
    """A question's label in the reader's language (Japanese when there is no English)."""
    return _in_language(question)


def option_label(question: dict, key: str) -> str:
    for option in question.get("options") or []:
        if option["key"] == key:
            return _in_language(option)
    return key  # an option taken off since: its key is all that is left


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def condition_answer_label(question: dict, answer: str) -> str:
    """How a condition's answer reads: はい/いいえ, or the option's label."""
    if question["type"] == QuestionType.YES_NO:
        return yes_no(answer == "yes")
    return option_label(question, answer)


def condition_text(question: dict, questions: list[dict]) -> str:
    """"Answer only when “…” is “…”." for a question shown on a condition (else "")."""
    condition = question["condition"]
    if not condition:
        return ""
    other = next((q for q in questions if q["key"] == condition["question"]), None)
    if other is None:
        return ""
    return _("Answer only when “%(question)s” is “%(answer)s”.") % {
        "question": label(other), "answer": condition_answer_label(other, condition["answer"])}


def is_shown(question: dict, answers: dict) -> bool:
    """Whether a question is asked, given the (clean) answers to the questions before it."""
    condition = question["condition"]
    if not condition:
        return True
    given = answers.get(condition["question"])
    if isinstance(given, bool):
        return ("yes" if given else "no") == condition["answer"]
    if isinstance(given, list):
        return condition["answer"] in given
    return given is not None and given == condition["answer"]


# -- cleaning one answer ---------------------------------------------------------------------------------------

def _text(question, value, limit):
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."), code="not_text")
    value = value.replace("\x00", "").strip()  # a NUL character no database keeps in JSON
    if len(value) > limit:
        raise ValidationError(_("Enter at most %(n)s characters.") % {"n": limit}, code="too_long")
    return value


def _choice(question, value):
    keys = [o["key"] for o in question["options"]]
    if not isinstance(value, str) or value not in keys:
        raise ValidationError(_("Choose one of the options."), code="bad_choice")
    return value


def _choices(question, value):
    keys = [o["key"] for o in question["options"]]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or any(not isinstance(v, str) or v not in keys for v in value):
        raise ValidationError(_("Choose among the options."), code="bad_choice")
    return [k for k in keys if k in value]  # in the options' order, each once


def _number(question, value):
    if isinstance(value, str) and re.fullmatch(r"[-+]?\d{1,13}", unicodedata.normalize("NFKC", value).strip()):
        value = int(unicodedata.normalize("NFKC", value).strip())
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > NUMBER_LIMIT:
        raise ValidationError(_("Enter a whole number."), code="not_a_number")
    low, high = question["min"], question["max"]
    if low is not None and value < low:
        raise ValidationError(_("Enter a number of at least %(n)s.") % {"n": low}, code="too_small")
    if high is not None and value > high:
        raise ValidationError(_("Enter a number of at most %(n)s.") % {"n": high}, code="too_large")
    return value


def _date(question, value):
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip()) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) else None
        except ValueError:
            value = None
    if not isinstance(value, date) or not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(_("Enter a valid date (YYYY-MM-DD)."), code="not_a_date")
    return value.isoformat()


def _yes_no(question, value):
    if isinstance(value, bool):
        return value
    if value in ("yes", "no"):
        return value == "yes"
    raise ValidationError(_("Answer yes or no."), code="not_yes_no")


def _file(question, value):
    if not hasattr(value, "size") or not hasattr(value, "read"):
        raise ValidationError(_("Upload the file on the registration page."), code="not_a_file")
    check_upload(value)
    return value  # the upload: stored with the registration (services.registering)


CLEANERS = {
    QuestionType.TEXT: lambda q, v: _text(q, v, TEXT_MAX),
    QuestionType.LONG_TEXT: lambda q, v: _text(q, v, LONG_TEXT_MAX),
    QuestionType.CHOICE: _choice,
    QuestionType.CHOICES: _choices,
    QuestionType.NUMBER: _number,
    QuestionType.DATE: _date,
    QuestionType.YES_NO: _yes_no,
    QuestionType.FILE: _file,
}


def _empty(value) -> bool:
    return value is None or value == [] or value == () or (isinstance(value, str) and not value.strip())


def clean(questions: list[dict], answers: dict) -> tuple[dict, dict[str, ValidationError]]:
    """The answers to keep (typed; a file question's value is its upload) and the problems, each under its
    question's key. A question hidden by its condition is neither required nor kept; an empty answer is not
    kept."""
    kept, problems = {}, {}
    for question in questions:
        key = question["key"]
        if not is_shown(question, kept):
            continue
        value = answers.get(key)
        if _empty(value):
            if question["required"]:
                problems[key] = ValidationError(_("Answer this question."), code="required")
            continue
        try:
            kept[key] = CLEANERS[question["type"]](question, value)
        except ValidationError as error:
            problems[key] = error
    return kept, problems


# -- reading answers -------------------------------------------------------------------------------------------

def answer_text(question: dict, value) -> str:
    """An answer as a person reads it: option labels, はい/いいえ, the file's name."""
    if value is None or value == "" or value == []:
        return ""
    kind = question["type"]
    if isinstance(value, bool):
        return yes_no(value)
    if kind in OPTION_TYPES:
        values = value if isinstance(value, list) else [value]
        return ", ".join(option_label(question, str(v)) for v in values)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def readable(questions: list[dict], answers: dict, files: dict | None = None) -> list[dict]:
    """The answered questions of a registration, in order: label, type, the answer's text and, for a file, its
    `AnswerFile` (from `files`, by question key)."""
    answers, files = answers or {}, files or {}
    out = []
    for question in questions:
        value = answers.get(question["key"])
        text = answer_text(question, value)
        if text:
            out.append({"key": question["key"], "label": label(question), "type": question["type"], "value": value,
                        "text": text, "file": files.get(question["key"])})
    return out
