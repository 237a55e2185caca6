"""Labels printed on signs, pointing boards and the registration card in each chosen language (review notes,
the QR caption, local-detail and board headings), from data/labels.toml.

Like the phrase bank, the labels are machine-drafted and not reviewed by a native speaker; the file says so.
"""

import tomllib
from functools import cache
from pathlib import Path

from .enums import LANGUAGE_CODES, LANGUAGES, Method

LABELS_FILE = Path(__file__).resolve().parent / "data" / "labels.toml"
KEYS = ("unreviewed", "reviewed", "qr", "shelter", "floor", "times", "board-staff", "board-evacuee")
STAFF_LANGUAGES = ("ja", "en")  # a note about unreviewed texts is also given to the shelter's staff


def read_labels(path: Path = LABELS_FILE) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def check_labels(data: dict) -> list[str]:
    """Every problem of a labels file: provenance, unknown or missing keys, a language without text."""
    problems = []
    provenance = data.get("provenance", {})
    if provenance.get("method") not in Method.values or not provenance.get("author"):
        problems.append("labels.toml: [provenance] needs method (human or machine) and author")
    found = [row.get("key") for row in data.get("label", [])]
    problems += [f"labels.toml: label {key!r} is missing" for key in KEYS if key not in found]
    problems += [f"labels.toml: unknown label {key!r}" for key in found if key not in KEYS]
    for row in data.get("label", []):
        missing = [code for code in LANGUAGE_CODES if not str(row.get(code, "")).strip()]
        if missing:
            problems.append(f"labels.toml: label {row.get('key')!r} has no text in {', '.join(missing)}")
    return problems


@cache
def _labels() -> dict[str, dict[str, str]]:
    data = read_labels()
    problems = check_labels(data)
    if problems:
        raise ValueError("\n".join(problems))
    return {row["key"]: {code: row[code].strip() for code in LANGUAGE_CODES} for row in data["label"]}


def label(key: str, code: str) -> str:
    return _labels()[key][code]


def labels_for(codes) -> dict[str, list[tuple]]:
    """Each label as (language, text) in the languages `codes`, in their order (for the print templates)."""
    return {key: [(LANGUAGES[code], texts[code]) for code in codes] for key, texts in _labels().items()}


def review_notes(lines) -> list[tuple]:
    """(language, reviewed, text) for each language of the lines: reviewed by a native speaker only when every
    text of that language is. When something is unreviewed, the staff languages say so too."""
    reviewed: dict[str, bool] = {}
    for line in lines:
        if line.is_source:
            continue
        code = line.language.code
        reviewed[code] = reviewed.get(code, True) and line.reviewed
    if not all(reviewed.values()):
        for code in STAFF_LANGUAGES:
            reviewed.setdefault(code, False)
    return [(LANGUAGES[code], ok, label("reviewed" if ok else "unreviewed", code)) for code, ok in reviewed.items()]
