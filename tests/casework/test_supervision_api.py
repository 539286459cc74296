"""/api/v1/supervisions/: only a manager of the worker's team records supervision; private notes
go to the two people only (auditors get the record without them); the supervisee acknowledges
once; a PATCH by the supervisor before acknowledgement; other team 404."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from casework.core.models import AccessLog
from casework.models import Action, Supervision
from tests.casework.pages_cases_helpers import new_case
from tests.factories.supervision import DECISION, PRIVATE, RATIONALE, supervision_of

URL = "/api/v1/supervisions/"


@pytest.fixture
def smith(front_door_worker, north, manager, allocated_worker):
    return new_case(front_door_worker, north, "Smith", children=2, manager=manager, worker=allocated_worker)


@pytest.fixture
def record(manager, allocated_worker, smith):
    return supervision_of(manager, allocated_worker, case=smith, action="Visit Ava alone at school")


def _body(worker, case, **overrides):
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    body = {
        "supervisee": str(worker.pk),
        "date": timezone.localdate().isoformat(),
        "private_notes": PRIVATE,
        "discussions": [
            {
                "case": str(case.pk),
                "reflection": "Fragile",
                "decision": DECISION,
                "rationale": RATIONALE,
                "actions": [{"action": "Call the school", "owner": str(worker.pk), "due_date": due}],
            }
        ],
    }
    body.update(overrides)
    return body


def test_manager_posts_a_supervision(api_as, manager, allocated_worker, smith):
    response = api_as(manager).post(URL, _body(allocated_worker, smith), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["private_notes"] == PRIVATE
    assert data["supervisor"] == str(manager.pk) and data["supervisee"] == str(allocated_worker.pk)
    (discussion,) = data["discussions"]
    assert discussion["decision"] == DECISION and discussion["rationale"] == RATIONALE
    assert discussion["actions"][0]["action"] == "Call the school"
    assert discussion["actions"][0]["owner"] == str(allocated_worker.pk)
    assert Action.objects.get().owner == allocated_worker


@pytest.mark.parametrize(
    "persona",
    ["front_door_worker", "allocated_worker", "colleague", "other_team_worker", "performance_officer", "auditor"],
)
def test_only_managers_post_supervision(request, api_as, persona, allocated_worker, smith):
    response = api_as(request.getfixturevalue(persona)).post(URL, _body(allocated_worker, smith), format="json")
    assert response.status_code == 403
    assert not Supervision.objects.exists()


@pytest.mark.parametrize("persona", ["other_team_manager", "front_door_manager"])
def test_a_manager_of_another_team_gets_a_field_error(request, api_as, persona, allocated_worker, smith):
    response = api_as(request.getfixturevalue(persona)).post(URL, _body(allocated_worker, smith), format="json")
    assert response.status_code == 400
    assert "supervisee" in response.json()
    assert not Supervision.objects.exists()


def test_bad_input_gives_field_errors_and_saves_nothing(api_as, manager, allocated_worker, smith):
    body = _body(allocated_worker, smith)
    body["discussions"][0]["decision"] = ""
    body["discussions"][0]["actions"][0]["due_date"] = "2020-01-01"
    response = api_as(manager).post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "discussions.0.decision" in errors and "discussions.0.actions.0.due_date" in errors
    assert not Supervision.objects.exists() and not Action.objects.exists()


def test_unknown_case_is_a_field_error(api_as, manager, allocated_worker, smith):
    body = _body(allocated_worker, smith)
    body["discussions"][0]["case"] = "00000000-0000-0000-0000-000000000000"
    response = api_as(manager).post(URL, body, format="json")
    assert response.status_code == 400 and "discussions.0.case" in response.json()


@pytest.mark.parametrize("persona", ["manager", "allocated_worker"])
def test_the_two_people_read_the_private_notes(request, api_as, persona, record):
    user = request.getfixturevalue(persona)
    detail = api_as(user).get(f"{URL}{record.pk}/").json()
    assert detail["private_notes"] == PRIVATE
    listed = api_as(user).get(URL).json()["results"]
    assert [r["id"] for r in listed] == [str(record.pk)] and listed[0]["private_notes"] == PRIVATE


def test_auditor_reads_the_record_without_private_notes(api_as, auditor, record):
    response = api_as(auditor).get(f"{URL}{record.pk}/")
    assert response.status_code == 200
    assert response.json()["private_notes"] is None
    assert response.json()["discussions"][0]["decision"] == DECISION
    assert PRIVATE not in response.content.decode()
    listed = api_as(auditor).get(URL)
    assert PRIVATE not in listed.content.decode() and listed.json()["results"]


@pytest.mark.parametrize(
    "persona,status",
    [
        ("colleague", 403),
        ("performance_officer", 403),
        ("other_team_worker", 404),
        ("other_team_manager", 404),
        ("front_door_worker", 404),
    ],
)
def test_others_cannot_read_a_supervision_record(request, api_as, persona, status, record):
    client = api_as(request.getfixturevalue(persona))
    response = client.get(f"{URL}{record.pk}/")
    assert response.status_code == status
    assert PRIVATE not in response.content.decode()
    assert client.get(URL).json()["results"] == []


def test_reading_is_access_logged_without_the_private_notes(api_as, manager, record):
    api_as(manager).get(f"{URL}{record.pk}/")
    rows = AccessLog.objects.filter(user=manager, what__startswith="API: supervision")
    assert {r.person.first_name for r in rows} == {"Ava", "Sam"}
    assert all(PRIVATE not in (r.what + r.path) for r in AccessLog.objects.all())


def test_the_supervisee_acknowledges_once(api_as, allocated_worker, record):
    url = f"{URL}{record.pk}/acknowledge/"
    response = api_as(allocated_worker).post(url, {"comment": "Agreed"}, format="json")
    assert response.status_code == 200
    assert response.json()["acknowledged_at"] and response.json()["supervisee_comment"] == "Agreed"
    again = api_as(allocated_worker).post(url, {"comment": "Again"}, format="json")
    assert again.status_code == 400


@pytest.mark.parametrize(
    "persona,status", [("manager", 403), ("colleague", 403), ("auditor", 403), ("other_team_worker", 404)]
)
def test_nobody_else_acknowledges(request, api_as, persona, status, record):
    response = api_as(request.getfixturevalue(persona)).post(f"{URL}{record.pk}/acknowledge/", {}, format="json")
    assert response.status_code == status
    record.refresh_from_db()
    assert record.acknowledged_at is None


def test_supervisor_patches_with_version_before_acknowledgement(api_as, manager, allocated_worker, record):
    url = f"{URL}{record.pk}/"
    discussion = record.discussions.get()
    body = {"private_notes": "Changed", "discussions": [{"id": str(discussion.pk), "decision": "Step down"}]}
    assert api_as(manager).patch(url, body, format="json").status_code == 409  # no version
    response = api_as(manager).patch(url, {**body, "version": record.version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["private_notes"] == "Changed"
    assert response.json()["discussions"][0]["decision"] == "Step down"
    assert api_as(allocated_worker).patch(url, {**body, "version": 2}, format="json").status_code == 403
    api_as(allocated_worker).post(f"{url}acknowledge/", {}, format="json")
    late = api_as(manager).patch(url, {"private_notes": "Late", "version": 3}, format="json")
    assert late.status_code == 400


def test_another_manager_of_the_team_is_not_the_supervisor(api_as, client, north, record):
    from casework.core.models import Role
    from tests.factories import UserFactory

    deputy = UserFactory(username="north.deputy", role=Role.TEAM_MANAGER, teams=[north])
    response = api_as(deputy).get(f"{URL}{record.pk}/")
    assert response.status_code == 403 and PRIVATE not in response.content.decode()
    assert api_as(deputy).get(URL).json()["results"] == []
    client.force_login(deputy)
    history = client.get(f"/supervision/workers/{record.supervisee_id}/")
    assert history.status_code == 200 and str(record.pk) not in history.content.decode()
