"""Loading the reference data shipped in kizuna/core/data/reference (see NOTICE.md there).

Idempotent: organisations are matched by their code (local governments) or slug (CLAIR), created when
missing and updated when the data changed; nothing that staff added is removed.
"""

import csv
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from .codes import validate_lgcode, with_check_digit
from .enums import MunicipalityType, OrgKind
from .loading import FileProblems, LoadReport, loading
from .models import CoveredCountry, Organisation

DATA_DIR = Path(__file__).resolve().parent / "data" / "reference"

FIELDS = ["kind", "name", "name_kana", "name_en", "municipality_type", "parent_id", "prefecture_id",
          "local_government_id", "latitude", "longitude", "website", "catchphrase", "timezone", "city",
          "established", "search_text"]


def _read_csv(name: str | Path) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _decimal(value: str) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.000001")) if value else None


def _municipality_type(name: str, pref_code: str, designated: bool) -> str:
    if designated:
        return MunicipalityType.DESIGNATED_CITY
    suffix = name[-1]
    if suffix == "区" and pref_code == "13":
        return MunicipalityType.SPECIAL_WARD
    return {"市": MunicipalityType.CITY, "町": MunicipalityType.TOWN, "村": MunicipalityType.VILLAGE}[suffix]


class _Upserter:
    """Collects wanted rows, then writes only what differs, in bulk."""

    def __init__(self, report: LoadReport):
        self.report = report
        self.by_code = {o.code: o for o in Organisation.objects.filter(code__isnull=False)}
        self.by_slug = {o.slug: o for o in Organisation.objects.filter(slug__isnull=False)}

    def upsert(self, *, code: str | None = None, slug: str | None = None, **values) -> Organisation:
        existing = self.by_code.get(code) if code else self.by_slug.get(slug)
        loaded = {k: values[k] for k in Organisation.STAFF_EDITABLE if k in values}
        if existing is None:
            org = Organisation(code=code, slug=slug, reference_values=loaded, **values)
            org.save()
            self.report.count("created", values["kind"])
            (self.by_code if code else self.by_slug)[code or slug] = org
            return org
        kept = _staff_changes(existing)
        changed = [name for name, value in values.items() if name not in kept and getattr(existing, name) != value]
        if existing.reference_values != loaded:
            existing.reference_values = loaded
            changed.append("reference_values")
        if changed:
            for name in changed:
                if name != "reference_values":
                    setattr(existing, name, values[name])
            existing.save(update_fields=[*changed, "updated_at"])  # updated_at: cached directory pages refresh
            self.report.count("updated", values["kind"])
        return existing


def _staff_changes(org: Organisation) -> set[str]:
    """Staff-editable fields whose value differs from what the reference data last gave: staff changed them,
    so a reload keeps them. Organisations loaded before this was recorded have no snapshot: all are kept."""
    snapshot = org.reference_values or {}
    return {
        name for name in Organisation.STAFF_EDITABLE
        if name not in snapshot or getattr(org, name) != snapshot[name]
    }


def _refresh_search_texts() -> None:
    by_pk = {o.pk: o for o in Organisation.objects.all()}
    stale = []
    for org in by_pk.values():
        if org.prefecture_id:
            org.prefecture = by_pk.get(org.prefecture_id)
        if org.parent_id:
            org.parent = by_pk.get(org.parent_id)
        text = org.build_search_text()
        if text != org.search_text:
            org.search_text = text
            stale.append(org)
    now = timezone.now()
    for org in stale:
        org.updated_at = now
    Organisation.objects.bulk_update(stale, ["search_text", "updated_at"], batch_size=500)


def load_reference_data(*, changes: Path | None = None, today: date | None = None) -> LoadReport:
    """Load or update everything; one transaction. Reference imports are not business actions, so they
    are not written to the audit log one row at a time: the returned report is their record. `changes` is the
    file of dated changes (changes.csv shipped here), applied as of `today`."""
    with loading("the reference data"):
        return _load(changes or DATA_DIR / "changes.csv", today or timezone.localdate())


