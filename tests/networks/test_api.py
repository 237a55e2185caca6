"""The directories in the API: anyone reads what is public, the contact address only to those who may contact,
staff write, and bad input is refused clearly (422 naming the problem, in the caller's language)."""

import json

import pytest
from django.utils import translation

from kizuna.networks.models import Consultation, Manager
from tests.networks.conftest import association, manager, ngo

pytestmark = pytest.mark.django_db

API = "/api/v1/networks"


def _post(client, path, body, method="post"):
    return getattr(client, method)(f"{API}{path}", data=json.dumps(body), content_type="application/json")


def test_anyone_reads_the_listed_managers_without_their_address(world, client_for):
    manager(world)
    manager(world, name="上原 良", kana="うえはら りょう", romaji="Uehara Ryo", listed=False)
    found = client_for("anonymous").get(f"{API}/managers").json()
    assert [m["name"] for m in found["items"]] == ["北村 直子"]
    assert found["items"][0]["email"] is None and found["items"][0]["fields"] == ["disaster"]
    staff = client_for("hq_staff").get(f"{API}/managers").json()
    assert {m["name"] for m in staff["items"]} == {"北村 直子", "上原 良"}
    assert all(m["email"] for m in staff["items"])
    by_romaji = client_for("anonymous").get(f"{API}/managers", {"q": "kitamura"}).json()
    assert [m["name"] for m in by_romaji["items"]] == ["北村 直子"]
    hidden = Manager.objects.get(name="上原 良")
    assert client_for("anonymous").get(f"{API}/managers/{hidden.pk}").status_code == 404


def test_the_public_lists_kept_for_anonymous_callers_change_with_the_data(world, client_for):
    from kizuna.networks import services

    kitamura = manager(world)
    public, staff = client_for("anonymous"), client_for("hq_staff")
    first = public.get(f"{API}/managers")
    assert [m["name"] for m in first.json()["items"]] == ["北村 直子"]
    again = public.get(f"{API}/managers")  # the kept answer: the same body and type
    assert (again.content, again["Content-Type"]) == (first.content, first["Content-Type"])
    assert public.get(f"{API}/managers", {"prefecture": "99"}).status_code == 422  # refusals are not kept
    assert public.get(f"{API}/managers", {"prefecture": "99"}).status_code == 422
    services.set_consent(by=world.people["hq_staff"], manager=kitamura, listed=False)
    assert public.get(f"{API}/managers").json()["items"] == []
    assert [m["name"] for m in staff.get(f"{API}/managers").json()["items"]] == ["北村 直子"]
    token = public.get(f"{API}/managers", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert token.status_code == 401  # a caller with a token is never answered from what was kept


def test_an_unknown_prefecture_is_refused_by_name(world, client_for):
    with translation.override("en"):
        response = client_for("anonymous").get(f"{API}/managers", {"prefecture": "99"},
                                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "99" in response.json()["detail"]


def test_headquarters_enter_a_manager(world, client_for):
    client = client_for("hq_staff")
    response = _post(client, "/managers", {"name": "斎藤 美穂", "name_kana": "さいとう みほ", "certified_year": 2024,
                                           "prefecture": "13", "fields": ["health", "multilingual"]})
    assert response.status_code == 200, response.content
    assert response.json()["prefecture_code"] == "130001" and not response.json()["is_listed"]
    bad = _post(client, "/managers", {"name": "x", "certified_year": 2024, "prefecture": "13",
                                      "fields": ["cooking"]})
    assert bad.status_code == 422 and "cooking" in bad.json()["detail"]
    wrong_type = _post(client, "/managers", {"name": "x", "certified_year": "2024", "prefecture": "13"})
    assert wrong_type.status_code == 422
    assert _post(client_for("municipality_staff"), "/managers", {"name": "x", "certified_year": 2024,
                                                                   "prefecture": "13"}).status_code == 403
    assert Manager.objects.count() == 1


def test_consent_through_the_api(world, client_for):
    m = manager(world, listed=False)
    response = _post(client_for("hq_staff"), f"/managers/{m.pk}/consent", {"listed": True})
    assert response.status_code == 200 and response.json()["is_listed"]
    assert client_for("anonymous").get(f"{API}/managers/{m.pk}").status_code == 200
    _post(client_for("hq_staff"), f"/managers/{m.pk}/consent", {"listed": False})
    assert client_for("anonymous").get(f"{API}/managers/{m.pk}").status_code == 404


def test_associations_and_ngos(world, client_for):
    profile = association(world)
    listed = ngo(world)
    ngo(world, name="準備中の交流会", kana="じゅんびちゅうのこうりゅうかい", listed=False)
    anonymous = client_for("anonymous")
    assert [a["name"] for a in anonymous.get(f"{API}/associations").json()["items"]] == ["東京都国際交流委員会"]
    assert [n["id"] for n in anonymous.get(f"{API}/ngos").json()["items"]] == [listed.pk]
    assert anonymous.get(f"{API}/ngos", {"q": "さいがい"}).json()["count"] == 1
    changed = _post(client_for("association_staff"), f"/associations/{profile.pk}", {"phone": "03-9"}, "patch")
    assert changed.status_code == 200 and changed.json()["phone"] == "03-9"
    bad = _post(client_for("association_staff"), f"/associations/{profile.pk}", {"fields": ["x"]}, "patch")
    assert bad.status_code == 422
    assert _post(client_for("municipality_staff"), f"/ngos/{listed.pk}", {"phone": "1"}, "patch").status_code == 404


def test_consultations_are_headquarters_work(world, client_for):
    client = client_for("hq_staff")
    body = {"subject": "防災訓練", "question": "事例は？", "received_on": "2026-11-30", "asker_name": "市民"}
    created = _post(client, "/consultations", body)
    assert created.status_code == 200, created.content
    assert created.json()["status"] == "received"
    assert client.get(f"{API}/consultations", {"status": "received"}).json()["count"] == 1
    assert client_for("branch_staff").get(f"{API}/consultations").status_code == 403
    bad = _post(client, "/consultations", {**body, "channel": "pigeon"})
    assert bad.status_code == 422
    assert Consultation.objects.count() == 1
