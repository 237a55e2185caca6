from kizuna.signage.demo import seed_signage_demo
from kizuna.signage.loading import load_bank
from kizuna.signage.models import Message
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on
from tests.signage.conftest import SMALL, bank_data


def test_seed_signage_demo_adds_chiyodas_own_messages_with_pictograms_once(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo

    load_bank(bank_data(SMALL | {"17-care.toml", "04-lifelines.toml", "11-food.toml"}))
    seed_demo()  # runs the signage seeder too
    seed_signage_demo()
    own = Message.objects.filter(organisation__code="131016")
    assert sorted(own.values_list("pictogram", flat=True)) == ["egg", "pets-allowed", "phone-charging"]
