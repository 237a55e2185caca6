"""Blind judging: a judge never sees the nominee (nor who nominated) while the round is blind — in the grants
pages, the board's export and the API — and sees them once it is not; and the award's API for staff."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kizuna.awards import services
from kizuna.grants import exports
from kizuna.grants import services as grants
from tests.factories import arrange_update

from .conftest import nomination

API = "/api/v1/awards"


@pytest.fixture
def judged(world, round_):
    """Chiyoda's nomination endorsed by Tokyo, eligible; the judge declared no conflict."""
    n = nomination(world, "eligible", title="青少年の相互派遣")
    judge = world.people["reviewer"]
    [assignment] = services.assign_judge(by=world.people["hq_staff"], round=round_, judge=judge)
    grants.declare_conflict(by=judge, assignment=assignment, has_conflict=False)
    return n


def _set_blind(round_, blind):
    arrange_update(type(round_.call).objects.filter(pk=round_.call_id), blind_review=blind)


@pytest.mark.parametrize("blind", [True, False])
def test_the_judge_sees_the_nominee_only_when_not_blind(world, round_, judged, blind):
    _set_blind(round_, blind)
    client = world.client_for("reviewer")
    names = ("千代田区", "東京都")
    page = client.get(judged.application.get_absolute_url()).content.decode()
    score_page = client.get(reverse("grants:score", args=[judged.application_id])).content.decode()
    reviews = client.get(reverse("grants:reviews")).content.decode()
    api = client.get(f"{API}/judging").json()
    grants_api = client.get(f"/api/v1/grants/applications/{judged.application_id}").json()
    round_.call.refresh_from_db()
    sheet = load_workbook(BytesIO(exports.call_workbook(world.people["reviewer"], round_.call))).active
    exported = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    seen = {"page": any(n in page for n in names), "score page": any(n in score_page for n in names),
            "reviews": any(n in reviews for n in names), "api": api[0]["nominee"] is not None,
            "grants api": grants_api["applicant"] is not None, "export": any(n in exported for n in names)}
    # the score page and the reviews list never name who applies; the others do once the round is not blind
    shown = {"page", "api", "grants api", "export"}
    assert seen == {key: not blind and key in shown for key in seen}
    assert judged.title in page and api[0]["title"] == judged.title


def test_staff_read_the_panel_in_the_api_and_record_eligibility(world, round_, judged):
    other = nomination(world, "nominated", by="association_staff", title="協会の多言語相談")
    client = world.client_for("hq_staff")
    rows = client.get(f"{API}/rounds/{round_.pk}/panel").json()
    assert [(r["title"], r["eligibility"]) for r in rows] == [("青少年の相互派遣", "eligible"),
                                                              ("協会の多言語相談", "unchecked")]
    refused = client.post(f"{API}/nominations/{other.pk}/eligibility", {"eligible": True, "checks": {}},
                          content_type="application/json")
    assert refused.status_code == 422
    done = client.post(f"{API}/nominations/{other.pk}/eligibility",
                       {"eligible": False, "reason": "対象外の団体"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["ineligible_reason"] == "対象外の団体"
    assert world.client_for("reviewer").get(f"{API}/rounds/{round_.pk}/panel").status_code in (403, 404)
    assert world.client_for("municipality_staff").post(
        f"{API}/nominations/{other.pk}/eligibility", {"eligible": False, "reason": "x"},
        content_type="application/json").status_code in (403, 404)


def test_the_public_api_lists_published_winners_only(world, round_, judged, client):
    assert client.get(f"{API}/winners").json() == []
    grants.score_application(by=world.people["reviewer"], application=judged.application,
                             scores={c.pk: 4 for c in round_.call.scheme.criteria.all()})
    services.decide_winners(by=world.people["hq_staff"], round=round_,
                            winners={judged.pk: {"citation": "相互派遣の継続", "citation_en": "Lasting exchange"}})
    services.publish_round(by=world.people["hq_staff"], round=round_)
    assert client.get(f"{API}/winners").json() == [{
        "fiscal_year": 2026, "nominee": "千代田区", "nominee_en": world.chiyoda.name_en, "title": "青少年の相互派遣",
        "citation": "相互派遣の継続", "citation_en": "Lasting exchange"}]
