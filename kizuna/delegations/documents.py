"""The delegations' documents as PDFs through the one PDF mechanism (kizuna/core/pdf.py): name badges (an A4
sheet of eight), the delegation list and the itinerary. Times are shown in the time zone of the programme's venue,
names in the font of their script."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from kizuna.core.pdf import FONTS, name_size, render_pdf

from .enums import DelegationStatus

BADGES_PER_SHEET = 8
# The script of the names of a country's delegation: its font and the language the badge marks them in.
SCRIPTS = {"CN": "zh-hans", "SG": "zh-hans", "TW": "zh-hant", "HK": "zh-hant", "MO": "zh-hant", "KR": "ko",
           "JP": "ja"}
HTML_LANG = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "ko": "ko", "ja": "ja", "latin": "und-Latn"}


def script_of(country: str) -> str:
    return SCRIPTS.get(country, "latin")


def zone_of(programme) -> ZoneInfo:
    try:
        return ZoneInfo(programme.zone_name)
    except (KeyError, ValueError):  # an unknown zone name: Japan's
        return ZoneInfo("Asia/Tokyo")


@dataclass
class Badge:
    member: object
    delegation: object
    script: str
    lang: str
    size: int


def _badges(delegations) -> list[Badge]:
    found = []
    for delegation in delegations:
        script = script_of(delegation.country)
        for member in delegation.members.all():
            found.append(Badge(member, delegation, script, HTML_LANG[script], name_size(member.name)))
    return found


def _sheets(badges: list) -> list[list]:
    return [badges[i:i + BADGES_PER_SHEET] for i in range(0, len(badges), BADGES_PER_SHEET)] or [[]]


def printable(delegations):
    """The delegations whose documents are printed: not the cancelled ones."""
    return [d for d in delegations if d.status != DelegationStatus.CANCELLED]


def _render(template, programme, context) -> bytes:
    with timezone.override(zone_of(programme)):
        return render_pdf(template, {"programme": programme, "event": programme.event, "fonts": FONTS,
                                     "zone": programme.zone_name, **context})


def badges_pdf(programme, delegations) -> bytes:
    """A4 sheets of eight badges: the name large in the member's script, the Latin name, role and position, the
    delegation and its country, the event."""
    return _render("delegations/print/badges.html", programme, {"sheets": _sheets(_badges(printable(delegations)))})


def list_pdf(programme, delegations, *, needs_of: set) -> bytes:
    """The delegation list: each delegation's members with travel and hotel; the dietary and accessibility needs
    only for the delegations in `needs_of` (those the person handles)."""
    rows = [(d, script_of(d.country), HTML_LANG[script_of(d.country)], d.pk in needs_of)
            for d in printable(delegations)]
    return _render("delegations/print/list.html", programme, {"rows": rows, "any_needs": bool(needs_of)})


def itinerary_pdf(delegation) -> bytes:
    """The delegation's days: arrivals, visits and departures in order, in the venue's time zone."""
    programme = delegation.programme
    stops = []
    for member in delegation.members.all():
        if member.arrival_at:
            stops.append((member.arrival_at, "arrival", member))
        if member.departure_at:
            stops.append((member.departure_at, "departure", member))
    for visit in delegation.visits.all():
        stops.append((visit.starts_at, "visit", visit))
    stops.sort(key=lambda stop: (stop[0], stop[1]))
    return _render("delegations/print/itinerary.html", programme, {
        "delegation": delegation, "stops": stops, "script": script_of(delegation.country),
        "lang": HTML_LANG[script_of(delegation.country)]})
