"""The records the grants pages are about, each read from what the person may open (a forbidden record is a
404 like a missing one)."""

from django.shortcuts import get_object_or_404, render

from kizuna.core.forms import add_service_errors as add_errors  # noqa: F401 - the views import it from here

from ..models import Application, Assignment, Call, ChangeRequest, InterimReport, Payment, Scheme


def scheme_of(request, pk, **kwargs):
    return get_object_or_404(Scheme.objects.visible_to(request.user), pk=pk)


def call_of(request, pk, **kwargs):
    return get_object_or_404(Call.objects.visible_to(request.user).select_related("scheme"), pk=pk)


def application_of(request, pk, **kwargs):
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related("call__scheme", "applicant", "person"), pk=pk)


def assignment_of(request, pk, **kwargs):
    return get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("application__call", "application__applicant"),
        pk=pk)


def own_assignment_of(request, pk, **kwargs):
    """The person's own assignment on the application `pk` (what they score)."""
    return get_object_or_404(Assignment.objects.visible_to(request.user).select_related("application__call__scheme"),
                             application_id=pk, reviewer_id=request.user.pk)


def payment_of(request, pk, payment_pk, **kwargs):
    return get_object_or_404(Payment.objects.visible_to(request.user).select_related("application"),
                             application_id=pk, pk=payment_pk)


def change_of(request, pk, change_pk, **kwargs):
    return get_object_or_404(ChangeRequest.objects.visible_to(request.user).select_related("application"),
                             application_id=pk, pk=change_pk)


def interim_of(request, pk, report_pk, **kwargs):
    return get_object_or_404(InterimReport.objects.visible_to(request.user).select_related("application__call"),
                             application_id=pk, pk=report_pk)


def form_page(request, *, form, title, back=None, status=200, intro="", multipart=False):
    return render(request, "core/form.html",
                  {"form": form, "title": title, "back": back, "intro": intro, "multipart": multipart},
                  status=400 if form.is_bound and form.errors else status)
