"""iCalendar (RFC 5545) written by hand: CRLF line ends, TEXT escaping, lines folded at 75 octets."""

from datetime import UTC, datetime

from django.conf import settings

PRODID = "-//CLAIR//Kizuna events//JA"


def escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma escaped; newlines as \\n."""
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with one space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event, *, with_link: bool = False, uid_suffix: str = "") -> list[str]:
    url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    location = ", ".join(x for x in (event.venue_name, event.venue_address) if x) or event.get_format_display()
    description = event.description
    if event.description_en:
        description += "\n\n" + event.description_en
    if with_link and event.online_url:
        description += "\n\n" + event.online_url
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}{uid_suffix}@kizuna",
        f"DTSTAMP:{_utc(event.updated_at)}",
        f"DTSTART:{_utc(event.starts_at)}",
        f"DTEND:{_utc(event.ends_at)}",
        f"SUMMARY:{escape(event.title + (' / ' + event.title_en if event.title_en else ''))}",
        f"DESCRIPTION:{escape(description)}",
        f"LOCATION:{escape(location)}",
        f"URL:{url}",
        f"ORGANIZER;CN={escape(event.organiser.name)}:mailto:{event.organiser.email or 'events@kizuna.jp'}",
        "END:VEVENT",
    ]
    return lines


def calendar(events, *, name: str = "Kizuna", with_link: bool = False) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}"]
    for event in events:
        lines.extend(_event_lines(event, with_link=with_link))
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
