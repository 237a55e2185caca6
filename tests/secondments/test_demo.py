"""The demo's seconded staff: made for the local governments present, idempotent, and with something to show."""

from kizuna.core.audit import watch
from kizuna.secondments import queries
from kizuna.secondments.demo import seed_secondments_demo
from kizuna.secondments.models import Secondment
from tests.ops.conftest import reference_orgs  # noqa: F401 - the organisations the demo hangs on


def test_the_demo_is_idempotent_and_fills_every_record(reference_orgs):  # noqa: F811
    from kizuna.core.demo import seed_demo

    seed_demo()
    with watch():
        first = seed_secondments_demo()
    assert first["secondments"] == Secondment.objects.count() > 0
    assert seed_secondments_demo() == {"secondments": first["secondments"]}
    statuses = set(Secondment.objects.values_list("status", flat=True))
    assert "serving" in statuses
    serving = Secondment.objects.filter(status="serving")
    assert all(s.postings.exists() and s.language_trainings.exists() for s in serving)
    matrix = queries.curriculum(serving)
    assert len(matrix.courses) == 7 and any(n for _s, _marks, n in matrix.rows)
