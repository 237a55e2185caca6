"""A confirmed dispatch as a calendar file: all-day, from the first to the last date (kizuna.core.calendars)."""

from datetime import timedelta

from kizuna.core.calendars import CalendarEvent, calendar_file

PRODID = "-//Kizuna//Dispatch//JA"


def calendar_for(dispatch, *, site_url: str) -> str:
    """The .ics as text: it travels as an argument of the mail task, which must be JSON."""
    item = CalendarEvent(
        uid=f"dispatch-{dispatch.pk}@kizuna",
        starts=dispatch.starts_on,
        ends=dispatch.ends_on + timedelta(days=1),  # DTEND of an all-day event is the day after
        summary=dispatch.theme,
        location=str(dispatch.host),
        description=str(dispatch.expert),
        url=f"{site_url.rstrip('/')}{dispatch.get_absolute_url()}",
    )
    return calendar_file([item], prodid=PRODID).decode("utf-8")
