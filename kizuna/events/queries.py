"""Reads shared by pages, API, feeds and the open-data export."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import pgettext

from kizuna.core.charts import bars

from .enums import ACTIVE, Audience, EventKind, Format, Status
from .models import JST, Event, Registration


@dataclass
class EventFilters:
    area: str = ""          # a prefecture's code (e.g. 130001) or a country code (e.g. US)
    organiser: int | None = None
    format: str = ""
    kind: str = ""
    audience: str = ""
    date_from: date | None = None
    date_to: date | None = None
    include_past: bool = False

    def apply(self, qs):
        if self.area:
            area = self.area.strip()
            qs = qs.filter(country=area.upper()) if len(area) == 2 else qs.filter(prefecture__code=area)
        if self.organiser:
            qs = qs.filter(organiser_id=self.organiser)
        if self.format in Format.values:
            qs = qs.filter(format=self.format)
        if self.kind in EventKind.values:
            qs = qs.filter(kind=self.kind)
        if self.audience in Audience.values:
            qs = qs.filter(audience=self.audience)
        if self.date_from:
            qs = qs.filter(ends_at__gte=datetime.combine(self.date_from, time.min, JST))
        elif not self.include_past:
            qs = qs.filter(ends_at__gte=timezone.now())
        if self.date_to:
            qs = qs.filter(starts_at__lte=datetime.combine(self.date_to, time.max, JST))
        return qs


def events_version() -> str:
    """Changes whenever an event is added, saved or has a seat taken or freed: one small aggregate query."""

    found = Event.objects.aggregate(n=Count("pk"), last=Max("updated_at"), seats=Sum("seats_taken"))
    return f"{found['n']}.{found['last']}.{found['seats']}"


def list_cache_parts(params, *, language: str) -> list:
    """What a rendered public list depends on: its query string, language and the version of the event data."""
    query = "&".join(f"{k}={v}" for k, values in sorted(params.lists()) for v in values)
    return [language, events_version(), query]


def events(user, filters: EventFilters | None = None):
    """Events this person may see (the public list for most), with what a list row shows, in one query."""
    qs = Event.objects.visible_to(user).select_related("organiser")
    return (filters or EventFilters()).apply(qs).order_by("starts_at", "pk")


def public_events(filters: EventFilters | None = None):
    """Published public events only: feeds and open data."""
    qs = Event.objects.public().select_related("organiser", "prefecture")
    return (filters or EventFilters()).apply(qs).order_by("starts_at", "pk")


def own_registrations(user):
    """One's registrations and those one made for colleagues."""
    if not user.is_authenticated:
        return Registration.objects.none()
    return (Registration.objects.visible_to(user).filter(Q(person=user) | Q(registered_by=user))
            .select_related("event__organiser", "person").order_by("-created_at", "-pk"))


def registration_of(user, event):
    """The person's active registration for the event, or None."""

    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, person=user, status__in=ACTIVE).first()


def series_of(user, event) -> list:
    """The other dates of the event's series the person may see, in date order."""
    root = event.series_id or event.pk
    return list(Event.objects.visible_to(user).filter(Q(pk=root) | Q(series_id=root)).exclude(pk=event.pk)
                .order_by("starts_at").only("pk", "title", "title_en", "starts_at", "venue_timezone")[:50])


def roster(event):
    return (event.registrations.select_related("person", "organisation").prefetch_related("answer_files")
            .order_by("created_at", "pk"))


def roster_bars(registrations) -> list[dict]:
    """The roster's registrations by state (the states no one is in left out), then those checked in, as the
    chart at the head of the roster draws them."""
    states = Counter(r.status for r in registrations)
    rows = [(str(label), states[value]) for value, label in Status.choices if states[value]]
    checked_in = sum(1 for r in registrations if r.checked_in_at)
    if checked_in:
        rows.append((pgettext("registrations", "Checked in"), checked_in))
    return bars(rows)
