"""The long lists of grants, paged: the board's ranking (a claims call has thousands of claims) and a person's own
applications (a contracting organisation's list holds every claim of its participants). Each page shows what the
whole list would in that place, and costs the same number of queries whatever its rows (bench/claims.py)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kizuna.grants import queries, services
from tests.jet.conftest import place

from .conftest import make_submitted
from .factories import ApplicationFactory, AssignmentFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _scored(world, application, value):
    AssignmentFactory(application=application, reviewer=world.people["reviewer"], status="active")
    services.score_application(by=world.people["reviewer"], application=application,
                               scores={c.pk: value for c in application.call.scheme.criteria.all()})


def _board_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<th scope="row" id="app-(\d+)">', html)]


def test_board_pages_follow_the_ranking_scored_first(world, call, monkeypatch):
    monkeypatch.setattr(queries, "BOARD_PAGE", 2)
    a, b, c, d = make_submitted(world, call, 4)
    _scored(world, c, 2)
    _scored(world, d, 4)
    client = world.client_for("hq_staff")
    url = reverse("grants:board", args=[call.pk])
    first, second = client.get(url), client.get(f"{url}?page=2")
    whole = [r.application.pk for r in queries.ranking(world.people["hq_staff"], call)]
    assert (_board_ids(first.content.decode()), _board_ids(second.content.decode()), whole) == (
        [d.pk, c.pk], [a.pk, b.pk], [d.pk, c.pk, a.pk, b.pk])
    assert re.findall(r"<tr><td>(\d+)</td>", second.content.decode()) == ["3", "4"]  # ranks go on


def test_board_query_count_is_the_same_on_every_page(world, call, monkeypatch):
    monkeypatch.setattr(queries, "BOARD_PAGE", 1)
    make_submitted(world, call, 3)
    client = world.client_for("hq_staff")
    url = reverse("grants:board", args=[call.pk])
    assert _queries(client, url) == _queries(client, f"{url}?page=3")


def test_decision_returns_to_the_boards_page_it_was_made_on(world, call):
    (a,) = make_submitted(world, call, 1)
    response = world.client_for("hq_staff").post(reverse("grants:decide", args=[call.pk]),
                                                 {f"amount_{a.pk}": "500000", "page": "2"})
    assert response["Location"] == reverse("grants:board", args=[call.pk]) + "?page=2"


def test_my_applications_pages_newest_first_with_the_same_query_count(world, call, monkeypatch):
    monkeypatch.setattr(queries, "OWN_PAGE", 2)
    oldest, middle, newest = make_submitted(world, call, 3)
    client = world.client_for("municipality_staff")
    url = reverse("grants:applications")
    first, second = client.get(url), client.get(f"{url}?page=2")
    assert ([a.pk for a in first.context["applications"]], [a.pk for a in second.context["applications"]]) == (
        [newest.pk, middle.pk], [oldest.pk])
    assert _queries(client, url) == _queries(client, f"{url}?page=2")


def _claims(world, call, participant, n):
    return [ApplicationFactory(call=call, applicant=world.chiyoda, beneficiary=participant, title=f"請求 {i}",
                               created_by=world.people["jet"]) for i in range(n)]


def test_claims_list_query_count_is_flat_for_the_organisation_and_the_participant(world, call):
    participant = place(world, person=world.people["jet"])
    _claims(world, call, participant, 1)
    clients = {role: world.client_for(role) for role in ("municipality_staff", "jet")}
    api, page = "/api/v1/grants/applications", reverse("grants:applications")
    one = {(role, url): _queries(client, url) for role, client in clients.items() for url in (api, page)}
    _claims(world, call, participant, 2)
    three = {(role, url): _queries(client, url) for role, client in clients.items() for url in (api, page)}
    listed = {role: [a["claimed_for"] for a in client.get(api).json()] for role, client in clients.items()}
    assert (three, listed) == (one, {"municipality_staff": ["SMITH Alex"] * 3, "jet": ["SMITH Alex"] * 3})


def test_participant_page_claims_query_count_is_flat(world, call):
    participant = place(world, person=world.people["jet"])
    _claims(world, call, participant, 1)
    client, url = world.client_for("jet"), reverse("jet:participant", args=[participant.pk])
    one = _queries(client, url)
    _claims(world, call, participant, 2)
    sections = client.get(url).context["sections"]
    claims = next(s["context"]["claims"] for s in sections if s["template"] == "grants/_participant_claims.html")
    assert (_queries(client, url), len(claims)) == (one, 3)
