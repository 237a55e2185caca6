"""Participants: who sees them, their year through its states, every change logged."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kizuna.core.audit import unlogged, watch
from kizuna.core.templatetags.kizuna_ui import status_tag
from kizuna.jet import services
from kizuna.jet.enums import Position
from kizuna.jet.models import Participant, validate_jet_number
from kizuna.jet.queries import RosterFilters, roster
from tests.audit_helpers import logged

from .conftest import host_for, place


@pytest.mark.parametrize("number", ["20260012345", "20000000000"])
def test_jet_number_valid(number):
    validate_jet_number(number)


@pytest.mark.parametrize("number", ["2026001234", "10260012345", "2026001234X", "", "202600123456"])
def test_jet_number_refused(number):
    with pytest.raises(ValidationError):
        validate_jet_number(number)


def test_add_participant_refuses_an_unknown_country_and_saves_nothing(world, chiyoda_host):
    with pytest.raises(ValidationError) as error:
        place(world, nationality="XX")
    assert ("nationality" in error.value.message_dict, Participant.objects.count()) == (True, 0)


TWINS = {"jet_participant_position_valid": ("position", "xyz"), "jet_participant_cohort_valid": ("cohort", "late"),
         "jet_participant_status_valid": ("status", "gone"), "jet_participant_year_1_to_5": ("contract_year", 6)}


@pytest.mark.parametrize("constraint", sorted(TWINS))
def test_what_the_database_refuses_python_refuses_first_with_a_message_on_the_field(world, chiyoda_host, constraint):
    """add_participant validates a participant in Python only (its check constraints cost three queries each in
    SQL: kizuna/jet/services.py), so each constraint needs a twin among the fields' choices and validators."""
    checks = {c.name for c in Participant._meta.constraints if isinstance(c, models.CheckConstraint)}
    assert checks == set(TWINS)  # a new check constraint needs its twin here and on the field
    field, value = TWINS[constraint]
    good = {"jet_number": "20260000009", "family_name": "Smith", "given_names": "Alex", "email": "alex@example.com",
            "position": "alt", "nationality": "US", "recruiting_country": "US", "cohort": "group_a",
            "expected_arrival": date(2026, 7, 26), "host": chiyoda_host}
    participant = Participant(**{**good, field: value})
    with pytest.raises(ValidationError) as error:
        participant.full_clean(validate_constraints=False)
    assert list(error.value.message_dict) == [field]
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.bulk_create([participant])


def test_add_participant_denied_to_the_contracting_organisation(world, chiyoda_host):
    with pytest.raises(PermissionDenied):
        services.add_participant(by=world.people["municipality_admin"], data={})


def test_roster_of_each_role_holds_only_its_own(world):
    tokyo_pa_sees = place(world, host=host_for(world, world.chiyoda))
    osaka = host_for(world, world.osaka, coordinating_body=world.osaka)
    osaka_only = place(world, jet_number="20260000009", host=osaka, family_name="Tanaka")
    seen = {role: {p.pk for p in roster(world.people[role])} for role in
            ("pa", "other_pa", "municipality_staff", "other_municipality_staff", "hq_staff", "jet")}
    assert seen == {"pa": {tokyo_pa_sees.pk}, "other_pa": {osaka_only.pk}, "municipality_staff": {tokyo_pa_sees.pk},
                    "other_municipality_staff": set(), "hq_staff": {tokyo_pa_sees.pk, osaka_only.pk}, "jet": set()}


def test_a_participant_sees_their_own_record_and_others_lists_do_not_ask_for_it(world):
    """The participant's own record is asked by its id: for a PA or a supervisor, who have none, the condition
    drops out, so their lists filter by organisation alone (an OR with `person = me` across the join to the
    contracting organisation made SQLite and PostgreSQL read every participant: bench/jet.py)."""
    mine = place(world, host=host_for(world, world.chiyoda), person=world.people["jet"])
    place(world, jet_number="20260000009", host=host_for(world, world.chiyoda))
    assert [p.pk for p in roster(world.people["jet"])] == [mine.pk]
    for role in ("pa", "municipality_staff"):
        sql = str(roster(world.people[role]).query)
        assert "person_id" not in sql.split("WHERE", 1)[1], (role, sql)
        assert roster(world.people[role]).count() == 2


