"""The JET API: each caller sees the participants their role allows, filters are checked, refusals are clear."""

from datetime import date

from kizuna.jet import services

from .conftest import host_for, place


def _arrange(world):
    hq = world.people["hq_staff"]
    own = place(world, person=world.people["jet"])
    services.record_arrival(by=hq, participant=own, arrived_on=date(2026, 7, 27))
    place(world, jet_number="20260000002", host=host_for(world, world.minato), position="cir", family_name="Brown")
    place(world, jet_number="20260000003", host=host_for(world, world.osaka, coordinating_body=world.osaka))
    return own


def _numbers(response):
    return sorted(p["jet_number"] for p in response.json()["items"])


def test_each_role_lists_the_participants_it_may_see(world):
    own = _arrange(world)

    every = world.client_for("hq_staff").get("/api/v1/jet/participants")
    tokyo_pa = world.client_for("pa").get("/api/v1/jet/participants")
    osaka_pa = world.client_for("other_pa").get("/api/v1/jet/participants")
    one = world.client_for("pa").get(f"/api/v1/jet/participants/{own.pk}")

    assert _numbers(every) == ["20260000001", "20260000002", "20260000003"]
    assert _numbers(tokyo_pa) == ["20260000001", "20260000002"]
    assert _numbers(osaka_pa) == ["20260000003"]
    assert one.status_code == 200
    assert one.json()["appointments"][0] == {"year": 1, "starts_on": "2026-07-28", "ends_on": "2027-07-27"}
    assert world.client_for("other_pa").get(f"/api/v1/jet/participants/{own.pk}").status_code == 404
    chiyoda = world.client_for("municipality_staff").get("/api/v1/jet/participants")  # a contracting organisation
    assert _numbers(chiyoda) == ["20260000001"]
    assert world.client_for("association_staff").get("/api/v1/jet/participants").status_code == 403


def test_filters_and_search(world):
    _arrange(world)
    client = world.client_for("hq_staff")

    assert _numbers(client.get("/api/v1/jet/participants", {"position": "cir"})) == ["20260000002"]
    assert _numbers(client.get("/api/v1/jet/participants", {"status": "arrived"})) == ["20260000001"]
    assert _numbers(client.get("/api/v1/jet/participants", {"q": "Brown"})) == ["20260000002"]
    assert _numbers(client.get("/api/v1/jet/participants", {"q": "20260000003"})) == ["20260000003"]


def test_bad_filters_are_refused_in_the_callers_language(world):
    client = world.client_for("hq_staff")

    english = client.get("/api/v1/jet/participants", {"position": "boss", "year": 9},
                         HTTP_ACCEPT_LANGUAGE="en")
    japanese = client.get("/api/v1/jet/participants", {"position": "boss"}, HTTP_ACCEPT_LANGUAGE="ja")

    assert english.status_code == 422
    assert {tuple(e["loc"])[-1] for e in english.json()["detail"]} == {"position", "year"}
    assert japanese.status_code == 422
    assert any("\u3040" <= ch <= "\u30ff" for ch in str(japanese.json()["detail"]))
