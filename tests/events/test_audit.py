"""Every events service leaves its audit entry: who, and each changed field with its old and new value. Each
service runs inside `audit.watch()`, which also fails when it writes anything without an entry."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from kizuna.core import audit
from kizuna.events import services
from kizuna.events.models import Booth, Draw, Event, Exhibitor, Registration
from kizuna.events.services import after, booths, reminders
from kizuna.events.services import events as event_services
from tests.audit_helpers import entries_of, logged
from tests.factories import arrange_update
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on

from .factories import EventFactory, SessionFactory


def _t(moment) -> str:
    return moment.isoformat()


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _last(obj, action: str) -> tuple:
    """(who, changes) of the latest entry of `action` on a record that had earlier ones (a seat counter)."""
    entry = entries_of(obj, action)[-1]
    return (entry.actor if entry.actor_id else entry.additional_data.get("by"), entry.changes)


# --- registering -------------------------------------------------------------------------------------------------

def test_register_is_logged_with_its_seat_and_sessions(world, event):
    session = SessionFactory(event=event)
    jet = world.people["jet"]
    with audit.watch():
        r = services.register(by=jet, event=event, answers={})
    assert logged(r, "events.registration.register") == (jet, {
        "event": [None, event.pk], "person": [None, jet.pk], "registered_by": [None, jet.pk],
        "by_link": [None, False],
        "status": [None, "confirmed"], "code": [None, r.code], "created_at": [None, _t(r.created_at)]})
    assert logged(r, "events.registration.choose_sessions") == (jet, {"sessions": [[], [session.pk]]})
    assert logged(event, "events.event.take_seat") == (jet, {"seats_taken": [0, 1]})
    assert logged(session, "events.session.take_seat") == (jet, {"seats_taken": [0, 1]})


def test_register_colleagues_is_logged(world, event):
    admin, staff = world.people["municipality_admin"], world.people["municipality_staff"]
    with audit.watch():
        r, = services.register_colleagues(by=admin, event=event, organisation=world.chiyoda, people=[staff])
    assert logged(r, "events.registration.register") == (admin, {
        "event": [None, event.pk], "person": [None, staff.pk], "organisation": [None, world.chiyoda.pk],
        "registered_by": [None, admin.pk], "by_link": [None, False],
        "status": [None, "confirmed"], "code": [None, r.code],
        "created_at": [None, _t(r.created_at)]})


def test_cancel_registration_is_logged(world, full_event):
    staff = world.people["municipality_staff"]
    first = Registration.objects.get(event=full_event, person=staff)
    with audit.watch():
        done = services.cancel_registration(by=staff, registration=first)
    assert logged(first, "events.registration.cancel") == (staff, {
        "status": ["confirmed", "cancelled"], "cancelled_at": [None, _t(done.cancelled_at)]})
    assert logged(full_event, "events.event.free_seat") == (staff, {"seats_taken": [2, 1]})


def test_decline_registration_is_logged(world):
    event = EventFactory(organiser=world.hq, mode="approval")
    pending = services.register(by=world.people["jet"], event=event)
    with audit.watch():
        services.decline_registration(by=world.people["hq_staff"], registration=pending)
    assert logged(pending, "events.registration.decline") == (world.people["hq_staff"],
                                                               {"status": ["pending", "declined"]})
    assert logged(event, "events.event.free_seat") == (world.people["hq_staff"], {"seats_taken": [1, 0]})


def test_approve_registration_is_logged(world):
    pending = services.register(by=world.people["jet"], event=EventFactory(organiser=world.hq, mode="approval"))
    with audit.watch():
        services.approve_registration(by=world.people["hq_staff"], registration=pending)
    assert logged(pending, "events.registration.approve") == (world.people["hq_staff"],
                                                               {"status": ["pending", "confirmed"]})


@pytest.fixture
def offered(world, full_event):
    waiting = services.register(by=world.people["jet"], event=full_event)
    first = Registration.objects.get(event=full_event, person=world.people["municipality_staff"])
    services.cancel_registration(by=world.people["municipality_staff"], registration=first)
    return _fresh(waiting)


def test_accept_offer_is_logged(world, offered):
    with audit.watch():
        services.accept_offer(by=world.people["jet"], registration=offered)
    assert logged(offered, "events.registration.accept") == (world.people["jet"], {"status": ["offered", "confirmed"]})


def test_promote_waiting_is_logged_as_the_system(world, full_event):
    waiting = services.register(by=world.people["jet"], event=full_event)
    arrange_update(Event.objects.filter(pk=full_event.pk), capacity=3)
    with audit.watch(), transaction.atomic():
        done = services.promote_waiting(event=Event.objects.select_for_update().get(pk=full_event.pk))
    assert logged(waiting, "events.registration.offer") == ("system", {
        "status": ["waiting", "offered"], "offer_expires_at": [None, _t(done.offer_expires_at)]})
    assert _last(full_event, "events.event.take_seat") == ("system", {"seats_taken": [2, 3]})


def test_expire_offers_is_logged_as_the_system(world, offered):
    arrange_update(Registration.objects.filter(pk=offered.pk), offer_expires_at=timezone.now() - timedelta(minutes=1))
    with audit.watch():
        services.expire_offers()
    assert logged(offered, "events.registration.lapse") == ("system", {"status": ["offered", "lapsed"]})


def test_remind_upcoming_is_logged_as_the_system(world):
    event = EventFactory(organiser=world.hq, starts_at=timezone.now() + timedelta(hours=5),
                         closes_at=timezone.now() + timedelta(hours=1))
    r = services.register(by=world.people["jet"], event=event)
    with audit.watch():
        reminders.remind_upcoming()
    assert logged(r, "events.registration.remind") == ("system", {
        "reminded_at": [None, _t(_fresh(r).reminded_at)]})


# --- staff shape their events ------------------------------------------------------------------------------------

def test_create_event_is_logged(world):
    hq = world.people["hq_staff"]
    starts = timezone.now() + timedelta(days=9)
    with audit.watch():
        event = event_services.create_event(by=hq, organiser=world.hq, kind="seminar", format="online",
                                            title="新セミナー", starts_at=starts, ends_at=starts + timedelta(hours=2),
                                            sessions=[{"title": "第1部", "starts_at": starts,
                                                       "ends_at": starts + timedelta(hours=1)}])
    assert logged(event, "events.event.create") == (hq, {
        "organiser": [None, world.hq.pk], "kind": [None, "seminar"], "format": [None, "online"],
        "title": [None, "新セミナー"], "venue_timezone": [None, "Asia/Tokyo"], "country": [None, "JP"],
        "starts_at": [None, _t(starts)], "ends_at": [None, _t(starts + timedelta(hours=2))],
        "audience": [None, "anyone"], "mode": [None, "first_come"], "seats_taken": [None, 0],
        "waiting_list": [None, True], "offer_hours": [None, 48], "gives_certificate": [None, False],
        "guests_may_register": [None, False],
        "fee": [None, 0], "is_published": [None, False], "is_public": [None, True], "created_by": [None, hq.pk],
        "created_at": [None, _t(event.created_at)]})
    session = event.sessions.get()
    assert logged(session, "events.session.create") == (hq, {
        "event": [None, event.pk], "title": [None, "第1部"], "starts_at": [None, _t(starts)],
        "ends_at": [None, _t(starts + timedelta(hours=1))], "seats_taken": [None, 0]})


def test_update_event_is_logged(world, event):
    with audit.watch():
        event_services.update_event(by=world.people["hq_staff"], event=event, title="改題", capacity=5)
    assert logged(event, "events.event.update") == (world.people["hq_staff"], {
        "title": [event.title, "改題"], "capacity": [2, 5]})


def test_save_session_is_logged(world, event):
    session = SessionFactory(event=event, title="旧", capacity=3)
    with audit.watch():
        event_services.save_session(by=world.people["hq_staff"], event=event, session=session, title="新",
                                    starts_at=session.starts_at, ends_at=session.ends_at, capacity=4)
    assert logged(session, "events.session.update") == (world.people["hq_staff"], {
        "title": ["旧", "新"], "capacity": [3, 4]})


def test_delete_session_is_logged(world, event):
    session = SessionFactory(event=event, title="削除")
    pk = session.pk
    with audit.watch():
        event_services.delete_session(by=world.people["hq_staff"], session=session)
    session.pk = pk
    assert logged(session, "events.session.delete") == (world.people["hq_staff"], {
        "event": [event.pk, None], "title": ["削除", None], "starts_at": [_t(session.starts_at), None],
        "ends_at": [_t(session.ends_at), None], "seats_taken": [0, None]})


def test_set_questions_is_logged(world, event):
    with audit.watch():
        event_services.set_questions(by=world.people["hq_staff"], event=event,
                                     questions=[{"label": "所属", "label_en": "Department"}])
    assert logged(event, "events.event.set_questions") == (world.people["hq_staff"], {"questions": [[], [
        {"key": "department", "label": "所属", "label_en": "Department", "type": "text", "required": False}]]})


@pytest.fixture
def private_event(world):
    return EventFactory(organiser=world.hq, audience="invited", is_public=False)


def test_add_invitees_is_logged(world, private_event):
    with audit.watch():
        event_services.add_invitees(by=world.people["hq_staff"], event=private_event, emails=["jet@example.jp"])
    assert logged(private_event, "events.event.invite") == (world.people["hq_staff"], {
        "invitees": [[], [world.people["jet"].pk]]})


def test_remove_invitee_is_logged(world, private_event):
    jet = world.people["jet"]
    private_event.invitees.add(jet)
    with audit.watch():
        event_services.remove_invitee(by=world.people["hq_staff"], event=private_event, person=jet)
    assert logged(private_event, "events.event.uninvite") == (world.people["hq_staff"], {"invitees": [[jet.pk], []]})


# --- joint booths ------------------------------------------------------------------------------------------------

@pytest.fixture
def fair(world):
    return EventFactory(organiser=world.nyc, kind="trade_fair", starts_at=timezone.now() + timedelta(days=30),
                        ends_at=timezone.now() + timedelta(days=31))


@pytest.fixture
def booth(fair):
    return Booth.objects.create(event=fair, name="共同ブース", slots=2, applications_close=fair.starts_at,
                                checklist=[{"key": "samples", "label": "サンプル発送"}])


@pytest.fixture
def applied(world, booth):
    return booths.apply_for_booth(by=world.people["municipality_staff"], booth=booth, organisation=world.chiyoda,
                                  exhibits="和菓子")


@pytest.fixture
def selected(world, applied):
    return booths.select_exhibitor(by=world.people["office_staff"], exhibitor=applied)


def test_save_booth_is_logged(world, fair):
    office = world.people["office_staff"]
    closes = timezone.now() + timedelta(days=5)
    with audit.watch():
        booth = booths.save_booth(by=office, event=fair, name="ブース", slots=2, applications_close=closes)
        booths.save_booth(by=office, booth=booth, slots=3, checklist=[{"label": "資料"}])
    assert logged(booth, "events.booth.create") == (office, {
        "event": [None, fair.pk], "name": [None, "ブース"], "slots": [None, 2], "slots_taken": [None, 0],
        "cost_share": [None, 0], "applications_close": [None, _t(closes)]})
    assert logged(booth, "events.booth.update") == (office, {
        "slots": [2, 3], "checklist": [[], [{"key": "item", "label": "資料"}]]})


def test_apply_for_booth_is_logged(world, booth):
    staff = world.people["municipality_staff"]
    with audit.watch():
        exhibitor = booths.apply_for_booth(by=staff, booth=booth, organisation=world.chiyoda, exhibits="和菓子")
    assert logged(exhibitor, "events.exhibitor.apply") == (staff, {
        "booth": [None, booth.pk], "organisation": [None, world.chiyoda.pk], "exhibits": [None, "和菓子"],
        "status": [None, "applied"], "created_by": [None, staff.pk], "created_at": [None, _t(exhibitor.created_at)]})


def test_select_exhibitor_is_logged_with_its_slot(world, booth, applied):
    with audit.watch():
        booths.select_exhibitor(by=world.people["office_staff"], exhibitor=applied)
    assert logged(applied, "events.exhibitor.select") == (world.people["office_staff"],
                                                           {"status": ["applied", "selected"]})
    assert logged(booth, "events.booth.take_slot") == (world.people["office_staff"], {"slots_taken": [0, 1]})


def test_reject_exhibitor_is_logged(world, applied):
    with audit.watch():
        booths.reject_exhibitor(by=world.people["office_staff"], exhibitor=applied, note="枠の都合")
    assert logged(applied, "events.exhibitor.reject") == (world.people["office_staff"],
                                                           {"status": ["applied", "rejected"]})


def test_withdraw_exhibitor_is_logged_with_its_slot(world, booth, selected):
    staff = world.people["municipality_staff"]
    with audit.watch():
        booths.withdraw_exhibitor(by=staff, exhibitor=selected)
    assert logged(selected, "events.exhibitor.withdraw") == (staff, {"status": ["selected", "withdrawn"]})
    assert logged(booth, "events.booth.free_slot") == (staff, {"slots_taken": [1, 0]})


def test_tick_checklist_is_logged(world, selected):
    with audit.watch():
        booths.tick_checklist(by=world.people["municipality_staff"], exhibitor=selected, done=["samples"])
    assert logged(selected, "events.exhibitor.tick_checklist") == (world.people["municipality_staff"], {
        "checklist_done": [[], ["samples"]]})


def test_report_fair_is_logged(world, selected):
    with audit.watch():
        booths.report_fair(by=world.people["municipality_staff"], exhibitor=selected, visitors=800, leads=25,
                           deals=3, report="好評")
    assert logged(selected, "events.exhibitor.report") == (world.people["municipality_staff"], {
        "status": ["selected", "reported"], "visitors": [None, 800], "leads": [None, 25], "deals": [None, 3],
        "report": ["", "好評"]})


# --- the day and afterwards --------------------------------------------------------------------------------------

@pytest.fixture
def confirmed(world, event):
    return services.register(by=world.people["jet"], event=event)


def test_check_in_is_logged(world, event, confirmed):
    hq = world.people["hq_staff"]
    with audit.watch():
        services.check_in(by=hq, event=event, code=confirmed.code)
    assert logged(confirmed, "events.registration.check_in") == (hq, {
        "checked_in_at": [None, _t(_fresh(confirmed).checked_in_at)], "checked_in_by": [None, hq.pk]})


def test_import_attendance_is_logged(world, event, confirmed):
    hq = world.people["hq_staff"]
    with audit.watch():
        after.import_attendance(by=hq, event=event, content=b"email\r\njet@example.jp\r\n")
    assert logged(confirmed, "events.registration.import_attendance") == (hq, {
        "checked_in_at": [None, _t(_fresh(confirmed).checked_in_at)], "checked_in_by": [None, hq.pk]})


@pytest.fixture
def attended(world):
    event = EventFactory(organiser=world.hq, gives_certificate=True,
                         survey_questions=[{"key": "c", "label": "ご意見", "kind": "text"}])
    r = services.register(by=world.people["jet"], event=event)
    services.check_in(by=world.people["hq_staff"], event=event, code=r.code)
    return _fresh(r)


def test_answer_survey_is_logged(world, attended):
    jet = world.people["jet"]
    with audit.watch():
        response = after.answer_survey(by=jet, registration=attended, satisfaction=4, answers={"c": "良い"})
    assert logged(response, "events.surveyresponse.answer") == (jet, {
        "registration": [None, attended.pk], "answers": [None, {"c": "良い"}], "satisfaction": [None, 4],
        "submitted_at": [None, _t(response.submitted_at)]})


def test_issue_certificate_is_logged_once(world, attended):
    jet = world.people["jet"]
    with audit.watch():
        certificate = after.issue_certificate(by=jet, registration=attended)
        again = after.issue_certificate(by=jet, registration=attended)
    assert again == certificate
    assert logged(certificate, "events.certificate.issue") == (jet, {
        "registration": [None, attended.pk], "code": [None, certificate.code],
        "issued_at": [None, _t(certificate.issued_at)]})


def test_run_draw_is_logged_with_each_place(world):
    event = EventFactory(organiser=world.tokyo_branch, mode="lottery", capacity=1)
    first, second = (services.register(by=world.people[r], event=event) for r in ("jet", "alumnus"))
    arrange_update(Event.objects.filter(pk=event.pk), closes_at=timezone.now() - timedelta(minutes=1))
    branch = world.people["branch_staff"]
    with audit.watch():
        draw = services.run_draw(by=branch, event=event, seed="s")
    won, lost = (Registration.objects.get(pk=pk) for pk in draw.order)
    assert logged(draw, "events.draw.run") == (branch, {
        "event": [None, event.pk], "seed": [None, "s"], "applicants": [None, sorted([first.pk, second.pk])],
        "order": [None, draw.order], "seats": [None, 1], "drawn_by": [None, branch.pk],
        "drawn_at": [None, _t(Draw.objects.get().drawn_at)]})
    assert logged(won, "events.registration.win") == (branch, {"status": ["applied", "confirmed"],
                                                               "position": [None, 1]})
    assert logged(lost, "events.registration.lose") == (branch, {"status": ["applied", "waiting"],
                                                                 "position": [None, 2]})
    assert logged(event, "events.event.take_seat") == (branch, {"seats_taken": [0, 1]})


# --- the demo ----------------------------------------------------------------------------------------------------

def test_demo_events_are_seeded_with_their_entries(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo
    from kizuna.events.demo import seed_events_demo

    seed_demo()
    with audit.watch():
        seed_events_demo()
    exhibitor = Exhibitor.objects.get()
    assert logged(exhibitor, "events.exhibitor.apply")[0] == exhibitor.created_by