def test_roster_search_by_name_reading_and_number(world, participant):
    hq = world.people["hq_staff"]
    found = {q: [p.pk for p in roster(hq, RosterFilters(q=q))] for q in ("smith", "スミス", "20260000001", "jones")}
    assert found == {"smith": [participant.pk], "スミス": [participant.pk], "20260000001": [participant.pk],
                     "jones": []}


def test_arrival_starts_the_first_appointment_year_the_next_day(world, participant):
    with watch():
        done = services.record_arrival(by=world.people["municipality_staff"], participant=participant,
                                       arrived_on=date(2026, 7, 27))
    appointment = done.appointments.get()
    assert (done.status, appointment.starts_on, appointment.ends_on) == ("arrived", date(2026, 7, 28),
                                                                          date(2027, 7, 27))
    assert logged(done, "jet.participant.arrive")[1] == {"status": ["placed", "arrived"],
                                                         "arrived_on": [None, "2026-07-27"]}


def test_arrival_denied_to_another_municipality(world, participant):
    with pytest.raises(PermissionDenied):
        services.record_arrival(by=world.people["other_municipality_staff"], participant=participant,
                                arrived_on=date(2026, 7, 27))


def test_year_goes_from_arrival_to_departure(world, participant):
    staff = world.people["municipality_staff"]
    p = services.record_arrival(by=staff, participant=participant, arrived_on=date(2026, 7, 27))
    p = services.take_post(by=staff, participant=p)
    p = services.announce_leaving(by=staff, participant=p, leaving_on=date(2027, 7, 27))
    p = services.record_departure(by=staff, participant=p, departed_on=date(2027, 7, 30))
    assert (p.status, p.departed_on) == ("departed", date(2027, 7, 30))


def test_renew_adds_a_year_as_the_system_up_to_five(world, participant):
    staff = world.people["municipality_staff"]
    p = services.take_post(by=staff, participant=services.record_arrival(
        by=staff, participant=participant, arrived_on=date(2026, 7, 27)))
    for _ in range(4):
        p = services.renew(participant=p)
    assert (p.contract_year, p.appointments.count()) == (5, 5)
    with pytest.raises(ValidationError):
        services.renew(participant=p)


def test_emergency_contact_is_logged_masked(world, participant):
    with watch():
        services.update_participant(by=world.people["municipality_staff"], participant=participant,
                                    data={"emergency_name": "Jane Smith", "emergency_phone": "+1 555 0100"})
    assert logged(participant, "jet.participant.update")[1] == {"emergency_name": ["", "********"],
                                                                "emergency_phone": ["", "********"]}


def test_transfer_moves_the_participant_and_clears_workplaces(world, participant):
    minato = host_for(world, world.minato)
    moved = services.transfer(by=world.people["hq_staff"], participant=participant, to_host=minato,
                              on=date(2026, 9, 1), reason="合併")
    participant.refresh_from_db()
    assert (participant.host, moved.from_host.organisation, list(participant.workplaces.all())) == (
        minato, world.chiyoda, [])


def test_participant_page_for_the_participant_and_404_for_another_pa(world, participant):
    assert world.client_for("jet").get(participant.get_absolute_url()).status_code == 200
    assert world.client_for("other_pa").get(participant.get_absolute_url()).status_code == 404


def test_participant_own_page_redirects_to_the_record(world, participant):
    response = world.client_for("jet").get("/jet/me/")
    assert (response.status_code, response["Location"]) == (302, participant.get_absolute_url())


