import json

import pytest
from django.utils import translation

from kizuna.delegations.models import Member
from tests.delegations.conftest import DIETARY, chinese, korean

pytestmark = pytest.mark.django_db

BASE = "/api/v1/delegations"


def _post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def test_list_to_clair_staff_by_programme_state_and_country(world, client_for):
    cn, kr = chinese(world), korean(world)
    data = client_for("branch_staff").get(f"{BASE}/", {"country": "kr"}).json()
    assert [(d["id"], d["country"], d["handled_by"], d["member_count"]) for d in data["items"]] == [
        (kr.pk, "KR", "hq", 1)]
    assert {d["id"] for d in client_for("hq_staff").get(f"{BASE}/", {"status": "invited"}).json()["items"]} == {
        cn.pk, kr.pk}
    assert client_for("municipality_staff").get(f"{BASE}/").status_code == 403
    assert client_for("hq_staff").get(f"{BASE}/", {"status": "lost"}).status_code == 422


def test_members_show_needs_to_the_handlers_only(world, client_for):
    cn = chinese(world)
    handler = client_for("office_staff").get(f"{BASE}/{cn.pk}/members").json()
    assert handler[0]["name"] == "王伟" and handler[0]["dietary"] == DIETARY
    other = client_for("branch_staff").get(f"{BASE}/{cn.pk}/members").json()
    assert other[0]["name_latin"] == "WANG Wei" and other[0]["dietary"] is None and other[0]["accessibility"] is None
    assert client_for("municipality_staff").get(f"{BASE}/{cn.pk}/members").status_code in (403, 404)


def test_the_handlers_add_a_member(world, client_for):
    cn = chinese(world)
    response = _post(client_for("office_staff"), f"{BASE}/{cn.pk}/members", {
        "name": "刘洋", "name_latin": "LIU Yang", "role": "secretariat", "arrival_at": "2026-12-07T14:30:00+09:00",
        "interpretation": "ja", "dietary": "Halal"})
    assert response.status_code == 200, response.content
    member = Member.objects.get(name="刘洋")
    assert response.json()["id"] == member.pk and member.dietary == "Halal" and member.role == "secretariat"
    assert _post(client_for("branch_staff"), f"{BASE}/{cn.pk}/members",
                 {"name": "x", "name_latin": "X"}).status_code in (403, 404)


@pytest.mark.parametrize("body", [
    {"name": "李明", "name_latin": "李明"},  # not Latin letters
    {"name": "李明", "name_latin": "LI Ming", "role": "head"},  # a second head
    {"name": "李明", "name_latin": "LI Ming", "arrival_at": "2026-12-07T14:30:00+09:00",
     "departure_at": "2026-12-06T14:30:00+09:00"},
    {"name": "", "name_latin": "LI Ming"},
    {"name": "李明", "name_latin": "LI Ming", "role": "king"},
    {"name": "李明", "name_latin": "LI Ming", "arrival_at": "tomorrow"},
    {"name": "李明"},
])
def test_bad_input_is_refused_and_nothing_saved(world, client_for, body):
    cn = chinese(world)
    before = Member.objects.count()
    response = _post(client_for("office_staff"), f"{BASE}/{cn.pk}/members", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    assert Member.objects.count() == before


def test_refusals_speak_the_callers_language(world, client_for):
    cn = chinese(world)
    response = _post(client_for("office_staff"), f"{BASE}/{cn.pk}/members", {"name": "李明", "name_latin": "李明"},
                     HTTP_ACCEPT_LANGUAGE="ja")
    assert "ラテン文字" in response.json()["detail"]
    response = _post(client_for("office_staff"), f"{BASE}/{cn.pk}/members", {"name": "李明", "name_latin": "李明"},
                     HTTP_ACCEPT_LANGUAGE="en")
    with translation.override("en"):
        assert "Latin letters" in response.json()["detail"]


def test_a_closed_delegation_takes_no_members(world, client_for):
    cn = chinese(world, "cancelled")
    response = _post(client_for("office_staff"), f"{BASE}/{cn.pk}/members", {"name": "李明", "name_latin": "LI Ming"})
    assert response.status_code == 422
