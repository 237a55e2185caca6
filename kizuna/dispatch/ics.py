"""An iCalendar (RFC 5545) event for a confirmed dispatch: all-day, from the first to the last date."""

from datetime import timedelta

from django.utils import timezone


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar_for(dispatch, *, site_url: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kizuna//Dispatch//JA", "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:dispatch-{dispatch.pk}@kizuna", f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{dispatch.starts_on:%Y%m%d}",
        f"DTEND;VALUE=DATE:{dispatch.ends_on + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(dispatch.theme)}",
        f"LOCATION:{_escape(str(dispatch.host))}",
        f"DESCRIPTION:{_escape(str(dispatch.expert))}",
        f"URL:{site_url}{dispatch.get_absolute_url()}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
