"""The learning demo: published courses of every kind, the participants in the programme enrolled, and a second
run adds nothing."""

from kizuna.core.demo import DEMO_DOMAIN
from kizuna.jet.demo import seed_jet_demo
from kizuna.learning.demo import seed_learning_demo
from kizuna.learning.models import Course, Enrolment
from tests.factories import MembershipFactory, UserFactory


def test_the_learning_demo_has_courses_and_enrolments_once(world):
    MembershipFactory(person=UserFactory(email=f"hq-staff@{DEMO_DOMAIN}"), organisation=world.hq, role="staff")
    seed_jet_demo(participants=24)

    first = seed_learning_demo()
    enrolments = Enrolment.objects.count()
    second = seed_learning_demo()

    assert (first["courses"], second["enrolled"], Enrolment.objects.count()) == (7, 0, enrolments)
    assert enrolments > 0
    assert set(Course.objects.values_list("kind", flat=True)) == {"elearning", "japanese", "translation"}
    assert Course.objects.filter(status="draft").count() == 1
