"""A video session as a calendar file, for the participant and the counsellor: when, and a link to the case
(no content)."""

from django.conf import settings
from django.utils.translation import gettext as _

from kizuna.core.calendars import CalendarEvent, calendar_file

PRODID = "-//CLAIR//Kizuna counselling//EN"


def session_ics(session) -> bytes:
    item = CalendarEvent(
        uid=f"counselling-session-{session.pk}@kizuna", starts=session.slot.starts_at, ends=session.slot.ends_at,
        summary=_("JET counselling: video session"),
        description=_("Open the case in Kizuna to join: %(url)s") % {
            "url": settings.SITE_URL + session.case.get_absolute_url()},
        url=settings.SITE_URL + session.case.get_absolute_url())
    return calendar_file([item], prodid=PRODID)
