"""Reads reused by the dispatch pages and API."""

from django.db.models import Count, F, Q, QuerySet

from kizuna.core import rules as core_rules
from kizuna.core.enums import OrgKind
from kizuna.core.models import Organisation
from kizuna.core.search import search_names

from .enums import EXPERTISE_FIELDS
from .models import Dispatch, Expert, ExpertApplication


def own_dispatches(user) -> QuerySet:
    """The person's dispatches among those they may open: hosted by their organisations, theirs as the expert,
    or filed by them (office staff asking for a foreign government). Having filed one gives no access by
    itself: someone who left the host no longer sees what they filed there (DispatchPolicy)."""
    orgs = [o.pk for o in core_rules.working_orgs(user)]
    return (Dispatch.objects.visible_to(user).filter(Q(host_id__in=orgs) | Q(expert__person=user)
                                                     | Q(created_by=user))
            .select_related("host", "expert").order_by("-starts_on", "-pk"))


def board(user, *, status: str = "") -> QuerySet:
    qs = Dispatch.objects.visible_to(user).select_related("host", "expert")
    return (qs.filter(status=status) if status else qs).order_by("starts_on", "pk")


def experts(user, *, programme: str = "", q: str = ""):
    """The registry by programme; with `q`, the experts that match it by name, reading, field, language or
    profile, best first (kizuna/dispatch/search.py)."""
    qs = Expert.objects.visible_to(user)
    qs = (qs.filter(programme=programme) if programme else qs).order_by("programme", "name")
    if q and q.strip():
        return search_names("experts", q, qs)
    return qs


def field_choices() -> list[str]:
    """The fields of expertise an applicant chooses from: the list of enums, then those the registry holds."""
    held = {f for fields in Expert.objects.values_list("fields", flat=True) for f in fields or []}
    return EXPERTISE_FIELDS + sorted(held - set(EXPERTISE_FIELDS))


def prefectures() -> list[tuple[str, str]]:
    """(code, name) of the prefectures, by code: the regions an expert covers."""
    return list(Organisation.objects.filter(kind=OrgKind.PREFECTURE).exclude(code=None).order_by("code")
                .values_list("code", "name"))


def prefecture_codes() -> set[str]:
    return {code for code, _name in prefectures()}


def applications(user, *, status: str = "", programme: str = "") -> QuerySet:
    """The applications to the expert bank headquarters vets, oldest submission first."""
    qs = ExpertApplication.objects.visible_to(user, "dispatch.view_expert_applications").select_related("person")
    if status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programmes__icontains=f'"{programme}"')  # the JSON text: contains is not on SQLite
    return qs.order_by(F("submitted_at").asc(nulls_last=True), "pk")


def application_counts(user) -> dict[str, int]:
    """How many applications are in each state (headquarters' list)."""
    rows = (ExpertApplication.objects.visible_to(user, "dispatch.view_expert_applications")
            .order_by().values("status").annotate(n=Count("pk")))
    return {row["status"]: row["n"] for row in rows}


def own_applications(user) -> QuerySet:
    return ExpertApplication.objects.visible_to(user).filter(person=user).order_by("-created_at", "-pk")
