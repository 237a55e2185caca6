from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.grants import services
from kizuna.grants.enums import Status

from .conftest import make_submitted
from .factories import AssignmentFactory, CallFactory

API = "/api/v1/grants"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_calls_is_public(world, call):
    response = world.client_for("anonymous").get(f"{API}/calls")
    assert [(c["id"], c["is_open"]) for c in response.json()] == [(call.pk, True)]


def test_list_calls_query_count_is_flat(world, scheme):
    client = world.client_for("anonymous")
    CallFactory(scheme=scheme)
    one = _queries(client, f"{API}/calls")
    CallFactory.create_batch(2, scheme=scheme)
    assert _queries(client, f"{API}/calls") == one


def test_list_applications_query_count_is_flat(world, call):
    client = world.client_for("municipality_staff")
    make_submitted(world, call, 1)
    one = _queries(client, f"{API}/applications")
    make_submitted(world, call, 2)
    assert (_queries(client, f"{API}/applications"), len(client.get(f"{API}/applications").json())) == (one, 3)


def test_list_reviews_query_count_is_flat_and_hides_undeclared_applicants(world, call):
    client = world.client_for("reviewer")
    apps = make_submitted(world, call, 3)
    AssignmentFactory(application=apps[0], reviewer=world.people["reviewer"])
    one = _queries(client, f"{API}/reviews")
    for a in apps[1:]:
        AssignmentFactory(application=a, reviewer=world.people["reviewer"])
    assert _queries(client, f"{API}/reviews") == one
    assert {r["applicant"] for r in client.get(f"{API}/reviews").json()} == {None}


def test_get_application_forbidden_to_another_organisation_is_404(world, draft):
    response = world.client_for("association_staff").get(f"{API}/applications/{draft.pk}")
    assert response.status_code == 404


def test_submit_through_the_api_refused_with_the_rule(world, draft):
    draft.requested_amount = 100_000
    draft.save()
    response = world.client_for("municipality_staff").post(f"{API}/applications/{draft.pk}/submit")
    assert response.status_code == 422 and "¥500,000" in response.json()["detail"]


def test_submit_through_the_api(world, draft):
    response = world.client_for("municipality_staff").post(f"{API}/applications/{draft.pk}/submit")
    assert (response.status_code, response.json()["status"]) == (200, Status.SUBMITTED)


def test_decide_through_the_api_holds_the_envelope(world, call):
    call.envelope = 1_000_000
    call.save()
    a, b = make_submitted(world, call, 2)
    client = world.client_for("hq_staff")
    over = client.post(f"{API}/calls/{call.pk}/decisions", content_type="application/json", data={
        "awards": [{"application_id": a.pk, "amount": 1_000_000}, {"application_id": b.pk, "amount": 1}]})
    ok = client.post(f"{API}/calls/{call.pk}/decisions", content_type="application/json", data={
        "awards": [{"application_id": a.pk, "amount": 1_000_000}], "rejections": [b.pk]})
    assert (over.status_code, ok.status_code, ok.json()["left"]) == (422, 200, 0)


def test_decide_through_the_api_forbidden_to_branch_staff(world, call):
    response = world.client_for("branch_staff").post(f"{API}/calls/{call.pk}/decisions",
                                                     content_type="application/json", data={})
    assert response.status_code == 404


def test_board_through_the_api_ranks_and_counts(world, call):
    (a,) = make_submitted(world, call, 1)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 600_000})
    body = world.client_for("branch_staff").get(f"{API}/calls/{call.pk}/decisions").json()
    assert (body["awarded"], body["left"], [r["application_id"] for r in body["ranking"]]) == (
        600_000, call.envelope - 600_000, [a.pk])


def test_board_api_query_count_is_flat(world, call):
    client = world.client_for("hq_staff")
    make_submitted(world, call, 1)
    one = _queries(client, f"{API}/calls/{call.pk}/decisions")
    make_submitted(world, call, 2)
    assert _queries(client, f"{API}/calls/{call.pk}/decisions") == one
