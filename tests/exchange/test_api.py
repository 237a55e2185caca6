import pytest
from django.utils import translation

from kizuna.exchange.models import Proposal

from .conftest import not_counted, proposal

pytestmark = pytest.mark.django_db

API = "/api/v1/exchange"


def test_public_read_without_a_token(world, saint_paul, client):
    not_counted(world)
    rows = client.get(f"{API}/affiliations").json()
    items = rows["items"] if isinstance(rows, dict) else rows
    assert {a["partner"]["name"] for a in items} == {"Saint Paul", "부산광역시"}
    counted = client.get(f"{API}/affiliations", {"counted": "true"}).json()
    counted = counted["items"] if isinstance(counted, dict) else counted
    assert [a["id"] for a in counted] == [saint_paul.pk] and counted[0]["counted"] is True
    found = client.get(f"{API}/affiliations", {"q": "セントポール", "country": "us"}).json()
    one = client.get(f"{API}/affiliations/{saint_paul.pk}").json()
    assert one["local_government_code"] == "131016" and one["partner"]["country"] == "US"
    counts = client.get(f"{API}/counts").json()
    assert counts["counted"] == 1 and counts["not_counted"] == 1 and counts["by_country"]["US"] == 1
    assert client.get(f"{API}/map").json()["partners"]
    partners = client.get(f"{API}/partners", {"country": "KR"}).json()
    partners = partners["items"] if isinstance(partners, dict) else partners
    assert [p["country"] for p in partners] == ["KR"]
    assert found is not None
    assert client.get(f"{API}/affiliations/999999").status_code == 404


def test_proposals_for_local_government_staff_and_hq(world, client_for):
    city = client_for("municipality_staff")
    body = {"local_government_code": "131016", "partner_country": "GB", "partner_name": "Westminster",
            "signed_on": "2025-10-01", "exchange_fields": ["culture", "tourism"]}
    response = city.post(f"{API}/proposals", body, content_type="application/json")
    assert response.status_code == 200, response.content
    pk = response.json()["id"]
    with translation.override("en"):
        refused = client_for("other_municipality_staff").post(f"{API}/proposals", body,
                                                              content_type="application/json",
                                                              HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 422 and "local government" in refused.content.decode()
    bad = city.post(f"{API}/proposals", {**body, "exchange_fields": ["cooking"]}, content_type="application/json")
    assert bad.status_code == 422
    assert client_for("office_staff").post(f"{API}/proposals", body,
                                           content_type="application/json").status_code == 403
    assert client_for("anonymous").get(f"{API}/proposals").status_code == 401
    assert city.get(f"{API}/proposals/{pk}").json()["status"] == "submitted"
    assert client_for("other_municipality_staff").get(f"{API}/proposals/{pk}").status_code == 404
    assert city.post(f"{API}/proposals/{pk}/decision", {"action": "approve"},
                     content_type="application/json").status_code == 404
    hq = client_for("hq_staff")
    assert hq.post(f"{API}/proposals/{pk}/decision", {"action": "reject"},
                   content_type="application/json").status_code == 422  # no reason
    done = hq.post(f"{API}/proposals/{pk}/decision", {"action": "approve"}, content_type="application/json")
    assert done.json()["status"] == "approved" and Proposal.objects.get(pk=pk).affiliation is not None


def test_a_change_through_the_api(world, saint_paul, client_for):
    body = {"local_government_code": "131016", "affiliation_id": saint_paul.pk, "signed_on": "1990-04-01",
            "exchange_fields": ["education", "sports", "youth"]}
    response = client_for("prefecture_staff").post(f"{API}/proposals", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["kind"] == "change"
    other = client_for("other_municipality_staff").post(f"{API}/proposals", {**body, "local_government_code":
                                                                               "131032"},
                                                        content_type="application/json")
    assert other.status_code == 422
    assert proposal  # the helper is shared with the pages' tests
