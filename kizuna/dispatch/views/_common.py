from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from ..models import Dispatch, Expert


def dispatch_of(request, pk, **kwargs):
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(Dispatch.objects.visible_to(request.user)
                             .select_related("host__prefecture", "expert__person", "created_by"), pk=pk)


def expert_of(request, pk, **kwargs):
    if not request.user.is_authenticated:
        return None
    return get_object_or_404(Expert.objects.visible_to(request.user), pk=pk)


def run(request, obj, call, success):
    try:
        call()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect(obj)


def invalid(request, obj, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)
    return redirect(obj)
