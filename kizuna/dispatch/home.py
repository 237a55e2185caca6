"""Advisers on the task-first home page: who may ask for an expert is offered to."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, Start, register_home_provider


@register_home_provider
def dispatch_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated or not user.has_perm("dispatch.request_dispatch"):
        return None
    return HomeContribution(start=[Start(_("Ask for an adviser or expert"), reverse("dispatch:new"))])
