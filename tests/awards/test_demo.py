"""The award's demo: a full FY2026 round (a nomination returned by the prefecture and endorsed, one found not
eligible, a declared conflict, three winners published) and FY2025's winners; run twice, made once."""

from kizuna.awards.demo import seed_awards_demo
from kizuna.awards.models import Nomination, Round
from kizuna.core.demo import DEMO_DOMAIN
from kizuna.core.enums import MunicipalityType, OrgKind, Role
from kizuna.grants.enums import AssignmentStatus
from kizuna.grants.models import Assignment
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def _demo_world(world):
    miyagi = OrganisationFactory(kind=OrgKind.PREFECTURE, municipality_type=MunicipalityType.PREFECTURE,
                                 code="040002", name="宮城県")
    miyagi.prefecture = miyagi
    miyagi.save()
    sendai = OrganisationFactory(kind=OrgKind.MUNICIPALITY, code="041009", name="仙台市", prefecture=miyagi)
    OrganisationFactory(kind=OrgKind.MUNICIPALITY, code="042021", name="石巻市", prefecture=miyagi)
    mia = OrganisationFactory(kind=OrgKind.ASSOCIATION, slug="mia", name="宮城県国際化協会", prefecture=miyagi)
    ticc = OrganisationFactory(kind=OrgKind.ASSOCIATION, slug="ticc", name="東京都国際交流委員会",
                               prefecture=world.tokyo)
    for local, org, role in (("hq-staff", world.hq, Role.STAFF), ("hq-admin", world.hq, Role.ADMIN),
                             ("reviewer", world.hq, Role.REVIEWER), ("adviser", world.experts, Role.EXPERT),
                             ("sendai-staff", sendai, Role.STAFF), ("miyagi-staff", miyagi, Role.STAFF),
                             ("association-miyagi", mia, Role.STAFF), ("association-tokyo", ticc, Role.ADMIN)):
        MembershipFactory(person=UserFactory(email=f"{local}@{DEMO_DOMAIN}"), organisation=org, role=role)


def test_the_demo_runs_a_full_round_and_last_year_s(world, django_capture_on_commit_callbacks):
    _demo_world(world)
    first = seed_awards_demo()
    second = seed_awards_demo()
    assert first == {"fy2025 winners": 2, "fy2026 nominations": 5, "fy2026 winners": 3}
    assert second == {"rounds": 2}
    assert Round.objects.filter(is_published=True).count() == 2
    fy2026 = Nomination.objects.filter(round__call__fiscal_year=2026)
    assert sorted(fy2026.values_list("eligibility", flat=True)) == ["eligible"] * 4 + ["ineligible"]
    assert fy2026.filter(application__status="awarded").count() == 3
    assert Assignment.objects.filter(status=AssignmentStatus.CONFLICT).count() == 1
    sendai = fy2026.get(proposer__code="041009")
    assert (sendai.prefecture.code, sendai.status) == ("040002", "nominated")