def test_arrival_through_the_page_without_a_date_says_so(world, participant):
    response = world.client_for("municipality_staff").post(f"/jet/participants/{participant.pk}/arrive/", {},
                                                           follow=True)
    participant.refresh_from_db()
    assert (participant.status, len(list(response.context["messages"]))) == ("placed", 1)


def test_roster_query_count_is_flat(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("hq_staff")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/jet/").status_code == 200
        return len(ctx)

    place(world)
    one = count()
    place(world, jet_number="20260000002")
    place(world, jet_number="20260000003")
    assert count() == one


def test_the_overview_draws_the_counts_and_the_placements_with_the_tables_behind_them(world, chiyoda_host):
    hq = world.people["hq_staff"]
    with unlogged("arranging: Chiyoda's coordinates, as the reference data has them"):
        world.chiyoda.latitude, world.chiyoda.longitude = 35.694, 139.754
        world.chiyoda.save()
    for n, (host, position) in enumerate([(chiyoda_host, "alt"), (chiyoda_host, "cir"),
                                          (host_for(world, world.osaka, coordinating_body=world.osaka), "alt")]):
        placed = place(world, jet_number=f"2026000001{n}", host=host, position=position)
        services.record_arrival(by=hq, participant=placed, arrived_on=date(2026, 7, 27))
    place(world, jet_number="20260000020")  # not arrived: not in the programme yet

    page = world.client_for("hq_staff").get("/jet/overview/")
    other_pa = world.client_for("other_pa").get("/jet/overview/")

    assert page.status_code == 200
    charts = {key: bars for key, _title, bars in page.context["overview"]["charts"]}
    assert page.context["overview"]["total"] == 3
    assert [(b["label"], b["n"], b["pct"]) for b in charts["prefecture"]] == [("東京都", 2, 100.0),
                                                                            ("大阪府", 1, 50.0)]
    assert {b["n"] for b in charts["position"]} == {2, 1}
    points = page.context["overview"]["map"]["points"]
    assert [(p["name"], p["n"]) for p in points] == [("千代田区", 2)]  # Osaka has no coordinates here
    assert 0 < points[0]["x"] < 600 and 0 < points[0]["y"] < 560
    html = page.content.decode()
    assert 'data-testid="placement-map"' in html and "<circle" in html and "<table class=\"bars\">" in html
    assert other_pa.context["overview"]["total"] == 1  # Osaka's PA: Osaka's participants only


def test_the_organisation_page_has_a_jet_section_for_those_who_may_open_the_contracting_organisation(world):
    hq = world.people["hq_staff"]
    for n, position in enumerate(["alt", "alt", "cir"]):
        placed = place(world, jet_number=f"2026000003{n}", position=position)
        services.record_arrival(by=hq, participant=placed, arrived_on=date(2026, 7, 27))
    url = f"/organisations/{world.chiyoda.pk}/"

    staff = world.client_for("municipality_staff").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    other_pa = world.client_for("other_pa").get(url).content.decode()

    assert 'data-testid="jet-section"' in staff and "ALT (Assistant Language Teacher) 2" in staff
    assert "CIR (Coordinator for International Relations) 1" in staff
    assert 'data-testid="jet-section"' not in other_pa  # Osaka's PA does not open Chiyoda's participants


def test_the_roster_exports_as_csv_what_the_reader_may_see_as_filtered_formula_safe(
        world, django_assert_max_num_queries):
    place(world, jet_number="20260000041", family_name="=HYPERLINK(1)")
    place(world, jet_number="20260000042", position="cir")
    place(world, jet_number="20260000043", host=host_for(world, world.osaka, coordinating_body=world.osaka))

    hq = world.client_for("hq_staff")
    with django_assert_max_num_queries(8):  # session, person, memberships, MFA, the roster in one query
        every = hq.get("/jet/participants.csv", HTTP_ACCEPT_LANGUAGE="en")
    cirs = world.client_for("hq_staff").get("/jet/participants.csv", {"position": "cir"})
    osaka = world.client_for("other_pa").get("/jet/participants.csv")

    text = every.content.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert every["Content-Type"].startswith("text/csv") and lines[0].startswith("JET number,Family name")
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["20260000041", "20260000042", "20260000043"]
    assert "'=HYPERLINK(1)" in text and "United States" in text
    assert [line.split(",")[0] for line in cirs.content.decode("utf-8-sig").strip().split("\r\n")[1:]] == [
        "20260000042"]
    assert [line.split(",")[0] for line in osaka.content.decode("utf-8-sig").strip().split("\r\n")[1:]] == [
        "20260000043"]
    assert world.client_for("association_staff").get("/jet/participants.csv").status_code == 403


def test_the_roster_counts_what_it_shows_in_one_query(world, chiyoda_host):
    """bench/jet.py: the roster page ran five aggregates over the participants (country, arrival group and year
    too, which it does not show); now one, grouped by position, gives the total and the positions."""
    place(world)
    place(world, jet_number="20260000002", position="cir")
    with CaptureQueriesContext(connection) as ctx:
        response = world.client_for("hq_staff").get("/jet/")
    on_participants = [q["sql"] for q in ctx.captured_queries if 'FROM "jet_participant"' in q["sql"]]
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 0  # placed, not yet in the programme
    assert len(on_participants) == 3, on_participants  # the counts, the page's count, the page's rows


def test_the_roster_sorts_only_what_its_rows_show(world, chiyoda_host):
    """bench/jet.py: sorting every visible participant with their organisations' whole rows (the reference
    data's JSON above all) was most of the roster's time; the page and the API read only what a row shows."""
    place(world)
    with CaptureQueriesContext(connection) as ctx:
        page = world.client_for("hq_staff").get("/jet/", {"status": "placed"})
        api = world.client_for("hq_staff").get("/api/v1/jet/participants", {"status": "placed"})
    rows = [q["sql"] for q in ctx.captured_queries if 'ORDER BY "core_organisation"."code"' in q["sql"]]
    assert page.status_code == api.status_code == 200 and api.json()["items"][0]["coordinating_body"]
    assert len(rows) == 2 and not [sql for sql in rows if "reference_values" in sql or "emergency" in sql], rows


def test_roster_rows_escape_names_and_say_why_a_search_found_them(world, chiyoda_host):
    place(world, family_name="<i>Smith</i>", name_katakana="スミス")
    page = world.client_for("hq_staff").get("/jet/", {"status": "placed", "q": "スミス"}).content.decode()
    assert "<i>SMITH" not in page and "&lt;I&gt;SMITH&lt;/I&gt;" in page
    assert '<br><small>スミス</small>' in page and '<span class="match">' in page



def test_a_roster_row_says_the_same_listed_or_found_by_a_search_in_the_readers_language(world, chiyoda_host):
    """The page's rows are read as values (`queries.roster_rows`), a search's from the records it ranked."""
    participant = place(world, family_name="Tanaka", name_katakana="タナカ", position="cir")
    client = world.client_for("hq_staff")
    for language in ("ja", "en"):
        with translation.override(language):
            position, organisation = str(Position.CIR.label), str(world.chiyoda)
            tag = str(status_tag(participant))
        row = (f'<tr><th scope="row"><a href="/jet/participants/{participant.pk}/">TANAKA Alex</a>'
               f"{{match}}<br><small>タナカ</small></th><td>20260000001</td><td>{position}</td>"
               f'<td>{organisation}</td><td class="num">1</td><td>{tag}</td></tr>')
        listed = client.get("/jet/", {"status": "placed"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        found = client.get("/jet/", {"q": "tanaka"}, HTTP_ACCEPT_LANGUAGE=language)
        why = found.context["page"].object_list[0].search_match
        assert row.format(match="") in listed
        assert row.format(match=f' <span class="match">{why}</span>') in found.content.decode()
