"""Reads reused by the dispatch pages and API."""

from django.db.models import Q, QuerySet

from kizuna.core import rules as core_rules
from kizuna.core.search import search_names

from .models import Dispatch, Expert


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
