from django.contrib import messages
from django.shortcuts import get_object_or_404

from ..models import Event, Registration


def event_of(request, pk, **kwargs):
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("organiser", "programme"), pk=pk)


def registration_of(request, pk, **kwargs):
    """None for anonymous people, who are sent to log in."""
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(Registration.objects.visible_to(request.user)
                             .select_related("event__organiser", "person"), pk=pk)


def flash_errors(request, error) -> None:
    for message in error.messages:
        messages.error(request, message)
