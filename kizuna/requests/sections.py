"""The organisation page's section: the requests an organisation filed (or its office's queue)."""

from django.utils.translation import gettext_lazy as _

from .models import Request


def requests_section(request, organisation):
    user = request.user
    if not user.is_authenticated:
        return None
    rows = list(Request.objects.visible_to(user).filter(requester=organisation)
                .select_related("office").order_by("-submitted_at")[:10])
    if not rows:
        return None
    return {"title": _("Requests to overseas offices"), "template": "requests/_section.html",
            "context": {"rows": rows}}
