"""Calendar files (iCalendar, RFC 5545) written with the `icalendar` library: one helper for every app.

The library escapes TEXT values (commas, semicolons, backslashes, newlines), quotes parameters, folds lines at
75 octets without splitting a UTF-8 character, and ends them with CRLF. Apps describe their records as
`CalendarEvent`s and get the file's bytes from `calendar_file`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT. `starts`/`ends` are timezone-aware datetimes (written in UTC) or, for an all-day event,
    dates; an all-day `ends` is the day after the last day (RFC 5545: DTEND is exclusive)."""

    uid: str
    starts: datetime | date
    ends: datetime | date
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    organizer_name: str = ""
    organizer_email: str = ""
    stamp: datetime | None = None  # DTSTAMP; now when not given


def _moment(value: datetime | date) -> datetime | date:
    if not isinstance(value, datetime):
        return value
    if timezone.is_naive(value):
        raise ValueError(f"A calendar time must be timezone-aware: {value!r}")
    return value.astimezone(UTC)


def _vevent(item: CalendarEvent) -> Event:
    vevent = Event()
    vevent.add("uid", item.uid)
    vevent.add("dtstamp", _moment(item.stamp or timezone.now()))
    vevent.add("dtstart", _moment(item.starts))
    vevent.add("dtend", _moment(item.ends))
    vevent.add("summary", item.summary)
    for name, value in (("description", item.description), ("location", item.location), ("url", item.url)):
        if value:
            vevent.add(name, value)
    if item.organizer_email:
        organizer = vCalAddress(f"mailto:{item.organizer_email}")
        if item.organizer_name:
            organizer.params["cn"] = item.organizer_name
        vevent.add("organizer", organizer)
    return vevent


def calendar_file(events: Iterable[CalendarEvent], *, prodid: str, name: str = "", method: str = "PUBLISH") -> bytes:
    """A VCALENDAR (VERSION 2.0, the given PRODID and METHOD, and X-WR-CALNAME when named) of the events."""
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", vText(name))  # an X- property is not escaped unless typed as TEXT
    for item in events:
        calendar.add_component(_vevent(item))
    return calendar.to_ical()
