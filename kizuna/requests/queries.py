"""Reads reused by pages, the API, exports, reminders and the dashboard."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from kizuna.core import rules as core_rules
from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import current_fiscal_year, fiscal_year_bounds
from kizuna.core.models import Organisation
from kizuna.core.paths import path_of
from kizuna.core.search.fulltext import search_documents

from . import sla
from .enums import Kind, Status
from .models import Message, Pause, Request

# Organisation columns no list shows: the reference data's JSON above all (decoded for every row otherwise).
UNLISTED_ORG = ("reference_values", "search_text", "catchphrase", "website", "email")


@dataclass(slots=True)
class Row:
    """A request as the lists (pages and API) show it, read as plain values: a page of 50 model instances
    with their requester, assignee and pauses cost three times as much to build."""

    pk: int
    kind: str
    status: str
    title: str
    country: str
    submitted_at: datetime | None
    routed_at: datetime | None
    first_response_at: datetime | None
    answered_at: datetime | None
    office_id: int | None
    requester: str  # the organisation's name in the active language
    assignee_name: str | None
    pause_spans: tuple = ()
    office: object = None  # attached by _rows
    targets: list = field(default_factory=list)  # attached by sla.annotate
    overdue: bool = False
    due_soon: bool = False
    kind_label: str = ""
    status_label: str = ""

    def get_absolute_url(self) -> str:
        return path_of("requests:detail", self.pk)


ROW_FIELDS = ("id", "kind", "status", "title", "country", "submitted_at", "routed_at", "first_response_at",
              "answered_at", "office_id", "requester__name", "requester__name_en", "assignee__full_name")


def _row_values(qs: QuerySet) -> list[Row]:
    """The requests of `qs` (in its order) as `Row`s, in two queries: the rows, and their pauses."""
    english = get_language() == "en"
    values = list(qs.values_list(*ROW_FIELDS))
    spans = defaultdict(list)
    pauses = Pause.objects.filter(request_id__in=[v[0] for v in values]).order_by("started_at", "pk")
    for request_id, started, ended in pauses.values_list("request_id", "started_at", "ended_at"):
        spans[request_id].append((started, ended))
    return [Row(pk, kind, status, title, country, submitted, routed, first, answered, office_id,
                name_en if english and name_en else name, assignee, tuple(spans[pk]))
            for (pk, kind, status, title, country, submitted, routed, first, answered, office_id, name, name_en,
                 assignee) in values]


def _listed(qs: QuerySet) -> QuerySet:
    """Model instances for the reminder job (it mails assignees and offices): requester and assignee
    joined, pauses prefetched; `_rows` attaches the offices."""
    return (qs.select_related("requester", "assignee").defer(*[f"requester__{f}" for f in UNLISTED_ORG])
            .prefetch_related("pauses"))


def _rows(rows) -> list:
    """The requests of a list with their offices attached from one small query: a handful of offices stand
    behind any list, and joining the office to every row cost a third of loading the rows."""
    rows = list(rows)
    offices = Organisation.objects.defer(*UNLISTED_ORG).in_bulk({r.office_id for r in rows if r.office_id})
    for r in rows:
        if r.office_id:
            r.office = offices[r.office_id]
    return rows


def _for_table(rows) -> list:
    """Rows as the request tables show them: their offices, their targets, and kind and status in words,
    translated once per list (`get_FOO_display` rebuilds and hashes the translated choices on every call)."""
    rows = sla.annotate(_rows(rows))
    kinds = {value: str(label) for value, label in Kind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    for r in rows:
        r.kind_label, r.status_label = kinds[r.kind], statuses[r.status]
    return rows


def own_requests(user) -> list:
    """Requests filed by the person's organisations."""
    orgs = [o.pk for o in core_rules.working_orgs(user)]
    qs = Request.objects.visible_to(user).filter(requester_id__in=orgs)
    return _for_table(_row_values(qs))


def recent_own_requests(user, count: int) -> list:
    """The latest `count` requests filed by the person's organisations (the home page)."""
    orgs = [o.pk for o in core_rules.working_orgs(user)]
    qs = Request.objects.visible_to(user).filter(requester_id__in=orgs).order_by("-submitted_at", "-pk")[:count]
    return _for_table(_row_values(qs))


def offices(user) -> QuerySet:
    """The offices whose queues the person may open, with their open counts and the minutes their staff
    recorded in this fiscal year (`minutes_spent`)."""
    return visible_offices(user).annotate(open_count=Count("office_queue", filter=Q(office_queue__status__in=[
        Status.OPEN, Status.WAITING])), minutes_spent=_minutes_of_office(current_fiscal_year())).order_by("name")


