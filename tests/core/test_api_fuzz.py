"""API fuzzing with schemathesis against seeded data, as an applicant, a reviewer and headquarters.

Every operation in the OpenAPI document, with generated input, answers within its documented responses and never
with a server error; then, statefully, calls are chained (ids that one answer gives are used by the next), so that
generated input reaches the business logic instead of stopping at "not found". The data is the test world and the
records of several owners that every app adds (`MIXED`).
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.access import MIXED
from tests.conftest import module_world
from tests.factories import make_token

# Invalid input may also be refused before any operation reads it: an address too long (414, with a generated
# query of thousands of characters) or a body too large (413). Schemathesis' own list of rejections, and those.
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422", "428", "429", "5xx"]
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTED}}})
# Django's WSGI handler, as kizuna/wsgi.py makes it, without that module's tuning of the garbage collector for a
# long-lived server (this process builds search indexes for every test).
application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
TOKEN: dict[str, str] = {}


@schema.auth(refresh_interval=None)
class _PersonalToken:
    """The caller's personal token, as a client sends it: schemathesis also tries each operation without it and
    with a wrong one, and expects a refusal."""

    def get(self, case, context):
        return TOKEN.get("value")

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


ROLES = ("municipality_staff", "reviewer", "hq_staff")
# Text that the schema allows yet Kizuna refuses on purpose (a NUL character, which PostgreSQL cannot store, or a
# date outside the years Kizuna accepts) is answered 422 with a message, which schemathesis would call "valid
# data rejected"; every other check runs.
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def keep_connection():
    """Calls go straight to the WSGI application, whose request signals would close the database connection
    (and, on PostgreSQL, the test's transaction with it); Django's own test client detaches them the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _arrange(world) -> None:
    for make in MIXED:
        make(world)


# the seeded world, written once for the module (each test's calls are undone with its savepoint)
_kept_world, world = module_world(_arrange)


@pytest.fixture(params=ROLES)
def caller(request, world, keep_connection):
    """The seeded world, and the personal token of the role the calls are made as."""
    TOKEN["value"] = make_token(world.people[request.param])[1]
    yield request.param
    TOKEN.clear()


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate])
def test_api_operation_survives_generated_input(case, caller):
    case.call_and_validate(excluded_checks=EXCLUDED)


@pytest.mark.django_db
def test_api_call_sequences_survive(caller):
    class Machine(schema.as_state_machine()):
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, excluded_checks=EXCLUDED, additional_checks=additional_checks,
                                   transport_kwargs=kwargs)

    Machine.run(settings=settings(max_examples=20, stateful_step_count=6, deadline=None,
                                  suppress_health_check=list(HealthCheck), phases=[Phase.generate]))
