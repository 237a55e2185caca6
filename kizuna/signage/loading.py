"""Loading the phrase bank from kizuna/signage/data (bank.toml: categories and purposes; phrases/*.toml: the
messages, each in all 17 languages).

Every file is checked first and every problem reported at once; nothing is written if any is found. Loading
is idempotent: rows are matched by key. A loaded text replaces an earlier loaded text of the same message and
language only while that one is still the loader's unreviewed draft; translations that people proposed,
approved or reviewed are never touched. Loaded texts carry the provenance the file states (who made them and
how) and are never marked reviewed by a native speaker.

A message's pictogram (`pictogram = "toilet"`, a key of kizuna/signage/pictograms.py) is set when the message
is loaded without one; a pictogram chosen since (admin, message form) is kept.

Loading the bank is not a business action: it runs inside `unlogged()` (as the core's reference data), and
its report (`LoadReport`, printed by `kizuna load_signage`) is its record.
"""

import tomllib
from collections import Counter
from pathlib import Path

from kizuna.core.loading import FileProblems, LoadReport, loading

from .enums import LANGUAGE_CODES, Method, Phase, TranslationStatus
from .models import Category, Message, Purpose, Translation, message_search_text
from .pictograms import LIBRARY
from .ruby import RUBY, plain

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_TEXT = 400


class BankFileError(FileProblems):
    """The phrase bank cannot be loaded; `problems` says why, one line each."""


def read_bank(directory: Path = DATA_DIR) -> dict:
    bank = tomllib.loads((directory / "bank.toml").read_text(encoding="utf-8"))
    bank["files"] = []
    for path in sorted((directory / "phrases").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        data["path"] = path.name
        bank["files"].append(data)
    return bank


def _check_message(where: str, msg: dict, purposes: set) -> list[str]:
    problems = []
    missing = [code for code in LANGUAGE_CODES if not str(msg.get(code, "")).strip()]
    if missing:
        problems.append(f"{where}: no text in {', '.join(missing)}")
    unknown = set(msg) - set(LANGUAGE_CODES) - {"key", "purposes", "pictogram"}
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    too_long = [code for code in LANGUAGE_CODES if len(str(msg.get(code, ""))) > MAX_TEXT]
    if too_long:
        problems.append(f"{where}: longer than {MAX_TEXT} characters in {', '.join(too_long)}")
    if msg.get("pictogram", "") and msg["pictogram"] not in LIBRARY:
        problems.append(f"{where}: unknown pictogram {msg['pictogram']!r}")
    bad_purposes = set(msg.get("purposes", [])) - purposes
    if bad_purposes:
        problems.append(f"{where}: unknown purposes {sorted(bad_purposes)}")
    if "ja-easy" in msg and not RUBY.search(msg["ja-easy"]) and plain(msg["ja-easy"]) != msg["ja-easy"]:
        problems.append(f"{where}: malformed readings in ja-easy")
    return problems


def check_bank(bank: dict) -> list[str]:
    problems = []
    provenance = bank.get("provenance", {})
    if provenance.get("method") not in Method.values or not provenance.get("author"):
        problems.append("bank.toml: [provenance] needs method (human or machine) and author")
    categories = {c["key"] for c in bank.get("category", [])}
    purposes = {p["key"] for p in bank.get("purpose", [])}
    problems += [f"bank.toml: category {c['key']}: unknown phase {c.get('phase')}"
                 for c in bank.get("category", []) if c.get("phase") not in Phase.values]
    keys = Counter()
    for data in bank["files"]:
        if data.get("category") not in categories:
            problems.append(f"{data['path']}: unknown category {data.get('category')!r}")
        for n, msg in enumerate(data.get("message", []), 1):
            where = f"{data['path']} message {n} ({msg.get('key', '?')})"
            keys[msg.get("key")] += 1
            problems += _check_message(where, msg, purposes)
    problems += [f"message key {key!r} is used {count} times" for key, count in keys.items() if count > 1]
    return problems


def _upsert(model, report, kind, key, values):
    obj, created = model.objects.get_or_create(key=key, defaults=values)
    if created:
        report.created[kind] += 1
    elif any(getattr(obj, k) != v for k, v in values.items()):
        model.objects.filter(pk=obj.pk).update(**values)
        report.updated[kind] += 1
    else:
        report.unchanged[kind] += 1
    return obj


def _load_translation(message, code, text, provenance, report, current) -> bool:
    """Create or update one loaded text; True when something was written."""
    existing = current.get((message.pk, code))
    if existing is None:
        Translation.objects.create(message=message, language=code, text=text, is_current=True,
                                   method=provenance["method"], author=provenance["author"],
                                   note=provenance.get("note", ""))
        report.created["translation"] += 1
        return True
    if existing.text != text and (existing.proposed_by_id is None and existing.status == TranslationStatus.PROPOSED
                                  and not existing.native_reviewed and existing.author == provenance["author"]):
        Translation.objects.filter(pk=existing.pk).update(text=text)
        report.updated["translation"] += 1
        return True
    report.unchanged["translation"] += 1  # unchanged, or people's work, which is kept
    return False


def _load_message(data, number, msg, context, report) -> None:
    categories, purposes, provenance, messages, current = context
    values = {"category": categories[data["category"]], "number": number}
    message = messages.get(msg["key"])
    changed = message is None
    if message is None:
        message = Message.objects.create(key=msg["key"], pictogram=msg.get("pictogram", ""), **values)
        report.created["message"] += 1
    elif not message.pictogram and msg.get("pictogram"):  # a pictogram a person chose is kept
        Message.objects.filter(pk=message.pk).update(pictogram=msg["pictogram"], **values)
        report.updated["message"] += 1
    elif message.category_id != values["category"].pk or message.number != number:
        Message.objects.filter(pk=message.pk).update(**values)
        report.updated["message"] += 1
    else:
        report.unchanged["message"] += 1
    message.purposes.set([purposes[p] for p in msg.get("purposes", [])])
    for code in LANGUAGE_CODES:
        changed |= _load_translation(message, code, msg[code].strip(), provenance, report, current)
    if changed:
        refresh_search_text(message)


def refresh_search_text(message) -> None:
    """Index the texts signs use: an earlier wording (or a proposal not yet approved) must not find a message
    that no longer says it. The index is derived from the translations, whose every change is logged, so it
    is untracked (`Message.audit_untracked`)."""
    texts = message.translations.filter(is_current=True).values_list("text", flat=True)
    Message.objects.filter(pk=message.pk).update(search_text=message_search_text(texts))


def load_bank(bank: dict) -> LoadReport:
    problems = check_bank(bank)
    if problems:
        raise BankFileError(problems)
    report = LoadReport()
    with loading("the phrase bank"):
        categories = {c["key"]: _upsert(Category, report, "category", c["key"], {
            "name": c["name"], "name_en": c["name_en"], "number": n, "phase": c["phase"]})
            for n, c in enumerate(bank["category"], 1)}
        purposes = {p["key"]: _upsert(Purpose, report, "purpose", p["key"], {
            "name": p["name"], "name_en": p["name_en"], "number": n})
            for n, p in enumerate(bank["purpose"], 1)}
        messages = {m.key: m for m in Message.objects.filter(organisation__isnull=True)}
        current = {(t.message_id, t.language): t for t in Translation.objects.filter(
            is_current=True, message__organisation__isnull=True)}
        context = (categories, purposes, bank["provenance"], messages, current)
        for data in bank["files"]:
            for n, msg in enumerate(data.get("message", []), 1):
                _load_message(data, n, msg, context, report)
    return report
