from kizuna.core.demo import DEMO_DOMAIN
from kizuna.dispatch.demo import seed_dispatch_demo
from kizuna.dispatch.models import Dispatch, Expert
from kizuna.requests.demo import seed_requests_demo
from kizuna.requests.models import Message, OfficeHours, Request
from tests.factories import MembershipFactory, UserFactory


def _demo_people(world):
    for local, org in (("chiyoda-staff", world.chiyoda), ("branch-tokyo", world.tokyo_branch),
                       ("hq-staff", world.hq), ("office-nyc", world.nyc), ("adviser", world.experts)):
        MembershipFactory(person=UserFactory(email=f"{local}@{DEMO_DOMAIN}"), organisation=org,
                          role="expert" if local == "adviser" else "staff")


def test_seed_demo_requests_and_dispatch_walk_the_workflow_and_are_idempotent(world):
    _demo_people(world)
    first = (seed_requests_demo(), seed_dispatch_demo())
    second = (seed_requests_demo(), seed_dispatch_demo())
    assert first[0]["requests"] == second[0]["requests"] == 4
    assert sorted(Request.objects.values_list("status", flat=True)) == ["awaiting_branch", "closed", "closed",
                                                                          "open"]
    assert OfficeHours.objects.get(office=world.nyc).holiday_country == "US"
    assert Request.objects.published().count() == 1
    assert sum(Message.objects.values_list("minutes", flat=True).exclude(minutes=None)) == 415  # time spent
    by_mail = Message.objects.get(via_mail=True)  # the requester's reply to the office's mail
    assert (by_mail.request.kind, by_mail.body) == ("visit", "区長 山田一郎、国際担当課長 佐藤花子の2名です。")
    offered = Dispatch.objects.get(theme="外国人住民向け防災訓練の企画")  # the dispatch demo adds reported ones
    assert (Expert.objects.count(), offered.status, first[1]) == (5, "offered", second[1])
