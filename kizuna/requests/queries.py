"""Reads reused by pages, the API, exports, reminders and the dashboard."""

from django.db.models import Count, Q, QuerySet

from kizuna.core import rules as core_rules
from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_bounds
from kizuna.core.models import Organisation

from . import sla
from .enums import Kind, Status
from .models import Request

LIST_RELATED = ("requester", "office", "assignee")  # what the lists show


def _listed(qs: QuerySet) -> QuerySet:
    return qs.select_related(*LIST_RELATED).prefetch_related("pauses")


def _for_table(rows) -> list:
    """Rows as the request tables show them: their targets, and kind and status in words, translated once
    per list (`get_FOO_display` rebuilds and hashes the translated choices on every call)."""
    rows = sla.annotate(rows)
    kinds = {value: str(label) for value, label in Kind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    for r in rows:
        r.kind_label, r.status_label = kinds[r.kind], statuses[r.status]
    return rows


def own_requests(user) -> list:
    """Requests filed by the person's organisations."""
    orgs = [o.pk for o in core_rules.working_orgs(user)]
    qs = Request.objects.visible_to(user).filter(Q(requester_id__in=orgs) | Q(created_by=user))
    return _for_table(_listed(qs))


def offices(user) -> QuerySet:
    """The offices whose queues the person may open, with their open counts."""
    qs = Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE, is_active=True)
    if not core_rules.is_hq_staff(user):
        qs = qs.filter(pk__in=[o.pk for o in core_rules.working_orgs(user, {OrgKind.OVERSEAS_OFFICE})])
    return qs.annotate(open_count=Count("office_queue", filter=Q(office_queue__status__in=[
        Status.OPEN, Status.WAITING]))).order_by("name")


def queue(user, office, *, status: str = "") -> QuerySet:
    """The ids of an office's queue, oldest first: its active requests, or those in `status`. An office can
    hold tens of thousands of requests: page the ids, then load the page with `listed_rows`."""
    if core_rules.is_hq_staff(user) or office in core_rules.working_orgs(user):
        # What visible_to lets through anyway, as one indexed condition instead of four OR-ed ones.
        qs = Request.objects.filter(office=office)
    else:
        qs = Request.objects.visible_to(user).filter(office=office)
    qs = qs.filter(status=status) if status else qs.filter(status__in=[Status.OPEN, Status.WAITING])
    return qs.order_by("routed_at", "pk").values_list("pk", flat=True)


def listed_rows(ids) -> list:
    """The requests of `ids` in that order, with what a list shows and their targets: a page is loaded by
    its ids so that a deep page never joins the rows it skips."""
    ids = list(ids)
    found = {r.pk: r for r in _listed(Request.objects.filter(pk__in=ids))}
    return _for_table(found[pk] for pk in ids if pk in found)


def inbox(user) -> list:
    """What waits for the person as branch (endorse) or headquarters (accept) staff."""
    q = Q(pk__in=[])
    branches = [o.pk for o in core_rules.working_orgs(user, {OrgKind.BRANCH})]
    if branches:
        q |= Q(status=Status.AWAITING_BRANCH, branch_id__in=branches)
    if core_rules.is_hq_staff(user):
        q |= Q(status=Status.AWAITING_HQ)
    return _for_table(_listed(Request.objects.visible_to(user).filter(q)).order_by("submitted_at"))


def published_research(*, query: str = "", country: str = "", theme: str = "") -> QuerySet:
    qs = Request.objects.published().select_related("office")
    if country:
        qs = qs.filter(country=country.upper())
    if theme:
        qs = qs.filter(theme__icontains=theme)
    for word in query.split()[:5]:
        qs = qs.filter(Q(public_title__icontains=word) | Q(public_summary__icontains=word)
                       | Q(public_title_en__icontains=word) | Q(public_summary_en__icontains=word)
                       | Q(theme__icontains=word))
    return qs.order_by("-answered_at", "-pk")


def completed_research(year: int) -> QuerySet:
    """Research answered in fiscal year `year` (April–March), for the yearly list sent to every branch."""
    start, end = fiscal_year_bounds(year)
    return (Request.objects.filter(kind=Kind.RESEARCH, status__in=[Status.ANSWERED, Status.CLOSED],
                                   answered_at__date__gte=start, answered_at__date__lte=end)
            .select_related("requester", "office").order_by("answered_at", "pk"))


def due_for_reminder() -> list:
    """Active requests at an office whose target is due soon or already past."""
    found = sla.annotate(_listed(Request.objects.filter(status=Status.OPEN, office__isnull=False)))
    return [r for r in found if r.overdue or r.due_soon]