def _load(changes: Path, today: date) -> LoadReport:
    report = LoadReport()
    up = _Upserter(report)
    english = {row["id"]: row["city_en"] for row in _read_csv("cities_in_japan_2024.csv")}
    pref_english = {row["prefecture_id"]: row["prefecture_en"] for row in _read_csv("prefectures_en.csv")}

    prefectures: dict[str, Organisation] = {}
    for row in _read_csv("prefjp-utf8.csv"):
        code = row["lgcode"].zfill(6)
        validate_lgcode(code)
        number = code[:2]
        prefectures[number] = up.upsert(
            code=code, kind=OrgKind.PREFECTURE, name=row["pref"], name_kana=row["prefkana"],
            name_en=pref_english.get(number, row["pref_en"]), municipality_type=MunicipalityType.PREFECTURE,
            parent_id=None, local_government_id=None,
            latitude=_decimal(row["lat"]), longitude=_decimal(row["lng"]), website=row["url"], catchphrase="",
            timezone="Asia/Tokyo", city=row["capital"], established=None,
        )
    for org in prefectures.values():
        if org.prefecture_id != org.pk:
            org.prefecture_id = org.pk
            org.save(update_fields=["prefecture", "updated_at"])

    rows = _read_csv("localgovjp-utf8.csv")
    designated_names = {(r["pid"], r["city"].split(" ")[0]) for r in rows if " " in r["city"]}
    cities: dict[tuple[str, str], Organisation] = {}
    for row in rows:
        if " " in row["city"]:
            continue
        code = row["lgcode"]
        validate_lgcode(code)
        pref = prefectures[code[:2]]
        designated = (row["pid"], row["city"]) in designated_names
        cities[(row["pid"], row["city"])] = up.upsert(
            code=code, kind=OrgKind.MUNICIPALITY, name=row["city"], name_kana=row["citykana"],
            name_en=english.get(code[:5], ""), municipality_type=_municipality_type(row["city"], code[:2], designated),
            parent_id=pref.pk, prefecture_id=pref.pk, local_government_id=None,
            latitude=_decimal(row["lat"]), longitude=_decimal(row["lng"]), website=row["url"],
            catchphrase=row["phrase"], timezone="Asia/Tokyo", city="", established=None,
        )
    for row in rows:
        if " " not in row["city"]:
            continue
        code = row["lgcode"]
        validate_lgcode(code)
        city_name, ward_name = row["city"].split(" ", 1)
        city = cities[(row["pid"], city_name)]
        up.upsert(
            code=code, kind=OrgKind.WARD, name=f"{city_name}{ward_name}", name_kana=row["citykana"].replace(" ", ""),
            name_en=english.get(code[:5], ""), municipality_type=MunicipalityType.WARD,
            parent_id=city.pk, prefecture_id=city.prefecture_id, local_government_id=None,
            latitude=_decimal(row["lat"]), longitude=_decimal(row["lng"]), website=row["url"],
            catchphrase=row["phrase"], timezone="Asia/Tokyo", city="", established=None,
        )

    _apply_changes(up, report, prefectures, changes, today)
    designated_cities = [c for c in cities.values() if c.municipality_type == MunicipalityType.DESIGNATED_CITY]
    _load_clair(up, prefectures, designated_cities)
    _refresh_search_texts()
    return report


CHANGES = ("created", "abolished")


def _apply_changes(up: _Upserter, report: LoadReport, prefectures: dict, changes: Path, today: date) -> None:
    """changes.csv over the snapshot, in order of their day, those whose day has come: a body created is loaded
    like the snapshot's rows; a body abolished is kept, inactive, with its end date and its successors."""
    numbered = enumerate(_read_csv(changes), start=2)  # the file's row numbers, its header being row 1
    rows = sorted(numbered, key=lambda item: (item[1].get("effective") or "", CHANGES.index(item[1]["change"])
                                              if item[1].get("change") in CHANGES else -1))
    for number, row in rows:
        try:
            _apply_change(up, report, prefectures, row, today)
        except (ValueError, KeyError, ValidationError) as error:
            # the whole load is one transaction: nothing of it is written
            raise FileProblems([f"changes.csv row {number} ({row.get('lgcode')}): {error}"]) from error


