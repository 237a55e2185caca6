"""Reads of the JET Programme: rosters by role, counts, a participant's own record."""

from dataclasses import dataclass

from django.db.models import Count, Q

from kizuna.core.search import search_names

from .enums import ACTIVE, Status
from .models import JetHost, Participant


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


def roster(user, filters: RosterFilters | None = None):
    """The participants the person may see (their contracting organisation's, their coordinating body's, or all
    for headquarters), filtered; one query with what a row shows."""
    f = filters or RosterFilters()
    qs = (Participant.objects.visible_to(user)
          .select_related("host__organisation", "host__coordinating_body", "host__organisation__prefecture"))
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


def counts(user) -> dict:
    """The roster's counts by position, country, cohort and appointment year (what headquarters looks at first)."""
    qs = Participant.objects.visible_to(user).filter(status__in=ACTIVE)
    return {
        "total": qs.count(),
        "position": list(qs.values("position").annotate(n=Count("pk")).order_by("-n")),
        "nationality": list(qs.values("nationality").annotate(n=Count("pk")).order_by("-n")[:20]),
        "cohort": list(qs.values("cohort").annotate(n=Count("pk")).order_by("-n")),
        "year": list(qs.values("contract_year").annotate(n=Count("pk")).order_by("contract_year")),
    }


def own_record(user) -> Participant | None:
    if not user.is_authenticated:
        return None
    return (Participant.objects.filter(person=user)
            .select_related("host__organisation", "host__coordinating_body").first())


def hosts(user):
    return JetHost.objects.visible_to(user).select_related("organisation", "coordinating_body")
