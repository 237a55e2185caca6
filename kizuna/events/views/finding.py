"""Public pages: the list with filters, one event, its calendar file, the feed and the open-data CSV."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kizuna.core.cache import RenderCache
from kizuna.core.downloads import file_response
from kizuna.core.enums import CLAIR_KINDS
from kizuna.core.permissions import permission_required, public
from kizuna.core.rules import working_orgs

from .. import ical, opendata, queries
from ..forms import FilterForm, GuestForm, RegistrationForm
from ..services.guests import guests_welcome
from ._common import event_of

PER_PAGE = 30


def _filters(request):
    form = FilterForm(request.GET or None)
    return form, form.filters()


# Rendered lists for anonymous visitors, per app-server process, for a minute at most, under the version of the
# event data (queries.events_version): a new event or a taken seat shows at once.
_list_pages = RenderCache("events-list", ttl=60)


def _list_content(request) -> str:
    form, filters = _filters(request)
    page = Paginator(queries.events(request.user, filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_to_string("events/_list.html", {
        "form": form, "choice_fields": form.choice_fields(), "events": page.object_list, "page": page,
        "query": query.urlencode()}, request)


@public("events.view_events")
def event_list(request):
    """Anonymous visitors (most of the traffic) all see the same public list: it is rendered once per query
    string and language and kept briefly; signed-in people may see private events they are invited to."""
    content = _list_pages.for_anonymous(
        request, lambda: queries.list_cache_parts(request.GET, language=request.LANGUAGE_CODE),
        lambda: _list_content(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/event_list.html", {
        "content": content,
        "query": query.urlencode(), "can_add": request.user.has_perm("events.add_event")})


@permission_required("events.view_event", get_object=event_of)
def event_detail(request, pk, obj):
    return detail_page(request, obj)


def detail_page(request, event, form=None, status: int = 200):
    """The event's page; `form` is a registration form refused (shown again with its errors beside the fields)."""
    registration = queries.registration_of(request.user, event)
    if form is None and request.user.has_perm("events.register", event):
        form = RegistrationForm(event=event)
    return render(request, "events/event_detail.html", {
        "event": event, "sessions": list(event.sessions.all()), "registration": registration,
        "booths": list(event.booths.all()), "co_organisers": list(event.co_organisers.all()),
        "series": queries.series_of(request.user, event),
        "materials": list(event.materials.visible_to(request.user)),
        "can_see_roster": request.user.has_perm("events.view_roster", event),
        "form": form,
        "guest_form": (GuestForm(event=event) if not request.user.is_authenticated and guests_welcome(event)
                       else None),
        "can_manage": request.user.has_perm("events.manage_event", event),
        "colleagues_orgs": [o for o in working_orgs(request.user) if o.kind not in CLAIR_KINDS]}, status=status)


def _ics(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, "text/calendar; charset=utf-8", filename)


@public("events.download_calendar")
def event_ics(request, pk):
    event = event_of(request, pk)
    if not (event.is_published and event.is_public):
        raise Http404(_("This event is not public: it has no calendar file."))
    return _ics(ical.calendar([event], name=event.title), f"event-{event.pk}.ics")


@public("events.download_calendar")
def feed_ics(request):
    _form, filters = _filters(request)
    return _ics(ical.calendar(queries.public_events(filters)[:1000], name=_("CLAIR events")), "events.ics")


@public("events.export_open_data")
def open_data_csv(request):
    _form, filters = _filters(request)
    filters.include_past = True
    return file_response(opendata.events_csv(queries.public_events(filters)), "text/csv; charset=utf-8", "event.csv")
