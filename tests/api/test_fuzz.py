"""Schema-driven fuzzing of every API endpoint: whatever is sent, the answer is never a 500.

The schema is generated in-process from the same code that serves /api/schema/, and every
operation gets generated requests (valid and invalid) as a signed-in team manager.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from casework.wsgi import application


def _raw_schema() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


schema = schemathesis.openapi.from_dict(_raw_schema())
schema.app = application


@pytest.fixture
def token(manager) -> str:
    return Token.objects.create(user=manager).key


@pytest.fixture(autouse=True)
def keep_test_transaction():
    """Requests go straight to the WSGI app, so stop it closing the test's connection
    at request boundaries (Django's own test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_answers_500(case, token):
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )
