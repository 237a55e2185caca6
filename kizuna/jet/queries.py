"""Reads of the JET Programme: rosters by role, counts, a participant's own record."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from kizuna.core.charts import bars
from kizuna.core.countries import country_name
from kizuna.core.models import Organisation
from kizuna.core.search import search_names

from .enums import ACTIVE, Cohort, Position, Status
from .models import JetHost, Participant, participant_name


@dataclass
class RosterFilters:
    q: str = ""
    status: str = ""
    position: str = ""
    cohort: str = ""
    prefecture: int | None = None
    host: int | None = None
    year: int | None = None
    active_only: bool = True


# What a roster's row (page, API, CSV) reads: the sort carries every selected column of every visible
# participant, and the organisations' full rows (their reference data's JSON above all) made it 20 times dearer.
ROSTER_FIELDS = (
    "jet_number", "person_id", "family_name", "given_names", "name_katakana", "position", "nationality",
    "recruiting_country", "cohort", "expected_arrival", "host_id", "status", "contract_year", "arrived_on",
    "leaving_on", "departed_on", "host__organisation_id", "host__coordinating_body_id",
    "host__organisation__code", "host__organisation__name", "host__organisation__name_en")


def roster(user, filters: RosterFilters | None = None):
    """The participants the person may see (their contracting organisation's, their coordinating body's, or all
    for headquarters), filtered, in one query with what a row shows; a list that shows the coordinating body
    passes its rows through `with_bodies` (joined here, it kept SQLite from walking the organisations in code
    order and stopping at the page: 0.5 against 4 ms for page 1 of 6,000)."""
    f = filters or RosterFilters()
    qs = Participant.objects.visible_to(user).select_related("host__organisation").only(*ROSTER_FIELDS)
    if f.active_only and not f.status:
        qs = qs.filter(status__in=[*ACTIVE, Status.PLACED])
    if f.status:
        qs = qs.filter(status=f.status)
    if f.position:
        qs = qs.filter(position=f.position)
    if f.cohort:
        qs = qs.filter(cohort=f.cohort)
    if f.prefecture:
        qs = qs.filter(Q(host__organisation__prefecture_id=f.prefecture) | Q(host__organisation_id=f.prefecture))
    if f.host:
        qs = qs.filter(host_id=f.host)
    if f.year:
        qs = qs.filter(contract_year=f.year)
    qs = qs.order_by("host__organisation__code", "family_name", "given_names", "pk")
    if f.q and f.q.strip():
        return search_names("jet_participants", f.q, qs)
    return qs


class RosterRow(NamedTuple):
    """A participant as the roster page's table shows them, read as plain values: the page's 50 participants with
    their contracting organisations' rows cost as much to build as the table's markup."""

    pk: int
    jet_number: str
    family_name: str
    given_names: str
    name_katakana: str
    position: str
    contract_year: int
    status: str
    organisation: str
    organisation_en: str
    search_match: str = ""  # why a name search found them

    def __str__(self) -> str:
        return participant_name(self.family_name, self.given_names)


ROW_COLUMNS = ("pk", "jet_number", "family_name", "given_names", "name_katakana", "position", "contract_year",
               "status", "host__organisation__name", "host__organisation__name_en")


def roster_rows(object_list) -> list[RosterRow]:
    """The rows of a page of `roster()`: read as values, or (a name search's page, already read and ranked) taken
    from its records."""
    if isinstance(object_list, QuerySet):
        return [RosterRow(*values) for values in object_list.values_list(*ROW_COLUMNS)]
    return [RosterRow(*(getattr(p, name) for name in ROW_COLUMNS[:8]), p.host.organisation.name,
                      p.host.organisation.name_en, getattr(p, "search_match", "")) for p in object_list]


def with_bodies(participants) -> list:
    """The participants with their contracting organisations' coordinating bodies attached, from one query (a
    few dozen bodies stand behind any list)."""
    participants = list(participants)
    bodies = (Organisation.objects.only("name", "name_en")
              .in_bulk({p.host.coordinating_body_id for p in participants}))
    for p in participants:
        p.host.coordinating_body = bodies[p.host.coordinating_body_id]
    return participants


def counts(user) -> dict:
    """What the roster shows above its table: those in the programme, and how many by position (one query; the
    counts by country, prefecture, arrival group and year are on the overview page)."""
    by_position = list(Participant.objects.visible_to(user).filter(status__in=ACTIVE).values("position")
                       .annotate(n=Count("pk")).order_by("-n", "position"))
    return {"total": sum(row["n"] for row in by_position), "position": by_position}


def own_record(user) -> Participant | None:
    if not user.is_authenticated:
        return None
    return (Participant.objects.filter(person=user)
            .select_related("host__organisation", "host__coordinating_body").first())


def active_record(user) -> Participant | None:
    """The person's record while they are in the programme (arrived, in post or leaving): what they claim
    subsidies and apply for internships with."""
    if not user.is_authenticated:
        return None
    return (Participant.objects.filter(person=user, status__in=ACTIVE)
            .select_related("host__organisation").first())


def hosts(user):
    return JetHost.objects.visible_to(user).select_related("organisation", "coordinating_body")


# The map's frame: Japan from Yonaguni to Etorofu, Hateruma to Wakkanai (degrees), drawn without any tile server.
MAP_WEST, MAP_EAST, MAP_SOUTH, MAP_NORTH = 122.5, 149.0, 24.0, 45.8
MAP_WIDTH, MAP_HEIGHT = 600, 560


def _bars(rows, label) -> list[dict]:
    """Rows of (key, n) as bars, each key named by `label`."""
    return bars((label(key), n) for key, n in rows)


def overview(user) -> dict:
    """Headquarters' (or a PA's) picture of the participants in the programme: counts by position, recruiting
    country, prefecture, arrival group and appointment year, and where they are placed, on a map."""
    qs = Participant.objects.visible_to(user).filter(status__in=ACTIVE)
    positions, cohorts = dict(Position.choices), dict(Cohort.choices)

    def grouped(field, order="-n"):
        return qs.values_list(field).annotate(n=Count("pk")).order_by(order, field)

    prefecture = Coalesce("host__organisation__prefecture__name", "host__organisation__name")
    by_prefecture = (qs.annotate(pref=prefecture).values_list("pref").annotate(n=Count("pk")).order_by("-n", "pref"))
    places = (qs.values("host__organisation__name", "host__organisation__latitude", "host__organisation__longitude")
              .annotate(n=Count("pk")).order_by("-n"))
    top = max((p["n"] for p in places), default=1)
    points = []
    for place in places:
        lat, lon = place["host__organisation__latitude"], place["host__organisation__longitude"]
        if lat is None or lon is None:
            continue
        points.append({
            "name": place["host__organisation__name"], "n": place["n"],
            "x": round((float(lon) - MAP_WEST) / (MAP_EAST - MAP_WEST) * MAP_WIDTH, 1),
            "y": round((MAP_NORTH - float(lat)) / (MAP_NORTH - MAP_SOUTH) * MAP_HEIGHT, 1),
            "r": round(3 + 9 * (place["n"] / top) ** 0.5, 1)})
    return {
        "total": qs.count(),
        "charts": [
            ("position", _("By position"), _bars(grouped("position"), lambda k: positions.get(k, k))),
            ("country", _("By recruiting country"), _bars(grouped("recruiting_country")[:15], country_name)),
            ("prefecture", _("By prefecture"), _bars(by_prefecture, str)),
            ("cohort", _("By arrival group"), _bars(grouped("cohort"), lambda k: cohorts.get(k, k))),
            ("year", _("By appointment year"), _bars(grouped("contract_year", "contract_year"),
                                                     lambda k: _("Year %(n)s") % {"n": k})),
        ],
        "map": {"points": points, "width": MAP_WIDTH, "height": MAP_HEIGHT},
    }