def visible_offices(user) -> QuerySet:
    """The active overseas offices whose queues and reports the person may see: all for headquarters, their
    own for an office's staff."""
    qs = Organisation.objects.filter(kind=OrgKind.OVERSEAS_OFFICE, is_active=True)
    if not core_rules.is_hq_staff(user):
        qs = qs.filter(pk__in=[o.pk for o in core_rules.working_orgs(user, {OrgKind.OVERSEAS_OFFICE})])
    return qs.order_by("name")


def _minutes_of_office(year: int) -> Subquery:
    """The minutes recorded on the office's requests in fiscal year `year` (by the day they were recorded, JST):
    a request handed over to another office counts at the office that holds it."""
    start, end = fiscal_year_bounds(year)
    found = (Message.objects.filter(request__office=OuterRef("pk"), created_at__date__gte=start,
                                    created_at__date__lte=end)
             .order_by().values("request__office").annotate(total=Sum("minutes")).values("total"))
    return Coalesce(Subquery(found), 0)


def minutes_spent(request) -> int:
    """All the minutes staff recorded on one request."""
    return request.messages.aggregate(total=Sum("minutes"))["total"] or 0


def queue(user, office, *, status: str = "") -> QuerySet:
    """The ids of an office's queue, oldest first: its active requests, or those in `status`. An office can
    hold tens of thousands of requests: page the ids, then load the page with `listed_rows`."""
    if user.has_perm("requests.view_queue", office):
        # Whoever may open the queue sees every request at the office (RequestPolicy: the office's staff and
        # headquarters): one indexed condition instead of visible_to's four OR-ed ones.
        qs = Request.objects.filter(office=office)
    else:
        qs = Request.objects.visible_to(user).filter(office=office)
    qs = qs.filter(status=status) if status else qs.filter(status__in=[Status.OPEN, Status.WAITING])
    return qs.order_by("routed_at", "pk").values_list("pk", flat=True)


def listed_rows(ids) -> list:
    """The requests of `ids` in that order, with what a list shows and their targets: a page is loaded by
    its ids so that a deep page never joins the rows it skips."""
    ids = list(ids)
    found = {r.pk: r for r in _row_values(Request.objects.filter(pk__in=ids))}
    return _for_table(found[pk] for pk in ids if pk in found)


def inbox(user) -> list:
    """What waits for the person as branch (endorse) or headquarters (accept) staff."""
    q = Q(pk__in=[])
    branches = [o.pk for o in core_rules.working_orgs(user, {OrgKind.BRANCH})]
    if branches:
        q |= Q(status=Status.AWAITING_BRANCH, branch_id__in=branches)
    if core_rules.is_hq_staff(user):
        q |= Q(status=Status.AWAITING_HQ)
    return _for_table(_row_values(Request.objects.visible_to(user).filter(q).order_by("submitted_at")))


RESEARCH_SHOWN = 200  # the research page and API list at most this many answers


def published_research(*, query: str = "", country: str = "", theme: str = "", fields: tuple[str, ...] = ()):
    """Published research answers: all of them newest first, or those whose words match `query`, best first
    (full text, kizuna/core/search/fulltext: each answer then has `search_highlight`). Country and theme narrow
    the list either way. `fields`: load only these (the API), else each answer with its office (the page)."""
    qs = Request.objects.published()
    qs = qs.only(*fields) if fields else qs.select_related("office")
    if country:
        qs = qs.filter(country=country.upper())
    if theme:
        qs = qs.filter(theme__icontains=theme)
    if query.strip():
        return search_documents("research", query, qs, limit=RESEARCH_SHOWN, narrowed=bool(country or theme))
    return qs.order_by("-answered_at", "-pk")


def completed_research(year: int) -> QuerySet:
    """Research answered in fiscal year `year` (April–March), for the yearly list sent to every branch."""
    start, end = fiscal_year_bounds(year)
    return (Request.objects.filter(kind=Kind.RESEARCH, status__in=[Status.ANSWERED, Status.CLOSED],
                                   answered_at__date__gte=start, answered_at__date__lte=end)
            .select_related("requester", "office").order_by("answered_at", "pk"))


def due_for_reminder() -> list:
    """Active requests at an office whose target is due soon or already past."""
    found = sla.annotate(_rows(_listed(Request.objects.filter(status=Status.OPEN, office__isnull=False))))
    return [r for r in found if r.overdue or r.due_soon]
