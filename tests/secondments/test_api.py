"""The API: the list as each person may see it, one secondment, adding a language course (bad input refused in
the caller's language, nothing saved), and the curriculum."""

from datetime import timedelta

import pytest
from django.urls import reverse

from .conftest import course, other_person, sample, secondment

pytestmark = pytest.mark.django_db


def test_the_list_follows_who_may_see(world, client_for):
    sample(world)
    secondment(world, person=other_person(world), home=world.minato)
    url = reverse("api:secondments_list")
    assert client_for("hq_staff").get(url).json()["count"] == 2
    assert [r["home_government_code"] for r in client_for("municipality_staff").get(url).json()["items"]] == [
        "131016"]
    assert client_for("other_municipality_staff").get(url).json()["count"] == 1
    assert client_for("jet").get(url).status_code == 403


def test_one_secondment_has_no_test_results(world, client_for):
    s = sample(world)
    data = client_for("municipality_admin").get(reverse("api:secondments_get", args=[s.pk])).json()
    assert data["postings"][0]["division"] == "economic_exchange"
    assert data["language_trainings"][0]["hours"] in ("120.0", 120.0, "120")
    assert "tests" not in data and "SECRET" not in str(data)
    assert client_for("other_municipality_staff").get(reverse("api:secondments_get", args=[s.pk])).status_code == 404


def test_adding_a_course_refuses_bad_input(world, client_for):
    s = secondment(world)
    url = reverse("api:secondments_add_training", args=[s.pk])
    client = client_for("hq_staff")
    good = {"name": "英語", "language": "en", "provider": "", "starts_on": s.starts_on.isoformat(), "hours": "30"}
    long_before = (s.starts_on - timedelta(days=800)).isoformat()
    response = client.post(url, {**good, "starts_on": long_before}, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "secondment" in response.json()["detail"]
    response = client.post(url, {**good, "starts_on": "1990-01-01"}, content_type="application/json")
    assert response.status_code == 422  # outside the dates Kizuna takes at all
    response = client.post(url, {**good, "hours": "-1"}, content_type="application/json")
    assert response.status_code == 422
    response = client.post(url, {**good, "language": "xx"}, content_type="application/json")
    assert response.status_code == 422
    assert not s.language_trainings.exists()
    response = client.post(url, good, content_type="application/json")
    assert response.status_code == 200
    assert s.language_trainings.count() == 1
    assert client_for("municipality_admin").post(url, good, content_type="application/json").status_code == 404


def test_the_curriculum(world, client_for):
    s = sample(world)
    c = course(world, attended=[s.person])
    data = client_for("hq_staff").get(reverse("api:secondments_curriculum")).json()
    assert data["courses"][0]["id"] == c.pk
    assert data["rows"] == [{"secondment_id": s.pk, "person": "Office Staff", "done": [c.pk]}]
