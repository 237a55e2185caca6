"""Organiser staff shape their events through pages: edit the event, its sessions, its questions, its invitees,
and the joint booths of a trade fair. Refusals say why and leave everything unchanged."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from kizuna.events import services
from kizuna.events.models import Booth, Event, Registration, Session
from kizuna.events.services import booths as booth_services
from kizuna.events.services import events as event_services
from tests.factories import arrange_update

from .factories import EventFactory, SessionFactory
from .refusals import refused


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _event_data(event, **changes) -> dict:
    data = {"organiser": event.organiser_id, "kind": event.kind, "format": event.format, "title": event.title,
            "title_en": event.title_en, "venue_timezone": event.venue_timezone, "country": event.country,
            "starts_at": _local(event.starts_at), "ends_at": _local(event.ends_at), "audience": event.audience,
            "mode": event.mode, "offer_hours": event.offer_hours, "fee": event.fee,
            "capacity": "" if event.capacity is None else event.capacity,
            "closes_at": _local(event.closes_at) if event.closes_at else "", "waiting_list": "on",
            "is_public": "on", "is_published": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- the event -------------------------------------------------------------------------------------------------

def test_edit_page_saves_the_event(world, event):
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/edit/", _event_data(event, title="改題"))
    event.refresh_from_db()
    assert (response.status_code, event.title) == (302, "改題")


def test_times_are_typed_and_shown_in_the_venues_time_zone(world, event):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    client = world.client_for("hq_staff")
    response = client.post(f"/events/{event.pk}/edit/", _event_data(
        event, venue_timezone="America/New_York", country="US", starts_at="2026-12-01T18:00",
        ends_at="2026-12-01T20:00", closes_at="2026-11-30T12:00"))
    event.refresh_from_db()
    new_york = ZoneInfo("America/New_York")
    assert response.status_code == 302
    assert (event.starts_at, event.ends_at) == (datetime(2026, 12, 1, 18, 0, tzinfo=new_york),
                                                datetime(2026, 12, 1, 20, 0, tzinfo=new_york))
    assert f"{timezone.localtime(event.starts_at):%Y-%m-%d %H:%M}" == "2026-12-02 08:00"  # JST
    form = client.get(f"/events/{event.pk}/edit/").context["form"]
    assert 'value="2026-12-01T18:00"' in str(form["starts_at"])
    client.post(f"/events/{event.pk}/sessions/", {"title": "第1部", "starts_at": "2026-12-01T18:30",
                                                  "ends_at": "2026-12-01T19:30"})
    assert event.sessions.get().starts_at == datetime(2026, 12, 1, 18, 30, tzinfo=new_york)


def test_edit_keeps_the_seats_taken(world, full_event):
    """The form carries no seat counter: a save never rewrites the seats taken meanwhile."""
    world.client_for("hq_staff").post(f"/events/{full_event.pk}/edit/", _event_data(full_event, title="x"))
    full_event.refresh_from_db()
    assert (full_event.title, full_event.seats_taken) == ("x", 2)


def test_capacity_below_seats_taken_is_refused_with_the_reason(world, full_event):
    response = world.client_for("hq_staff").post(f"/events/{full_event.pk}/edit/",
                                                 _event_data(full_event, capacity=1, title="x"))
    full_event.refresh_from_db()
    assert (response.status_code, full_event.capacity, full_event.title) == (400, 2, full_event.title)
    assert "2" in response.content.decode() and "capacity" in response.context["form"].errors


def test_capacity_below_seats_taken_message_in_english(world, full_event):
    client = world.client_for("hq_staff")
    client.cookies["django_language"] = "en"
    body = client.post(f"/events/{full_event.pk}/edit/", _event_data(full_event, capacity=1),
                       HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "cannot be lower than the 2 seats already taken" in body


def test_capacity_below_seats_taken_message_in_japanese(world, full_event):
    body = world.client_for("hq_staff").post(f"/events/{full_event.pk}/edit/", _event_data(full_event, capacity=1),
                                             HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "既に埋まっている2席" in body


def test_raising_capacity_offers_the_seat_to_the_first_waiting(world, full_event):
    waiting = services.register(by=world.people["jet"], event=full_event)
    event_services.update_event(by=world.people["hq_staff"], event=full_event, capacity=3)
    waiting.refresh_from_db()
    full_event.refresh_from_db()
    assert (waiting.status, full_event.seats_taken) == ("offered", 3)


def test_mode_cannot_change_once_people_registered(world, full_event):
    with refused("mode_locked"):
        event_services.update_event(by=world.people["hq_staff"], event=full_event, mode="lottery")
    assert Event.objects.get(pk=full_event.pk).mode == "first_come"


def test_new_dates_leaving_a_session_outside_are_refused(world, event):
    SessionFactory(event=event, title="初日")
    with refused("sessions_outside"):
        event_services.update_event(by=world.people["hq_staff"], event=event,
                                    starts_at=event.starts_at + timedelta(hours=1))


def test_registration_closing_after_the_end_is_refused(world, event):
    with refused("closes_after_end"):
        event_services.update_event(by=world.people["hq_staff"], event=event,
                                    closes_at=event.ends_at + timedelta(days=1))


def test_moving_an_event_to_an_organiser_one_does_not_work_for_is_denied(world):
    from django.core.exceptions import PermissionDenied

    event = EventFactory(organiser=world.nyc)
    with pytest.raises(PermissionDenied):
        event_services.update_event(by=world.people["office_staff"], event=event, organiser=world.hq)
    assert Event.objects.get(pk=event.pk).organiser == world.nyc


def test_office_staff_edit_their_own_events_only(world):
    own, other = EventFactory(organiser=world.nyc), EventFactory(organiser=world.hq)
    client = world.client_for("office_staff")
    assert (client.get(f"/events/{own.pk}/edit/").status_code,
            client.get(f"/events/{other.pk}/edit/").status_code) == (200, 404)


def test_registrants_cannot_edit(world, event):
    assert world.client_for("municipality_staff").get(f"/events/{event.pk}/edit/").status_code == 404


# --- sessions ----------------------------------------------------------------------------------------------------

def test_sessions_page_adds_a_session(world, event):
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/sessions/", {
        "title": "第1部", "starts_at": _local(event.starts_at), "ends_at": _local(event.starts_at + timedelta(hours=1)),
        "capacity": "10"})
    session = Session.objects.get(event=event)
    assert (response.status_code, session.title, session.capacity) == (302, "第1部", 10)


def test_session_outside_the_event_is_refused(world, event):
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/sessions/", {
        "title": "前日", "starts_at": _local(event.starts_at - timedelta(days=1)),
        "ends_at": _local(event.starts_at - timedelta(days=1, hours=-1))})
    assert (response.status_code, Session.objects.count()) == (400, 0)
    assert "starts_at" in response.context["form"].errors


def test_session_capacity_below_its_seats_is_refused(world, event):
    session = SessionFactory(event=event, capacity=5)
    services.register(by=world.people["jet"], event=event)
    with refused("capacity_below_taken"):
        event_services.save_session(by=world.people["hq_staff"], event=event, session=session, title="x",
                                    starts_at=session.starts_at, ends_at=session.ends_at, capacity=0)
    session.refresh_from_db()
    assert (session.capacity, session.title) == (5, session.title)


def test_session_chosen_by_someone_cannot_be_deleted(world, event):
    session = SessionFactory(event=event)
    services.register(by=world.people["jet"], event=event)
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/sessions/{session.pk}/", {"delete": "1"})
    assert (response.status_code, Session.objects.filter(pk=session.pk).exists()) == (302, True)


def test_unchosen_session_is_deleted(world, event):
    session = SessionFactory(event=event)
    world.client_for("hq_staff").post(f"/events/{event.pk}/sessions/{session.pk}/", {"delete": "1"})
    assert not Session.objects.filter(pk=session.pk).exists()


def test_session_of_another_event_is_404(world, event):
    other = SessionFactory(event=EventFactory(organiser=world.hq))
    assert world.client_for("hq_staff").get(f"/events/{event.pk}/sessions/{other.pk}/").status_code == 404


def test_sessions_page_query_count_is_flat(world, event):
    client = world.client_for("hq_staff")
    counts = []
    for n in (1, 3):
        for _ in range(n):
            SessionFactory(event=event)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/events/{event.pk}/sessions/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# --- questions ---------------------------------------------------------------------------------------------------

def _formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "30"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_questions_page_adds_questions_shown_on_the_registration_form(world, event):
    world.client_for("hq_staff").post(f"/events/{event.pk}/questions/", _formset("q", [
        {"label": "所属部署", "label_en": "Department", "required": "on"}, {"label": ""}]))
    event.refresh_from_db()
    assert event.questions == [{"key": "department", "label": "所属部署", "label_en": "Department",
                                "type": "text", "required": True}]
    with override("en"):
        from kizuna.events.forms import RegistrationForm

        assert RegistrationForm(event=event).fields["q_department"].label == "Department"


def test_a_kept_question_keeps_its_key_and_answers(world, event):
    arrange_update(Event.objects.filter(pk=event.pk), questions=[{"key": "dept", "label": "部署", "required": False}])
    event.refresh_from_db()
    r = services.register(by=world.people["jet"], event=event, answers={"dept": "国際課"})
    world.client_for("hq_staff").post(f"/events/{event.pk}/questions/", _formset("q", [
        {"key": "dept", "label": "所属部署", "required": "on"}, {"label": "食事制限"}], initial=1))
    event.refresh_from_db()
    assert ([q["key"] for q in event.questions][0], event.questions[0]["label"], len(event.questions)) == (
        "dept", "所属部署", 2)
    assert Registration.objects.get(pk=r.pk).answers == {"dept": "国際課"}


def test_question_with_a_forged_key_is_refused(world, event):
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/questions/", _formset("q", [
        {"key": "made_up", "label": "x"}]))
    event.refresh_from_db()
    assert (response.status_code, event.questions) == (400, [])


def test_required_question_unanswered_names_it(world, event):
    event_services.set_questions(by=world.people["hq_staff"], event=event,
                                 questions=[{"label": "所属部署", "required": True}])
    with refused("answers_missing") as caught:
        services.register(by=world.people["jet"], event=event)
    assert "所属部署" in caught.value.messages[0]


# --- invitees ----------------------------------------------------------------------------------------------------

@pytest.fixture
def private_event(world):
    return EventFactory(organiser=world.hq, audience="invited", is_public=False)


def test_invitees_page_invites_by_email(world, private_event):
    response = world.client_for("hq_staff").post(f"/events/{private_event.pk}/invitees/",
                                                 {"emails": "jet@example.jp\nALUMNUS@example.jp"})
    assert response.status_code == 302
    assert set(private_event.invitees.values_list("email", flat=True)) == {"jet@example.jp", "alumnus@example.jp"}
    assert world.client_for("jet").get(private_event.get_absolute_url()).status_code == 200


def test_an_unknown_address_invites_nobody(world, private_event):
    response = world.client_for("hq_staff").post(f"/events/{private_event.pk}/invitees/",
                                                 {"emails": "jet@example.jp, nobody@example.jp"})
    assert (response.status_code, private_event.invitees.count()) == (400, 0)
    assert "nobody@example.jp" in response.content.decode()


def test_invitees_only_for_invite_only_events(world, event):
    with refused("not_invite_only"):
        event_services.add_invitees(by=world.people["hq_staff"], event=event, emails=["jet@example.jp"])


def test_removing_a_registered_invitee_is_refused(world, private_event):
    jet = world.people["jet"]
    private_event.invitees.add(jet)
    services.register(by=jet, event=private_event)
    world.client_for("hq_staff").post(f"/events/{private_event.pk}/invitees/", {"remove": str(jet.pk)})
    assert private_event.invitees.filter(pk=jet.pk).exists()


def test_removing_an_invitee(world, private_event):
    jet = world.people["jet"]
    private_event.invitees.add(jet)
    world.client_for("hq_staff").post(f"/events/{private_event.pk}/invitees/", {"remove": str(jet.pk)})
    assert not private_event.invitees.filter(pk=jet.pk).exists()


def test_invitees_page_query_count_is_flat(world, private_event):
    client = world.client_for("hq_staff")
    counts = []
    for roles in (["jet"], ["alumnus", "expert", "reviewer"]):
        private_event.invitees.add(*(world.people[r] for r in roles))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/events/{private_event.pk}/invitees/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# --- joint booths ------------------------------------------------------------------------------------------------

@pytest.fixture
def fair(world):
    return EventFactory(organiser=world.nyc, kind="trade_fair", country="US", venue_timezone="America/New_York",
                        starts_at=timezone.now() + timedelta(days=60), ends_at=timezone.now() + timedelta(days=62))


def _booth_data(items=({"label": "サンプル発送", "due": "2027-01-15"}, {"label": ""}), initial=0, **changes):
    data = {"name": "自治体共同ブース", "description": "", "slots": "4", "cost_share": "150000",
            "applications_close": _local(timezone.now() + timedelta(days=20)), "kpi_series": "nyc",
            **_formset("c", list(items), initial)}
    data.update(changes)
    return data


def test_office_staff_offer_a_booth_with_its_checklist(world, fair):
    response = world.client_for("office_staff").post(f"/events/{fair.pk}/booths/new/", _booth_data())
    booth = Booth.objects.get(event=fair)
    assert (response.status_code, booth.slots, booth.checklist) == (
        302, 4, [{"key": "item", "label": "サンプル発送", "due": "2027-01-15"}])


def test_booth_for_a_seminar_is_refused(world, event):
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/booths/new/", _booth_data())
    assert (response.status_code, Booth.objects.count()) == (400, 0)


def test_booth_applications_closing_after_the_fair_starts_are_refused(world, fair):
    response = world.client_for("office_staff").post(f"/events/{fair.pk}/booths/new/", _booth_data(
        applications_close=_local(fair.starts_at + timedelta(days=1))))
    assert (response.status_code, Booth.objects.count()) == (400, 0)


def test_booth_slots_below_the_selected_are_refused(world, fair):
    booth = booth_services.save_booth(by=world.people["office_staff"], event=fair, name="b", slots=2,
                                      applications_close=timezone.now() + timedelta(days=5))
    applied = booth_services.apply_for_booth(by=world.people["municipality_staff"], booth=booth,
                                             organisation=world.chiyoda, exhibits="和菓子")
    booth_services.select_exhibitor(by=world.people["office_staff"], exhibitor=applied)
    response = world.client_for("office_staff").post(f"/events/booths/{booth.pk}/edit/",
                                                      _booth_data(slots="0"))
    booth.refresh_from_db()
    assert (response.status_code, booth.slots, booth.slots_taken) == (400, 2, 1)


def test_checklist_ticks_stay_when_the_checklist_is_edited(world, fair):
    booth = booth_services.save_booth(by=world.people["office_staff"], event=fair, name="b", slots=2,
                                      applications_close=timezone.now() + timedelta(days=5),
                                      checklist=[{"label": "資料"}, {"label": "サンプル"}])
    exhibitor = booth_services.apply_for_booth(by=world.people["municipality_staff"], booth=booth,
                                               organisation=world.chiyoda, exhibits="和菓子")
    exhibitor = booth_services.select_exhibitor(by=world.people["office_staff"], exhibitor=exhibitor)
    booth_services.tick_checklist(by=world.people["municipality_staff"], exhibitor=exhibitor, done=["item"])
    world.client_for("office_staff").post(f"/events/booths/{booth.pk}/edit/", _booth_data(
        items=[{"key": "item", "label": "英語資料"}], initial=2))
    booth.refresh_from_db()
    exhibitor.refresh_from_db()
    assert (booth.checklist, exhibitor.checklist_done) == ([{"key": "item", "label": "英語資料"}], ["item"])


def test_booth_of_another_office_cannot_be_edited(world):
    fair = EventFactory(organiser=world.hq, kind="trade_fair")
    booth = Booth.objects.create(event=fair, name="b", slots=1, applications_close=fair.starts_at)
    assert world.client_for("office_staff").get(f"/events/booths/{booth.pk}/edit/").status_code == 404


def test_edit_page_with_a_time_in_year_1_or_9999_is_refused_beside_the_field(world, event):
    starts_at = event.starts_at
    response = world.client_for("hq_staff").post(f"/events/{event.pk}/edit/", _event_data(
        event, starts_at="0001-01-01T10:00", ends_at="9999-12-31T12:00"))
    errors = response.context["form"].errors
    event.refresh_from_db()
    assert (errors["starts_at"], errors["ends_at"], event.starts_at) == (
        ["2000-01-01から2100-12-31までの日付を入力してください。"],
        ["2000-01-01から2100-12-31までの日付を入力してください。"], starts_at)


# --- the admin site ----------------------------------------------------------------------------------------------

def _admin_data(event, **changes) -> dict:
    local = {name: timezone.localtime(getattr(event, name)) for name in ("starts_at", "ends_at", "closes_at")}
    data = {"organiser": event.organiser_id, "kind": event.kind, "format": event.format, "title": event.title,
            "venue_timezone": event.venue_timezone, "country": event.country, "audience": event.audience,
            "mode": event.mode, "offer_hours": event.offer_hours, "fee": event.fee, "questions": "[]",
            "survey_questions": "[]", "waiting_list": "on", "is_public": "on", "is_published": "on",
            "invitees": "", "created_by": event.created_by_id or "", "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0", "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000"}
    for name, moment in local.items():
        data[f"{name}_0"], data[f"{name}_1"] = f"{moment:%Y-%m-%d}", f"{moment:%H:%M:%S}"
    data.update(changes)
    return data


def test_admin_change_of_invitees_is_logged(world, event):
    from tests.audit_helpers import logged

    jet, superuser = world.people["jet"], world.people["superuser"]
    response = world.client_for("superuser").post(f"/admin/events/event/{event.pk}/change/",
                                                   _admin_data(event, invitees=str(jet.pk), created_by=superuser.pk))
    assert (response.status_code, list(event.invitees.all())) == (302, [jet])
    assert logged(event, "events.event.admin_invite") == (superuser, {"invitees": [[], [jet.pk]]})
