"""The API's shell: schema, docs, token authentication, /api/v1/me/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3(api_as, allocated_worker):
    response = api_as(allocated_worker).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert "/api/v1/me/" in schema["paths"]


def test_api_docs_page_is_served_without_a_cdn(client, allocated_worker):
    client.force_login(allocated_worker)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "cdn.jsdelivr" not in response.content.decode()


def test_api_token_command_prints_only_the_key_and_it_authenticates(client, allocated_worker):
    out = io.StringIO()
    call_command("api_token", allocated_worker.username, stdout=out)
    key = out.getvalue().strip()
    assert len(key) == 40 and "\n" not in key
    again = io.StringIO()
    call_command("api_token", allocated_worker.username, stdout=again)
    assert again.getvalue().strip() == key  # shows the same token

    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == allocated_worker.username
    assert body["role"] == "social_worker"
    assert body["teams"] == [{"id": str(allocated_worker.teams.get().id), "name": "North", "kind": "long_term"}]


def test_a_wrong_token_is_refused(client):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401


def test_create_user_command_creates_the_team_with_its_kind(db):
    from casework.core.models import Team, User

    out = io.StringIO()
    call_command(
        "create_user",
        "duty1",
        "--role",
        "social_worker",
        "--team",
        "Duty",
        "--team-kind",
        "front_door",
        "--password",
        "a-long-enough-pass-9",
        stdout=out,
    )
    user = User.objects.get(username="duty1")
    assert user.role == "social_worker"
    assert user.check_password("a-long-enough-pass-9")
    assert Team.objects.get(name="Duty").kind == "front_door"
    assert list(user.teams.values_list("name", flat=True)) == ["Duty"]


def test_create_user_without_a_password_prints_a_generated_one(db):
    from casework.core.models import User

    out = io.StringIO()
    call_command("create_user", "po1", "--role", "performance_officer", stdout=out)
    password = next(line.split(": ", 1)[1] for line in out.getvalue().splitlines() if line.startswith("Password"))
    assert User.objects.get(username="po1").check_password(password)


def test_seed_demo_is_idempotent(db):
    from casework.core.models import Team, User

    call_command("seed_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Team.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (User.objects.count(), Team.objects.count()) == counts
    assert counts[0] >= 7
