from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from ..models import Event, Registration


def event_of(request, pk, **kwargs):
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("organiser", "programme"), pk=pk)


def visible_or_404(request, queryset, pk):
    """The object among those this person may see; None for anonymous people, who are sent to log in."""
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(queryset.visible_to(request.user), pk=pk)


def registration_of(request, pk, **kwargs):
    return visible_or_404(request, Registration.objects.select_related("event__organiser", "person"), pk)


def flash_errors(request, error) -> None:
    for message in error.messages:
        messages.error(request, message)


def act(request, obj, success: str, service, **kwargs):
    """Run one service step for a button on `obj`'s page: its refusal or `success` as a message, back to it."""
    try:
        service(by=request.user, **kwargs)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, success)
    return redirect(obj)
