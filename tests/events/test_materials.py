"""An event's materials (slides, recordings, documents) for those who held a seat, once the event has ended (or
at once when shared before), and for its organisers and co-organisers."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kizuna.events.models import Material
from tests.audit_helpers import entries_of
from tests.factories import arrange_update

from .factories import EventFactory, RegistrationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ended_event(world):
    start = timezone.now() - timedelta(days=1)
    return EventFactory(organiser=world.hq, starts_at=start, ends_at=start + timedelta(hours=2),
                        closes_at=start - timedelta(days=1))


def test_slides_reach_the_people_who_held_a_seat_after_the_event_and_nobody_else(world):
    event = EventFactory(organiser=world.hq)  # in a week
    RegistrationFactory(event=event, person=world.people["municipality_staff"])
    RegistrationFactory(event=event, person=world.people["jet"], status="cancelled")
    organiser = world.client_for("hq_staff")
    response = organiser.post(f"/events/{event.pk}/materials/", {
        "title": "講演スライド", "kind": "slides", "upload": SimpleUploadedFile("slides.pdf", PDF)})
    assert response.status_code == 302
    material = Material.objects.get(event=event)
    assert (material.available_from, material.content_type) == (event.ends_at, "application/pdf")
    assert entries_of(material, "events.material.add")

    participant, cancelled = world.client_for("municipality_staff"), world.client_for("jet")
    assert participant.get(material.get_absolute_url()).status_code == 404  # not before the event's end
    assert "講演スライド" not in participant.get(event.get_absolute_url()).content.decode()
    arrange_update(Material.objects.filter(pk=material.pk), available_from=timezone.now() - timedelta(minutes=1))
    download = participant.get(material.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "講演スライド" in participant.get(event.get_absolute_url()).content.decode()
    assert cancelled.get(material.get_absolute_url()).status_code == 404
    assert world.client_for("anonymous").get(material.get_absolute_url()).status_code in (302, 404)



def test_a_recording_link_shared_before_the_event_and_bad_input_refused(world):
    event = _ended_event(world)
    RegistrationFactory(event=event, person=world.people["municipality_staff"])
    organiser = world.client_for("hq_staff")
    organiser.cookies["django_language"] = "en"
    both = organiser.post(f"/events/{event.pk}/materials/", {
        "title": "録画", "kind": "recording", "url": "https://video.example.jp/v",
        "upload": SimpleUploadedFile("a.pdf", PDF)})
    assert both.status_code == 400 and "one of the two" in " ".join(both.context["form"].errors["upload"])
    fake = organiser.post(f"/events/{event.pk}/materials/", {
        "title": "偽物", "kind": "slides", "upload": SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf")})
    assert fake.status_code == 400 and "checked by its content" in " ".join(fake.context["form"].errors["upload"])
    assert not Material.objects.exists()
    assert organiser.post(f"/events/{event.pk}/materials/", {
        "title": "録画", "kind": "recording", "url": "https://video.example.jp/v"}).status_code == 302
    link = world.client_for("municipality_staff").get(Material.objects.get().get_absolute_url())
    assert (link.status_code, link["Location"]) == (302, "https://video.example.jp/v")


def test_only_the_organisers_add_or_remove_materials(world):
    event = _ended_event(world)
    for role in ("municipality_staff", "office_staff"):
        assert world.client_for(role).post(f"/events/{event.pk}/materials/", {
            "title": "x", "kind": "recording", "url": "https://video.example.jp/v"}).status_code in (403, 404)
    organiser = world.client_for("hq_staff")
    organiser.post(f"/events/{event.pk}/materials/", {"title": "x", "kind": "recording",
                                                      "url": "https://video.example.jp/v"})
    material = Material.objects.get()
    organiser.post(f"/events/{event.pk}/materials/", {"remove": str(material.pk)})
    assert not Material.objects.exists()
