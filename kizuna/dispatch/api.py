"""Dispatch in the API: own dispatches, and the expert registry (CLAIR staff)."""

from ninja import Query, Router

from kizuna.core.api_permissions import allowed
from kizuna.core.schemas import with_errors

from . import queries
from .enums import Programme
from .schemas import DispatchOut, ExpertOut

router = Router(tags=["dispatch"])


@router.get("/mine", response=with_errors(list[DispatchOut], 401, 403, 422),
            auth=allowed("dispatch.view_own_dispatches"))
def dispatch_list_own(request):
    """Dispatches the caller's organisations host or asked for, and the caller's own as an expert."""
    return [{"id": d.pk, "programme": d.programme, "status": d.status, "theme": d.theme, "host": str(d.host),
             "starts_on": d.starts_on, "ends_on": d.ends_on, "expert": d.expert.name if d.expert_id else None}
            for d in queries.own_dispatches(request.user)]


@router.get("/experts", response=with_errors(list[ExpertOut], 401, 403, 422),
            auth=allowed("dispatch.view_experts"))
def dispatch_list_experts(request, programme: Programme | None = None, q: str = Query("", max_length=100)):
    """The expert registry, by programme (CLAIR staff); with `q`, the experts that match it, best first."""
    return list(queries.experts(request.user, programme=programme or "", q=q))
