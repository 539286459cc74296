"""/api/v1/actions/: reading, adding, changing and completing actions, for every persona of
PERMISSIONS.md (other team 404; front door, performance and auditor 403 on writes)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from casework.core.models import AccessLog
from casework.models import Action, ActionStatus
from casework.services.actions import action_create
from chronology.models import ChronologyEntry
from tests.casework.api_support import *  # noqa: F403  (the fixtures)
from tests.casework.api_support import call
from tests.factories.actions import ActionFactory

pytestmark = pytest.mark.django_db

ACTIONS = "/api/v1/actions/"
READERS = ["front_door_worker", "front_door_manager", "performance_officer", "auditor"]
WRITERS = ["allocated_worker", "colleague", "manager"]
OUTSIDERS = ["other_team_worker", "other_team_manager"]


def url(action: Any, verb: str = "") -> str:
    return f"{ACTIONS}{action.pk}/" + (f"{verb}/" if verb else "")


def soon(days: int = 3) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def action(allocated_worker, case, siblings) -> Action:
    return action_create(
        by=allocated_worker,
        case=case,
        action="Ask the GP about Ava's weight",
        owner=allocated_worker,
        due_date=timezone.localdate() + datetime.timedelta(days=5),
        child=siblings["ava"],
    )


def body(case, owner, **overrides) -> dict[str, Any]:
    data = {"case": str(case.pk), "action": "Ring the school", "owner": str(owner.pk), "due_date": soon()}
    data.update(overrides)
    return data


# --- Reading ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS + WRITERS)
def test_those_who_open_the_case_read_its_actions(request, api_as, persona, action, siblings):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "get", url(action))
    assert response.status_code == 200
    data = response.json()
    assert data["owner"] == str(action.owner_id)
    assert data["status"] == "open"
    assert data["due_date"] == action.due_date.isoformat()
    assert data["version"] == 1
    expected_text = None if persona == "performance_officer" else "Ask the GP about Ava's weight"
    assert data["action"] == expected_text
    assert AccessLog.objects.filter(user=user, person=siblings["ava"]).exists()


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_other_team_gets_404_and_an_empty_list(request, api_as, persona, action):
    user = request.getfixturevalue(persona)
    assert call(api_as, user, "get", url(action)).status_code == 404
    assert call(api_as, user, "get", ACTIONS).json()["results"] == []
    assert call(api_as, user, "patch", url(action), {"action": "x", "version": 1}).status_code == 404
    assert call(api_as, user, "post", url(action, "complete"), {"note": "x"}).status_code == 404


def test_list_filters(api_as, allocated_worker, colleague, case, action):
    other = ActionFactory(case=case, owner=colleague)
    ActionFactory(case=case, owner=colleague, status=ActionStatus.DONE)
    client = api_as(allocated_worker)
    ids = lambda q: [row["id"] for row in client.get(ACTIONS + q).json()["results"]]  # noqa: E731
    assert ids(f"?owner={allocated_worker.pk}") == [str(action.pk)]
    assert set(ids(f"?owner={colleague.pk}&status=open")) == {str(other.pk)}
    assert len(ids(f"?case={case.pk}")) == 3
    assert ids(f"?child={action.child_id}") == [str(action.pk)]
    assert client.get(ACTIONS + "?status=nonsense").status_code == 400


def test_list_costs_a_fixed_number_of_queries(api_as, allocated_worker, case, django_assert_max_num_queries):
    for _ in range(20):
        ActionFactory(case=case, owner=allocated_worker)
    client = api_as(allocated_worker)
    with django_assert_max_num_queries(12):
        assert len(client.get(ACTIONS).json()["results"]) == 20


# --- Adding -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", WRITERS)
def test_the_team_holding_the_case_adds_actions(request, api_as, persona, case, colleague):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", ACTIONS, body(case, colleague))
    assert response.status_code == 201, response.content
    created = Action.objects.get(pk=response.json()["id"])
    assert (created.owner, created.created_by, created.source) == (colleague, user, "other")


@pytest.mark.parametrize("persona", READERS)
def test_readers_cannot_add(request, api_as, persona, case, allocated_worker):
    response = call(api_as, request.getfixturevalue(persona), "post", ACTIONS, body(case, allocated_worker))
    assert response.status_code == 403
    assert not Action.objects.exists()


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_other_team_cannot_add(request, api_as, persona, case, allocated_worker):
    response = call(api_as, request.getfixturevalue(persona), "post", ACTIONS, body(case, allocated_worker))
    assert response.status_code == 404


def test_bad_input_gets_field_errors(api_as, allocated_worker, other_team_worker, case, teenager):
    bad = body(case, other_team_worker, action="", due_date="2001-01-01", child=str(teenager.pk))
    response = call(api_as, allocated_worker, "post", ACTIONS, bad)
    assert response.status_code == 400
    errors = response.json()
    assert "child" in str(errors)
    response = call(api_as, allocated_worker, "post", ACTIONS, body(case, other_team_worker, action=""))
    assert response.status_code == 400
    assert {"action", "owner"} <= set(response.json())
    response = call(api_as, allocated_worker, "post", ACTIONS, body(case, allocated_worker, due_date="2001-01-01"))
    assert response.status_code == 400
    assert "due_date" in response.json()
    response = call(api_as, allocated_worker, "post", ACTIONS, body(case, allocated_worker, source="plan"))
    assert response.status_code == 400
    assert "plan" in response.json()
    assert not Action.objects.exists()


# --- Changing ---------------------------------------------------------------------------


def test_creator_changes_an_open_action_with_its_version(api_as, allocated_worker, colleague, action):
    response = call(api_as, allocated_worker, "patch", url(action), {"owner": str(colleague.pk), "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["owner"] == str(colleague.pk)
    assert response.json()["version"] == 2
    stale = call(api_as, allocated_worker, "patch", url(action), {"action": "Other", "version": 1})
    assert stale.status_code == 409


@pytest.mark.parametrize("persona", ["colleague", *READERS])
def test_others_cannot_change(request, api_as, persona, action):
    response = call(api_as, request.getfixturevalue(persona), "patch", url(action), {"action": "x", "version": 1})
    assert response.status_code == 403


# --- Completing -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["allocated_worker", "manager"])
def test_owner_or_manager_completes(request, api_as, persona, action):
    user = request.getfixturevalue(persona)
    response = call(api_as, user, "post", url(action, "complete"), {"note": "GP says weight is fine"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["done_note"], data["done_by"]) == ("done", "GP says weight is fine", str(user.pk))
    again = call(api_as, user, "post", url(action, "complete"), {"note": "Again"})
    assert again.status_code == 400


def test_a_note_is_required(api_as, allocated_worker, action):
    response = call(api_as, allocated_worker, "post", url(action, "complete"), {"note": ""})
    assert response.status_code == 400
    assert "note" in response.json()
    action.refresh_from_db()
    assert action.status == "open"


@pytest.mark.parametrize("persona", ["colleague", *READERS])
def test_others_cannot_complete(request, api_as, persona, action):
    response = call(api_as, request.getfixturevalue(persona), "post", url(action, "complete"), {"note": "Done"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


def test_a_plan_action_completed_through_the_api_reaches_the_chronology(api_as, allocated_worker, case, siblings):
    from casework.models import Plan

    plan = Plan.objects.create(case=case, child=siblings["sam"], created_by=allocated_worker)
    response = call(
        api_as, allocated_worker, "post", ACTIONS, body(case, allocated_worker, source="plan", plan=str(plan.pk))
    )
    assert response.status_code == 201, response.content
    assert response.json()["child"] == str(siblings["sam"].pk)
    call(api_as, allocated_worker, "post", url(Action.objects.get(), "complete"), {"note": "Rang them"})
    entry = ChronologyEntry.objects.get(event_kind="action_completed")
    assert list(entry.people.all()) == [siblings["sam"]]
