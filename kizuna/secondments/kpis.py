"""The plan's programme 6-1 KPIs, counted from the seconded-staff records.

- `secondments.staff.serving`: seconded staff in on-the-job training at CLAIR on the last day of the period (or
  today, while it runs): begun and not yet left. For an overseas office, those posted there that day
  (aggregation "latest": the year's figure is the last quarter's).
- `secondments.field_trainings`: field trainings abroad that began in the period; for an overseas office, those
  it hosted.
"""

from django.db.models import Q
from django.utils import timezone

from kizuna.core.enums import OrgKind
from kizuna.plan.kpis import period_dates, register_kpi, run_by

from .enums import BEGUN
from .models import FieldTraining, Secondment

OFFICES = {OrgKind.OVERSEAS_OFFICE}


@register_kpi("secondments.staff.serving")
def staff_serving(*, year, quarter, organisation_id):
    scope = run_by(organisation_id, "organisation_id", kinds=OFFICES)
    if scope is None:
        return None
    start, end = period_dates(year, quarter)
    day = min(end, timezone.localdate())
    if day < start:
        return 0
    found = Secondment.objects.filter(status__in=BEGUN, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    if scope:  # one office: the people posted there on that day
        found = found.filter(Q(postings__ends_on__isnull=True) | Q(postings__ends_on__gte=day),
                             postings__organisation_id=organisation_id, postings__starts_on__lte=day)
    return found.distinct().count()


@register_kpi("secondments.field_trainings")
def field_trainings(*, year, quarter, organisation_id):
    scope = run_by(organisation_id, "host_office_id", kinds=OFFICES)
    if scope is None:
        return None
    return FieldTraining.objects.filter(scope, starts_on__range=period_dates(year, quarter)).count()
