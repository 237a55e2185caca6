"""The alumni network: one record a person, carried over from the programme; the privacy each alumnus chooses,
held by pages, the directory's filters and the data download alike; consent withdrawn and deletion; chapters,
their membership, health and states; the plan's KPI."""

import json
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from kizuna.alumni import queries, services
from kizuna.alumni.models import Alumnus, ChapterMember, Placement
from kizuna.alumni.rules import sees_field
from kizuna.jet import leaving
from kizuna.jet import services as jet
from kizuna.plan.kpis import get_query
from tests.jet.access import _leaving

from .conftest import alumnus, chapter_for

# Who is who: "alumnus" is Daniel (a member of New York), "chapter_officer" is New York's officer, "hq_staff" is
# CLAIR; a second listed alumnus outside New York is made where a test needs one.


def _depart(world, consents: bool | None):
    participant = _leaving(world)
    if consents is not None:
        leaving.answer_alumni_consent(by=world.people["jet"], participant=participant, consents=consents)
    return jet.record_departure(by=world.people["hq_staff"], participant=participant, departed_on=date(2027, 8, 1))


def test_a_participant_who_consented_becomes_an_alumnus_with_their_placement_on_departure(world):
    participant = _depart(world, consents=True)
    record = Alumnus.objects.get(person=world.people["jet"])
    assert (record.full_name, record.country, record.jet_number, record.source, record.status) == (
        "Alex Smith", "US", participant.jet_number, "departure", "listed")
    assert record.consented_at is not None and "withdraw" in record.consent_wording
    placement = record.placements.get()
    assert (placement.organisation, placement.prefecture, placement.position, placement.started_on,
            placement.ended_on) == (world.chiyoda, world.tokyo, "alt", date(2026, 7, 27), date(2027, 8, 1))


def test_no_consent_no_record_and_joining_later_carries_the_placement_over(world):
    _depart(world, consents=False)
    assert not Alumnus.objects.exists()
    client = world.client_for("jet")
    page = client.get("/alumni/join/").content.decode()
    assert "千代田区" in page and 'data-testid="consent-wording"' in page
    assert client.post("/alumni/join/").status_code == 302
    record = Alumnus.objects.get(person=world.people["jet"])
    assert record.source == "joined" and record.placements.get().organisation == world.chiyoda
    assert client.get("/alumni/join/").status_code == 403  # one person, one record


def test_only_a_departed_participant_joins(world):
    _leaving(world)
    with pytest.raises(ValidationError) as refused:
        services.join_network(by=world.people["jet"])
    assert refused.value.code == "not_departed"
    assert not Alumnus.objects.exists()


def test_transfers_split_the_placements(world):
    from kizuna.jet.models import JetHost
    from tests.jet.conftest import host_for

    participant = _leaving(world)
    minato = host_for(world, world.minato)
    jet.transfer(by=world.people["hq_staff"], participant=participant, to_host=minato, on=date(2027, 1, 10),
                 reason="学校の統合")
    participant.refresh_from_db()
    rows = services.placements_of(participant)
    assert [(r["organisation"], r["started_on"], r["ended_on"]) for r in rows] == [
        (world.chiyoda, date(2026, 7, 27), date(2027, 1, 10)), (world.minato, date(2027, 1, 10), date(2027, 7, 31))]
    assert JetHost.objects.count() == 2


# Privacy -------------------------------------------------------------------------------------------------

