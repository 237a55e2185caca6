"""The plan's KPIs of the alumni network: `alumni.members.active`, the alumni in the directory (listed, their
consent standing) at the end of the period; `alumni.chapters.active`, the chapters active now; and
`alumni.chapters.events`, the published events the chapters held in the period. The overseas offices' meetings
with alumni are events of the series `alumni_meeting` (`events.sessions.alumni_meeting`)."""

from kizuna.core.enums import OrgKind
from kizuna.events.models import Event
from kizuna.plan.kpis import period, period_dates, register_kpi

from .enums import AlumnusStatus, ChapterStatus
from .models import Alumnus, Chapter


@register_kpi("alumni.members.active")
def alumni_listed(*, year, quarter, organisation_id):
    """CLAIR as a whole only: alumni are not placed in a branch's area (None for a branch or office)."""
    if organisation_id is not None:
        return None
    _start, end = period_dates(year, quarter)
    return Alumnus.objects.filter(status=AlumnusStatus.LISTED, consented_at__date__lte=end).count()


@register_kpi("alumni.chapters.active")
def chapters_active(*, year, quarter, organisation_id):
    """CLAIR as a whole: the active chapters; an overseas office: the chapters it supports."""
    chapters = Chapter.objects.filter(status=ChapterStatus.ACTIVE)
    if organisation_id is not None:
        chapters = chapters.filter(supported_by=organisation_id)
    return chapters.count()


@register_kpi("alumni.chapters.events")
def chapter_events(*, year, quarter, organisation_id):
    """CLAIR as a whole: every chapter's events; an overseas office: those of the chapters it supports."""
    events = Event.objects.filter(organiser__kind=OrgKind.JETAA_CHAPTER, is_published=True,
                                  starts_at__range=period(year, quarter))
    if organisation_id is not None:
        events = events.filter(organiser__chapter__supported_by=organisation_id)
    return events.count()
