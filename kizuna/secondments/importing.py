"""Language-test results from a spreadsheet (the test centre's list, or one kept by General Affairs). All or
nothing: every row must name a seconded person by their email address, a test, the day it was taken and a score
or a level; if any row is refused nothing is saved, and the report says why, row by row. A row for a test already
recorded (same person, test and day) updates its result.

Columns (any case; English or Japanese): email (メールアドレス), test (試験, 試験名), language (言語: a code such as
en, or its name in English or Japanese), taken_on (date, 受験日), score (スコア, 点数), level (grade, 級, レベル),
result_on (result date, 結果通知日)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kizuna.core.imports import ImportReport, cell_date, read_table
from kizuna.core.policies import require
from kizuna.library.enums import Language

from . import services
from .enums import SecondmentStatus
from .models import LanguageTest, Secondment

MAX_ROWS = 2_000
COLUMNS = {
    "email": ("email address", "mail", "メールアドレス", "メール"),
    "test": ("test name", "試験", "試験名"),
    "language": ("言語",),
    "taken_on": ("date", "taken", "test date", "受験日"),
    "score": ("スコア", "点数", "得点"),
    "level": ("grade", "級", "レベル", "判定"),
    "result_on": ("result date", "results", "結果通知日", "結果日"),
}
REQUIRED = ("email", "test", "language", "taken_on")


def _languages() -> dict[str, str]:
    names = {}
    for code, label in Language.choices:
        names[code] = code
        for language in ("en", "ja"):
            with translation.override(language):
                names[str(label).lower()] = code
    names.update({"chinese": "zh-hans", "中国語": "zh-hans", "zh": "zh-hans"})
    return names


def import_tests(*, by, content: bytes, filename: str) -> ImportReport:
    require(by, "secondments.import_tests")
    table = read_table(content, filename, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS)
    report = ImportReport()
    if table.missing:
        report.add(1, "", "error", _("Columns missing: %(columns)s.") % {"columns": ", ".join(table.missing)})
        return report
    emails = {row["email"].strip().lower() for row in table.rows}
    secondments = {}
    for s in (Secondment.objects.filter(person__email__in=emails).exclude(status=SecondmentStatus.ENDED_EARLY)
              .select_related("person").order_by("starts_on")):
        secondments[s.person.email.lower()] = s  # the latest secondment of each person
    languages = _languages()
    changes, seen = [], set()
    for row in table.rows:
        email = row["email"].strip().lower()
        key = f"{email} {row['test']}".strip()
        secondment = secondments.get(email)
        taken_on, result_on = cell_date(row["taken_on"]), cell_date(row["result_on"])
        language = languages.get(row["language"].strip().lower())
        problem = ""
        if secondment is None:
            problem = _("No seconded person has this email address.")
        elif not row["test"]:
            problem = _("The test has no name.")
        elif language is None:
            problem = _("Unknown language “%(value)s”.") % {"value": row["language"]}
        elif taken_on is None:
            problem = _("The day the test was taken is missing or not a date.")
        elif row["result_on"] and result_on is None:
            problem = _("The result date is not a date.")
        elif (email, row["test"].lower(), taken_on) in seen:
            problem = _("The same test is in the file twice.")
        if not problem:
            fields = {"name": row["test"][:100], "language": language, "taken_on": taken_on,
                      "score": row["score"][:30], "level": row["level"][:30], "result_on": result_on}
            existing = LanguageTest.objects.filter(secondment=secondment, name=fields["name"],
                                                   taken_on=taken_on).first()
            candidate = existing or LanguageTest(secondment=secondment)
            for name, value in fields.items():
                setattr(candidate, name, value)
            try:
                services.check_record("test", candidate, secondment)
                candidate.full_clean(exclude=["secondment"], validate_unique=False)
            except ValidationError as error:
                problem = " ".join(error.messages)
        if problem:
            report.add(row.line, key, "error", problem)
            continue
        seen.add((email, row["test"].lower(), taken_on))
        changes.append((secondment, existing, fields))
        result = " / ".join(v for v in (fields["score"], fields["level"]) if v)
        report.add(row.line, key, "ok", (_("Updated: %(result)s") if existing else _("Added: %(result)s"))
                   % {"result": result})
    if report.errors or not changes:
        if not changes and not report.errors:
            report.add(1, "", "error", _("The file has no rows."))
        return report
    with transaction.atomic():
        for secondment, existing, fields in changes:
            if existing is None:
                services.save_record(by=by, kind="test", secondment=secondment, **fields)
            else:
                services.save_record(by=by, kind="test", record=existing, **fields)
    report.saved = True
    return report
