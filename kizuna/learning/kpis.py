"""The plan's learning KPIs (area 3, programme 3-3), computed live.

- `jet.orientation.attendees`: people who attended (checked in at) the post-arrival orientation, the events of
  the KPI series `jet_orientation` (kizuna/events) held in the period;
- `jet.elearning.completions`: e-learning (BOATS for JET) enrolments completed in the period;
- `jet.japanese_course.enrolments`: enrolments in the Japanese correspondence course that began in the period.

A branch's course figures are those of the participants placed in the local governments it serves."""

from kizuna.core.enums import OrgKind
from kizuna.events.models import Registration
from kizuna.plan.kpis import period, register_kpi, run_by, served_by

from .enums import CourseKind, EnrolmentStatus
from .models import Enrolment

ORIENTATION_SERIES = "jet_orientation"


@register_kpi("jet.orientation.attendees", counts=("event", ORIENTATION_SERIES))
def orientation_attendees(*, year, quarter=None, organisation_id=None):
    scope = run_by(organisation_id, "event__organiser_id", kinds={OrgKind.BRANCH})
    if scope is None:
        return None
    return Registration.objects.filter(scope, event__kpi_series=ORIENTATION_SERIES, event__is_published=True,
                                       event__starts_at__range=period(year, quarter),
                                       checked_in_at__isnull=False).count()


def _enrolments(organisation_id):
    scope = served_by(organisation_id, "participant__host__organisation__")
    return None if scope is None else Enrolment.objects.filter(scope)


@register_kpi("jet.elearning.completions")
def elearning_completions(*, year, quarter=None, organisation_id=None):
    found = _enrolments(organisation_id)
    if found is None:
        return None
    return found.filter(course__kind=CourseKind.ELEARNING, status=EnrolmentStatus.COMPLETED,
                        completed_at__range=period(year, quarter)).count()


@register_kpi("jet.japanese_course.enrolments")
def japanese_course_enrolments(*, year, quarter=None, organisation_id=None):
    found = _enrolments(organisation_id)
    if found is None:
        return None
    return found.filter(course__kind=CourseKind.JAPANESE, enrolled_at__range=period(year, quarter)).count()
