"""The pages: the list, a person's record (what each reader sees), the steps, the forms refusing bad input beside
the field, a home government's page (its people, without the personal assessments; another local government sees
nothing), the curriculum matrix from events' attendance, the training chart, the home page, and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from .conftest import course, move_to_new_york, office_head, other_person, records, sample, secondment

pytestmark = pytest.mark.django_db


def test_headquarters_see_every_secondment_in_the_list(world, client_for):
    sample(world)
    secondment(world, person=other_person(world), home=world.minato)
    response = client_for("hq_staff").get(reverse("secondments:index"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2


def test_a_local_government_lists_only_its_own_people(world, client_for):
    sample(world)
    secondment(world, person=other_person(world), home=world.minato)
    rows = client_for("municipality_staff").get(reverse("secondments:index")).context["rows"]
    assert [s.home_government for s in rows] == [world.chiyoda]
    body = client_for("other_municipality_staff").get(reverse("secondments:index")).content.decode()
    assert "Office Staff" not in body


def test_the_record_shows_everything_to_headquarters_and_the_person(world, client_for):
    s = sample(world)
    for role in ("hq_staff", "office_staff"):
        body = client_for(role).get(s.get_absolute_url()).content.decode()
        assert "SECRET-ASSESSMENT" in body
        assert "TOEIC L&amp;R" in body
        assert 'data-testid="total-hours">120' in body


def test_the_home_government_sees_its_person_without_the_assessments(world, client_for):
    s = sample(world)
    move_to_new_york(world, s)
    url = reverse("secondments:home_government", args=[world.chiyoda.pk])
    response = client_for("municipality_admin").get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Office Staff" in body and "英語集中講座" in body and "Sustainable towns" in body
    assert "クレア ニューヨーク事務所" in body
    assert "SECRET-ASSESSMENT" not in body and "815" not in body
    # the record itself, opened by the home government: the same rule
    body = client_for("municipality_staff").get(s.get_absolute_url()).content.decode()
    assert "SECRET-ASSESSMENT" not in body and "TOEIC" not in body


def test_another_local_government_sees_nothing_of_these_people(world, client_for):
    s = sample(world)
    client = client_for("other_municipality_staff")
    assert client.get(s.get_absolute_url()).status_code == 404
    assert client.get(reverse("secondments:home_government", args=[world.chiyoda.pk])).status_code == 404
    for url in (reverse("secondments:curriculum"), reverse("secondments:training")):
        assert "Office Staff" not in client.get(url).content.decode()


def test_the_office_head_sees_their_office_people(world, client_for):
    s = sample(world)
    head = office_head(world)
    client = world.client_for("office_staff")
    client.force_login(head)
    assert client.get(s.get_absolute_url()).status_code == 404
    move_to_new_york(world, s)
    body = client.get(s.get_absolute_url()).content.decode()
    assert "SECRET-ASSESSMENT" in body


def test_steps_move_the_secondment_and_ending_early_needs_a_reason(world, client_for):
    s = secondment(world)
    client = client_for("hq_staff")
    url = reverse("secondments:secondment_step", args=[s.pk, "end_early"])
    client.post(url, {"day": timezone.localdate().isoformat(), "reason": ""})
    s.refresh_from_db()
    assert s.status == "serving"
    client.post(url, {"day": timezone.localdate().isoformat(), "reason": "家族の事情"})
    s.refresh_from_db()
    assert (s.status, s.end_reason) == ("ended_early", "家族の事情")


def test_a_record_form_refuses_bad_input_beside_the_field(world, client_for):
    s = secondment(world)
    url = reverse("secondments:record_new", args=[s.pk, "training"])
    with translation.override("en"):
        response = client_for("hq_staff").post(url, {"name": "English", "language": "en",
                                                     "starts_on": s.starts_on.isoformat(), "hours": "0"},
                                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "hours" in response.context["form"].errors
    assert not s.language_trainings.exists()
    response = client_for("hq_staff").post(url, {"name": "English", "language": "en",
                                                 "starts_on": s.starts_on.isoformat(), "hours": "40.5"})
    assert response.status_code == 302
    assert s.language_trainings.get().hours == 40.5


def test_a_new_secondment_from_the_form(world, client_for):
    person = other_person(world)
    response = client_for("hq_staff").post(reverse("secondments:secondment_new"), {
        "person": person.pk, "home_government": world.minato.pk, "starts_on": "2026-04-01",
        "ends_on": "2028-03-31", "organisation": world.hq.pk, "division": "jet", "title": "主事"})
    assert response.status_code == 302
    s = person.secondments.get()
    assert (s.status, s.organisation, s.postings.get().division) == ("planned", world.hq, "jet")


def test_the_curriculum_marks_done_from_attendance(world, client_for):
    s = sample(world)
    other = secondment(world, person=other_person(world), home=world.minato)
    course(world, attended=[s.person])
    response = client_for("hq_staff").get(reverse("secondments:curriculum"))
    marks = {row.pk: m for row, m, _n in response.context["curriculum"].rows}
    assert marks == {s.pk: [True], other.pk: [False]}
    body = client_for("office_staff").get(s.get_absolute_url()).content.decode()
    assert 'data-done="1"' in body


def test_the_training_chart_has_its_table(world, client_for):
    sample(world)
    body = client_for("hq_staff").get(reverse("secondments:training")).content.decode()
    assert 'data-testid="chart-hours"' in body and "Office Staff" in body


def test_home_page_tasks(world, client_for):
    s = sample(world)
    from kizuna.secondments import services

    services.update_secondment(by=world.people["hq_staff"], secondment=s,
                               ends_on=timezone.localdate() + timezone.timedelta(days=30))
    body = client_for("hq_staff").get(reverse("core:home")).content.decode()
    assert "3か月以内" in body or "three months" in body
    body = client_for("municipality_admin").get(reverse("core:home")).content.decode()
    assert reverse("secondments:home_government", args=[world.chiyoda.pk]) in body
    body = client_for("office_staff").get(reverse("core:home")).content.decode()
    assert s.get_absolute_url() in body
    body = client_for("other_municipality_staff").get(reverse("core:home")).content.decode()
    assert "secondments/" not in body


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx)


def test_lists_do_not_grow_in_queries_with_people(world, client_for):
    s = sample(world)
    course(world, attended=[s.person])
    client = client_for("hq_staff")
    urls = [reverse("secondments:index"), reverse("secondments:curriculum"), reverse("secondments:training"),
            reverse("secondments:home_government", args=[world.chiyoda.pk])]
    before = [_count(client, url) for url in urls]
    for n in range(3):
        from tests.factories import MembershipFactory, UserFactory

        person = UserFactory(email=f"more{n}@example.jp")
        MembershipFactory(person=person, organisation=world.hq, role="staff")
        more = secondment(world, person=person)
        records(world, more)
    after = [_count(client, url) for url in urls]
    assert after == before


def test_the_list_searches_by_name_reading_and_home_government(world, client_for):
    from kizuna.core.audit import save_logged

    s = sample(world)
    person = s.person
    person.full_name, person.full_name_kana = "青木 翔", "あおき しょう"
    save_logged(person, "core.user.test", by=world.people["hq_staff"], fields=["full_name", "full_name_kana"])
    secondment(world, person=other_person(world), home=world.minato)
    client = client_for("hq_staff")
    for query in ("青木", "アオキ", "千代田区", "office_staff@example.jp"):
        rows = client.get(reverse("secondments:index"), {"q": query}).context["rows"]
        assert [r.pk for r in rows] == [s.pk], query
    rows = client_for("other_municipality_staff").get(reverse("secondments:index"), {"q": "青木"}).context["rows"]
    assert rows == []