@pytest.fixture
def network(world):
    """New York (Daniel, and Pat whose fields are each for one circle) and London (Lee, listed, no account
    in New York): Pat shows the email to CLAIR, the city to the chapter, the employer to all alumni."""
    from kizuna.core.enums import OrgKind
    from tests.factories import OrganisationFactory, UserFactory

    new_york = chapter_for(world)
    london = chapter_for(world, OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA UK"), country="GB",
                         region="europe", supported_by=None)
    daniel = alumnus(world, "Daniel Brooks", person=world.people["alumnus"], chapter=new_york)
    pat = alumnus(world, "Pat Quinn", chapter=new_york, email="pat@example.org", city="Hoboken",
                  employer="Sony Music", email_visibility="clair", city_visibility="chapter",
                  employer_visibility="alumni", placements_visibility="chapter")
    lee_person = UserFactory(email="lee@example.org", full_name="Lee Park")
    lee = alumnus(world, "Lee Park", person=lee_person, country="GB", chapter=london)
    return {"new_york": new_york, "london": london, "daniel": daniel, "pat": pat, "lee": lee, "lee_person": lee_person}


def _client(world, network, who):
    from django.test import Client

    if who == "lee":
        client = Client()
        client.force_login(network["lee_person"])
        return client
    return world.client_for(who)


@pytest.mark.parametrize("who, sees", [
    ("hq_staff", {"pat@example.org", "Hoboken", "Sony Music", "千代田区"}),
    ("alumnus", {"Hoboken", "Sony Music", "千代田区"}),  # Daniel: same chapter
    ("chapter_officer", {"Hoboken", "Sony Music", "千代田区"}),  # New York's officer
    ("lee", {"Sony Music"}),  # an alumnus of another chapter
])
def test_each_field_is_seen_by_the_circle_its_owner_chose_on_every_page(world, network, who, sees):
    everything = {"pat@example.org", "Hoboken", "Sony Music", "千代田区"}
    client = _client(world, network, who)
    pages = [client.get(f"/alumni/people/{network['pat'].pk}/").content.decode(),
             client.get("/alumni/directory/?name=pat").content.decode()]
    if who in ("hq_staff", "chapter_officer"):
        pages.append(client.get(f"/alumni/chapters/{network['new_york'].pk}/members/").content.decode())
    if who in ("hq_staff", "chapter_officer"):
        pages.append(client.get(f"/alumni/chapters/{network['new_york'].pk}/members.csv").content.decode())
    for page in pages:
        assert "Pat Quinn" in page
        shown = {value for value in everything if value in page}
        assert shown <= sees
    assert "Sony Music" in pages[0]
    assert {value for value in everything if value in pages[0]} == sees


def test_a_directory_row_says_what_the_reader_may_see_and_hides_the_rest(world, network):
    """The rows are written in Python (alumni_tables): Lee (another chapter) sees Pat's employer, shown to all
    alumni, and "not shown" for the placements Pat keeps to the chapter; Daniel (Pat's chapter) sees them."""
    from django.utils import translation

    pat = network["pat"]
    with translation.override("ja"):
        chapter = str(network["new_york"])
    start = (f'<tr><th scope="row"><a href="/alumni/people/{pat.pk}/">Pat Quinn</a></th><td>米国</td>'
             f"<td>{chapter}</td><td>Sony Music</td>")
    lee = _client(world, network, "lee").get("/alumni/directory/?name=pat", HTTP_ACCEPT_LANGUAGE="ja")
    assert start + '<td><span class="hint">非公開</span></td></tr>' in lee.content.decode()
    daniel = world.client_for("alumnus").get("/alumni/directory/?name=pat", HTTP_ACCEPT_LANGUAGE="ja")
    placements = "".join(f"{p.organisation_name} {p.started_on.year}–{p.ended_on.year if p.ended_on else ''}"
                         for p in pat.placements.all())
    assert placements and start + f"<td>{placements}</td></tr>" in daniel.content.decode()


