"""Schema-driven fuzzing of the People and families endpoints against records that exist.

tests/api/test_fuzz.py fuzzes every endpoint with random ids (mostly answered 404); here the
path ids are real records the team manager's team holds, and a PATCH carries the record's
current version, so generated bodies reach the services' rules. Never a 500.
"""

from __future__ import annotations

import datetime
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
from families import services
from families.models import Connection, Family, Person, PersonWarning, Professional, Relationship
from tests.families.conftest import make_person

ENDPOINTS = r"^/api/v1/(people|families|relationships|professionals|connections)/"


def _raw_schema() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


schema = schemathesis.openapi.from_dict(_raw_schema()).include(path_regex=ENDPOINTS).exclude(path_regex="chronology")
schema.app = application

MODELS = {
    "person_id": Person,
    "family_id": Family,
    "warning_id": PersonWarning,
    "relationship_id": Relationship,
    "professional_id": Professional,
    "connection_id": Connection,
}


@pytest.fixture
def records(manager, ava, smith_family) -> dict[str, str]:
    """One record of each kind, held by the manager's team (North)."""
    lee = make_person(manager, "Lee", "Smith", date_of_birth=datetime.date(1985, 1, 1), sex="M")
    services.membership_add(by=manager, family=smith_family, person=lee, role="adult")
    warning = services.warning_add(by=manager, person=ava, kind="animal", detail="Dog")
    rel = services.relationship_create(by=manager, from_person=lee, to_person=ava, data={"kind": "parent"})
    pro = services.professional_create(
        by=manager, family=smith_family, data={"name": "Jan", "role": "GP", "agency": "NHS"}
    )
    conn = services.connection_create(by=manager, person=ava, data={"name": "School", "kind": "school"})
    return {
        "person_id": str(ava.pk),
        "family_id": str(smith_family.pk),
        "warning_id": str(warning.pk),
        "relationship_id": str(rel.pk),
        "professional_id": str(pro.pk),
        "connection_id": str(conn.pk),
    }


@pytest.fixture
def token(manager) -> str:
    return Token.objects.create(user=manager).key


@pytest.fixture(autouse=True)
def keep_test_transaction():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _aim_at_records(case, records: dict[str, str]) -> None:
    for name in case.path_parameters:
        if name in records:
            case.path_parameters[name] = records[name]
    if case.method.upper() == "PATCH" and isinstance(case.body, dict):
        name = next(reversed(case.path_parameters))  # the record is the path's last id
        current = MODELS[name].objects.filter(pk=records[name]).values_list("version", flat=True).first()
        case.body["version"] = current


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_people_and_families_api_never_answers_500_on_real_records(case, token, records):
    _aim_at_records(case, records)
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )
