from django.shortcuts import get_object_or_404

from ..models import Dispatch, Expert


def dispatch_of(request, pk, **kwargs):
    return get_object_or_404(Dispatch.objects.visible_to(request.user)
                             .select_related("host__prefecture", "expert__person", "created_by"), pk=pk)


def expert_of(request, pk, **kwargs):
    return get_object_or_404(Expert.objects.visible_to(request.user), pk=pk)