def _apply_change(up: _Upserter, report: LoadReport, prefectures: dict, row: dict, today) -> None:
    effective = date.fromisoformat(row["effective"])
    if row["change"] not in CHANGES:
        raise ValueError(f"unknown change {row['change']!r} (one of {', '.join(CHANGES)})")
    code = row["lgcode"].strip()
    validate_lgcode(code)
    if effective > today:
        report.notes.append(f"change of {effective} to {code} not in force yet: applied by a load on or after it")
        return
    if row["change"] == "created":
        _create_body(up, prefectures, code, row)
        return
    body = up.by_code.get(code)
    if body is None:
        raise ValueError("the body to abolish is not in the reference data")
    successors = [up.by_code.get(c) for c in row["successors"].split()]
    if not successors or None in successors:
        raise ValueError(f"successors {row['successors']!r} must be codes of bodies already loaded")
    if body.is_active or body.abolished_on != effective:
        body.is_active, body.abolished_on = False, effective
        body.save(update_fields=["is_active", "abolished_on", "updated_at"])
        report.notes.append(f"{body.kind} {code} {body.name} abolished on {effective}")
    if set(body.successors.values_list("pk", flat=True)) != {s.pk for s in successors}:
        body.successors.set(successors)


def _create_body(up: _Upserter, prefectures: dict, code: str, row: dict) -> None:
    pref = prefectures[code[:2]]
    common = dict(name_kana=row["kana"].replace(" ", ""), name_en=row["name_en"], local_government_id=None,
                  latitude=_decimal(row["lat"]), longitude=_decimal(row["lng"]), catchphrase="",
                  timezone="Asia/Tokyo", city="", established=None, prefecture_id=pref.pk)
    if " " in row["name"]:
        city_name, ward_name = row["name"].split(" ", 1)
        city = next((o for o in up.by_code.values() if o.kind == OrgKind.MUNICIPALITY and o.name == city_name
                     and o.code[:2] == code[:2]), None)
        if city is None:
            raise ValueError(f"no city {city_name} in the prefecture for the ward")
        up.upsert(code=code, kind=OrgKind.WARD, name=f"{city_name}{ward_name}",
                  municipality_type=MunicipalityType.WARD, parent_id=city.pk, website=city.website, **common)
        return
    up.upsert(code=code, kind=OrgKind.MUNICIPALITY, name=row["name"], parent_id=pref.pk, website="",
              municipality_type=_municipality_type(row["name"], code[:2], designated=False), **common)


def _branch_names(gov: Organisation) -> tuple[str, str]:
    english = gov.name_en or gov.name
    if gov.kind == OrgKind.PREFECTURE:
        return f"クレア{gov.name}支部", f"CLAIR {english} Branch"
    return f"クレア{gov.name}支部", f"CLAIR {english} City Branch"


def _load_clair(up: _Upserter, prefectures: dict, designated_cities: list) -> None:
    with open(DATA_DIR / "offices.toml", "rb") as fh:
        data = tomllib.load(fh)
    hq = data["headquarters"]
    common = dict(municipality_type="", parent_id=None, prefecture_id=None, local_government_id=None,
                  latitude=None, longitude=None, catchphrase="")
    up.upsert(slug=hq["slug"], kind=OrgKind.HEADQUARTERS, name=hq["name"], name_kana=hq["name_kana"],
              name_en=hq["name_en"], website=hq["website"], timezone=hq["timezone"], city=hq["city"],
              established=hq["established"], **common)
    for office in data["office"]:
        org = up.upsert(slug=office["slug"], kind=OrgKind.OVERSEAS_OFFICE, name=office["name"],
                        name_kana=office["name_kana"], name_en=office["name_en"], website="",
                        timezone=office["timezone"], city=office["city"], established=office["established"], **common)
        covered = set(CoveredCountry.objects.values_list("country", flat=True))
        CoveredCountry.objects.bulk_create(
            [CoveredCountry(office=org, country=c) for c in office["countries"] if c not in covered]
        )
    for gov in [*prefectures.values(), *designated_cities]:
        name, name_en = _branch_names(gov)
        slug = f"branch-{gov.code}"
        up.upsert(slug=slug, kind=OrgKind.BRANCH, name=name, name_kana="", name_en=name_en, website=gov.website,
                  timezone="Asia/Tokyo", city="", established=None,
                  **{**common, "local_government_id": gov.pk, "prefecture_id": gov.prefecture_id,
                     "parent_id": None})


def expected_counts() -> dict[str, int]:
    """What a complete load holds (checked by the tests)."""
    return {"prefecture": 47, "municipality": 1741, "ward": 178, "branch": 67, "office": 7, "hq": 1}


def expected_active_counts() -> dict[str, int]:
    """… and what is in force after changes.csv: Hamamatsu's seven wards are three since 2024-01-01."""
    return {**expected_counts(), "ward": 171}


__all__ = ["load_reference_data", "expected_counts", "expected_active_counts", "with_check_digit"]
