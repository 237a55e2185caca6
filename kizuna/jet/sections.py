"""The organisation page's JET section: a contracting organisation's participants in the programme (counted by
position, with its workplaces), shown to those who may open the contracting organisation."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .enums import ACTIVE, Position
from .models import JetHost


def jet_section(request, organisation):
    if not request.user.is_authenticated:
        return None
    host = JetHost.objects.filter(organisation=organisation).select_related("coordinating_body").first()
    if host is None or not request.user.has_perm("jet.view_host", host):
        return None
    positions = dict(Position.choices)
    by_position = [(positions.get(p, p), n) for p, n in host.participants.filter(status__in=ACTIVE)
                   .values_list("position").annotate(n=Count("pk")).order_by("-n", "position")]
    return {"title": _("JET Programme"), "template": "jet/_section.html", "context": {
        "host": host, "by_position": by_position, "total": sum(n for _p, n in by_position),
        "workplaces": host.workplaces.filter(is_active=True).count()}}
