"""API fuzzing with schemathesis: every operation in the OpenAPI document, with generated input, answers
within its documented responses and never with a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from kizuna.wsgi import application
from tests.factories import make_token

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def token(world):
    _record, value = make_token(world.people["hq_staff"])
    return value


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_operation_survives_generated_input(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
