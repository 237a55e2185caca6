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


def test_the_orientation_demo_was_held_this_summer_with_attendance(world):
    from kizuna.events.models import Event
    from kizuna.learning.demo_events import seed_learning_events_demo
    from kizuna.plan.kpis import get_query

    world.hq.slug = "hq"
    world.hq.save(update_fields=["slug"])
    hq_staff = UserFactory(email=f"hq-staff@{DEMO_DOMAIN}")
    MembershipFactory(person=hq_staff, organisation=world.hq, role="staff")
    MembershipFactory(person=UserFactory(email=f"jet@{DEMO_DOMAIN}"), organisation=world.chiyoda, role="jet")

    first = seed_learning_events_demo()
    second = seed_learning_events_demo()

    held = Event.objects.filter(kpi_series="jet_orientation")
    assert (first, second) == ({"orientations": 2, "attended": 2}, {"orientations": 2, "attended": 2})
    assert sorted(e.starts_at.astimezone().month for e in held) == [7, 8]
    assert get_query("jet.orientation.attendees")(year=2026, quarter=None, organisation_id=None) == 2
