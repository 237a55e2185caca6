from django.shortcuts import get_object_or_404

from kizuna.core.actions import run_and_return

from ..models import Event, Registration


def event_of(request, pk, **kwargs):
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("organiser", "programme"), pk=pk)


def visible_or_404(request, queryset, pk):
    """The object among those this person may see (its policy's view permission), else 404."""
    return get_object_or_404(queryset.visible_to(request.user), pk=pk)


def registration_of(request, pk, **kwargs):
    return visible_or_404(request, Registration.objects.select_related("event__organiser", "person"), pk)


def act(request, obj, success: str, service, **kwargs):
    """Run one service step for a button on `obj`'s page (`service(by=request.user, **kwargs)`)."""
    return run_and_return(request, obj, lambda: service(by=request.user, **kwargs), success)
