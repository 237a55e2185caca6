"""An event as a calendar file: what each field says; the file itself is written by kizuna.core.calendars."""

from django.conf import settings

from kizuna.core.calendars import CalendarEvent, calendar_file

PRODID = "-//CLAIR//Kizuna events//JA"


def _calendar_event(event, *, with_link: bool = False) -> CalendarEvent:
    location = ", ".join(x for x in (event.venue_name, event.venue_address) if x) or event.get_format_display()
    description = event.description
    if event.description_en:
        description += "\n\n" + event.description_en
    if with_link and event.online_url:
        description += "\n\n" + event.online_url
    return CalendarEvent(
        uid=f"event-{event.pk}@kizuna",
        stamp=event.updated_at,
        starts=event.starts_at,
        ends=event.ends_at,
        summary=event.title + (" / " + event.title_en if event.title_en else ""),
        description=description,
        location=location,
        url=settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
        organizer_name=event.organiser.name,
        organizer_email=event.organiser.email or "events@kizuna.jp",
    )


def calendar(events, *, name: str = "Kizuna", with_link: bool = False) -> bytes:
    """The events as one .ics; the online link only `with_link` (for registrants, never the public feed)."""
    return calendar_file((_calendar_event(e, with_link=with_link) for e in events), prodid=PRODID, name=str(name))
