"""Mail (through a real SMTP server) with the .ics attachment, offers and reminders; the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kizuna.events import services
from kizuna.events.models import Registration
from kizuna.events.services.reminders import remind_upcoming

from .factories import EventFactory


def test_confirmation_mail_carries_ics(world, event, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = services.register(by=world.people["jet"], event=event)
    message = smtp_server.messages[-1]["message"]
    attachments = list(message.iter_attachments())
    ics = attachments[0].get_content()
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert (smtp_server.messages[-1]["to"], attachments[0].get_content_type()) == (["jet@example.jp"], "text/calendar")
    assert ("BEGIN:VEVENT" in ics, r.code in message.get_body(("plain",)).get_content()) == (True, True)


def test_waiting_mail_then_offer_mail(world, full_event, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.register(by=world.people["jet"], event=full_event)
    with django_capture_on_commit_callbacks(execute=True):
        first = Registration.objects.get(event=full_event, person=world.people["municipality_staff"])
        services.cancel_registration(by=world.people["municipality_staff"], registration=first)
    subjects = [m["message"]["Subject"] for m in smtp_server.messages if m["to"] == ["jet@example.jp"]]
    assert len(subjects) == 2
    assert full_event.title in subjects[1]


def test_reminders_are_sent_once(world, smtp_server, django_capture_on_commit_callbacks):
    event = EventFactory(organiser=world.hq, starts_at=timezone.now() + timedelta(hours=5),
                         closes_at=timezone.now() + timedelta(hours=1))
    services.register(by=world.people["jet"], event=event)
    with django_capture_on_commit_callbacks(execute=True):
        sent = remind_upcoming(), remind_upcoming()
    assert (sent, len(smtp_server.messages)) == ((1, 0), 1)


def test_api_lists_public_events(world, event):
    EventFactory(organiser=world.hq, is_public=False)
    response = world.client_for("anonymous").get("/api/v1/events/events")
    assert [e["id"] for e in response.json()] == [event.pk]


def test_api_own_registrations_hide_link_until_confirmed(world, full_event):
    services.register(by=world.people["jet"], event=full_event)
    jet = world.client_for("jet").get("/api/v1/events/registrations").json()
    staff = world.client_for("municipality_staff").get("/api/v1/events/registrations").json()
    assert ((jet[0]["status"], jet[0]["online_url"]), staff[0]["online_url"]) == (
        ("waiting", None), full_event.online_url)


def test_api_check_in_allowed_and_already(world, event):
    r = services.register(by=world.people["jet"], event=event)
    client = world.client_for("hq_staff")
    url = f"/api/v1/events/events/{event.pk}/check-in"
    first = client.post(url, {"code": r.code}, content_type="application/json").json()
    second = client.post(url, {"code": r.code}, content_type="application/json").json()
    assert (first["outcome"], second["outcome"]) == ("checked_in", "already")


def test_api_check_in_denied_to_registrants(world, event):
    r = services.register(by=world.people["jet"], event=event)
    response = world.client_for("jet").post(f"/api/v1/events/events/{event.pk}/check-in", {"code": r.code},
                                            content_type="application/json")
    assert response.status_code == 404  # forbidden objects answer 404, like missing ones


def test_api_list_query_count_is_flat(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("municipality_staff")
    counts = []
    for n in (1, 2):
        for _ in range(n):
            EventFactory(organiser=world.hq)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/events/events").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_api_own_registrations_query_count_is_flat(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("jet")
    counts = []
    for n in (1, 2):
        for _ in range(n):
            services.register(by=world.people["jet"], event=EventFactory(organiser=world.hq))
        with CaptureQueriesContext(connection) as ctx:
            client.get("/api/v1/events/registrations")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_api_list_refuses_bad_dates(world):
    client = world.client_for("anonymous")
    assert (client.get("/api/v1/events/events?date_from=0").status_code,
            client.get("/api/v1/events/events?date_from=2027-02-30").status_code) == (422, 200)


def _modules(png: bytes, border: int = 4) -> list[list[bool]]:
    """Read a QR image back into its grid of dark modules (one sample at the centre of each module)."""
    import io

    from PIL import Image

    from kizuna.events.tasks import QR_SCALE

    image = Image.open(io.BytesIO(png)).convert("L")
    size = image.width // QR_SCALE - 2 * border
    return [[image.getpixel(((border + x) * QR_SCALE + QR_SCALE // 2, (border + y) * QR_SCALE + QR_SCALE // 2)) < 128
             for x in range(size)] for y in range(size)]


def test_confirmation_mail_carries_the_qr_code_as_an_image(world, event, smtp_server,
                                                           django_capture_on_commit_callbacks):
    import segno

    with django_capture_on_commit_callbacks(execute=True):
        r = services.register(by=world.people["jet"], event=event)
    message = smtp_server.messages[-1]["message"]
    image = next(a for a in message.iter_attachments() if a.get_content_type() == "image/png")
    png = image.get_content()
    expected = [[bool(v) for v in row] for row in segno.make(r.code, error="m").matrix]
    assert (png[:8], image.get_filename(), _modules(png)) == (b"\x89PNG\r\n\x1a\n", f"check-in-{r.code}.png", expected)
    assert r.code in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(("name", "day"), [("date_from", "0001-01-01"), ("date_to", "9999-12-31")])
def test_api_list_refuses_dates_outside_the_window(world, name, day):
    response = world.client_for("anonymous").get(f"/api/v1/events/events?{name}={day}",
                                                 HTTP_ACCEPT_LANGUAGE="en")
    problem = response.json()["detail"][0]
    assert (response.status_code, problem["loc"], problem["msg"]) == (
        422, ["query", name], "Enter a date between 2000-01-01 and 2100-12-31.")


def test_api_check_in_needs_a_code(world, event):
    response = world.client_for("hq_staff").post(f"/api/v1/events/events/{event.pk}/check-in", {},
                                                 content_type="application/json")
    assert response.status_code == 422


def test_openapi_says_the_check_in_code_is_required(world):
    schema = world.client_for("anonymous").get("/api/v1/openapi.json").json()
    check_in = schema["components"]["schemas"]["CheckInIn"]
    assert (check_in["required"], check_in["properties"]["code"]["minLength"]) == (["code"], 1)
