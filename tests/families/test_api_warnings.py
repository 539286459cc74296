"""/api/v1/people/{id}/warnings/: add, read, change and end warnings (history kept)."""

from __future__ import annotations

import pytest

from casework.core.models import AccessLog
from families.models import PersonWarning

pytestmark = pytest.mark.django_db


def warnings_url(person) -> str:
    return f"/api/v1/people/{person.pk}/warnings/"


def add(client, person, **body):
    return client.post(warnings_url(person), {"kind": "violence", "detail": "Father threatened staff", **body})


def test_worker_adds_a_warning_and_ends_it_by_setting_to_date(api_as, allocated_worker, ava):
    client = api_as(allocated_worker)
    response = add(client, ava, from_date="2024-02-01")
    assert response.status_code == 201, response.json()
    warning = response.json()
    assert warning["kind"] == "violence" and warning["is_current"] is True and warning["version"] == 1

    response = client.patch(f"{warnings_url(ava)}{warning['id']}/", {"to_date": "2024-03-01", "version": 1})
    assert response.status_code == 200
    assert response.json()["is_current"] is False
    assert response.json()["version"] == 2

    listed = client.get(warnings_url(ava)).json()
    assert listed["count"] == 1  # an ended warning stays in history
    assert listed["results"][0]["to_date"] == "2024-03-01"
    assert PersonWarning.objects.get().to_date.isoformat() == "2024-03-01"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "ghosts"}, "kind"),
        ({"detail": ""}, "detail"),
        ({"from_date": "2024-02-01", "to_date": "2024-01-01"}, "to_date"),
        ({"from_date": "yesterday"}, "from_date"),
    ],
)
def test_invalid_warning_is_refused_naming_the_field(api_as, allocated_worker, ava, body, field):
    response = add(api_as(allocated_worker), ava, **body)
    assert response.status_code == 400
    assert field in response.json()
    assert not PersonWarning.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("colleague", 201),
        ("manager", 201),
        ("other_team_worker", 404),
        ("performance_officer", 403),
        ("auditor", 403),
    ],
)
def test_adding_a_warning_by_persona(api_as, request, ava, persona, expected):
    assert add(api_as(request.getfixturevalue(persona)), ava).status_code == expected
    assert PersonWarning.objects.count() == (1 if expected == 201 else 0)


def test_changing_a_warning_by_persona_and_stale_version(
    api_as, allocated_worker, colleague, other_team_worker, auditor, ava
):
    warning_id = add(api_as(allocated_worker), ava).json()["id"]
    item = f"{warnings_url(ava)}{warning_id}/"
    assert api_as(other_team_worker).patch(item, {"detail": "x", "version": 1}).status_code == 404
    assert api_as(auditor).patch(item, {"detail": "x", "version": 1}).status_code == 403
    assert api_as(colleague).patch(item, {"detail": "Both parents", "version": 1}).status_code == 200
    response = api_as(allocated_worker).patch(item, {"detail": "Mother only", "version": 1})
    assert response.status_code == 409
    assert PersonWarning.objects.get().detail == "Both parents"


def test_performance_officer_sees_the_warning_but_never_its_detail(api_as, allocated_worker, performance_officer, ava):
    warning_id = add(api_as(allocated_worker), ava).json()["id"]
    client = api_as(performance_officer)
    listed = client.get(warnings_url(ava)).json()["results"]
    assert listed[0]["kind"] == "violence" and listed[0]["detail"] is None
    assert client.get(f"{warnings_url(ava)}{warning_id}/").json()["detail"] is None
    assert client.get(f"/api/v1/people/{ava.pk}/").json()["warnings"][0]["detail"] is None
    assert "threatened" not in client.get(warnings_url(ava)).content.decode()


def test_a_warning_of_another_person_is_not_found_under_this_one(api_as, allocated_worker, ava):
    from tests.families.conftest import make_person

    other = make_person(allocated_worker, "Bo", "Lee")
    warning_id = add(api_as(allocated_worker), ava).json()["id"]
    assert api_as(allocated_worker).get(f"{warnings_url(other)}{warning_id}/").status_code == 404


def test_reading_warnings_is_logged_and_other_teams_get_404(api_as, allocated_worker, other_team_worker, ava):
    add(api_as(allocated_worker), ava)
    assert api_as(other_team_worker).get(warnings_url(ava)).status_code == 404
    assert api_as(allocated_worker).get(warnings_url(ava)).status_code == 200
    assert AccessLog.objects.filter(person=ava, user=allocated_worker).count() == 1
