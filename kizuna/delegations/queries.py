"""Reads of the delegations reused by the pages, the API, the PDFs and the home page."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from kizuna.core.models import Organisation

from .enums import EXPECTED, GOVERNMENT_KINDS, HOST_KINDS
from .models import Delegation, Member, Programme, Visit


def programmes(user):
    return (Programme.objects.visible_to(user).select_related("event", "co_host")
            .annotate(delegation_count=Count("delegations", distinct=True),
                      member_count=Count("delegations__members", distinct=True))
            .order_by("-event__starts_at", "pk"))


def delegations(user, programme=None):
    qs = (Delegation.objects.visible_to(user).select_related("programme__event", "handled_by", "government")
          .annotate(member_count=Count("members")))
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("programme", "country", "name", "pk")


def with_members(delegations_qs):
    """Delegations with their members in list order and their visits with hosts and who goes (for the PDFs)."""
    return delegations_qs.select_related("programme__event", "handled_by").prefetch_related(
        Prefetch("members", queryset=Member.objects.order_by("order", "pk")),
        Prefetch("visits", queryset=Visit.objects.select_related("host").prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("order", "pk"))).order_by("starts_at", "pk")))


def visits(user):
    return (Visit.objects.visible_to(user)
            .select_related("host", "delegation__programme__event")
            .annotate(going=Count("members")).order_by("starts_at", "pk"))


def arriving(user, days: int = 7):
    """Members of the delegations `user` handles who arrive from today for `days` days."""
    today = timezone.localtime()
    start = today.replace(hour=0, minute=0, second=0, microsecond=0)
    handled = Delegation.objects.visible_to(user, "delegations.manage_delegation").filter(status__in=EXPECTED)
    return (Delegation.objects.filter(pk__in=handled.values("pk"))
            .filter(members__arrival_at__gte=start, members__arrival_at__lt=start + timedelta(days=days))
            .select_related("programme__event")
            .annotate(arriving=Count("members", filter=Q(members__arrival_at__gte=start,
                                                          members__arrival_at__lt=start + timedelta(days=days))))
            .order_by("programme", "name"))


def governments():
    return Organisation.objects.filter(kind__in=GOVERNMENT_KINDS, is_active=True).order_by("kind", "code", "name")


def hosts():
    return Organisation.objects.filter(kind__in=HOST_KINDS, is_active=True).order_by("kind", "code", "name")
