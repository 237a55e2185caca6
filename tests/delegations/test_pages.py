from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kizuna.delegations import services
from kizuna.delegations.models import Delegation, Member, Programme
from tests.delegations.conftest import ACCESS, DIETARY, chinese, korean, programme, visit
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_headquarters_set_up_a_programme_for_an_event(world, client_for):
    event = EventFactory(organiser=world.hq, title="日仏自治体交流会議", kind="conference",
                         venue_timezone="Europe/Paris")
    client = client_for("hq_staff")
    assert client.get(reverse("delegations:programme_new")).status_code == 200
    response = client.post(reverse("delegations:programme_new"), {"event": event.pk, "kind": "japan_france"})
    prog = Programme.objects.get(event=event)
    assert response.status_code == 302 and response["Location"] == prog.get_absolute_url()
    again = client.post(reverse("delegations:programme_new"), {"event": event.pk, "kind": "japan_france"})
    assert again.status_code == 400  # the event is no longer a choice: refused next to the field
    assert client_for("office_staff").get(reverse("delegations:programme_new")).status_code == 403


def test_an_office_registers_a_delegation_and_adds_a_member_in_the_venue_time_zone(world, client_for):
    prog = programme(world)
    prog.event.venue_timezone = "Europe/Paris"
    prog.event.save(update_fields=["venue_timezone"])
    client = client_for("office_staff")
    url = reverse("delegations:delegation_new", args=[prog.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["handled_by"].queryset) == [world.nyc]
    response = client.post(url, {"name": "Délégation française", "name_en": "French delegation", "country": "FR",
                                 "handled_by": world.nyc.pk})
    d = Delegation.objects.get(country="FR")
    assert response.status_code == 302 and d.handled_by == world.nyc and d.created_by == world.people["office_staff"]
    page = client.get(reverse("delegations:member_new", args=[d.pk]))
    assert "Europe/Paris" in page.content.decode()
    client.post(reverse("delegations:member_new", args=[d.pk]), {
        "role": "head", "name": "Jean Dupont", "name_latin": "Jean DUPONT", "arrival_at": "2026-12-07T09:30",
        "arrival_flight": "AF276"})
    member = Member.objects.get(delegation=d)
    assert member.arrival_at.isoformat() == "2026-12-07T08:30:00+00:00"  # 09:30 in Paris


def test_bad_member_input_is_refused_next_to_the_field_in_the_users_language(world, client_for):
    d = chinese(world)
    client = client_for("office_staff")
    url = reverse("delegations:member_new", args=[d.pk])
    data = {"role": "member", "name": "李明", "name_latin": "李明", "name_kana": "り めい"}
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400 and "field-error" in body and "ラテン文字" in body
    assert 'value="李明"' in body and 'value="り めい"' in body  # nothing typed is lost
    english = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        assert "Use Latin letters only" in english
    assert Member.objects.filter(delegation=d).count() == 2


def test_the_delegation_page_shows_needs_to_the_handlers_only(world, client_for):
    d = chinese(world)
    url = d.get_absolute_url()
    for role in ("office_staff", "hq_staff"):
        body = client_for(role).get(url).content.decode()
        assert DIETARY in body and ACCESS in body, role
    body = client_for("branch_staff").get(url).content.decode()
    assert "王伟" in body and DIETARY not in body and ACCESS not in body
    assert 'data-testid="documents"' not in body
    assert client_for("municipality_staff").get(url).status_code == 404


def test_the_host_sees_the_visit_to_it_without_the_needs(world, client_for):
    v = visit(world)
    client = client_for("municipality_staff")
    body = client.get(v.get_absolute_url()).content.decode()
    assert "千代田区役所" in body and "中国地方政府代表团" in body
    assert DIETARY not in body and ACCESS not in body and "801" not in body
    listing = client.get(reverse("delegations:visits")).content.decode()
    assert v.get_absolute_url() in listing
    assert client_for("other_municipality_staff").get(v.get_absolute_url()).status_code == 404
    assert v.get_absolute_url() not in client_for("other_municipality_staff").get(
        reverse("delegations:visits")).content.decode()


def test_steps_from_the_page(world, client_for):
    d = chinese(world)
    client = client_for("office_staff")
    page = client.get(d.get_absolute_url()).content.decode()
    assert 'data-testid="step-confirm"' in page and 'data-testid="cancel"' in page
    client.post(reverse("delegations:delegation_step", args=[d.pk, "confirm"]))
    client.post(reverse("delegations:delegation_step", args=[d.pk, "arrive"]))
    d.refresh_from_db()
    assert d.status == "arrived"
    assert client.post(reverse("delegations:delegation_step", args=[d.pk, "explode"])).status_code == 404


def test_cancelling_asks_for_a_reason(world, client_for):
    d = chinese(world)
    client = client_for("office_staff")
    client.post(reverse("delegations:delegation_cancel", args=[d.pk]), {"reason": ""})
    d.refresh_from_db()
    assert d.status == "invited"
    client.post(reverse("delegations:delegation_cancel", args=[d.pk]), {"reason": "渡航中止"})
    d.refresh_from_db()
    assert d.status == "cancelled"
    assert 'data-testid="add-member"' not in client.get(d.get_absolute_url()).content.decode()


def test_documents_are_pdfs_for_the_handlers(world, client_for):
    d = chinese(world)
    for name in ("delegation_badges", "delegation_list", "delegation_itinerary"):
        response = client_for("office_staff").get(reverse(f"delegations:{name}", args=[d.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", name
        assert response.content.startswith(b"%PDF")
    assert client_for("branch_staff").get(reverse("delegations:delegation_badges", args=[d.pk])).status_code == 404


def test_plan_a_visit_with_some_members(world, client_for):
    d = chinese(world)
    head = d.members.get(role="head")
    client = client_for("office_staff")
    response = client.post(reverse("delegations:visit_new", args=[d.pk]), {
        "host": world.minato.pk, "starts_at": "2026-12-08T10:00", "place": "港区役所", "purpose": "表敬訪問",
        "members": [head.pk]})
    assert response.status_code == 302
    v = d.visits.get(host=world.minato)
    assert list(v.members.all()) == [head]


def test_home_shows_the_handling_office_the_delegations_arriving_this_week(world, client_for):
    chinese(world)  # arrives in two days
    body = client_for("office_staff").get(reverse("core:home")).content.decode()
    assert "中国地方政府代表团" in body
    host = client_for("municipality_staff").get(reverse("core:home")).content.decode()
    assert "中国地方政府代表团" in host  # the visit to Chiyoda is coming
    assert DIETARY not in host


def test_lists_keep_their_query_count(world, client_for):
    chinese(world)
    client = client_for("hq_staff")
    urls = [reverse("delegations:index"), programme(world).get_absolute_url(), reverse("delegations:visits"),
            chinese(world).get_absolute_url()]
    for url in urls:
        client.get(url)
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    kr = korean(world)
    staff = world.people["hq_staff"]
    d = chinese(world)
    for n in range(3):
        services.add_member(by=staff, delegation=kr, name=f"멤버{n}", name_latin=f"MEMBER {'ABC'[n]}")
        services.add_visit(by=staff, delegation=kr, host=world.minato, starts_at=timezone.now() + timedelta(days=n),
                           ends_at=None, place="港区", purpose="視察")
        services.add_visit(by=staff, delegation=d, host=world.chiyoda, starts_at=timezone.now() + timedelta(days=n),
                           ends_at=None, place="千代田区", purpose="視察", members=list(d.members.all()))
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == before, url


def test_english_pages(world, client_for):
    d = chinese(world)
    body = client_for("hq_staff").get(d.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        assert "Head of delegation" in body and "Itinerary of visits" in body
