"""Arrangements of the award's tests: the FY2026 round open now (blind, municipalities through their prefecture),
nominations taken through the services up to each state, and judges (the world's reviewer, and a second one)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kizuna.awards import services
from kizuna.awards.enums import DEFAULT_CHECKLIST
from kizuna.awards.models import Nomination, Round
from kizuna.core.enums import Role
from tests.factories import MembershipFactory, UserFactory

YEAR = 2026


def award_round(w, *, blind=True, through_prefecture=True, year=YEAR) -> Round:
    found = Round.objects.filter(call__fiscal_year=year).first()
    if found is not None:
        return found
    now = timezone.now()
    return services.start_round(by=w.people["hq_staff"], fiscal_year=year, opens_at=now - timedelta(days=10),
                                closes_at=now + timedelta(days=30), blind=blind,
                                through_prefecture=through_prefecture)


def second_judge(w):
    found = getattr(w, "judge2", None)
    if found is None:
        found = UserFactory(email="judge2@example.jp", full_name="Judge Two")
        MembershipFactory(person=found, organisation=w.hq, role=Role.REVIEWER)
        w.judge2 = found
    return found


def nomination(w, status="draft", *, by="municipality_staff", title="千代田区 多文化共生フェスタ",
               r=None) -> Nomination:
    """A nomination of Chiyoda (or of the `by` person's body) taken through the services up to `status`: draft,
    with_prefecture, returned, nominated (endorsed by Tokyo, or nominated directly), eligible, ineligible."""
    r = r or award_round(w)
    proposer = {"municipality_staff": w.chiyoda, "other_municipality_staff": w.minato,
                "prefecture_staff": w.tokyo, "association_staff": w.association}[by]
    person = w.people[by]
    found = Nomination.objects.filter(round=r, title=title).first()
    if found is not None:
        return found
    n = services.start_nomination(by=person, round=r, proposer=proposer, title=title,
                                  summary="姉妹都市との青少年交流を20年続けている。", started_year=2005,
                                  partners="姉妹都市の市役所、地元の高校", achievements="延べ2,000人が参加")
    if status == "draft":
        return n
    if not services.is_routed(n):
        n = services.nominate(by=person, nomination=n)
    else:
        n = services.send_to_prefecture(by=person, nomination=n)
        if status == "with_prefecture":
            return n
        if status == "returned":
            return services.return_nomination(by=w.people["prefecture_staff"], nomination=n,
                                              note="成果の数字を加えてください。")
        n = services.endorse_nomination(by=w.people["prefecture_staff"], nomination=n)
    if status == "nominated":
        return n
    eligible = status != "ineligible"
    return services.check_eligibility(by=w.people["hq_staff"], nomination=n,
                                      checks={item: True for item in DEFAULT_CHECKLIST}, eligible=eligible,
                                      reason="" if eligible else "3年未満の取組です。")


def score_all(w, judge, r, values: dict):
    """`values`: nomination → score given on every criterion; the judge declares no conflict first."""
    from kizuna.grants import services as grants

    for n, value in values.items():
        assignment = n.application.assignments.get(reviewer=judge)
        grants.declare_conflict(by=judge, assignment=assignment, has_conflict=False)
        grants.score_application(by=judge, application=n.application,
                                 scores={c.pk: value for c in r.call.scheme.criteria.all()})


@pytest.fixture
def round_(world):
    return award_round(world)
