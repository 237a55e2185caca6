"""An event copied to another date: a draft of the same series with its details, questions, sessions and
co-organisers, every time moved by as much as the start, nobody registered."""

from datetime import timedelta

from django.utils import timezone

from kizuna.events.models import Event
from tests.audit_helpers import entries_of

from .factories import EventFactory, RegistrationFactory, SessionFactory


def test_organisers_copy_an_event_to_another_date_as_a_draft_of_the_same_series(world):
    start = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=14, minute=0, second=0,
                                                                           microsecond=0)
    event = EventFactory(organiser=world.hq, title="やさしい日本語研修", starts_at=start,
                         ends_at=start + timedelta(hours=3), closes_at=start - timedelta(days=2), capacity=40,
                         questions=[{"key": "diet", "label": "食事", "required": False}])
    SessionFactory(event=event, title="午後の部", starts_at=start + timedelta(hours=1),
                   ends_at=start + timedelta(hours=2))
    event.co_organisers.add(world.tokyo)
    RegistrationFactory(event=event)
    client = world.client_for("hq_staff")

    response = client.post(f"/events/{event.pk}/copy/", {"starts_at": "2027-02-10T10:00"})

    assert response.status_code == 302, response.content.decode()[:2000]
    copy = Event.objects.exclude(pk=event.pk).get(title="やさしい日本語研修")
    shift = copy.starts_at - event.starts_at
    assert timezone.localtime(copy.starts_at).strftime("%Y-%m-%d %H:%M") == "2027-02-10 10:00"
    assert (copy.ends_at - copy.starts_at, copy.closes_at, copy.capacity, copy.questions) == (
        timedelta(hours=3), event.closes_at + shift, 40, event.questions)
    assert (copy.is_published, copy.series_id, copy.registrations.count(), copy.seats_taken) == (False, event.pk, 0, 0)
    session = event.sessions.get()
    assert [(s.title, s.starts_at) for s in copy.sessions.all()] == [("午後の部", session.starts_at + shift)]
    assert list(copy.co_organisers.all()) == [world.tokyo]
    assert entries_of(copy, "events.event.copy")[0].additional_data["copied_from"] == event.pk
    assert response["Location"] == f"/events/{copy.pk}/edit/"

    again = client.post(f"/events/{copy.pk}/copy/", {"starts_at": "2027-03-10T10:00"})
    third = Event.objects.get(pk=int(again["Location"].split("/")[2]))
    assert third.series_id == event.pk  # the first of the series, not the copy
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert f"/events/{copy.pk}/" in page and f"/events/{third.pk}/" in page


def test_a_copy_needs_its_start_and_only_organisers_copy(world):
    event = EventFactory(organiser=world.hq)
    refused = world.client_for("hq_staff").post(f"/events/{event.pk}/copy/", {"starts_at": ""})
    assert refused.status_code == 400 and "starts_at" in refused.context["form"].errors
    for role in ("municipality_staff", "office_staff"):
        assert world.client_for(role).post(f"/events/{event.pk}/copy/",
                                           {"starts_at": "2027-02-10T10:00"}).status_code in (403, 404)
    assert Event.objects.count() == 1
