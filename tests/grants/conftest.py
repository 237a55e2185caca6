import pytest

from kizuna.grants.enums import Status

from .factories import ApplicationFactory, CallFactory, CostLineFactory, CriterionFactory, SchemeFactory


@pytest.fixture
def scheme(db):
    s = SchemeFactory(code="tabunka")
    CriterionFactory(scheme=s, name="先駆性", weight=2)
    CriterionFactory(scheme=s, name="継続性", weight=1)
    return s


@pytest.fixture
def call(scheme):
    return CallFactory(scheme=scheme)


@pytest.fixture
def draft(world, call):
    """Chiyoda's draft with one eligible line of ¥1,000,000 and a request of ¥1,000,000."""
    application = ApplicationFactory(call=call, applicant=world.chiyoda, requested_amount=1_000_000,
                                     created_by=world.people["municipality_staff"])
    CostLineFactory(application=application, amount=1_000_000)
    return application


@pytest.fixture
def submitted(world, draft):
    from kizuna.grants.services import submit_application

    return submit_application(by=world.people["municipality_staff"], application=draft)


def make_submitted(world, call, n: int, amount: int = 1_000_000) -> list:
    """`n` submitted applications (created directly in their state) by Chiyoda."""
    from django.utils import timezone

    apps = []
    for _ in range(n):
        a = ApplicationFactory(call=call, applicant=world.chiyoda, requested_amount=amount,
                               status=Status.SUBMITTED, submitted_at=timezone.now(), round_number=1,
                               created_by=world.people["municipality_staff"])
        CostLineFactory(application=a, amount=amount)
        apps.append(a)
    return apps
