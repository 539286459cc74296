"""/api/v1/professionals/ and /api/v1/connections/: the eco-map's ties, scoped like their
family and person."""

from __future__ import annotations

import datetime

import pytest

from families.models import Connection, Professional
from tests.families.conftest import make_family, make_person

pytestmark = pytest.mark.django_db

PROFESSIONALS = "/api/v1/professionals/"
CONNECTIONS = "/api/v1/connections/"


def health_visitor(family, **extra):
    return {
        "family": str(family.pk),
        "name": "Jan Hill",
        "role": "Health visitor",
        "agency": "NHS Leeds",
        "telephone": "0113 496 0002",
        "email": "jan.hill@example.nhs.uk",
        "contributed": True,
        "from_date": "2023-01-01",
        **extra,
    }


def test_worker_records_a_professional_and_lists_them_by_family(api_as, allocated_worker, smith_family, ava):
    client = api_as(allocated_worker)
    response = client.post(PROFESSIONALS, health_visitor(smith_family, working_with=str(ava.pk)))
    assert response.status_code == 201, response.json()
    assert response.json()["working_with"] == str(ava.pk)
    assert response.json()["version"] == 1
    listed = client.get(PROFESSIONALS, {"family": str(smith_family.pk)}).json()
    assert [p["id"] for p in listed["results"]] == [response.json()["id"]]

    item = f"{PROFESSIONALS}{response.json()['id']}/"
    response = client.patch(item, {"to_date": "2024-12-31", "working_with": None, "version": 1})
    assert response.status_code == 200
    assert response.json()["working_with"] is None and response.json()["to_date"] == "2024-12-31"
    assert client.patch(item, {"role": "School nurse", "version": 1}).status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"agency": ""}, "agency"),
        ({"email": "not an email"}, "email"),
        ({"from_date": "2024-01-01", "to_date": "2023-01-01"}, "to_date"),
        ({"family": "123"}, "family"),
    ],
)
def test_invalid_professional_is_refused_naming_the_field(api_as, allocated_worker, smith_family, body, field):
    response = api_as(allocated_worker).post(PROFESSIONALS, {**health_visitor(smith_family), **body})
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Professional.objects.exists()


def test_a_professional_works_with_a_member_of_the_family(api_as, allocated_worker, smith_family):
    outsider = make_person(allocated_worker, "Zoe", "Ng", date_of_birth=datetime.date(2012, 1, 1))
    response = api_as(allocated_worker).post(PROFESSIONALS, health_visitor(smith_family, working_with=str(outsider.pk)))
    assert response.status_code == 400
    assert "working_with" in response.json()


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("manager", 200, 200),
        ("other_team_worker", 404, 404),
        ("performance_officer", 200, 403),
        ("auditor", 200, 403),
    ],
)
def test_professionals_by_persona(api_as, request, allocated_worker, smith_family, persona, read, write):
    pro_id = api_as(allocated_worker).post(PROFESSIONALS, health_visitor(smith_family)).json()["id"]
    client = api_as(request.getfixturevalue(persona))
    assert client.get(f"{PROFESSIONALS}{pro_id}/").status_code == read
    assert client.patch(f"{PROFESSIONALS}{pro_id}/", {"role": "GP", "version": 1}).status_code == write
    created = client.post(PROFESSIONALS, health_visitor(smith_family, name="Dr Oak"))
    assert created.status_code == (201 if write == 200 else write)
    if read == 404:
        assert client.get(PROFESSIONALS, {"family": str(smith_family.pk)}).status_code == 404
        assert client.get(PROFESSIONALS).json()["count"] == 0


# --- Connections --------------------------------------------------------------------------------


def school(person, **extra):
    return {
        "person": str(person.pk),
        "name": "Park Lane Primary",
        "kind": "school",
        "strength": "strong",
        "energy": "both",
        "notes": "Loves the breakfast club",
        **extra,
    }


def test_worker_records_a_connection_and_lists_them_by_person(api_as, allocated_worker, ava):
    client = api_as(allocated_worker)
    response = client.post(CONNECTIONS, school(ava))
    assert response.status_code == 201, response.json()
    assert response.json()["notes"] == "Loves the breakfast club"
    listed = client.get(CONNECTIONS, {"person": str(ava.pk)}).json()["results"]
    assert [c["id"] for c in listed] == [response.json()["id"]]
    item = f"{CONNECTIONS}{response.json()['id']}/"
    assert client.patch(item, {"strength": "stressful", "version": 1}).json()["strength"] == "stressful"
    assert client.patch(item, {"strength": "tenuous", "version": 1}).status_code == 409
    assert Connection.objects.get().strength == "stressful"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"kind": "pub"}, "kind"),
        ({"strength": "huge"}, "strength"),
        ({"energy": "up"}, "energy"),
        ({"person": None}, "person"),
    ],
)
def test_invalid_connection_is_refused_naming_the_field(api_as, allocated_worker, ava, body, field):
    response = api_as(allocated_worker).post(CONNECTIONS, {**school(ava), **body})
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("colleague", 200, 200),
        ("other_team_worker", 404, 404),
        ("performance_officer", 200, 403),
        ("auditor", 200, 403),
    ],
)
def test_connections_by_persona(api_as, request, allocated_worker, ava, persona, read, write):
    conn_id = api_as(allocated_worker).post(CONNECTIONS, school(ava)).json()["id"]
    client = api_as(request.getfixturevalue(persona))
    assert client.get(f"{CONNECTIONS}{conn_id}/").status_code == read
    assert client.patch(f"{CONNECTIONS}{conn_id}/", {"name": "Oak School", "version": 1}).status_code == write
    assert client.post(CONNECTIONS, school(ava, name="Scouts", kind="leisure")).status_code == (
        201 if write == 200 else write
    )


def test_performance_officer_never_reads_connection_notes(api_as, allocated_worker, performance_officer, ava):
    conn_id = api_as(allocated_worker).post(CONNECTIONS, school(ava)).json()["id"]
    client = api_as(performance_officer)
    assert client.get(f"{CONNECTIONS}{conn_id}/").json()["notes"] is None
    listed = client.get(CONNECTIONS, {"person": str(ava.pk)})
    assert listed.json()["results"][0]["kind"] == "school"
    assert "breakfast" not in listed.content.decode()


def test_the_family_of_a_professional_and_the_person_of_a_connection_are_fixed(
    api_as, allocated_worker, smith_family, ava
):
    other_family = make_family(allocated_worker, name="Other family")
    client = api_as(allocated_worker)
    pro_id = client.post(PROFESSIONALS, health_visitor(smith_family)).json()["id"]
    response = client.patch(f"{PROFESSIONALS}{pro_id}/", {"family": str(other_family.pk), "version": 1})
    assert response.status_code == 400
    assert "family" in response.json()
    conn_id = client.post(CONNECTIONS, school(ava)).json()["id"]
    bo = make_person(allocated_worker, "Bo", "Lee", date_of_birth=datetime.date(2012, 1, 1))
    response = client.patch(f"{CONNECTIONS}{conn_id}/", {"person": str(bo.pk), "version": 1})
    assert response.status_code == 400
    assert "person" in response.json()
    assert Connection.objects.get().person == ava
