"""Time zones as people name them: "ニューヨーク時間（UTC−5）" rather than "America/New_York".

Pages show a zone with `zone_label` (template filter `zone`, kizuna_ui): a translated name for the zones of
CLAIR's offices and the usual venues of its events, else the city of the IANA name ("Lima time"), with the
offset from UTC at the moment shown (daylight saving included).
"""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy

NAMES = {
    "Asia/Tokyo": pgettext_lazy("time zone", "Japan time"),
    "UTC": pgettext_lazy("time zone", "Coordinated Universal Time"),
    # The overseas offices.
    "America/New_York": pgettext_lazy("time zone", "New York time"),
    "Europe/London": pgettext_lazy("time zone", "London time"),
    "Europe/Paris": pgettext_lazy("time zone", "Paris time"),
    "Asia/Singapore": pgettext_lazy("time zone", "Singapore time"),
    "Asia/Seoul": pgettext_lazy("time zone", "Seoul time"),
    "Australia/Sydney": pgettext_lazy("time zone", "Sydney time"),
    "Asia/Shanghai": pgettext_lazy("time zone", "Beijing time"),
    # Where seminars and trade fairs are usually held.
    "America/Los_Angeles": pgettext_lazy("time zone", "Los Angeles time"),
    "America/Chicago": pgettext_lazy("time zone", "Chicago time"),
    "America/Toronto": pgettext_lazy("time zone", "Toronto time"),
    "America/Vancouver": pgettext_lazy("time zone", "Vancouver time"),
    "America/Sao_Paulo": pgettext_lazy("time zone", "São Paulo time"),
    "Europe/Berlin": pgettext_lazy("time zone", "Berlin time"),
    "Europe/Madrid": pgettext_lazy("time zone", "Madrid time"),
    "Europe/Rome": pgettext_lazy("time zone", "Rome time"),
    "Europe/Amsterdam": pgettext_lazy("time zone", "Amsterdam time"),
    "Asia/Hong_Kong": pgettext_lazy("time zone", "Hong Kong time"),
    "Asia/Taipei": pgettext_lazy("time zone", "Taipei time"),
    "Asia/Bangkok": pgettext_lazy("time zone", "Bangkok time"),
    "Asia/Jakarta": pgettext_lazy("time zone", "Jakarta time"),
    "Asia/Manila": pgettext_lazy("time zone", "Manila time"),
    "Asia/Ho_Chi_Minh": pgettext_lazy("time zone", "Ho Chi Minh City time"),
    "Asia/Kolkata": pgettext_lazy("time zone", "India time"),
    "Australia/Melbourne": pgettext_lazy("time zone", "Melbourne time"),
    "Pacific/Auckland": pgettext_lazy("time zone", "Auckland time"),
}


def offset_label(zone: ZoneInfo, moment: datetime | None = None) -> str:
    """UTC+9, UTC−5, UTC+5:30: the zone's offset at `moment` (now when none)."""
    offset = (moment or timezone.now()).astimezone(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'+' if minutes >= 0 else '−'}{hours}" + (f":{rest:02d}" if rest else "")


def zone_name(name: str) -> str:
    """The zone's name in the page's language: a known zone's, else "<city> time" from the IANA name."""
    known = NAMES.get(name)
    if known is not None:
        return str(known)
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return pgettext("time zone", "%(city)s time") % {"city": city}


def zone_label(name: str, moment: datetime | None = None) -> str:
    """ "New York time (UTC−5)" for "America/New_York" at `moment` (now when none); a name that is no zone as
    it is."""
    if not name:
        return ""
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return name
    return pgettext("time zone", "%(zone)s (%(offset)s)") % {"zone": zone_name(name),
                                                             "offset": offset_label(zone, moment)}
