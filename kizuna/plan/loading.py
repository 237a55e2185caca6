"""Loading a year's plan from its TOML file (kizuna/plan/data/fy<year>.toml; the file's comments explain it).

The whole file is checked first and every problem is reported at once; then it is written in one transaction.
Rows are matched by year, area number, programme code and KPI code, and created or updated. Nothing is
deleted: KPI figures entered by staff stay, and rows that the file no longer has are reported, not removed.
Loading is not a business action: like the reference data, it is not logged row by row; its report is its record.
"""

import re
import tomllib
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import transaction

from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.loading import FileProblems, LoadReport, loading
from kizuna.core.models import Organisation

from .cache import bump_plan_version
from .enums import APPS, Aggregation, KPISource, TargetBasis
from .models import KPI, Area, FiscalYear, Programme

DATA_DIR = Path(__file__).resolve().parent / "data"
KPI_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")

# key → (required, type). Text fields are checked against the model's max_length.
YEAR_KEYS = {"year": (True, int), "title": (False, str), "title_en": (False, str), "summary": (False, str),
             "summary_en": (False, str), "area": (True, list)}
AREA_KEYS = {"number": (True, int), "name": (True, str), "name_en": (True, str), "summary": (False, str),
             "summary_en": (False, str), "programme": (True, list)}
PROGRAMME_KEYS = {"code": (True, str), "number": (True, int), "name": (True, str), "name_en": (True, str),
                  "description": (False, str), "description_en": (False, str), "division": (False, str),
                  "division_en": (False, str), "offices": (False, list), "app": (False, str),
                  "kpi": (False, list)}
KPI_KEYS = {"code": (True, str), "name": (True, str), "name_en": (True, str), "unit": (True, str),
            "unit_en": (True, str), "source": (True, str), "query_key": (False, str),
            "aggregation": (False, str), "target": (False, (int, float)), "target_basis": (False, str)}


class PlanFileError(FileProblems):
    """The plan file cannot be loaded; `problems` says why, one line each."""


def default_file(year: int | None = None) -> Path:
    if year is not None:
        path = DATA_DIR / f"fy{year}.toml"
        if not path.exists():
            raise PlanFileError([f"There is no plan file for FY{year} ({path}); give one with --file."])
        return path
    files = sorted(DATA_DIR.glob("fy*.toml"))
    if not files:
        raise PlanFileError([f"There is no plan file in {DATA_DIR}; give one with --file."])
    return files[-1]


def read_plan_file(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PlanFileError([f"{path}: no such file."]) from None
    except tomllib.TOMLDecodeError as error:
        raise PlanFileError([f"{path} is not valid TOML: {error}"]) from None


def _check_keys(where: str, item, spec: dict, model=None) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: expected a table."]
    problems = [f"{where}: unknown key {key!r}." for key in item if key not in spec]
    for key, (required, kind) in spec.items():
        if key not in item:
            if required:
                problems.append(f"{where}: {key!r} is missing.")
            continue
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, kind):
            problems.append(f"{where}: {key!r} has the wrong type ({type(value).__name__}).")
        elif key == "number" and value < 1:
            problems.append(f"{where}: 'number' must be 1 or more.")
        elif isinstance(value, str) and model is not None and key in _field_names(model):
            max_length = model._meta.get_field(key).max_length
            if required and not value.strip():
                problems.append(f"{where}: {key!r} is empty.")
            elif max_length and len(value) > max_length:
                problems.append(f"{where}: {key!r} is longer than {max_length} characters.")
    return problems


@cache
def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def _check_kpi(where: str, kpi: dict) -> list[str]:
    problems = _check_keys(where, kpi, KPI_KEYS, KPI)
    if problems:
        return problems
    if not KPI_CODE.match(kpi["code"]) or len(kpi["code"]) > 80:
        problems.append(f"{where}: code {kpi['code']!r} may only hold letters, digits, '-' and '_'.")
    if kpi["source"] not in KPISource.values:
        problems.append(f"{where}: source must be one of {', '.join(KPISource.values)}.")
    if kpi["source"] == KPISource.QUERY and not kpi.get("query_key", "").strip():
        problems.append(f"{where}: a KPI measured by query needs a query_key.")
    if kpi.get("aggregation", Aggregation.SUM) not in Aggregation.values:
        problems.append(f"{where}: aggregation must be one of {', '.join(Aggregation.values)}.")
    if kpi.get("target_basis", TargetBasis.DEMO) not in TargetBasis.values:
        problems.append(f"{where}: target_basis must be one of {', '.join(TargetBasis.values)}.")
    if "target" in kpi and kpi["target"] < 0:
        problems.append(f"{where}: the target cannot be negative.")
    return problems


def _check_programme(where: str, programme: dict) -> list[str]:
    problems = _check_keys(where, programme, PROGRAMME_KEYS, Programme)
    if problems:
        return problems
    if programme.get("app", "") and programme["app"] not in APPS:
        problems.append(f"{where}: app {programme['app']!r} is not one of {', '.join(APPS)}.")
    if not all(isinstance(slug, str) for slug in programme.get("offices", [])):
        problems.append(f"{where}: offices must be a list of organisation slugs.")
    kpi_codes = Counter(k.get("code") for k in programme.get("kpi", []) if isinstance(k, dict))
    problems += [f"{where}: KPI code {code!r} is used {n} times." for code, n in kpi_codes.items() if n > 1]
    for i, kpi in enumerate(programme.get("kpi", []), 1):
        problems += _check_kpi(f"{where}, KPI {kpi.get('code', i) if isinstance(kpi, dict) else i}", kpi)
    return problems


