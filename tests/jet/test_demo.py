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


def test_the_demo_round_has_rows_in_every_state_and_is_written_once(world):
    from kizuna.jet.demo_reappointment import seed_reappointment_demo
    from kizuna.jet.enums import Reappointment
    from kizuna.jet.models import JetHost, ReappointmentIntention

    MembershipFactory(person=UserFactory(email=f"hq-staff@{DEMO_DOMAIN}"), organisation=world.hq, role="staff")
    seed_jet_demo(participants=40)
    for n, host in enumerate(JetHost.objects.order_by("pk")):
        MembershipFactory(person=UserFactory(email=f"supervisor{n}@{DEMO_DOMAIN}"), organisation=host.organisation,
                          role="staff")

    first = seed_reappointment_demo()
    second = seed_reappointment_demo()

    assert (first["reappointment_rounds"], second) == (1, {"reappointment_rounds": 0})
    assert set(ReappointmentIntention.objects.values_list("status", flat=True)) == set(Reappointment.values)
    assert first["places_adjustments"] == 1  # one contracting organisation's new places adjusted, with its reason