def test_a_hidden_field_matches_no_search_and_is_not_counted(world, network):
    lee_view = _client(world, network, "lee")
    # Pat's placements are for the chapter: Lee (London) cannot find Pat by placement prefecture or year
    page = lee_view.get(f"/alumni/directory/?prefecture={world.tokyo.pk}").content.decode()
    assert "Pat Quinn" not in page
    assert "Lee Park" in page  # Lee's own placement is in Tokyo too
    assert "Pat Quinn" in world.client_for("alumnus").get(
        f"/alumni/directory/?prefecture={world.tokyo.pk}&year=2016").content.decode()
    # the employer is for all alumni: found by it
    assert "Pat Quinn" in lee_view.get("/alumni/directory/?employer=sony").content.decode()
    filters = queries.DirectoryFilters(employer="sony")
    from kizuna.core.audit import unlogged

    with unlogged("Pat narrows their employer"):
        Alumnus.objects.filter(pk=network["pat"].pk).update(employer_visibility="chapter")
    assert not queries.directory(network["lee_person"], filters).exists()
    assert queries.directory(world.people["alumnus"], filters).get() == network["pat"]
    assert queries.directory(world.people["hq_staff"], filters).get() == network["pat"]


def test_the_owner_sets_each_field_and_it_disappears_for_others_at_once(world, network):
    daniel = world.client_for("alumnus")
    response = daniel.post("/alumni/me/", {"full_name_kana": "ダニエル", "email": "dan@example.org",
                                           "email_visibility": "alumni", "city": "Brooklyn",
                                           "city_visibility": "alumni", "employer": "JETRO New York",
                                           "employer_visibility": "alumni", "placements_visibility": "alumni",
                                           "photo_visibility": "clair"})
    assert response.status_code == 302
    lee_view = _client(world, network, "lee")
    profile = f"/alumni/people/{network['daniel'].pk}/"
    assert "JETRO New York" in lee_view.get(profile).content.decode()
    daniel.post("/alumni/me/", {"full_name_kana": "ダニエル", "email": "dan@example.org", "email_visibility": "alumni",
                                "city": "Brooklyn", "city_visibility": "alumni", "employer": "JETRO New York",
                                "employer_visibility": "clair", "placements_visibility": "alumni",
                                "photo_visibility": "clair"})
    page = lee_view.get(profile).content.decode()
    assert "JETRO New York" not in page and "Brooklyn" in page
    assert "JETRO New York" in world.client_for("hq_staff").get(profile).content.decode()
    # the change log says the employer's visibility changed; the masked values are not written into it
    entry = LogEntry.objects.filter(additional_data__action="alumni.alumnus.update").first()
    assert "dan@example.org" not in str(entry.changes) and "Brooklyn" not in str(entry.changes)