def validate_plan(data: dict, *, year: int | None = None) -> list[str]:
    """Every problem of the file, as readable lines; an empty list means it can be loaded."""
    problems = _check_keys("plan", data, YEAR_KEYS, FiscalYear)
    if problems:
        return problems
    if year is not None and data["year"] != year:
        problems.append(f"plan: the file is for FY{data['year']}, not FY{year}.")
    areas = [a for a in data["area"] if isinstance(a, dict)]
    numbers = Counter(a.get("number") for a in areas)
    problems += [f"plan: area {n} appears {c} times." for n, c in numbers.items() if c > 1]
    codes: Counter = Counter()
    slugs: set[str] = set()
    for i, area in enumerate(data["area"], 1):
        where = f"area {area.get('number', i) if isinstance(area, dict) else i}"
        area_problems = _check_keys(where, area, AREA_KEYS, Area)
        problems += area_problems
        if area_problems:
            continue
        for j, programme in enumerate(area["programme"], 1):
            code = programme.get("code") if isinstance(programme, dict) else None
            problems += _check_programme(f"{where}, programme {code or j}", programme)
            if isinstance(programme, dict):
                codes[code] += 1
                slugs.update(s for s in programme.get("offices", []) if isinstance(s, str))
    problems += [f"plan: programme code {code!r} is used {n} times." for code, n in codes.items() if n > 1]
    known = set(Organisation.objects.filter(slug__in=slugs, kind__in=CLAIR_KINDS)
                .values_list("slug", flat=True))
    problems += [f"plan: office {slug!r} is not a CLAIR organisation in the database (load the reference "
                 f"data first: kizuna load_reference_data)." for slug in sorted(slugs - known)]
    return problems


def _upsert(existing, model, keys: dict, values: dict) -> tuple:
    """Create the row or save the fields that differ; returns it with "created", "updated" or "unchanged"."""
    if existing is None:
        return model.objects.create(**keys, **values), "created"
    changed = [name for name, value in values.items() if getattr(existing, name) != value]
    for name in changed:
        setattr(existing, name, values[name])
    if changed:
        existing.save(update_fields=changed)
    return existing, "updated" if changed else "unchanged"


def _text(item: dict, *keys: str) -> dict:
    return {key: item.get(key, "").strip() for key in keys}


def _load_kpis(report: LoadReport, programme: Programme, kpis: list[dict], existing: dict) -> set:
    seen = set()
    for order, item in enumerate(kpis, 1):
        target = item.get("target")
        values = {
            **_text(item, "name", "name_en", "unit", "unit_en", "query_key"),
            "source": item["source"], "aggregation": item.get("aggregation", Aggregation.SUM),
            "target": None if target is None else Decimal(str(target)).quantize(Decimal("0.01")),
            "target_basis": item.get("target_basis", TargetBasis.DEMO), "order": order,
        }
        _kpi, state = _upsert(existing.get((programme.pk, item["code"])), KPI,
                              {"programme": programme, "code": item["code"]}, values)
        report.count(state, "KPI")
        seen.add((programme.pk, item["code"]))
    return seen


def _load_programme(report, area, item, existing_programmes, existing_kpis, offices) -> tuple[Programme, set]:
    values = {
        "area": area, "number": item["number"], "app": item.get("app", ""),
        **_text(item, "name", "name_en", "description", "description_en", "division", "division_en"),
    }
    existing = existing_programmes.get(item["code"])
    programme, state = _upsert(existing, Programme, {"code": item["code"]}, values)
    wanted = {offices[slug] for slug in item.get("offices", [])}
    if wanted != set(programme.offices.values_list("pk", flat=True)):
        programme.offices.set(wanted)
        state = "created" if state == "created" else "updated"
    report.count(state, "programme")
    return programme, _load_kpis(report, programme, item.get("kpi", []), existing_kpis)


def load_plan(data: dict, *, year: int | None = None) -> LoadReport:
    """Check and load a parsed plan file. Raises PlanFileError (and changes nothing) if it has problems."""
    problems = validate_plan(data, year=year)
    if problems:
        raise PlanFileError(problems)
    report = LoadReport(title=f"FY{data['year']}")
    with loading("the plan file"):
        fy, state = _upsert(FiscalYear.objects.filter(year=data["year"]).first(), FiscalYear,
                            {"year": data["year"]}, _text(data, "title", "title_en", "summary", "summary_en"))
        report.count(state, "fiscal year")
        areas = {a.number: a for a in Area.objects.filter(fiscal_year=fy)}
        programmes = {p.code: p for p in Programme.objects.filter(area__fiscal_year=fy)}
        kpis = {(k.programme_id, k.code): k
                for k in KPI.objects.filter(programme__area__fiscal_year=fy).select_related("programme")}
        offices = dict(Organisation.objects.filter(kind__in=CLAIR_KINDS, slug__isnull=False)
                       .values_list("slug", "pk"))
        seen_areas, seen_programmes, seen_kpis = set(), set(), set()
        for item in data["area"]:
            area, state = _upsert(areas.get(item["number"]), Area,
                                  {"fiscal_year": fy, "number": item["number"]},
                                  _text(item, "name", "name_en", "summary", "summary_en"))
            report.count(state, "area")
            seen_areas.add(area.number)
            for programme_item in item["programme"]:
                programme, kpi_keys = _load_programme(report, area, programme_item, programmes, kpis, offices)
                seen_programmes.add(programme.code)
                seen_kpis |= kpi_keys
        kept = [f"area {n}" for n in sorted(set(areas) - seen_areas)]
        kept += [f"programme {c}" for c in sorted(set(programmes) - seen_programmes)]
        kept += [f"KPI {k.programme.code}/{k.code}" for key, k in sorted(kpis.items()) if key not in seen_kpis]
        report.notes += [f"kept (no longer in the file, not deleted): {item}" for item in kept]
        transaction.on_commit(bump_plan_version)
    return report
