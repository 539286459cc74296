"""casework.services.actions: adding, changing and completing actions, for the personas of
PERMISSIONS.md; completing one from supervision or a plan puts it in the child's chronology."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casework.core.versioning import StaleVersion
from casework.models import Action, ActionStatus
from casework.services.actions import action_complete, action_create, action_update
from chronology.models import ChronologyEntry
from tests.casework.api_support import *  # noqa: F403  (the fixtures)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def add(by, case, **overrides) -> Action:
    data = {"action": "Ring the school about attendance", "owner": by, "due_date": TODAY() + datetime.timedelta(days=3)}
    data.update(overrides)
    return action_create(by=by, case=case, **data)


@pytest.mark.parametrize("persona", ["allocated_worker", "colleague", "manager"])
def test_those_who_record_on_the_case_add_actions(request, persona, case):
    user = request.getfixturevalue(persona)
    action = add(user, case)
    assert action.status == ActionStatus.OPEN
    assert action.created_by == user
    assert action.history.count() == 1


@pytest.mark.parametrize(
    "persona",
    ["front_door_worker", "front_door_manager", "other_team_worker", "other_team_manager", "performance_officer"],
)
def test_others_cannot_add_actions(request, persona, case, allocated_worker):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        add(user, case, owner=allocated_worker)
    assert not Action.objects.exists()


def test_auditor_cannot_add_actions(auditor, case, allocated_worker):
    with pytest.raises(PermissionDenied):
        add(auditor, case, owner=allocated_worker)


def test_field_errors_name_each_field(allocated_worker, case):
    with pytest.raises(ValidationError) as caught:
        add(allocated_worker, case, action="  ", owner=None, due_date=TODAY() - datetime.timedelta(days=1))
    assert set(caught.value.message_dict) == {"action", "owner", "due_date"}
    with pytest.raises(ValidationError) as caught:
        add(allocated_worker, case, due_date=None)
    assert "due_date" in caught.value.message_dict
    assert not Action.objects.exists()


def test_due_today_is_allowed(allocated_worker, case):
    assert add(allocated_worker, case, due_date=TODAY()).due_date == TODAY()


def test_owner_is_an_active_member_of_the_holding_or_creators_team(
    allocated_worker, colleague, manager, other_team_worker, case
):
    assert add(allocated_worker, case, owner=colleague).owner == colleague
    assert add(allocated_worker, case, owner=manager).owner == manager
    with pytest.raises(ValidationError) as caught:
        add(allocated_worker, case, owner=other_team_worker)
    assert "owner" in caught.value.message_dict
    colleague.is_active = False
    colleague.save()
    with pytest.raises(ValidationError) as caught:
        add(allocated_worker, case, owner=colleague)
    assert "owner" in caught.value.message_dict


def test_child_must_be_a_child_of_the_case(allocated_worker, case, siblings, teenager):
    assert add(allocated_worker, case, child=siblings["ava"]).child == siblings["ava"]
    with pytest.raises(ValidationError) as caught:
        add(allocated_worker, case, child=teenager)
    assert "child" in caught.value.message_dict


def test_a_plan_action_needs_its_plan(allocated_worker, case):
    with pytest.raises(ValidationError) as caught:
        add(allocated_worker, case, source="plan")
    assert "plan" in caught.value.message_dict


# --- Changing ---------------------------------------------------------------------------


def test_creator_and_manager_change_an_open_action(allocated_worker, colleague, manager, case):
    action = add(allocated_worker, case)
    new_due = TODAY() + datetime.timedelta(days=10)
    action_update(by=allocated_worker, action=action, data={"due_date": new_due}, expected_version=1)
    action_update(by=manager, action=action, data={"owner": colleague, "action": "Visit"}, expected_version=2)
    action.refresh_from_db()
    assert (action.due_date, action.owner, action.action, action.version) == (new_due, colleague, "Visit", 3)


def test_others_cannot_change_an_action(allocated_worker, colleague, case):
    action = add(allocated_worker, case)
    with pytest.raises(PermissionDenied):
        action_update(by=colleague, action=action, data={"action": "Other"}, expected_version=1)


def test_change_refuses_a_stale_version(allocated_worker, case):
    action = add(allocated_worker, case)
    with pytest.raises(StaleVersion):
        action_update(by=allocated_worker, action=action, data={"action": "Other"}, expected_version=7)
    action.refresh_from_db()
    assert action.action == "Ring the school about attendance"


def test_change_validates_fields(allocated_worker, other_team_worker, case):
    action = add(allocated_worker, case)
    with pytest.raises(ValidationError) as caught:
        action_update(
            by=allocated_worker,
            action=action,
            data={"action": "", "owner": other_team_worker, "due_date": TODAY() - datetime.timedelta(days=2)},
            expected_version=1,
        )
    assert set(caught.value.message_dict) == {"action", "owner", "due_date"}


# --- Completing ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["allocated_worker", "manager"])
def test_owner_or_manager_completes_with_a_note(request, persona, allocated_worker, case):
    action = add(allocated_worker, case)
    user = request.getfixturevalue(persona)
    done = action_complete(by=user, action=action, note="Spoke to the head teacher")
    done.refresh_from_db()
    assert done.status == ActionStatus.DONE
    assert done.done_note == "Spoke to the head teacher"
    assert done.done_by == user and done.done_at is not None
    assert done.version == 2


@pytest.mark.parametrize(
    "persona", ["colleague", "other_team_manager", "front_door_manager", "performance_officer", "auditor"]
)
def test_others_cannot_complete(request, persona, allocated_worker, case):
    action = add(allocated_worker, case)
    with pytest.raises(PermissionDenied):
        action_complete(by=request.getfixturevalue(persona), action=action, note="Done")
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_a_note_is_required(allocated_worker, case):
    action = add(allocated_worker, case)
    with pytest.raises(ValidationError) as caught:
        action_complete(by=allocated_worker, action=action, note="   ")
    assert "note" in caught.value.message_dict
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_a_done_action_is_not_completed_or_changed_again(allocated_worker, case):
    action = add(allocated_worker, case)
    action_complete(by=allocated_worker, action=action, note="Done")
    with pytest.raises(ValidationError):
        action_complete(by=allocated_worker, action=action, note="Again")
    with pytest.raises(ValidationError):
        action_update(by=allocated_worker, action=action, data={"action": "x"}, expected_version=2)


def test_complete_refuses_a_stale_version(allocated_worker, case):
    action = add(allocated_worker, case)
    with pytest.raises(StaleVersion):
        action_complete(by=allocated_worker, action=action, note="Done", expected_version=5)


def test_an_other_action_stays_out_of_the_chronology(allocated_worker, case):
    action_complete(by=allocated_worker, action=add(allocated_worker, case), note="Done")
    assert not ChronologyEntry.objects.filter(event_kind="action_completed").exists()


def test_a_plan_action_completed_appears_in_the_childs_chronology(allocated_worker, case, siblings):
    from casework.models import Plan

    plan = Plan.objects.create(case=case, child=siblings["ava"], created_by=allocated_worker)
    action = add(allocated_worker, case, source="plan", plan=plan)
    assert action.child == siblings["ava"]
    action_complete(by=allocated_worker, action=action, note="Booked the GP appointment")
    entry = ChronologyEntry.objects.get(event_kind="action_completed")
    assert entry.summary == "Action completed: Ring the school about attendance"
    assert list(entry.people.all()) == [siblings["ava"]]
    assert entry.detail == "Booked the GP appointment"


def test_an_owner_from_the_creators_other_team(allocated_worker, case):
    """A worker in two teams may give an action to someone in their other team."""
    from tests.factories import TeamFactory

    east = TeamFactory(name="East")
    allocated_worker.teams.add(east)
    allocated_worker._casework_team_kinds = None
    helper = UserFactory(username="east.worker", teams=[east])
    assert add(allocated_worker, case, owner=helper).owner == helper
