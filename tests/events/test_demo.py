from kizuna.events.demo import seed_events_demo
from kizuna.events.models import Booth, Event, Exhibitor, Lead, Registration
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on


def test_seed_events_demo_is_idempotent(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo

    seed_demo()
    seed_events_demo()
    counts = (Event.objects.count(), Booth.objects.count(), Exhibitor.objects.count(), Registration.objects.count())
    leads = sorted(Lead.objects.values_list("registration__person__email", "interest"))
    seed_events_demo()
    kinds = set(Event.objects.values_list("mode", flat=True))
    training = Event.objects.get(title="多文化共生マネージャー養成コース")
    assert (Event.objects.count(), Booth.objects.count(), Exhibitor.objects.count(),
            Registration.objects.count()) == counts
    assert (counts[:3], kinds, training.seats_taken) == ((5, 1, 1), {"first_come", "lottery"}, 2)
    # Sendai was chosen for the New York booth and scanned two visitors' codes there
    assert (Exhibitor.objects.get().status, leads, Lead.objects.count()) == (
        "selected", [("alumnus@demo.kizuna.jp", "medium"), ("jetaa-officer@demo.kizuna.jp", "high")], 2)
    answers = [r.answers for r in training.registrations.order_by("pk")]
    assert [(a["field"], a["interpreter"], a.get("language")) for a in answers] == [
        ("disaster", False, None), ("disaster", True, "vi"), ("disaster", False, None)]
