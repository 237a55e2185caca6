"""Reads of the sister-city registry shared by the public pages, the API, the open data and the KPI, so that
every published count is the same count.

Counting rule: an affiliation is *counted* when it meets CLAIR's three conditions (the heads signed an
agreement; the exchange covers more than one field; the assembly approved it) and is *in force* on a day when it
was signed by then, was not dissolved by then, and is not recorded as lapsed (a lapse has no date: a lapsed
affiliation is out of every count). The others are kept, listed and exported, marked as not counted."""

import json
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import get_language

from kizuna.core.audit import audit_version
from kizuna.core.cache import RenderCache
from kizuna.core.countries import country_name
from kizuna.core.enums import OrgKind
from kizuna.core.maps import point_radius, world_point
from kizuna.core.models import Organisation
from kizuna.core.search import search_names

from .enums import AffiliationStatus, AffiliationType, ExchangeField
from .models import Affiliation, ForeignPartner, PartnerWanted

COUNTED = Q(heads_signed=True, several_fields=True, assembly_approved=True)
# Counts and map data, the same for everyone, kept per process under the registry's version (every write is
# logged) and the language; bulk loads that leave no entry show within the TTL.
CACHE = RenderCache("exchange", ttl=120, max_entries=500)


def _cached(name: str, build, *parts):
    key = [name, version(), get_language() or "ja", timezone.localdate(), *parts]
    found = CACHE.get(key)
    if found is None:
        found = build()
        CACHE.set(key, found)
    return found
FIRST_YEAR = 1955  # Nagasaki and Saint Paul, the first affiliation (1955-12-07)


def in_force_on(day: date) -> Q:
    return (Q(signed_on__lte=day) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
            & ~Q(status=AffiliationStatus.LAPSED))


@dataclass
class Filters:
    """What a registry search asks: a prefecture (code), a country (alpha-2), a type, a state, only counted ones,
    and words (partner names, Japanese names, readings, romaji, countries)."""

    prefecture: str = ""
    country: str = ""
    affiliation_type: str = ""
    status: str = ""
    counted: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "Filters":
        found = cls(prefecture=params.get("prefecture", "")[:6], country=params.get("country", "")[:2].upper(),
                    affiliation_type=params.get("type", "")[:10], status=params.get("status", "")[:10],
                    counted=params.get("counted") in ("1", "true", "on"), q=params.get("q", "")[:100].strip())
        if found.affiliation_type not in AffiliationType.values:
            found.affiliation_type = ""
        if found.status not in AffiliationStatus.values:
            found.status = ""
        return found

    @property
    def empty(self) -> bool:
        return not (self.prefecture or self.country or self.affiliation_type or self.status or self.counted
                    or self.q)


def affiliations(qs=None):
    qs = qs if qs is not None else Affiliation.objects.all()
    return qs.select_related("local_government__prefecture", "partner")


def registry(filters: Filters, qs=None):
    """The affiliations that match, by prefecture code, local government code and date (or best first for a
    search of words)."""
    qs = affiliations(qs)
    if filters.prefecture:
        qs = qs.filter(local_government__prefecture__code=filters.prefecture)
    if filters.country:
        qs = qs.filter(partner__country=filters.country)
    if filters.affiliation_type:
        qs = qs.filter(affiliation_type=filters.affiliation_type)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.counted:
        qs = qs.filter(COUNTED)
    if filters.q:
        return search_names("sister_cities", filters.q, qs)
    return qs.order_by("local_government__code", "signed_on", "pk")


@dataclass
class Totals:
    recorded: int = 0  # every affiliation in the registry
    in_force: int = 0  # active and not dissolved
    counted: int = 0  # in force and meeting the three conditions: the published figure
    not_counted: int = 0  # in force but not meeting them
    governments: int = 0  # local governments with a counted affiliation
    countries: int = 0  # countries with a counted affiliation


def totals(day: date | None = None) -> Totals:
    return _cached("totals", lambda: _totals(day or timezone.localdate()), day)


def _totals(day: date) -> Totals:
    base = Affiliation.objects.all()
    in_force = base.filter(in_force_on(day))
    found = in_force.aggregate(n=Count("pk"), counted=Count("pk", filter=COUNTED),
                               governments=Count("local_government", filter=COUNTED, distinct=True),
                               countries=Count("partner__country", filter=COUNTED, distinct=True))
    return Totals(recorded=base.count(), in_force=found["n"], counted=found["counted"],
                  not_counted=found["n"] - found["counted"], governments=found["governments"],
                  countries=found["countries"])


@dataclass
class Group:
    key: str
    label: str
    counted: int = 0
    not_counted: int = 0
    ended: int = 0  # lapsed or dissolved
    extra: dict = field(default_factory=dict)


def _grouped(path: str) -> dict:
    today = timezone.localdate()
    rows = (Affiliation.objects.values(path).order_by()
            .annotate(counted=Count("pk", filter=in_force_on(today) & COUNTED),
                      in_force=Count("pk", filter=in_force_on(today)), n=Count("pk")))
    return {r[path]: (r["counted"], r["in_force"] - r["counted"], r["n"] - r["in_force"]) for r in rows}


def by_prefecture() -> list[Group]:
    """Every prefecture with its counts (a prefecture without any affiliation too)."""
    return _cached("prefectures", _by_prefecture)


def _by_prefecture() -> list[Group]:
    counts = _grouped("local_government__prefecture")
    groups = []
    for prefecture in Organisation.objects.filter(kind=OrgKind.PREFECTURE).order_by("code"):
        counted, not_counted, ended = counts.get(prefecture.pk, (0, 0, 0))
        groups.append(Group(prefecture.code, prefecture.name if _ja() else (prefecture.name_en or prefecture.name),
                            counted, not_counted, ended, {"prefecture": prefecture}))
    return groups


