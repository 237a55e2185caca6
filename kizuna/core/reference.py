"""Loading the reference data shipped in kizuna/core/data/reference (see NOTICE.md there).

Idempotent: organisations are matched by their code (local governments) or slug (CLAIR), created when
missing and updated when the data changed; nothing that staff added is removed.
"""

import csv
import tomllib
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from .codes import validate_lgcode, with_check_digit
from .enums import MunicipalityType, OrgKind
from .loading import LoadReport, loading
from .models import CoveredCountry, Organisation

DATA_DIR = Path(__file__).resolve().parent / "data" / "reference"

FIELDS = ["kind", "name", "name_kana", "name_en", "municipality_type", "parent_id", "prefecture_id",
          "local_government_id", "latitude", "longitude", "website", "catchphrase", "timezone", "city",
          "established", "search_text"]


def _read_csv(name: str) -> list[dict]:
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


def load_reference_data() -> LoadReport:
    """Load or update everything; one transaction. Reference imports are not business actions, so they
    are not written to the audit log one row at a time: the returned report is their record."""
    with loading("the reference data"):
        return _load()


def _load() -> LoadReport:
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

    designated_cities = [c for c in cities.values() if c.municipality_type == MunicipalityType.DESIGNATED_CITY]
    _load_clair(up, prefectures, designated_cities)
    _refresh_search_texts()
    return report


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
    return {"prefecture": 47, "municipality": 1741, "ward": 175, "branch": 67, "office": 7, "hq": 1}


__all__ = ["load_reference_data", "expected_counts", "with_check_digit"]
