"""Reads of the reappointment round: the rounds, a round's rows as the person may see them (headquarters all, a
PA their coordinating body's, a supervisor their contracting organisation's), and the outcome: per contracting
organisation how many stay and leave, and so next year's new places. One definition for pages, API and CSV."""

from collections import OrderedDict

from django.db.models import Count, Q, Sum

from .enums import Reappointment
from .models import PlacesAdjustment, ReappointmentIntention, ReappointmentRound

PENDING = [s for s in Reappointment.values if s not in (Reappointment.STAYS, Reappointment.LEAVES)]


def rounds(user):
    return ReappointmentRound.objects.visible_to(user)


def intentions_of(user):
    """Every row of every round the person may see, with what a row shows."""
    return (ReappointmentIntention.objects.visible_to(user)
            .select_related("round", "participant", "host__organisation", "coordinating_body"))


def intentions(user, rnd, status: str = ""):
    qs = ReappointmentIntention.objects.visible_to(user).filter(round=rnd)
    if status in Reappointment.values:
        qs = qs.filter(status=status)
    return (qs.select_related("round", "participant", "host__organisation", "coordinating_body")
            .order_by("host__organisation__code", "participant__family_name", "pk"))


def counts(user, rnd) -> list[dict]:
    """How many rows the person sees in each state (for the filter's tags)."""
    found = ReappointmentIntention.objects.visible_to(user).filter(round=rnd).aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in Reappointment.values})
    return [{"value": value, "label": label, "n": found[value]} for value, label in Reappointment.choices]


COUNTED = ("total", "stays", "leaves", "pending")


def _line(name) -> dict:
    return {"name": name, "total": 0, "stays": 0, "leaves": 0, "pending": 0, "adjusted": 0, "new_places": 0}


def outcome(user, rnd) -> dict:
    """Per contracting organisation (within its coordinating body): in the round, confirmed stays, confirmed
    departures, not yet confirmed, the adjustments agreed with headquarters, and so next year's new places
    (departures plus adjustments); totals per coordinating body and overall. Two queries."""
    rows = (ReappointmentIntention.objects.visible_to(user).filter(round=rnd)
            .values("coordinating_body_id", "coordinating_body__name", "host_id", "host__organisation__name",
                    "host__organisation__code")
            .annotate(total=Count("pk"), stays=Count("pk", filter=Q(status=Reappointment.STAYS)),
                      leaves=Count("pk", filter=Q(status=Reappointment.LEAVES)),
                      pending=Count("pk", filter=Q(status__in=PENDING)))
            .order_by("coordinating_body__name", "host__organisation__code", "host__organisation__name"))
    adjusted = dict(PlacesAdjustment.objects.visible_to(user).filter(round=rnd).values_list("host_id")
                    .annotate(n=Sum("change")).order_by())
    bodies: OrderedDict = OrderedDict()
    total = _line("")
    for row in rows:
        body = bodies.setdefault(row["coordinating_body_id"], {**_line(row["coordinating_body__name"]), "hosts": []})
        host = {**_line(row["host__organisation__name"]), "code": row["host__organisation__code"],
                "host_id": row["host_id"], **{key: row[key] for key in COUNTED}}
        host["adjusted"] = adjusted.get(row["host_id"], 0)
        host["new_places"] = max(0, host["leaves"] + host["adjusted"])  # never fewer than none
        for line in (body, total):
            for key in (*COUNTED, "adjusted", "new_places"):
                line[key] += host[key]
        body["hosts"].append(host)
    return {"bodies": list(bodies.values()), "total": total}


def adjustments(user, rnd):
    """The adjustments of new places recorded in the round that the person may see, oldest first."""
    return (PlacesAdjustment.objects.visible_to(user).filter(round=rnd)
            .select_related("host__organisation", "recorded_by").order_by("recorded_at", "pk"))


def latest_intention(user, participant):
    """The participant's row in the latest round, if the person may see it (for the participant's page)."""
    return (ReappointmentIntention.objects.visible_to(user).filter(participant=participant).select_related("round")
            .order_by("-round__year").first())
