from django.shortcuts import get_object_or_404, render

from kizuna.core.enums import OrgKind
from kizuna.core.forms import add_service_errors as add_errors  # noqa: F401 - the views import it from here
from kizuna.core.models import Organisation

from ..models import Request


def request_of(request, pk, **kwargs):
    """None for anonymous people, who are sent to log in (a 404 would hide the login page)."""
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(Request.objects.visible_to(request.user)
                             .select_related("requester", "office", "branch", "assignee", "created_by"), pk=pk)


def office_of(request, office_pk, **kwargs):
    if not request.user.is_authenticated:
        return None
    office = get_object_or_404(Organisation, pk=office_pk, kind=OrgKind.OVERSEAS_OFFICE)
    return office


def form_page(request, *, form, title, back=None, intro="", multipart=False):
    return render(request, "core/form.html",
                  {"form": form, "title": title, "back": back, "intro": intro, "multipart": multipart},
                  status=400 if form.is_bound and form.errors else 200)
