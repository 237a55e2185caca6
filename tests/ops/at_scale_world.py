"""The people and records of tests/ops/test_at_scale.py, made in that test's own database by
`python -m kizuna shell` (so with the app servers' settings, not the test suite's); printed as JSON."""

import json

from kizuna.core.enums import OrgKind, Role
from kizuna.events.tasks import send_confirmation
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory, add_totp
from tests.plan.factories import FiscalYearFactory, KPIFactory

# One person per journey, so that the journeys do not depend on each other's order; CLAIR staff need a second
# factor, and a TOTP code is accepted once, so each journey of staff has its own.
PEOPLE = ("session", "reader", "registrant", "mailed", "locked_out", "burst")
STAFF = ("second_factor", "recorder", "signer")


def build() -> None:
    hq = OrganisationFactory(kind=OrgKind.HEADQUARTERS, slug="hq", name="自治体国際化協会（本部）")
    city = MunicipalityFactory(name="絆市")
    people = {name: UserFactory(email=f"{name}@atscale.example.jp") for name in PEOPLE}
    for person in people.values():
        MembershipFactory(person=person, organisation=city, role=Role.STAFF)
    staff = {}
    for name in STAFF:
        person = UserFactory(email=f"{name}@atscale.example.jp")
        MembershipFactory(person=person, organisation=hq, role=Role.STAFF)
        staff[name] = {"email": person.email, "totp_secret": add_totp(person)}
    event = EventFactory(organiser=hq, title="多文化共生セミナー", capacity=30)
    burst = RegistrationFactory(event=event, person=people["burst"])  # confirmed, no mail sent yet
    kpi = KPIFactory(programme__area__fiscal_year=FiscalYearFactory(year=2026))
    print(json.dumps({
        "people": {name: person.email for name, person in people.items()}, "staff": staff,
        "event": event.pk, "burst_registration": burst.pk, "kpi": kpi.pk, "kpi_row": f"{kpi.programme_id}/{kpi.code}",
    }))


def enqueue_confirmations(registration_id: int, count: int) -> None:
    """A burst of the same mail task, enqueued at once for the workers to share."""
    for _ in range(count):
        send_confirmation.enqueue(registration_id=registration_id)
