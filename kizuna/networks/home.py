"""The networks on the task-first home page: headquarters' open consultations of the 市民国際プラザ; a manager's
network."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Start, register_home_provider

from . import queries
from .rules import is_network_member


@register_home_provider
def networks_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    if user.has_perm("networks.view_consultations"):
        waiting = queries.open_consultations(user).count()
        if waiting:
            found.waiting.append(OpenItem(_("Consultations of the Citizens' International Plaza are open."),
                                          reverse("networks:consultations") + "?status=open",
                                          _("See them"), count=waiting))
    found.start.append(Start(_("Find managers, associations and NGOs of the field"), reverse("networks:index")))
    if is_network_member(user):
        found.start.append(Start(_("Contact managers of your network"), reverse("networks:network")))
    return found
