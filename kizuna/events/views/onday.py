"""Staff pages for the day: the roster and the phone-friendly check-in page."""

from django.shortcuts import render

from kizuna.core.permissions import permission_required

from .. import queries, services
from ..forms import CheckInForm
from ._common import event_of


@permission_required("events.manage_event", get_object=event_of)
def roster(request, pk, obj):
    return render(request, "events/roster.html", {"event": obj, "registrations": list(queries.roster(obj))})


@permission_required("events.check_in", get_object=event_of)
def check_in(request, pk, obj):
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.check_in(by=request.user, event=obj, code=form.cleaned_data["code"])
        form = CheckInForm()
    return render(request, "events/check_in.html", {"event": obj, "form": form, "result": result},
                  status=200 if result is None or result.ok else 409)
