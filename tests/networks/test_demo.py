from kizuna.networks.demo import seed_networks_demo
from kizuna.networks.models import AssociationProfile, Consultation, Manager, NgoProfile
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on


def test_seed_networks_demo_is_idempotent(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo

    seed_demo()
    first = seed_networks_demo()
    counts = (Manager.objects.count(), AssociationProfile.objects.count(), NgoProfile.objects.count(),
              Consultation.objects.count())
    seed_networks_demo()
    assert (Manager.objects.count(), AssociationProfile.objects.count(), NgoProfile.objects.count(),
            Consultation.objects.count()) == counts
    assert first["certified from the training"] == 4  # the demo people who completed last year's training
    assert set(Consultation.objects.values_list("status", flat=True)) == {"received", "in_progress", "answered",
                                                                          "closed"}
    listed = Manager.objects.filter(person__email__startswith="sendai-staff").get()
    assert listed.is_listed and listed.in_network and listed.source == "training"
    assert NgoProfile.objects.filter(is_listed=False).count() == 1
