"""Delegations on the task-first home page: for the handling staff, the delegations arriving this week; for a
host local government, the visits coming to it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kizuna.core.home import HomeContribution, OpenItem, Start, register_home_provider

from . import queries
from .models import Visit


@register_home_provider
def delegations_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    if user.has_perm("delegations.view_programmes"):
        found.start.append(Start(_("Delegations to conferences and seminars"), reverse("delegations:index")))
        for delegation in queries.arriving(user)[:10]:
            text = ngettext("%(delegation)s (%(event)s): %(n)s member arrives this week.",
                            "%(delegation)s (%(event)s): %(n)s members arrive this week.", delegation.arriving) % {
                "delegation": delegation.name, "event": delegation.programme.event.title, "n": delegation.arriving}
            found.waiting.append(OpenItem(text, delegation.get_absolute_url(), _("Open the delegation"),
                                          count=delegation.arriving))
    elif user.has_perm("delegations.view_visits"):
        now = timezone.now()
        coming = (Visit.objects.visible_to(user).filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=30))
                  .select_related("delegation", "host").order_by("starts_at")[:5])
        for visit in coming:
            found.waiting.append(OpenItem(
                _("The delegation “%(delegation)s” visits %(host)s.") % {"delegation": visit.delegation.name,
                                                                        "host": visit.host.name},
                visit.get_absolute_url(), _("Open the visit"), due=visit.starts_at))
    return found if (found.start or found.waiting) else None
