"""The organisation page's section: the dispatches an organisation hosted or asked for."""

from django.utils.translation import gettext_lazy as _

from .models import Dispatch


def dispatch_section(request, organisation):
    if not request.user.is_authenticated:
        return None
    rows = list(Dispatch.objects.visible_to(request.user).filter(host=organisation)
                .select_related("expert").order_by("-starts_on")[:10])
    if not rows:
        return None
    return {"title": _("Dispatched experts"), "template": "dispatch/_section.html", "context": {"rows": rows}}
