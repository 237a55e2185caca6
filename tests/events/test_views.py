"""Pages: the list (filters, flat query count), the detail (times in two zones, online link only for the
confirmed), registering through the page, the registration page with its QR code, cancelling, check-in."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kizuna.events import services
from kizuna.events.models import Registration

from .factories import EventFactory


def _list_queries(client, n, world):
    for _ in range(n):
        EventFactory(organiser=world.hq)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/events/").status_code == 200
    return len(ctx.captured_queries)


def test_event_list_query_count_is_flat(world):
    client = world.client_for("municipality_staff")
    one = _list_queries(client, 1, world)
    three = _list_queries(client, 2, world)
    assert one == three


def test_event_list_filters_by_format_and_area(world):
    EventFactory(organiser=world.hq, title="オンライン講座", format="online")
    EventFactory(organiser=world.nyc, title="NY講座", format="on_site", country="US")
    client = world.client_for("anonymous")
    online = client.get("/events/?format=online").content.decode()
    us = client.get("/events/?area=US").content.decode()
    assert ("オンライン講座" in online, "NY講座" in online, "NY講座" in us, "オンライン講座" in us) == (
        True, False, True, False)


def test_event_list_hides_unpublished_from_the_public(world):
    EventFactory(organiser=world.hq, title="準備中", is_published=False)
    assert "準備中" not in world.client_for("anonymous").get("/events/").content.decode()


def test_event_detail_shows_venue_time_and_jst(world):
    event = EventFactory(organiser=world.nyc, venue_timezone="America/New_York", closes_at=None,
                         starts_at=datetime(2027, 1, 10, 23, 0, tzinfo=UTC),
                         ends_at=datetime(2027, 1, 11, 1, 0, tzinfo=UTC))
    body = world.client_for("anonymous").get(event.get_absolute_url()).content.decode()
    assert ("2027-01-10 18:00" in body, "2027-01-11 08:00" in body) == (True, True)


def test_event_detail_shows_online_link_only_to_confirmed(world, full_event):
    waiting = services.register(by=world.people["jet"], event=full_event)
    confirmed_page = world.client_for("municipality_staff").get(full_event.get_absolute_url()).content.decode()
    waiting_page = world.client_for("jet").get(full_event.get_absolute_url()).content.decode()
    anonymous_page = world.client_for("anonymous").get(full_event.get_absolute_url()).content.decode()
    link = full_event.online_url
    assert (link in confirmed_page, link in waiting_page, link in anonymous_page) == (True, False, False)
    assert waiting.status == "waiting"


def test_event_detail_of_private_event_is_404_for_the_public(world):
    event = EventFactory(organiser=world.hq, is_public=False)
    assert world.client_for("anonymous").get(event.get_absolute_url()).status_code == 404


def test_register_page_registers_and_redirects(world, event):
    response = world.client_for("jet").post(f"/events/{event.pk}/register/")
    registration = Registration.objects.get(event=event, person=world.people["jet"])
    assert (response.status_code, response["Location"], registration.status) == (
        302, registration.get_absolute_url(), "confirmed")


def test_register_page_twice_shows_the_reason(world, event):
    client = world.client_for("jet")
    client.post(f"/events/{event.pk}/register/")
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    assert "already registered" in response.content.decode() or "既に" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1


def test_register_page_refuses_ineligible(world):
    event = EventFactory(organiser=world.hq, audience="jet")
    assert world.client_for("municipality_staff").post(f"/events/{event.pk}/register/").status_code == 404


def test_registration_page_shows_qr_for_confirmed(world, event):
    r = services.register(by=world.people["jet"], event=event)
    body = world.client_for("jet").get(r.get_absolute_url()).content.decode()
    assert ("<svg" in body, r.code in body) == (True, True)


def test_registration_page_of_someone_else_is_404(world, event):
    r = services.register(by=world.people["jet"], event=event)
    assert world.client_for("alumnus").get(r.get_absolute_url()).status_code == 404


def test_cancel_page_cancels(world, event):
    r = services.register(by=world.people["jet"], event=event)
    world.client_for("jet").post(f"/events/registrations/{r.pk}/cancel/")
    r.refresh_from_db()
    assert r.status == "cancelled"


def test_cancelling_asks_first_and_mails_the_registrant(world, event, smtp_server,
                                                        django_capture_on_commit_callbacks):
    r = services.register(by=world.people["jet"], event=event)
    client = world.client_for("jet")
    html = client.get(r.get_absolute_url()).content.decode()
    # The button sits inside a disclosure that says what happens: one click does not cancel.
    confirm = html[html.index('data-testid="cancel"'):]
    assert confirm.index("取り消すと元に戻せません") < confirm.index(f'action="/events/registrations/{r.pk}/cancel/"')
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/registrations/{r.pk}/cancel/")
    (sent,) = smtp_server.messages
    assert sent["to"] == ["jet@example.jp"]
    assert event.title in str(sent["message"]["subject"]) and r.code in sent["message"].get_content()


def test_my_registrations_query_count_is_flat(world):
    client = world.client_for("jet")
    counts = []
    for n in (1, 2):
        for _ in range(n):
            services.register(by=world.people["jet"], event=EventFactory(organiser=world.hq))
        with CaptureQueriesContext(connection) as ctx:
            client.get("/events/mine/")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.fixture
def confirmed(world, event):
    return services.register(by=world.people["jet"], event=event)


def _check(world, event, code, role="hq_staff"):
    response = world.client_for(role).post(f"/events/{event.pk}/check-in/", {"code": code})
    return response.status_code, response.content.decode()


def test_check_in_page_checks_in(world, event, confirmed):
    status, body = _check(world, event, confirmed.code.lower())
    confirmed.refresh_from_db()
    assert (status, 'data-outcome="checked_in"' in body, confirmed.checked_in_by) == (
        200, True, world.people["hq_staff"])


def test_check_in_twice_says_already(world, event, confirmed):
    _check(world, event, confirmed.code)
    status, body = _check(world, event, confirmed.code)
    assert (status, 'data-outcome="already"' in body) == (409, True)


def test_check_in_unknown_code(world, event):
    status, body = _check(world, event, "NOSUCHCODE")
    assert (status, 'data-outcome="unknown"' in body) == (409, True)


def test_check_in_cancelled_code(world, event, confirmed):
    services.cancel_registration(by=world.people["jet"], registration=confirmed)
    status, body = _check(world, event, confirmed.code)
    assert (status, 'data-outcome="cancelled"' in body) == (409, True)


def test_check_in_code_of_another_event_is_unknown(world, event, confirmed):
    other = EventFactory(organiser=world.hq)
    assert 'data-outcome="unknown"' in _check(world, other, confirmed.code)[1]


def test_check_in_by_other_staff_is_denied(world, event, confirmed):
    assert _check(world, event, confirmed.code, role="office_staff")[0] == 404  # forbidden objects answer 404
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is None


def test_offer_page_accepts(world, full_event):
    waiting = services.register(by=world.people["jet"], event=full_event)
    first = Registration.objects.get(event=full_event, person=world.people["municipality_staff"])
    services.cancel_registration(by=world.people["municipality_staff"], registration=first)
    world.client_for("jet").post(f"/events/registrations/{waiting.pk}/accept/")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_closed_event_page_says_closed(world):
    event = EventFactory(organiser=world.hq, closes_at=timezone.now() - timedelta(hours=1))
    body = world.client_for("jet").get(event.get_absolute_url()).content.decode()
    assert f'action="/events/{event.pk}/register/"' not in body


def test_event_list_for_visitors_shows_a_taken_seat_at_once(world):
    event = EventFactory(organiser=world.hq, capacity=5, title="キャッシュ確認")
    client = world.client_for("anonymous")
    before = client.get("/events/").content.decode()
    services.register(by=world.people["jet"], event=event)
    after = client.get("/events/").content.decode()
    assert ('<td class="num">5</td>' in before, '<td class="num">4</td>' in after) == (True, True)


def test_event_list_for_visitors_query_count_is_flat(world):
    client = world.client_for("anonymous")
    one = _list_queries(client, 1, world)
    three = _list_queries(client, 2, world)
    assert one == three


def test_private_event_visible_to_invitees_and_staff_only(world):
    from kizuna.events.models import Event

    event = EventFactory(organiser=world.hq, is_public=False, audience="invited")
    event.invitees.add(world.people["alumnus"])
    seen = {role: Event.objects.visible_to(world.people[role]).filter(pk=event.pk).exists()
            for role in ("alumnus", "jet", "office_staff")}
    assert seen == {"alumnus": True, "jet": False, "office_staff": True}


def _new_event(world, organiser, **extra):
    data = {"organiser": organiser.pk, "kind": "seminar", "format": "online", "title": "新しいセミナー",
            "venue_timezone": "Asia/Tokyo", "country": "JP", "starts_at": "2027-01-10T14:00",
            "ends_at": "2027-01-10T16:00", "audience": "anyone", "mode": "first_come", "offer_hours": "48",
            "fee": "0", "waiting_list": "on", "is_public": "on", "is_published": "on", **extra}
    return data


def test_create_event_by_office_staff(world):
    from kizuna.events.models import Event

    response = world.client_for("office_staff").post("/events/new/", _new_event(world, world.nyc))
    event = Event.objects.get(title="新しいセミナー")
    assert (response.status_code, response["Location"], event.created_by) == (
        302, event.get_absolute_url(), world.people["office_staff"])


def test_create_event_for_another_office_is_refused(world):
    from kizuna.events.models import Event

    response = world.client_for("office_staff").post("/events/new/", _new_event(world, world.hq))
    assert (response.status_code, Event.objects.count()) == (400, 0)


def test_create_event_ending_before_start_is_refused(world):
    from kizuna.events.models import Event

    response = world.client_for("hq_staff").post("/events/new/", _new_event(world, world.hq,
                                                                             ends_at="2027-01-10T13:00"))
    assert (response.status_code, Event.objects.count()) == (400, 0)


def test_create_event_by_municipality_is_denied(world):
    assert world.client_for("municipality_staff").get("/events/new/").status_code == 403


def test_draft_event_opens_for_clair_staff_only(world):
    event = EventFactory(organiser=world.tokyo_branch, is_published=False)
    codes = {role: world.client_for(role).get(event.get_absolute_url()).status_code
             for role in ("branch_staff", "office_staff", "municipality_staff", "anonymous")}
    assert codes == {"branch_staff": 200, "office_staff": 200, "municipality_staff": 404, "anonymous": 404}


def test_booth_of_a_private_fair_opens_for_its_invitees(world):
    from kizuna.events.models import Booth

    fair = EventFactory(organiser=world.nyc, kind="trade_fair", audience="invited", is_public=False)
    fair.invitees.add(world.people["prefecture_staff"])
    booth = Booth.objects.create(event=fair, name="招待ブース", slots=1, applications_close=fair.starts_at)
    codes = {role: world.client_for(role).get(booth.get_absolute_url()).status_code
             for role in ("prefecture_staff", "municipality_staff", "anonymous", "office_staff")}
    assert codes == {"prefecture_staff": 200, "municipality_staff": 404, "anonymous": 404, "office_staff": 200}


def test_history_of_a_registration_names_its_actions(world, event):
    from django.utils.translation import override

    from kizuna.core.history import history_of

    r = services.register(by=world.people["jet"], event=event)
    services.check_in(by=world.people["hq_staff"], event=event, code=r.code)
    with override("en"):
        assert [e.what for e in history_of(r)] == ["Checked in", "Registered"]


def test_event_detail_names_the_venue_zone_instead_of_its_code(world):
    # New York moves to daylight saving time on 14 March 2027: the event starts in winter and ends in summer.
    event = EventFactory(organiser=world.nyc, venue_timezone="America/New_York", closes_at=None,
                         starts_at=datetime(2027, 3, 13, 22, 0, tzinfo=UTC),
                         ends_at=datetime(2027, 3, 15, 1, 0, tzinfo=UTC))
    client = world.client_for("anonymous")
    body = client.get(event.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(event.get_absolute_url()).content.decode()
    assert "America/New_York" not in body
    assert ("ニューヨーク時間（UTC−5）" in body, "ニューヨーク時間（UTC−4）" in body) == (True, True)
    assert ("New York time (UTC−5)" in english, "America/New_York" in english) == (True, False)
