"""The organisation page's section: the event registrations of its people and its joint-booth applications."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kizuna.core.models import Membership

from .models import Exhibitor, Registration

ROWS = 10


def events_section(request, organisation):
    """What this person may see of them: their own, those they registered, their events' (organiser staff)."""
    user = request.user
    if not user.is_authenticated:
        return None
    members = Membership.objects.active().filter(organisation=organisation).values("person_id")
    registrations = list(
        Registration.objects.visible_to(user)
        .filter(Q(organisation=organisation) | Q(person_id__in=members))
        .select_related("event", "person").order_by("-created_at", "-pk")[:ROWS])
    applications = list(Exhibitor.objects.visible_to(user).filter(organisation=organisation)
                        .select_related("booth__event").order_by("-created_at", "-pk")[:ROWS])
    if not (registrations or applications):
        return None
    return {"title": _("Events and joint booths"), "template": "events/_section.html",
            "context": {"registrations": registrations, "applications": applications}}
