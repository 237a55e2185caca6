"""The award's services: the route through the prefecture, the eligibility check, judges through the grants
engine (conflicts block), the decision of at most three winners with citations, publication."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kizuna.awards import services
from kizuna.awards.enums import DEFAULT_CHECKLIST, Eligibility, NominationStatus
from kizuna.grants import services as grants
from kizuna.grants.enums import AssignmentStatus, Status

from .conftest import nomination, score_all, second_judge


def test_the_round_is_a_grants_call_on_the_award_scheme(world, round_):
    call = round_.call
    assert (call.scheme.kind, call.scheme.pays_money, call.most_winners, call.envelope, call.blind_review) == (
        "award", False, 3, 0, True)
    assert [c.name.split(" ")[0] for c in call.scheme.criteria.all()] == [
        "先駆性", "独創性", "継続性", "活動性", "連携・協働", "波及効果"]


def test_a_municipality_s_nomination_goes_through_its_prefecture(world, round_):
    n = nomination(world)
    with pytest.raises(ValidationError) as refused:
        services.nominate(by=world.people["municipality_staff"], nomination=n)
    assert refused.value.code == "route"
    n = services.send_to_prefecture(by=world.people["municipality_staff"], nomination=n)
    assert (n.status, n.prefecture) == (NominationStatus.WITH_PREFECTURE, world.tokyo)
    with pytest.raises(PermissionDenied):
        services.endorse_nomination(by=world.people["municipality_staff"], nomination=n)
    with pytest.raises(PermissionDenied):
        services.endorse_nomination(by=world.people["other_municipality_staff"], nomination=n)
    n = services.endorse_nomination(by=world.people["prefecture_staff"], nomination=n)
    application = n.application
    assert (n.status, application.status, application.applicant, application.title) == (
        NominationStatus.NOMINATED, Status.SUBMITTED, world.tokyo, n.title)
    assert n.nominee == world.chiyoda


def test_the_prefecture_returns_with_a_reason_and_the_municipality_sends_again(world, round_):
    n = nomination(world, "with_prefecture")
    with pytest.raises(ValidationError):
        services.return_nomination(by=world.people["prefecture_staff"], nomination=n, note="  ")
    n = services.return_nomination(by=world.people["prefecture_staff"], nomination=n, note="数字を加えて")
    assert (n.status, n.return_note) == (NominationStatus.RETURNED, "数字を加えて")
    n = services.update_nomination(by=world.people["municipality_staff"], nomination=n,
                                   achievements="延べ2,500人が参加")
    n = services.send_to_prefecture(by=world.people["municipality_staff"], nomination=n)
    assert n.status == NominationStatus.WITH_PREFECTURE


def test_prefectures_and_associations_nominate_directly(world, round_):
    own = nomination(world, "nominated", by="prefecture_staff", title="東京都 国際交流員の派遣")
    assoc = nomination(world, "nominated", by="association_staff", title="協会の多言語相談")
    assert (own.application.applicant, assoc.application.applicant) == (world.tokyo, world.association)


def test_where_the_round_allows_it_a_municipality_nominates_directly(world, round_):
    round_.through_prefecture = False
    round_.save()
    n = nomination(world, "nominated")
    assert (n.prefecture, n.application.applicant) == (None, world.chiyoda)


def test_nominees_a_body_may_name(world, round_):
    start = dict(summary="x", started_year=2010)
    with pytest.raises(ValidationError):
        services.start_nomination(by=world.people["municipality_staff"], round=round_, proposer=world.chiyoda,
                                  nominee=world.minato, title="港区の取組", **start)
    n = services.start_nomination(by=world.people["prefecture_staff"], round=round_, proposer=world.tokyo,
                                  nominee=world.minato, title="港区の取組", **start)
    assert n.nominee == world.minato
    with pytest.raises(PermissionDenied):
        services.start_nomination(by=world.people["municipality_staff"], round=round_, proposer=world.minato,
                                  title="他の区の名で", **start)


def test_eligibility_needs_the_checklist_and_an_ineligible_one_keeps_its_reason(world, round_):
    n = nomination(world, "nominated")
    with pytest.raises(ValidationError) as refused:
        services.check_eligibility(by=world.people["hq_staff"], nomination=n, checks={}, eligible=True)
    assert refused.value.code == "checklist"
    with pytest.raises(ValidationError):
        services.check_eligibility(by=world.people["hq_staff"], nomination=n, checks={}, eligible=False)
    with pytest.raises(PermissionDenied):
        services.check_eligibility(by=world.people["branch_staff"], nomination=n, checks={}, eligible=False,
                                   reason="x")
    n = services.check_eligibility(by=world.people["hq_staff"], nomination=n, checks={}, eligible=False,
                                   reason="3年未満")
    assert (n.eligibility, n.ineligible_reason, n.status) == (Eligibility.INELIGIBLE, "3年未満",
                                                              NominationStatus.NOMINATED)
    with pytest.raises(ValidationError):
        services.assign_judge(by=world.people["hq_staff"], round=round_, judge=world.people["reviewer"],
                              nominations=[n])


def test_a_declared_conflict_blocks_scoring(world, round_):
    n = nomination(world, "eligible")
    judge = world.people["reviewer"]
    [assignment] = services.assign_judge(by=world.people["hq_staff"], round=round_, judge=judge)
    grants.declare_conflict(by=judge, assignment=assignment, has_conflict=True, note="出身自治体です")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CONFLICT
    with pytest.raises(PermissionDenied):
        grants.score_application(by=judge, application=n.application,
                                 scores={c.pk: 5 for c in round_.call.scheme.criteria.all()})


def _four_scored(world, round_):
    titles = ["A 青少年交流", "B 多言語防災", "C 姉妹都市30周年", "D 国際協力"]
    bodies = ["municipality_staff", "prefecture_staff", "association_staff", "other_municipality_staff"]
    found = [nomination(world, "eligible", by=b, title=t) for t, b in zip(titles, bodies, strict=True)]
    for judge in (world.people["reviewer"], second_judge(world)):
        services.assign_judge(by=world.people["hq_staff"], round=round_, judge=judge)
        score_all(world, judge, round_, dict(zip(found, [5, 4, 3, 2], strict=True)))
    return found


def test_the_panel_decides_at_most_three_winners_and_the_fourth_is_refused(world, round_):
    found = _four_scored(world, round_)
    cite = {n.pk: {"citation": f"{n.title}の功績", "citation_en": f"For {n.title}"} for n in found}
    with pytest.raises(ValidationError) as refused:
        services.decide_winners(by=world.people["hq_staff"], round=round_, winners=cite)
    assert refused.value.code == "most_winners"
    # the grants decision holds the rule too, whoever calls it
    with pytest.raises(ValidationError) as refused:
        grants.decide_applications(by=world.people["hq_staff"], call=round_.call,
                                   awards={n.application_id: 0 for n in found})
    assert refused.value.code == "most_winners"
    three = {pk: cite[pk] for pk in [n.pk for n in found[:3]]}
    decided = services.decide_winners(by=world.people["hq_staff"], round=round_, winners=three)
    assert sorted(a.status for a in decided) == ["awarded", "awarded", "awarded", "rejected"]
    found[0].refresh_from_db()
    assert (found[0].application.conditions, found[0].citation_en) == (f"{found[0].title}の功績",
                                                                       f"For {found[0].title}")
    assert found[0].application.decided_amount == 0
    # nothing is left to decide: a fourth winner cannot be added later
    with pytest.raises(ValidationError):
        services.decide_winners(by=world.people["hq_staff"], round=round_, winners={found[3].pk: cite[found[3].pk]})


def test_a_winner_needs_a_citation_and_to_be_eligible(world, round_):
    found = _four_scored(world, round_)
    with pytest.raises(ValidationError) as refused:
        services.decide_winners(by=world.people["hq_staff"], round=round_, winners={found[0].pk: {"citation": ""}})
    assert refused.value.code == "citation"
    other = nomination(world, "ineligible", by="prefecture_staff", title="E 対象外")
    with pytest.raises(ValidationError) as refused:
        services.decide_winners(by=world.people["hq_staff"], round=round_,
                                winners={other.pk: {"citation": "x"}})
    assert refused.value.code == "ineligible"


def test_an_award_decision_pays_no_money(world, round_):
    n = nomination(world, "eligible")
    with pytest.raises(ValidationError) as refused:
        grants.decide_applications(by=world.people["hq_staff"], call=round_.call, awards={n.application_id: 1})
    assert refused.value.code == "amount"


def test_the_grants_board_cannot_choose_an_award_s_winners_without_their_citations(world, round_, client_for):
    n = nomination(world, "eligible")
    with pytest.raises(ValidationError) as refused:
        grants.decide_applications(by=world.people["hq_staff"], call=round_.call, awards={n.application_id: 0},
                                   conditions="common text")
    assert refused.value.code == "citation"
    board = client_for("hq_staff").get(f"/grants/calls/{round_.call.pk}/board/").content.decode()
    assert 'name="conditions"' not in board  # the decision form is the award panel's


def test_publishing_needs_winners(world, round_):
    with pytest.raises(ValidationError):
        services.publish_round(by=world.people["hq_staff"], round=round_)
    found = _four_scored(world, round_)
    services.decide_winners(by=world.people["hq_staff"], round=round_,
                            winners={found[0].pk: {"citation": "功績"}})
    r = services.publish_round(by=world.people["hq_staff"], round=round_)
    assert r.is_published and r.published_by == world.people["hq_staff"]
    with pytest.raises(ValidationError):
        services.publish_round(by=world.people["hq_staff"], round=round_)


def test_an_award_scheme_refuses_money_figures(world):
    from kizuna.awards.services import set_up_scheme

    scheme = set_up_scheme(by=world.people["hq_staff"])
    with pytest.raises(ValidationError):
        grants.save_scheme(by=world.people["hq_staff"], scheme=scheme, floor=500_000)


def test_only_headquarters_start_a_round(world):
    from tests.awards.conftest import award_round

    with pytest.raises(PermissionDenied):
        services.start_round(by=world.people["branch_staff"], fiscal_year=2030, opens_at=None, closes_at=None)
    assert award_round(world).call.fiscal_year == 2026
    _ = DEFAULT_CHECKLIST
