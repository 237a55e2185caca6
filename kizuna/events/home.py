"""Events on the task-first home page: anyone signed in is offered to find an event and register; a seat offered
from the waiting list waits for an answer, with its deadline."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Start, register_home_provider

from . import queries
from .enums import Status


@register_home_provider
def events_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution(start=[Start(_("Find an event and register"), reverse("events:list"))])
    for registration in queries.own_registrations(user).filter(person=user, status=Status.OFFERED)[:5]:
        found.waiting.append(OpenItem(
            _("A seat is offered to you at “%(event)s”: take it or decline it.") % {
                "event": registration.event.display_title}, registration.get_absolute_url(), _("Answer the offer"),
            due=registration.offer_expires_at))
    return found
