"""The reappointment round (再任用): opening, intentions by the deadline, the contracting organisation's decision
(reasons for a decline and for a fourth or fifth year), the coordinating body's confirmation and what it does to
the participant, April arrivals' short first term, the outcome, reminders, the pages, the API; every write logged."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kizuna.core.audit import watch
from kizuna.core.workflow import TransitionError
from kizuna.jet import queries_reappointment, reappointment, services
from kizuna.jet.models import ReappointmentIntention, ReappointmentRound
from tests.audit_helpers import entries_of, logged

from .conftest import host_for, place


def _in_post(world, participant, years=1):
    hq = world.people["hq_staff"]
    p = services.record_arrival(by=hq, participant=participant, arrived_on=date(2024, 7, 27))
    p = services.take_post(by=hq, participant=p)
    for _ in range(1, years):
        p = services.renew(participant=p)
    return p


@pytest.fixture
def people(world):
    """Chiyoda: Smith (year 1, the "jet" person), Jones (year 3), Clark (year 5); Osaka (its own coordinating
    body): Lee (year 2)."""
    osaka = host_for(world, world.osaka, coordinating_body=world.osaka)
    smith = _in_post(world, place(world, person=world.people["jet"]))
    jones = _in_post(world, place(world, jet_number="20260000002", family_name="Jones"), years=3)
    clark = _in_post(world, place(world, jet_number="20260000003", family_name="Clark"), years=5)
    lee = _in_post(world, place(world, jet_number="20260000005", host=osaka, family_name="Lee"), years=2)
    place(world, jet_number="20260000006", family_name="Placed")  # not yet here: not in the round
    return {"smith": smith, "jones": jones, "clark": clark, "lee": lee}


def _open(world, *, intention_in=10, year=2027):
    today = timezone.localdate()
    return reappointment.open_round(
        by=world.people["hq_staff"], year=year, intention_deadline=today + timedelta(days=intention_in),
        decision_deadline=today + timedelta(days=max(intention_in, 0) + 20),
        confirmation_deadline=today + timedelta(days=max(intention_in, 0) + 40))


def _row(rnd, participant):
    return rnd.intentions.get(participant=participant)


def test_open_round_gives_a_row_to_everyone_arrived_or_in_post(world, people):
    with watch():
        rnd = _open(world)
    rows = {r.participant.family_name: (r.current_year, r.status, r.coordinating_body_id)
            for r in rnd.intentions.select_related("participant")}
    assert rows == {"Smith": (1, "awaiting", world.tokyo.pk), "Jones": (3, "awaiting", world.tokyo.pk),
                    "Clark": (5, "awaiting", world.tokyo.pk), "Lee": (2, "awaiting", world.osaka.pk)}
    assert _row(rnd, people["smith"]).appointment_ends_on == people["smith"].appointments.get(year=1).ends_on
    assert logged(rnd, "jet.reappointmentround.create")[0] == world.people["hq_staff"]
    assert len(entries_of(_row(rnd, people["lee"]), "jet.reappointmentintention.create")) == 1


def test_open_round_denied_to_a_pa(world, people):
    with pytest.raises(PermissionDenied):
        reappointment.open_round(
            by=world.people["pa"], year=2027, intention_deadline=date(2027, 1, 10),
            decision_deadline=date(2027, 1, 20), confirmation_deadline=date(2027, 2, 1))


def test_open_round_refuses_deadlines_out_of_order_and_saves_nothing(world, people):
    with pytest.raises(ValidationError) as error:
        reappointment.open_round(by=world.people["hq_staff"], year=2027, intention_deadline=date(2027, 2, 1),
                                 decision_deadline=date(2027, 1, 20), confirmation_deadline=date(2027, 3, 1))
    assert list(error.value.message_dict) == ["decision_deadline"]
    assert (ReappointmentRound.objects.count(), ReappointmentIntention.objects.count()) == (0, 0)


def test_the_full_flow_stay_agree_confirm_then_renew(world, people):
    rnd = _open(world)
    row = _row(rnd, people["smith"])
    with watch():
        row = reappointment.state_intention(by=world.people["jet"], row=row, stay=True)
        row = reappointment.agree(by=world.people["municipality_staff"], row=row)
        row = reappointment.confirm(by=world.people["pa"], row=row)
    assert (row.status, row.stated_by, row.confirmed_at is not None) == ("stays", world.people["jet"], True)
    who, changes = logged(row, "jet.reappointmentintention.intend_to_stay")
    assert (who, changes["status"], changes["stated_by"]) == (
        world.people["jet"], ["awaiting", "intends_stay"], [None, world.people["jet"].pk])
    assert logged(row, "jet.reappointmentintention.agree")[1]["status"] == ["intends_stay", "agreed"]
    assert logged(row, "jet.reappointmentintention.confirm_stay")[0] == world.people["pa"]
    renewed = services.renew(participant=people["smith"])
    assert (renewed.contract_year, renewed.status) == (2, "in_post")


def test_a_confirmed_departure_makes_the_participant_leave_at_the_end_of_the_appointment(world, people):
    rnd = _open(world)
    row = reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=False)
    with watch():
        reappointment.confirm(by=world.people["pa"], row=row)
    smith = type(people["smith"]).objects.get(pk=people["smith"].pk)
    assert (smith.status, smith.leaving_on) == ("leaving", row.appointment_ends_on)
    assert logged(smith, "jet.participant.not_reappointed")[1]["status"] == ["in_post", "leaving"]


def test_renew_refused_without_a_confirmed_stay(world, people):
    rnd = _open(world)
    reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=True)
    with pytest.raises(ValidationError):
        services.renew(participant=people["smith"])
    assert type(people["smith"]).objects.get(pk=people["smith"].pk).contract_year == 1


def test_intention_after_the_deadline_is_refused(world, people):
    rnd = _open(world, intention_in=-1)
    with pytest.raises(ValidationError) as error:
        reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=True)
    assert error.value.code == "deadline"
    assert _row(rnd, people["smith"]).status == "awaiting"


def test_another_participant_cannot_state_an_intention(world, people):
    rnd = _open(world)
    with pytest.raises(PermissionDenied):
        reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["jones"]), stay=True)


def test_a_supervisor_may_state_the_intention_for_the_participant(world, people):
    rnd = _open(world)
    row = reappointment.state_intention(by=world.people["municipality_staff"], row=_row(rnd, people["jones"]),
                                        stay=False)
    assert (row.status, row.stated_by) == ("intends_leave", world.people["municipality_staff"])


def test_decline_needs_a_reason_and_saves_nothing_without(world, people):
    rnd = _open(world)
    row = reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=True)
    with pytest.raises(ValidationError) as error:
        reappointment.decline(by=world.people["municipality_staff"], row=row, reason="  ")
    assert list(error.value.message_dict) == ["reason"]
    row.refresh_from_db()
    assert (row.status, row.decided_at) == ("intends_stay", None)
    declined = reappointment.decline(by=world.people["municipality_staff"], row=row, reason="配置校の減少")
    assert (declined.status, declined.reason) == ("declined", "配置校の減少")


def test_a_fourth_year_needs_a_recorded_reason(world, people):
    rnd = _open(world)
    row = reappointment.state_intention(by=world.people["municipality_staff"], row=_row(rnd, people["jones"]),
                                        stay=True)
    with pytest.raises(ValidationError) as error:
        reappointment.agree(by=world.people["municipality_staff"], row=row)
    assert list(error.value.message_dict) == ["reason"]
    agreed = reappointment.agree(by=world.people["municipality_staff"], row=row, reason="Outstanding teacher")
    assert (agreed.status, agreed.reason) == ("agreed", "Outstanding teacher")


def test_a_fifth_year_participant_cannot_intend_to_stay(world, people):
    rnd = _open(world)
    with pytest.raises(ValidationError) as error:
        reappointment.state_intention(by=world.people["municipality_staff"], row=_row(rnd, people["clark"]),
                                      stay=True)
    assert error.value.message_dict["intention"] == ["任用は最長5年です。5年目の参加者は再任用できません。"]
    row = reappointment.state_intention(by=world.people["municipality_staff"], row=_row(rnd, people["clark"]),
                                        stay=False)
    assert row.status == "intends_leave"


def test_another_hosts_supervisor_cannot_decide(world, people):
    rnd = _open(world)
    row = reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=True)
    with pytest.raises(PermissionDenied):
        reappointment.agree(by=world.people["other_municipality_staff"], row=row)


def test_another_prefectures_pa_cannot_confirm(world, people):
    rnd = _open(world)
    row = reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=False)
    with pytest.raises(PermissionDenied):
        reappointment.confirm(by=world.people["other_pa"], row=row)


def test_confirm_needs_the_host_decision_first(world, people):
    rnd = _open(world)
    row = reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=True)
    with pytest.raises(TransitionError):
        reappointment.confirm(by=world.people["pa"], row=row)


def test_confirm_all_agreed_confirms_only_the_pas_own(world, people):
    rnd = _open(world)
    staff = world.people["municipality_staff"]
    for p in (people["smith"], people["jones"]):
        row = reappointment.state_intention(by=staff, row=_row(rnd, p), stay=True)
        reappointment.agree(by=staff, row=row, reason="良好")
    with watch():
        assert reappointment.confirm_all_agreed(by=world.people["pa"], rnd=rnd) == 2
    assert sorted(rnd.intentions.values_list("status", flat=True)) == ["awaiting", "awaiting", "stays", "stays"]
    with pytest.raises(PermissionDenied):
        reappointment.confirm_all_agreed(by=world.people["municipality_staff"], rnd=rnd)


def test_close_round_stops_intentions(world, people):
    rnd = _open(world)
    reappointment.close_round(by=world.people["hq_staff"], rnd=rnd)
    with pytest.raises(ValidationError):
        reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=True)


def test_april_arrivals_get_a_short_first_term_to_the_end_of_july(world):
    p = place(world, cohort="april", expected_arrival=date(2027, 4, 3))
    p = services.record_arrival(by=world.people["hq_staff"], participant=p, arrived_on=date(2027, 4, 3))
    p = services.take_post(by=world.people["hq_staff"], participant=p)
    first = p.appointments.get(year=1)
    assert (first.starts_on, first.ends_on) == (date(2027, 4, 4), date(2027, 7, 31))
    second = services.renew(participant=p).appointments.get(year=2)
    assert (second.starts_on, second.ends_on) == (date(2027, 8, 1), date(2028, 7, 31))


def test_an_april_arrival_after_the_round_opened_joins_it_and_is_asked(world, people, smtp_server,
                                                                      django_capture_on_commit_callbacks):
    """Without a row an April arrival would be in no round, and `renew` would take them into year 2 unasked."""
    rnd = _open(world, year=2027)
    late = place(world, jet_number="20260000010", family_name="Late", cohort="april",
                 expected_arrival=date(2027, 4, 3))
    with django_capture_on_commit_callbacks(execute=True):
        late = services.record_arrival(by=world.people["hq_staff"], participant=late, arrived_on=date(2027, 4, 3))
    row = _row(rnd, late)
    assert (row.current_year, row.appointment_ends_on, row.status) == (1, date(2027, 7, 31), "awaiting")
    assert logged(row, "jet.reappointmentintention.create")[0] == world.people["hq_staff"]
    assert [m["to"] for m in smtp_server.messages] == [[late.email]]
    with pytest.raises(ValidationError):
        services.renew(participant=services.take_post(by=world.people["hq_staff"], participant=late))


def test_a_summer_arrival_during_a_round_for_an_earlier_summer_is_not_added(world, people):
    rnd = _open(world, year=2027)
    p = services.record_arrival(by=world.people["hq_staff"], participant=place(world, jet_number="20260000011"),
                                arrived_on=date(2027, 7, 26))  # the first year ends in July 2028
    assert not rnd.intentions.filter(participant=p).exists()


def test_summer_arrivals_get_a_full_year(world):
    p = services.record_arrival(by=world.people["hq_staff"], participant=place(world), arrived_on=date(2026, 7, 26))
    first = p.appointments.get(year=1)
    assert (first.starts_on, first.ends_on) == (date(2026, 7, 27), date(2027, 7, 26))


def test_reminders_mail_those_without_an_intention_once_every_three_days(world, people, smtp_server,
                                                                          django_capture_on_commit_callbacks):
    rnd = _open(world, intention_in=5)
    reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=True)
    before = len(smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True), watch():
        sent = reappointment.remind_due()
    assert sent == 3
    reminded = sorted(m["to"][0] for m in smtp_server.messages[before:])
    assert reminded == ["20260000002@example.com", "20260000003@example.com", "20260000005@example.com"]
    assert "Reminder" in smtp_server.messages[-1]["message"]["Subject"]
    with django_capture_on_commit_callbacks(execute=True):
        assert reappointment.remind_due() == 0
    assert _row(rnd, people["jones"]).reminders == 1


# -- pages ----------------------------------------------------------------------------------------------------

def test_participant_states_the_intention_on_the_page(world, people):
    rnd = _open(world)
    row = _row(rnd, people["smith"])
    client = world.client_for("jet")
    own = client.get(people["smith"].get_absolute_url())
    page = client.get(row.get_absolute_url())
    response = client.post(reverse("jet:reappointment_state", args=[row.pk]), {"intention": "stay"})
    row.refresh_from_db()
    assert (own.status_code, page.status_code, response.status_code, row.status) == (200, 200, 302, "intends_stay")
    assert row.get_absolute_url().encode() in own.content
    assert b'data-testid="intention-form"' in page.content


def test_intention_form_without_a_choice_shows_the_error_beside_the_field(world, people):
    row = _row(_open(world), people["smith"])
    response = world.client_for("jet").post(reverse("jet:reappointment_state", args=[row.pk]), {})
    row.refresh_from_db()
    assert (response.status_code, row.status) == (400, "awaiting")
    assert b'id="id_intention_error"' in response.content


def test_after_the_deadline_the_page_is_read_only(world, people):
    row = _row(_open(world, intention_in=-1), people["smith"])
    page = world.client_for("jet").get(row.get_absolute_url())
    assert page.status_code == 200
    assert b'data-testid="intention-form"' not in page.content
    assert "意向の締切は過ぎています".encode() in page.content


def test_participant_cannot_open_anothers_row(world, people):
    row = _row(_open(world), people["jones"])
    assert world.client_for("jet").get(row.get_absolute_url()).status_code == 404


def test_decline_without_a_reason_is_refused_beside_the_field(world, people):
    row = reappointment.state_intention(by=world.people["jet"], row=_row(_open(world), people["smith"]), stay=True)
    response = world.client_for("municipality_staff").post(reverse("jet:reappointment_decide", args=[row.pk]),
                                                           {"decision": "decline", "reason": ""})
    row.refresh_from_db()
    assert (response.status_code, row.status) == (400, "intends_stay")
    assert b'id="id_reason_error"' in response.content


def test_supervisor_agrees_and_pa_confirms_on_the_pages(world, people):
    row = reappointment.state_intention(by=world.people["jet"], row=_row(_open(world), people["smith"]), stay=True)
    agreed = world.client_for("municipality_staff").post(reverse("jet:reappointment_decide", args=[row.pk]),
                                                         {"decision": "agree", "reason": ""})
    confirmed = world.client_for("pa").post(reverse("jet:reappointment_confirm", args=[row.pk]))
    row.refresh_from_db()
    assert (agreed.status_code, confirmed.status_code, row.status) == (302, 302, "stays")


def test_other_pa_and_other_host_get_404(world, people):
    row = reappointment.state_intention(by=world.people["jet"], row=_row(_open(world), people["smith"]), stay=True)
    decide = world.client_for("other_municipality_staff").post(reverse("jet:reappointment_decide", args=[row.pk]),
                                                               {"decision": "agree"})
    confirm = world.client_for("other_pa").post(reverse("jet:reappointment_confirm", args=[row.pk]))
    board = world.client_for("other_pa").get(row.round.get_absolute_url())
    assert (decide.status_code, confirm.status_code) == (404, 404)
    assert board.status_code == 200  # Osaka's PA sees the round by Lee's row, and only it
    assert b"LEE Alex" in board.content and b"SMITH Alex" not in board.content


def test_confirm_all_agreed_page(world, people):
    rnd = _open(world)
    staff = world.people["municipality_staff"]
    reappointment.agree(by=staff, row=reappointment.state_intention(by=staff, row=_row(rnd, people["smith"]),
                                                                    stay=True))
    response = world.client_for("pa").post(reverse("jet:reappointment_confirm_agreed", args=[rnd.pk]))
    assert (response.status_code, _row(rnd, people["smith"]).status) == (302, "stays")


def test_open_round_page(world, people):
    client = world.client_for("hq_staff")
    today = timezone.localdate()
    response = client.post(reverse("jet:reappointment_open"), {
        "year": 2027, "intention_deadline": today + timedelta(days=5),
        "decision_deadline": today + timedelta(days=10), "confirmation_deadline": today + timedelta(days=20)})
    rnd = ReappointmentRound.objects.get()
    assert (response.status_code, response["Location"], rnd.intentions.count()) == (302, rnd.get_absolute_url(), 4)
    assert world.client_for("pa").get(reverse("jet:reappointment_open")).status_code == 403


def test_outcome_counts_per_host_body_and_total(world, people):
    rnd = _open(world)
    staff = world.people["municipality_staff"]
    smith = reappointment.agree(by=staff, row=reappointment.state_intention(by=staff, row=_row(rnd, people["smith"]),
                                                                            stay=True))
    reappointment.confirm(by=world.people["pa"], row=smith)
    jones = reappointment.state_intention(by=staff, row=_row(rnd, people["jones"]), stay=False)
    reappointment.confirm(by=world.people["pa"], row=jones)
    clark = reappointment.state_intention(by=staff, row=_row(rnd, people["clark"]), stay=False)
    reappointment.confirm(by=world.people["hq_staff"], row=clark)
    found = queries_reappointment.outcome(world.people["hq_staff"], rnd)
    lines = {b["name"]: [(h["name"], h["total"], h["stays"], h["leaves"], h["pending"], h["new_places"])
                         for h in b["hosts"]] for b in found["bodies"]}
    assert lines == {world.tokyo.name: [(world.chiyoda.name, 3, 1, 2, 0, 2)],
                     world.osaka.name: [(world.osaka.name, 1, 0, 0, 1, 0)]}
    assert (found["total"]["total"], found["total"]["new_places"]) == (4, 2)
    pa_view = queries_reappointment.outcome(world.people["pa"], rnd)
    assert [b["name"] for b in pa_view["bodies"]] == [world.tokyo.name]
    csv_text = world.client_for("hq_staff").get(
        reverse("jet:reappointment_outcome_export", args=[rnd.pk])).content.decode("utf-8-sig")
    assert f"{world.tokyo.name},{world.chiyoda.name}" in csv_text


def test_headquarters_adjusts_new_places_on_the_outcome_page_with_a_reason(world, people):
    rnd = _open(world)
    leaving = reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=False)
    reappointment.confirm(by=world.people["pa"], row=leaving)
    chiyoda = _row(rnd, people["smith"]).host_id
    client, url = world.client_for("hq_staff"), reverse("jet:reappointment_adjust_places", args=[rnd.pk])
    refused = client.post(url, {"host": chiyoda, "change": 0, "reason": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "理由" in page and "0以外" in page  # both problems beside their fields, in Japanese
    assert client.post(url, {"host": chiyoda, "change": 2, "reason": "学校統合で増員"}).status_code == 302
    client.post(url, {"host": chiyoda, "change": -4, "reason": "予算"})
    found = queries_reappointment.outcome(world.people["pa"], rnd)
    host = found["bodies"][0]["hosts"][0]
    assert (host["leaves"], host["adjusted"], host["new_places"]) == (1, -2, 0)  # never below none
    adjustment = rnd.adjustments.order_by("pk").first()
    hq = world.people["hq_staff"]
    assert logged(adjustment, "jet.placesadjustment.create") == (hq, {
        "round": [None, rnd.pk], "host": [None, chiyoda], "change": [None, 2], "reason": [None, "学校統合で増員"],
        "recorded_by": [None, hq.pk], "recorded_at": [None, adjustment.recorded_at.isoformat()]})
    outcome_page = world.client_for("municipality_staff").get(reverse("jet:reappointment_outcome", args=[rnd.pk]))
    assert "学校統合で増員" in outcome_page.content.decode() and 'action="' + url not in outcome_page.content.decode()
    csv_text = client.get(reverse("jet:reappointment_outcome_export", args=[rnd.pk])).content.decode("utf-8-sig")
    assert ",-2,0\r\n" in csv_text
    assert world.client_for("pa").post(url, {"host": chiyoda, "change": 1, "reason": "x"}).status_code in (403, 404)


def test_an_adjustment_for_an_organisation_outside_the_round_is_refused(world, people):
    rnd = _open(world)
    other = host_for(world, world.minato)  # takes participants, but none of them is in this round
    with pytest.raises(ValidationError) as refused:
        reappointment.adjust_places(by=world.people["hq_staff"], rnd=rnd, host_id=other.pk, change=1, reason="x")
    assert "host" in refused.value.error_dict and not rnd.adjustments.exists()


def test_board_query_count_is_the_same_for_one_and_three_rows(world, people):
    rnd = _open(world)
    reappointment.state_intention(by=world.people["jet"], row=_row(rnd, people["smith"]), stay=True)
    client, counts = world.client_for("hq_staff"), []
    for status, rows in (("intends_stay", 1), ("awaiting", 3)):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(rnd.get_absolute_url(), {"status": status})
        assert response.content.count(b"/jet/reappointment/intentions/") == rows
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_outcome_query_count_is_the_same_for_one_and_three_rows(world, people):
    rnd = _open(world)  # Tokyo's PA sees three rows (Chiyoda), Osaka's one
    counts = []
    for role in ("other_pa", "pa"):
        client = world.client_for(role)
        client.get(reverse("jet:reappointment_outcome", args=[rnd.pk]))  # the session, once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("jet:reappointment_outcome", args=[rnd.pk])).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_reminder_command_prints_the_count(world, people):
    _open(world, intention_in=3)
    out = io.StringIO()
    call_command("reappointment_reminders", stdout=out)
    assert out.getvalue().strip() == "reappointment reminders: 4"


# -- API ------------------------------------------------------------------------------------------------------

def test_api_lists_rounds_and_rows_scoped_like_the_pages(world, people):
    rnd = _open(world)
    rounds = world.client_for("pa").get("/api/v1/jet/reappointment")
    rows = world.client_for("other_pa").get(f"/api/v1/jet/reappointment/{rnd.pk}/intentions")
    assert (rounds.status_code, [r["year"] for r in rounds.json()["items"]]) == (200, [2027])
    assert [r["jet_number"] for r in rows.json()["items"]] == ["20260000005"]
    assert world.client_for("jet").get(f"/api/v1/jet/reappointment/{rnd.pk}/intentions").status_code == 404


def _post(world, role, row, step, body=None):
    return world.client_for(role).post(f"/api/v1/jet/reappointment/intentions/{row.pk}/{step}", body or {},
                                       content_type="application/json")


def test_api_runs_the_round_from_intention_to_confirmation(world, people):
    rnd = _open(world)
    row = _row(rnd, people["jones"])  # year 3: a fourth year needs a reason
    stated = _post(world, "municipality_staff", row, "intention", {"stay": True})
    bare = _post(world, "municipality_staff", row, "decision", {"agree": True})
    agreed = _post(world, "municipality_staff", row, "decision", {"agree": True, "reason": "後任が未定"})
    confirmed = _post(world, "pa", row, "confirmation")
    assert (stated.status_code, stated.json()["status"]) == (200, "intends_stay")
    assert bare.status_code == 422 and "4年目の任用には理由の記録が必要です" in bare.json()["detail"]
    assert (agreed.status_code, agreed.json()["reason"]) == (200, "後任が未定")
    assert (confirmed.status_code, confirmed.json()["status"], confirmed.json()["confirmed_at"] is not None) == (
        200, "stays", True)
    assert logged(row, "jet.reappointmentintention.confirm_stay")[0] == world.people["pa"]
    one = world.client_for("jet").get(f"/api/v1/jet/reappointment/intentions/{_row(rnd, people['smith']).pk}")
    assert (one.status_code, one.json()["jet_number"]) == (200, people["smith"].jet_number)


def test_api_refuses_what_the_pages_refuse_and_changes_nothing(world, people):
    rnd = _open(world)
    smith, lee = _row(rnd, people["smith"]), _row(rnd, people["lee"])
    declined = _post(world, "municipality_staff", smith, "decision", {"agree": False, "reason": ""})
    own = _post(world, "jet", smith, "intention", {"stay": "yes"})
    other_host = _post(world, "municipality_staff", lee, "intention", {"stay": True})
    other_pa = _post(world, "other_pa", smith, "confirmation")
    too_early = _post(world, "pa", smith, "confirmation")
    assert declined.status_code == 422  # the row awaits the participant's intention first
    assert own.status_code == 422  # "yes" is not a JSON boolean
    assert (other_host.status_code, other_pa.status_code, too_early.status_code) == (404, 404, 422)
    smith.refresh_from_db()
    assert (smith.status, smith.reason, entries_of(smith, "jet.reappointmentintention.confirm_leave")) == (
        "awaiting", "", [])