def by_country() -> list[Group]:
    """The countries with affiliations, most counted first."""
    return _cached("countries", _by_country)


def _by_country() -> list[Group]:
    counts = _grouped("partner__country")
    groups = [Group(code, country_name(code), *figures) for code, figures in counts.items()]
    return sorted(groups, key=lambda g: (-g.counted, g.label))


def countries() -> list[tuple[str, str]]:
    """The countries with an affiliation (alpha-2 code and name), by name: the registry's country filter."""
    return _cached("country-options", lambda: sorted(
        ((code, country_name(code)) for code in ForeignPartner.objects.filter(affiliations__isnull=False)
         .order_by().values_list("country", flat=True).distinct()), key=lambda pair: pair[1]))


def _ja() -> bool:
    return (get_language() or "ja").startswith("ja")


def by_year(until: int | None = None) -> list[dict]:
    """Counted affiliations in force at the end of each year (31 December) and those signed that year."""
    return _cached("years", lambda: _by_year(until), until)


def _by_year(until: int | None) -> list[dict]:
    until = until or timezone.localdate().year
    rows = list(Affiliation.objects.filter(COUNTED).exclude(status=AffiliationStatus.LAPSED)
                .values_list("signed_on", "dissolved_on"))
    years, peak = [], 0
    first = min((s.year for s, _d in rows), default=until)
    for year in range(min(first, until), until + 1):
        end = date(year, 12, 31)
        in_force = sum(1 for s, d in rows if s <= end and (d is None or d > end))
        signed = sum(1 for s, _d in rows if s.year == year)
        peak = max(peak, in_force)
        years.append({"year": year, "in_force": in_force, "signed": signed})
    for row in years:
        row["share"] = round(100 * row["in_force"] / peak, 1) if peak else 0
    return years


def for_government(organisation) -> list:
    return list(affiliations(Affiliation.objects.filter(local_government=organisation))
                .order_by("signed_on", "pk"))


# -- map -----------------------------------------------------------------------------------------------------------

def map_data() -> dict:
    """The partners abroad and the Japanese local governments with their in-force affiliations, each with its
    point on the world map (kizuna/core/maps.py) when its coordinates are known. Callers must not change it
    (it is kept for the next ones)."""
    return _cached("map", _map_data)


def map_data_json() -> bytes:
    """The map data as JSON (without the points' drawing), as the endpoint sends it."""
    def build():
        data = {side: [{k: v for k, v in row.items() if k not in ("x", "y", "r")} for row in rows]
                for side, rows in map_data().items()}
        return json.dumps(data, ensure_ascii=False).encode()

    return _cached("map.json", build)


def _map_data() -> dict:
    today = timezone.localdate()
    live = Affiliation.objects.filter(in_force_on(today))
    per_partner = dict(live.values_list("partner").order_by().annotate(n=Count("pk")))
    per_government = dict(live.values_list("local_government").order_by().annotate(n=Count("pk")))
    partners = []
    peak = max(per_partner.values(), default=1)
    for p in ForeignPartner.objects.filter(pk__in=live.values("partner")).order_by("country", "name_en", "pk"):
        at = world_point(p.latitude, p.longitude)
        partners.append({"id": p.pk, "name": p.name, "name_en": p.name_en, "country": p.country,
                         "country_name": country_name(p.country),
                         "latitude": float(p.latitude) if p.latitude is not None else None,
                         "longitude": float(p.longitude) if p.longitude is not None else None,
                         "affiliations": per_partner[p.pk], "x": at[0] if at else None, "y": at[1] if at else None,
                         "r": point_radius(per_partner[p.pk], peak, smallest=0.8, spread=1.6)})
    governments = []
    peak = max(per_government.values(), default=1)
    for o in (Organisation.objects.filter(pk__in=live.values("local_government")).only(
            "pk", "code", "name", "name_en", "latitude", "longitude").order_by("code")):
        at = world_point(o.latitude, o.longitude)
        governments.append({"code": o.code, "name": o.name, "name_en": o.name_en,
                            "latitude": float(o.latitude) if o.latitude is not None else None,
                            "longitude": float(o.longitude) if o.longitude is not None else None,
                            "affiliations": per_government[o.pk], "x": at[0] if at else None,
                            "y": at[1] if at else None,
                            "r": point_radius(per_government[o.pk], peak, smallest=0.5, spread=1.0)})
    return {"partners": partners, "local_governments": governments}


def version() -> str:
    """Changes with every write to the registry (each is logged): the key of cached answers."""
    return audit_version(Affiliation, ForeignPartner, Organisation)


def modified():
    """When the registry last changed (for the open data's metadata)."""
    found = Affiliation.objects.aggregate(last=Max("updated_at"))["last"]
    return found or timezone.now()


# -- looking for a partner -----------------------------------------------------------------------------------------

def wanted(user, *, prefecture: str = "", country: str = "", q: str = ""):
    qs = (PartnerWanted.objects.visible_to(user).select_related("local_government__prefecture")
          .order_by("local_government__code", "pk"))
    if prefecture:
        qs = qs.filter(local_government__prefecture__code=prefecture)
    if country:
        # the wished countries are a short list per entry: matched in Python on the few hundred entries
        ids = [pk for pk, wished in qs.values_list("pk", "wished_countries") if country in (wished or [])]
        qs = qs.filter(pk__in=ids)
    if q:
        qs = qs.filter(Q(local_government__name__icontains=q) | Q(local_government__name_kana__icontains=q)
                       | Q(local_government__name_en__icontains=q) | Q(wished_regions__icontains=q)
                       | Q(outline__icontains=q) | Q(wished_traits__icontains=q))
    return qs


FIELD_LABELS = dict(ExchangeField.choices)
