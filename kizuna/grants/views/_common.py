from django.shortcuts import get_object_or_404, render

from kizuna.core.forms import add_service_errors as add_errors  # noqa: F401 - the views import it from here

from ..models import Application, Assignment, Call, Scheme


def scheme_of(request, pk, **kwargs):
    return get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)


def call_of(request, pk, **kwargs):
    return get_object_or_404(Call.objects.visible_to(request.user).select_related("scheme"), pk=pk)


def application_of(request, pk, **kwargs):
    """None for anonymous people, who are sent to log in (a 404 would hide the login page)."""
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related("call__scheme", "applicant", "person"), pk=pk)


def assignment_of(request, pk, **kwargs):
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("application__call", "application__applicant"),
        pk=pk)


def form_page(request, *, form, title, back=None, status=200, intro="", multipart=False):
    return render(request, "grants/form.html",
                  {"form": form, "title": title, "back": back, "intro": intro, "multipart": multipart},
                  status=400 if form.is_bound and form.errors else status)
