"""API fuzzing with schemathesis: every operation in the OpenAPI document, with generated input, answers
within its documented responses and never with a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from kizuna.wsgi import application
from tests.factories import make_token

# Invalid input may also be refused before any operation reads it: an address too long (414, with a generated
# query of thousands of characters) or a body too large (413). Schemathesis' own list of rejections, and those.
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422", "428", "429", "5xx"]
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTED}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


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


@pytest.fixture
def token(world, keep_connection):
    _record, value = make_token(world.people["hq_staff"])
    return value


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_operation_survives_generated_input(case, token):
    # Every check but one: text that the schema allows yet Kizuna refuses on purpose (a NUL character, which
    # PostgreSQL cannot store) is answered 422 with a message, which schemathesis would call "valid data rejected".
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=[positive_data_acceptance])