def test_a_bad_visibility_is_refused_beside_its_field_and_nothing_changes(world, network):
    response = world.client_for("alumnus").post("/alumni/me/", {"email_visibility": "everyone",
                                                                "city_visibility": "alumni",
                                                                "employer_visibility": "alumni",
                                                                "placements_visibility": "alumni",
                                                                "email": "not-an-email"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_email_visibility_error"' in page or "field--error" in page
    network["daniel"].refresh_from_db()
    assert network["daniel"].email_visibility == "clair" and network["daniel"].email == ""


def test_withdrawing_consent_hides_the_profile_at_once_and_the_owner_can_come_back(world, network):
    pat_page = f"/alumni/people/{network['lee'].pk}/"
    daniel = world.client_for("alumnus")
    assert daniel.get(pat_page).status_code == 200
    lee = _client(world, network, "lee")
    assert lee.post("/alumni/me/withdraw/").status_code == 302
    for who in ("alumnus", "chapter_officer", "hq_staff"):
        client = world.client_for(who)
        if who != "hq_staff":
            assert client.get(pat_page).status_code == 404
        assert "Lee Park" not in client.get("/alumni/directory/?name=lee").content.decode()
    assert "Lee Park" in lee.get("/alumni/me/").content.decode()
    lee.post("/alumni/me/rejoin/")
    assert daniel.get(pat_page).status_code == 200
    assert Alumnus.objects.get(pk=network["lee"].pk).withdrawn_at is None


def test_the_owner_downloads_their_data_and_asks_for_deletion_which_headquarters_carries_out(world, network):
    daniel = world.client_for("alumnus")
    response = daniel.get("/alumni/me/data/")
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["record"]["full_name"] == "Daniel Brooks" and data["placements"][0]["contracting_organisation"] == \
        "千代田区" and data["chapters"][0]["chapter"] == str(network["new_york"])
    assert daniel.post("/alumni/me/delete/").status_code == 302
    record = Alumnus.objects.get(pk=network["daniel"].pk)
    assert record.status == "withdrawn" and record.deletion_requested_at is not None
    assert world.client_for("chapter_officer").get(f"/alumni/people/{record.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.delete_alumnus(by=world.people["chapter_officer"], alumnus=record)
    with pytest.raises(ValidationError):
        services.delete_alumnus(by=world.people["hq_staff"], alumnus=network["pat"])  # Pat did not ask
    hq = world.client_for("hq_staff")
    assert "Daniel Brooks" in hq.get("/alumni/deletion-requests/").content.decode()
    assert hq.post(f"/alumni/deletion-requests/{record.pk}/delete/").status_code == 302
    assert not Alumnus.objects.filter(pk=record.pk).exists()
    assert not Placement.objects.filter(alumnus=record.pk).exists()
    assert not ChapterMember.objects.filter(alumnus=record.pk).exists()


def test_people_outside_the_network_do_not_see_the_directory(world, network):
    for who in ("municipality_staff", "jet", "pa"):
        client = world.client_for(who)
        assert client.get("/alumni/directory/?name=pat").status_code == 403
        assert client.get(f"/alumni/people/{network['pat'].pk}/").status_code == 404
    assert world.client_for("anonymous").get("/alumni/directory/").status_code == 302


def test_the_directory_finds_names_by_reading_and_width_and_filters_by_chapter_and_country(world, network):
    daniel = world.people["alumnus"]
    services.update_profile(by=daniel, alumnus=network["daniel"], full_name_kana="ダニエル・ブルックス")
    for query in ("daniel", "ＤＡＮＩＥＬ", "だにえる", "brooks dan"):
        assert list(queries.directory(daniel, queries.DirectoryFilters(name=query))) == [network["daniel"]], query
    by_chapter = queries.directory(daniel, queries.DirectoryFilters(chapter=network["london"].pk))
    assert list(by_chapter) == [network["lee"]]
    assert set(queries.directory(daniel, queries.DirectoryFilters(country="US"))) == {network["daniel"],
                                                                                        network["pat"]}
    response = world.client_for("alumnus").get("/alumni/directory/?year=abc&country=XX")
    assert response.status_code == 400


def test_the_directory_page_reads_a_fixed_number_of_queries(world, network, django_assert_max_num_queries):
    for n in range(30):
        alumnus(world, f"Extra Person {n}", chapter=network["new_york"])
    client = world.client_for("alumnus")
    client.get("/alumni/directory/?country=US")
    with django_assert_max_num_queries(12):
        page = client.get("/alumni/directory/?country=US").content.decode()
    assert page.count("Extra Person") == 30


def test_the_directory_reads_as_many_queries_for_three_alumni_as_for_one(world, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("alumnus")
    search = f"/alumni/directory/?country=FR&chapter={network['new_york'].pk}&year=2016"
    counts = []
    for n in (1, 3):
        while len(queries.directory(world.people["alumnus"], queries.DirectoryFilters(country="FR"))) < n:
            alumnus(world, f"Camille Martin {n}", country="FR", chapter=network["new_york"],
                    placements_visibility="chapter")
        client.get(search)  # the form's options are kept from the first search on
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(search).content.decode()
        assert page.count("Camille Martin") == n
        counts.append(len(ctx))
    assert counts[0] == counts[1]


# Chapters ------------------------------------------------------------------------------------------------

def test_an_alumnus_joins_and_leaves_a_chapter_and_its_officer_sees_them(world, network):
    lee = _client(world, network, "lee")
    assert lee.post(f"/alumni/chapters/{network['new_york'].pk}/join/").status_code == 302
    members = world.client_for("chapter_officer").get(f"/alumni/chapters/{network['new_york'].pk}/members/")
    assert "Lee Park" in members.content.decode()
    with pytest.raises(ValidationError):
        services.join_chapter(by=network["lee_person"], chapter=network["new_york"])
    membership = ChapterMember.objects.get(chapter=network["new_york"], alumnus=network["lee"], left_on__isnull=True)
    assert lee.post(f"/alumni/memberships/{membership.pk}/leave/").status_code == 302
    assert "Lee Park" not in world.client_for("chapter_officer").get(
        f"/alumni/chapters/{network['new_york'].pk}/members/").content.decode()
    # an officer of New York is not London's
    assert world.client_for("chapter_officer").get(
        f"/alumni/chapters/{network['london'].pk}/members/").status_code == 404


def test_chapter_health_counts_members_active_members_events_and_officers(world, network):
    from django.utils import timezone

    from kizuna.events.services import register
    from kizuna.events.services.events import create_event, update_event

    start = timezone.now().replace(microsecond=0) + timezone.timedelta(hours=2)
    event = create_event(by=world.people["chapter_officer"], organiser=world.jetaa, title="新年会",
                         title_en="New Year party", kind="seminar", format="on_site", audience="anyone",
                         is_published=True, starts_at=start, ends_at=start + timezone.timedelta(hours=2))
    register(by=world.people["alumnus"], event=event)
    (chapter, health), = queries.chapters_with_health(type(network["new_york"]).objects.filter(
        pk=network["new_york"].pk))
    assert (health.members, health.events, health.officers, health.has_bylaws) == (2, 1, 1, True)
    assert health.active == 1  # Daniel came to the chapter's event; Pat joined before this year and came to none
    assert not health.meets_rule and "fewer than 20 members" in health.problems
    page = world.client_for("anonymous").get("/alumni/chapters/").content.decode()
    assert "JETAA New York" in page and "JETAA UK" in page
    from kizuna.core.fiscal import fiscal_year_of

    year = fiscal_year_of(timezone.localdate(event.starts_at))
    chapter_events = get_query("alumni.chapters.events")
    assert chapter_events(year=year, quarter=None, organisation_id=None) == 1
    assert chapter_events(year=year, quarter=None, organisation_id=world.nyc.pk) == 1  # New York supports it
    # the offices' meetings with alumni count through their series
    meeting = create_event(by=world.people["office_staff"], organiser=world.nyc, title="JET経験者との意見交換会",
                           title_en="Meeting with JET alumni", kind="seminar", format="on_site", audience="anyone",
                           kpi_series="alumni_meeting", is_published=True, starts_at=start,
                           ends_at=start + timezone.timedelta(hours=2))
    meetings = get_query("events.sessions.alumni_meeting")
    assert meetings(year=year, quarter=None, organisation_id=None) == 0  # planned, not held yet
    started = timezone.now() - timezone.timedelta(minutes=5)
    update_event(by=world.people["office_staff"], event=meeting, starts_at=started,
                 ends_at=started + timezone.timedelta(hours=2))
    assert meetings(year=year, quarter=None, organisation_id=None) == 1
    assert meeting.organiser == world.nyc


def test_the_chapters_page_reads_as_many_queries_for_three_chapters_as_for_one(world, network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kizuna.core.cache import clear_render_caches
    from kizuna.core.enums import OrgKind
    from tests.factories import OrganisationFactory

    def queries_of_the_page():
        client.get("/alumni/chapters/")  # the process's own caches (content types) are filled
        clear_render_caches()  # the counts are counted again: the cold page
        with CaptureQueriesContext(connection) as cold:
            assert client.get("/alumni/chapters/").status_code == 200
        with CaptureQueriesContext(connection) as warm:
            client.get("/alumni/chapters/")
        return len(cold), len(warm)

    client = world.client_for("anonymous")
    with_two = queries_of_the_page()
    chapter_for(world, OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA Ireland"), country="IE",
                region="europe", supported_by=None)
    assert queries_of_the_page() == with_two
    cold, warm = with_two
    assert warm == 2 < cold  # kept: the table; read: the versions of what it shows


def test_the_chapters_health_shows_a_new_member_at_once(world, network):
    before = dict(queries.chapters_with_health())  # counted and kept
    services.join_chapter(by=network["lee_person"], chapter=network["new_york"])
    after = dict(queries.chapters_with_health())
    assert after[network["new_york"]].members == before[network["new_york"]].members + 1
    assert after[network["new_york"]].active == before[network["new_york"]].active + 1  # joined this year


def test_a_chapter_is_founded_only_with_twenty_members_and_bylaws_by_headquarters_or_its_office(world):
    from kizuna.core.enums import OrgKind
    from tests.factories import OrganisationFactory

    barbados = chapter_for(world, OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA Barbados"),
                           country="BB", region="latin_america", status="founding", bylaws_adopted_on=None)
    for n in range(19):
        alumnus(world, f"Bajan {n}", country="BB", chapter=barbados, placement=False)
    with pytest.raises(ValidationError) as refused:
        services.found_chapter(by=world.people["office_staff"], chapter=barbados)
    assert "at least 20 members; it has 19" in str(refused.value) and "bylaws" in str(refused.value)
    alumnus(world, "Bajan 19", country="BB", chapter=barbados, placement=False)
    services.update_chapter(by=world.people["hq_staff"], chapter=barbados, bylaws_adopted_on=date(2026, 10, 1))
    with pytest.raises(PermissionDenied):
        services.found_chapter(by=world.people["branch_staff"], chapter=barbados)
    barbados = services.found_chapter(by=world.people["office_staff"], chapter=barbados, on=date(2026, 11, 1))
    assert (barbados.status, barbados.founded_on) == ("active", date(2026, 11, 1))


def test_the_kpi_counts_listed_alumni(world, network):
    from kizuna.core.fiscal import current_fiscal_year

    query = get_query("alumni.members.active")
    year = current_fiscal_year()
    assert query(year=year, quarter=None, organisation_id=None) == 3
    services.withdraw_consent(by=world.people["alumnus"], alumnus=network["daniel"])
    assert query(year=year, quarter=None, organisation_id=None) == 2
    assert query(year=year, quarter=None, organisation_id=world.tokyo_branch.pk) is None


def test_sees_field_answers_as_the_directory_filters(world, network):
    """The object rule (`sees_field`) and the list rule (`field_q`) agree for every person and field."""
    from kizuna.alumni.enums import PRIVATE_FIELDS
    from kizuna.alumni.queries import _where
    from kizuna.alumni.rules import field_q

    people = [world.people[r] for r in ("hq_staff", "alumnus", "chapter_officer", "jet")] + [network["lee_person"]]
    for person in people:
        for field in PRIVATE_FIELDS:
            listed = set(Alumnus.objects.filter(_where(field_q(person, field))).values_list("pk", flat=True))
            for record in Alumnus.objects.all():
                assert (record.pk in listed) == sees_field(person, record, field), (person, field, record)


def test_an_officer_writes_to_the_members_one_mail_each(world, network, smtp_server,
                                                       django_capture_on_commit_callbacks):
    services.update_profile(by=world.people["alumnus"], alumnus=network["daniel"], email="dan@example.org")
    officer = world.client_for("chapter_officer")
    url = f"/alumni/chapters/{network['new_york'].pk}/mail/"
    import re

    button = re.search(r'data-testid="send">([^<]*)<', officer.get(url).content.decode()).group(1)
    assert re.search(r"(?<!\d)2(?!\d)", button)  # Daniel and Pat have addresses
    refused = officer.post(url, {"subject": "", "body": "Hello"})
    assert refused.status_code == 400 and not smtp_server.messages
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(url, {"subject": "Picnic", "body": "Central Park, Saturday at noon."})
    assert response.status_code == 302
    to = sorted(tuple(m["to"]) for m in smtp_server.messages)
    assert to == [("dan@example.org",), ("pat@example.org",)]
    mail = smtp_server.messages[0]["message"]
    assert "Picnic" in mail["subject"] and "Central Park" in mail.get_content()
    # London's members are not New York's officer's to write to, nor is it Daniel's
    assert officer.get(f"/alumni/chapters/{network['london'].pk}/mail/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.mail_members(by=world.people["alumnus"], chapter=network["new_york"], subject="x", body="y")


# API -----------------------------------------------------------------------------------------------------

def test_the_api_lists_chapters_with_health_for_everyone(world, network):
    data = world.client_for("anonymous").get("/api/v1/alumni/chapters?country=us").json()
    assert [c["name"] for c in data["items"]] == ["JETAA New York"]
    assert data["items"][0]["health"]["members"] == 2 and data["items"][0]["health"]["meets_rule"] is False
    assert world.client_for("anonymous").get("/api/v1/alumni/chapters?status=nonsense").status_code == 422


def test_the_api_directory_and_members_apply_every_privacy_choice(world, network):
    from django.test import Client

    lee = Client()
    lee.force_login(network["lee_person"])
    pat = next(p for p in lee.get("/api/v1/alumni/directory?name=pat").json()["items"])
    assert (pat["full_name"], pat["email"], pat["city"], pat["employer"], pat["placements"]) == (
        "Pat Quinn", None, None, "Sony Music", None)
    assert lee.get(f"/api/v1/alumni/directory?prefecture={world.tokyo.pk}").json()["count"] == 1  # Lee only
    officer = world.client_for("chapter_officer")
    members = officer.get(f"/api/v1/alumni/chapters/{network['new_york'].pk}/members").json()["items"]
    pat = next(m for m in members if m["full_name"] == "Pat Quinn")
    assert pat["city"] == "Hoboken" and pat["email"] is None and pat["placements"][0]["prefecture"] == "東京都"
    assert officer.get(f"/api/v1/alumni/chapters/{network['london'].pk}/members").status_code == 404
    assert world.client_for("jet").get("/api/v1/alumni/directory").status_code == 403
    assert world.client_for("alumnus").get("/api/v1/alumni/directory?year=1900").status_code == 422


# JETAA International -------------------------------------------------------------------------------------

def test_the_international_view_shows_chapters_on_a_map_with_the_table_behind_it(world, network):
    services.update_chapter(by=world.people["chapter_officer"], chapter=network["new_york"], latitude=40.71,
                            longitude=-74.01)
    page = world.client_for("anonymous").get("/alumni/international/").content.decode()
    assert 'href="/static/vendor/world-land.svg"' in page
    assert f'data-chapter="{network["new_york"].pk}"' in page and 'cx="105.99" cy="49.29"' in page
    assert "JETAA UK" in page  # in the table, without a point (no coordinates)
    assert "Daniel Brooks" not in page  # no representative yet, and none shown to the public anyway


def test_headquarters_appoints_a_country_representative_who_hands_over(world, network):
    hq = world.client_for("hq_staff")
    assert hq.post(f"/alumni/people/{network['daniel'].pk}/represent/", {"country": "US"}).status_code == 302
    services.appoint_representative(by=world.people["hq_staff"], alumnus=network["pat"], country="US")
    from kizuna.alumni.models import CountryRepresentative

    assert list(CountryRepresentative.objects.filter(until__isnull=True).values_list("alumnus__full_name",
                                                                                     flat=True)) == ["Pat Quinn"]
    assert "Pat Quinn" in world.client_for("alumnus").get("/alumni/international/").content.decode()
    assert "Pat Quinn" not in world.client_for("anonymous").get("/alumni/international/").content.decode()
    with pytest.raises(PermissionDenied):
        services.appoint_representative(by=world.people["office_staff"], alumnus=network["daniel"], country="US")


def test_the_chapter_page_leads_its_officer_to_an_event_form_with_the_chapter_chosen(world, network):
    officer = world.client_for("chapter_officer")
    page = officer.get(f"/alumni/chapters/{network['new_york'].pk}/").content.decode()
    link = f"/events/new/?organiser={network['new_york'].pk}"
    assert link in page
    form = officer.get(link).context["form"]
    assert form.initial["organiser"] == world.jetaa.pk
    assert list(form.fields["organiser"].queryset) == [world.jetaa]
    assert link not in world.client_for("alumnus").get(f"/alumni/chapters/{network['new_york'].pk}/").content.decode()


def test_a_search_that_finds_nobody_says_so(world, network):
    page = world.client_for("alumnus").get("/alumni/directory/?name=zzzz").content.decode()
    assert 'data-testid="directory-count"' in page and "該当する経験者はいません。" in page


def test_a_photo_is_checked_by_its_content_and_shown_only_to_the_chosen_circle(
        world, network, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import png

    daniel = world.client_for("alumnus")
    fake = SimpleUploadedFile("me.png", b"<script>alert(1)</script>", content_type="image/png")
    daniel.post("/alumni/me/photo/", {"photo": fake})
    network["daniel"].refresh_from_db()
    assert not network["daniel"].photo
    daniel.post("/alumni/me/photo/", {"photo": SimpleUploadedFile("me.png", png(), content_type="image/png")})
    network["daniel"].refresh_from_db()
    assert network["daniel"].photo and network["daniel"].photo_visibility == "clair"
    url = f"/alumni/people/{network['daniel'].pk}/photo/"
    assert world.client_for("hq_staff").get(url).status_code == 200
    lee = _client(world, network, "lee")
    assert lee.get(url).status_code == 404
    assert url not in lee.get(f"/alumni/people/{network['daniel'].pk}/").content.decode()
    services.update_profile(by=world.people["alumnus"], alumnus=network["daniel"], photo_visibility="alumni")
    response = lee.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert url in lee.get(f"/alumni/people/{network['daniel'].pk}/").content.decode()
    stored = network["daniel"].photo.name
    with django_capture_on_commit_callbacks(execute=True):
        daniel.post("/alumni/me/photo/", {"remove": "1"})
    assert lee.get(url).status_code == 404
    from django.core.files.storage import default_storage

    assert not default_storage.exists(stored)


def test_an_officer_uploads_the_bylaws_which_count_for_the_jetaa_rule(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kizuna.alumni.queries import chapters_with_health
    from kizuna.core.enums import OrgKind
    from tests.factories import MembershipFactory, OrganisationFactory

    dublin = chapter_for(world, OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA Ireland"), country="IE",
                         region="europe", supported_by=None, bylaws_adopted_on=None)
    MembershipFactory(person=world.people["other_chapter_officer"], organisation=dublin.organisation,
                      role="chapter_officer")
    officer = world.client_for("other_chapter_officer")
    form = {"region": "europe", "bylaws_adopted_on": "", "bylaws_url": "", "latitude": "", "longitude": ""}
    fake = SimpleUploadedFile("bylaws.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = officer.post(f"/alumni/chapters/{dublin.pk}/edit/", {**form, "bylaws": fake})
    assert response.status_code == 400
    dublin.refresh_from_db()
    assert not dublin.bylaws
    pdf = SimpleUploadedFile("bylaws.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert officer.post(f"/alumni/chapters/{dublin.pk}/edit/", {**form, "bylaws": pdf}).status_code == 302
    dublin.refresh_from_db()
    [(_c, health)] = chapters_with_health(type(dublin).objects.filter(pk=dublin.pk))
    assert health.has_bylaws
    response = world.client_for("anonymous").get(f"/alumni/chapters/{dublin.pk}/bylaws/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # New York's officer is not Ireland's
    assert world.client_for("chapter_officer").get(f"/alumni/chapters/{dublin.pk}/edit/").status_code == 404
