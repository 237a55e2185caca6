from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.requests import services

from .conftest import file_research, file_visit, to_office


def test_api_own_requests_lists_them_with_deadlines(world, visit):
    response = world.client_for("municipality_staff").get("/api/v1/requests/mine")
    (row,) = response.json()
    assert (row["id"], row["status"], [t["label"] for t in row["targets"]]) == (
        visit.pk, "open", ["first_response", "resolution"])
    assert row["targets"][0]["due_jst"].endswith("+09:00")


def test_api_office_queue_for_office_staff(world, visit):
    response = world.client_for("office_staff").get(f"/api/v1/requests/offices/{world.nyc.pk}/queue")
    assert ([r["id"] for r in response.json()["items"]], response.json()["count"]) == ([visit.pk], 1)


def test_api_office_queue_for_municipality_is_404(world, visit):
    response = world.client_for("municipality_staff").get(f"/api/v1/requests/offices/{world.nyc.pk}/queue")
    assert response.status_code == 404


def test_api_get_hides_internal_notes_from_requester(world, visit):
    services.post_message(by=world.people["office_staff"], request=visit, body="内部", internal=True)
    services.post_message(by=world.people["office_staff"], request=visit, body="返信")
    body = world.client_for("municipality_staff").get(f"/api/v1/requests/{visit.pk}").json()
    assert [m["body"] for m in body["messages"]] == ["返信"]


def test_api_queue_query_count_is_flat(world):
    client = world.client_for("office_staff")
    url = f"/api/v1/requests/offices/{world.nyc.pk}/queue"
    file_visit(world, "1")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    file_visit(world, "2")
    to_office(world, file_research(world, "3"))
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(url).json()["items"]) == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_api_research_is_public(world, answered):
    services.publish_research(by=world.people["office_staff"], request=answered, publish=True, title="公開",
                              summary="要約")
    response = world.client_for("anonymous").get("/api/v1/requests/research?q=要約")
    assert [r["title"] for r in response.json()] == ["公開"]


def test_api_own_requests_query_count_is_flat(world):
    client = world.client_for("municipality_staff")
    file_visit(world, "1")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/requests/mine")
    file_visit(world, "2")
    to_office(world, file_research(world, "3"))
    with CaptureQueriesContext(connection) as three:
        assert len(client.get("/api/v1/requests/mine").json()) == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_api_queue_is_paged(world):
    for title in ("1", "2", "3"):
        file_visit(world, title)
    client = world.client_for("office_staff")
    url = f"/api/v1/requests/offices/{world.nyc.pk}/queue"
    body = client.get(url, {"page_size": 2, "page": 2}).json()
    assert (body["count"], [r["title"] for r in body["items"]]) == (3, ["3"])
    assert [t["label"] for t in body["items"][0]["targets"]] == ["first_response", "resolution"]
