"""The JET demo year: every state occurs, the demo participant has her own record, and a second run adds nothing."""

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.jet.demo import seed_jet_demo
from kizuna.jet.enums import Status
from kizuna.jet.models import Participant
from tests.factories import MembershipFactory, UserFactory


def test_the_demo_year_has_every_state_and_is_written_once(world):
    MembershipFactory(person=UserFactory(email=f"hq-staff@{DEMO_DOMAIN}"), organisation=world.hq, role="staff")

    first = seed_jet_demo(participants=24)
    second = seed_jet_demo(participants=24)

    assert first["participants"] == Participant.objects.count() == 24
    assert second == {"participants": 0}
    assert set(Participant.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Participant.objects.values_list("contract_year", flat=True)) >= {1, 2, 3, 4, 5}
    in_post = Participant.objects.filter(status=Status.IN_POST).first()
    assert in_post.appointments.count() == in_post.contract_year
