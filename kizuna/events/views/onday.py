"""Staff pages for the day: the roster (and its Excel, CSV and printed forms, name badges and table cards) and the
phone-friendly check-in page."""

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from kizuna.core.downloads import named
from kizuna.core.permissions import permission_required

from .. import queries, services
from .. import roster as roster_files
from ..forms import CheckInForm
from ._common import event_of


@permission_required("events.view_roster", get_object=event_of)
def roster(request, pk, obj):
    """The roster, for the organisers and the co-organisers' staff (who see the names, not the registrations)."""
    registrations = list(queries.roster(obj))
    return render(request, "events/roster.html", {
        "event": obj, "registrations": registrations, "bars": queries.roster_bars(registrations),
        "can_manage": request.user.has_perm("events.manage_event", obj)})


@permission_required("events.check_in", get_object=event_of)
def check_in(request, pk, obj):
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.check_in(by=request.user, event=obj, code=form.cleaned_data["code"])
        form = CheckInForm()
    return render(request, "events/check_in.html", {"event": obj, "form": form, "result": result},
                  status=200 if result is None or result.ok else 409)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRINTS = {"roster": roster_files.roster_pdf, "badges": roster_files.badges_pdf,
          "table-cards": roster_files.table_cards_pdf}


def _attachment(response, event, name: str):
    named(response, f"kizuna-event-{event.pk}-{name}")
    return response


@permission_required("events.view_roster", get_object=event_of)
def roster_xlsx(request, pk, obj):
    return _attachment(HttpResponse(roster_files.roster_xlsx(obj), content_type=XLSX), obj, "roster.xlsx")


@permission_required("events.view_roster", get_object=event_of)
def roster_csv(request, pk, obj):
    """Streamed: a roster of thousands is never held whole in memory."""
    return _attachment(StreamingHttpResponse(roster_files.roster_csv(obj), content_type="text/csv; charset=utf-8"), obj,
                       "roster.csv")


@permission_required("events.view_roster", get_object=event_of)
def roster_print(request, pk, obj, kind):
    """The printed roster, the name badges or the table cards (PDF)."""
    return _attachment(HttpResponse(PRINTS[kind](obj), content_type="application/pdf"), obj, f"{kind}.pdf")
