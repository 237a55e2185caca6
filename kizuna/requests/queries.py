"""Reads reused by pages, the API, exports, reminders and the dashboard."""

from django.db.models import Count, Q, QuerySet

from kizuna.core import rules as core_rules
from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_bounds
from kizuna.core.models import Organisation

from . import sla
from .enums import Kind, Status
from .models import Request

LIST_RELATED = ("requester", "office", "branch", "assignee")


def _listed(qs: QuerySet) -> QuerySet:
    return qs.select_related(*LIST_RELATED).prefetch_related("pauses")


def own_requests(user) -> list:
    """Requests filed by the person's organisations."""
    orgs = [o.pk for o in core_rules.working_orgs(user)]
    qs = Request.objects.visible_to(user).filter(Q(requester_id__in=orgs) | Q(created_by=user))
    return sla.annotate(_listed(qs))


def offices(user) -> QuerySet:
    """The offices whose queues the person may open, with their open counts."""
    qs = Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE, is_active=True)
    if not core_rules.is_hq_staff(user):
        qs = qs.filter(pk__in=[o.pk for o in core_rules.working_orgs(user, {OrgKind.OVERSEAS_OFFICE})])
    return qs.annotate(open_count=Count("office_queue", filter=Q(office_queue__status__in=[
        Status.OPEN, Status.WAITING]))).order_by("name")


def queue(user, office, *, status: str = "") -> list:
    """An office's queue: active requests first by default, each with its targets."""
    qs = Request.objects.visible_to(user).filter(office=office)
    qs = qs.filter(status=status) if status else qs.filter(status__in=[Status.OPEN, Status.WAITING])
    return sla.annotate(_listed(qs).order_by("routed_at", "pk"))


def inbox(user) -> list:
    """What waits for the person as branch (endorse) or headquarters (accept) staff."""
    q = Q(pk__in=[])
    branches = [o.pk for o in core_rules.working_orgs(user, {OrgKind.BRANCH})]
    if branches:
        q |= Q(status=Status.AWAITING_BRANCH, branch_id__in=branches)
    if core_rules.is_hq_staff(user):
        q |= Q(status=Status.AWAITING_HQ)
    return list(_listed(Request.objects.visible_to(user).filter(q)).order_by("submitted_at"))


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
