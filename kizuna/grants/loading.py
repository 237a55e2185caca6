"""Load the grant schemes of the plan from kizuna/grants/data/schemes.toml (idempotent)."""

import tomllib
from pathlib import Path

from kizuna.core.loading import LoadReport, loading

from .models import Criterion, Scheme

DEFAULT_FILE = Path(__file__).parent / "data" / "schemes.toml"
FIELDS = ("name", "name_en", "programme_code", "applicant_kinds", "partner_kinds", "ceilings", "joint_ceiling",
          "floor", "rate_percent", "eligible_categories", "excluded_categories", "themes", "required_documents",
          "other_documents", "claims_for_participants", "claim_rules", "income_must_balance",
          "excluded_income_sources")
# Fields added after schemes were first loaded: an existing scheme that has none gets them from the file.
FILLED_IF_MISSING = ("required_documents", "other_documents")


def read_schemes(path: Path = DEFAULT_FILE) -> list[dict]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)["scheme"]


def load_schemes(entries: list[dict], *, update: bool = False) -> LoadReport:
    """Create missing schemes (with their rubric); with `update`, overwrite existing ones from the file (else
    they keep the staff's edits)."""
    with loading("the grant schemes"):
        return _load(entries, update=update)


def _load(entries: list[dict], *, update: bool) -> LoadReport:
    report = LoadReport()
    for entry in entries:
        values = {f: entry.get(f) for f in FIELDS}
        values["applicant_kinds"] = values["applicant_kinds"] or []
        values["partner_kinds"] = values["partner_kinds"] or []
        values["ceilings"] = values["ceilings"] or {}
        values["eligible_categories"] = values["eligible_categories"] or []
        values["excluded_categories"] = values["excluded_categories"] or []
        values["themes"] = values["themes"] or []
        for name in FILLED_IF_MISSING:
            values[name] = values[name] or []
        values["rate_percent"] = values["rate_percent"] or 100
        values["claims_for_participants"] = bool(values["claims_for_participants"])
        values["claim_rules"] = values["claim_rules"] or {}
        values["income_must_balance"] = bool(values["income_must_balance"])
        values["excluded_income_sources"] = values["excluded_income_sources"] or []
        scheme = Scheme.objects.filter(code=entry["code"]).first()
        if scheme is None:
            scheme = Scheme(code=entry["code"], **values)
            scheme.full_clean()
            scheme.save()
            report.count("created", "scheme")
        elif update:
            for name, value in values.items():
                setattr(scheme, name, value)
            scheme.full_clean()
            scheme.save()
            report.count("updated", "scheme")
        elif missing := [f for f in FILLED_IF_MISSING if values[f] and not getattr(scheme, f)]:
            for name in missing:
                setattr(scheme, name, values[name])
            scheme.save(update_fields=missing)
            report.count("updated", "scheme")
            report.notes.append(f"document types added: {scheme.code}")
            continue
        else:
            report.count("unchanged", "scheme")
            report.notes.append(f"kept as staff edited it: {scheme.code}")
            continue
        if not scheme.criteria.exists():
            for order, (name, weight) in enumerate(entry.get("criteria", []), start=1):
                Criterion.objects.create(scheme=scheme, order=order, name=name, weight=weight)
    return report
