"""The plan's KPIs of the library, counted from what is published in the period (by its publication date):
`library.publications.clair_report` and `library.publications.overseas_series` (CLAIR as a whole, or the office
that wrote them), `library.publications.practices_en` (case studies for readers abroad with an English edition),
`library.items.tabunka_tools` (tools of the multicultural portal), and `library.downloads` (downloads of the
library's files in the period's months)."""

from django.db.models import Sum

from kizuna.core.enums import OrgKind
from kizuna.plan.kpis import period_dates, register_kpi, run_by

from .enums import Kind, Language, Status
from .models import Usage, Work

WRITERS = {OrgKind.OVERSEAS_OFFICE, OrgKind.BRANCH}


def _published(kind, year, quarter, organisation_id):
    scope = run_by(organisation_id, "publisher_id", kinds=WRITERS)
    if scope is None:
        return None
    start, end = period_dates(year, quarter)
    return Work.objects.filter(scope, kind=kind, status=Status.PUBLISHED, published_on__range=(start, end))


def _count(found) -> int | None:
    return None if found is None else found.count()


@register_kpi("library.publications.clair_report")
def clair_reports(*, year, quarter, organisation_id):
    return _count(_published(Kind.CLAIR_REPORT, year, quarter, organisation_id))


@register_kpi("library.publications.overseas_series")
def overseas_series(*, year, quarter, organisation_id):
    return _count(_published(Kind.OVERSEAS_SERIES, year, quarter, organisation_id))


@register_kpi("library.publications.practices_en")
def practices_en(*, year, quarter, organisation_id):
    found = _published(Kind.CASE_STUDY, year, quarter, organisation_id)
    return None if found is None else found.filter(editions__language=Language.EN).distinct().count()


@register_kpi("library.items.tabunka_tools")
def tabunka_tools(*, year, quarter, organisation_id):
    return _count(_published(Kind.TOOL, year, quarter, organisation_id))


@register_kpi("library.downloads")
def downloads(*, year, quarter, organisation_id):
    scope = run_by(organisation_id, "work__publisher_id", kinds=WRITERS)
    if scope is None:
        return None
    start, end = period_dates(year, quarter)
    return Usage.objects.filter(scope, month__range=(start.replace(day=1), end)).aggregate(
        n=Sum("downloads"))["n"] or 0
