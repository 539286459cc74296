"""Actions: something someone will do by a date, from supervision, a plan or elsewhere.

Created and changed by those who may record on the case (its allocated worker, colleagues and
manager: PERMISSIONS.md "Record ..."); completed, with a note, by their owner or a manager of
the team holding the case.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import events_actions
from casework.core.access import team_ids_for
from casework.core.models import User
from casework.core.versioning import check_version, save_versioned
from casework.models import Action, ActionSource, ActionStatus, Case, Plan, SupervisionDiscussion
from casework.selectors import can_record, user_manages_team
from casework.services.visits import case_children
from families.models import Person

ACTION_FIELDS = ("action", "owner", "due_date")


def _require_case_write(by: User, case: Case) -> None:
    if not any(can_record(by, person=c) for c in case_children(case)):
        raise PermissionDenied("Your team does not hold this case, or your role cannot record on it.")


def action_owner_allowed(*, by: User, case: Case, owner: User | None) -> bool:
    """An action is owned by an active member of the team holding the case or of the creator's teams."""
    if owner is None or not owner.is_active:
        return False
    teams = {case.team_id, *team_ids_for(by)}
    return owner.teams.filter(id__in=teams).exists()


def _validate(
    *,
    by: User,
    case: Case,
    action: Any,
    owner: User | None,
    due_date: datetime.date | None,
    check_due: bool = True,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (action or "").strip():
        errors["action"] = ["Enter what needs to be done"]
    if owner is None:
        errors["owner"] = ["Choose who will do it"]
    elif not action_owner_allowed(by=by, case=case, owner=owner):
        errors["owner"] = ["Choose someone in the team holding the case, or in your team"]
    if due_date is None:
        errors["due_date"] = ["Enter the date it is due"]
    elif check_due and due_date < timezone.localdate():
        errors["due_date"] = ["The due date must be today or in the future"]
    return errors


@transaction.atomic
def action_create(
    *,
    by: User,
    case: Case,
    action: str,
    owner: User | None,
    due_date: datetime.date | None,
    child: Person | None = None,
    source: str = ActionSource.OTHER,
    discussion: SupervisionDiscussion | None = None,
    plan: Plan | None = None,
) -> Action:
    """Add an action to a case (and, optionally, one of its children)."""
    _require_case_write(by, case)
    errors = _validate(by=by, case=case, action=action, owner=owner, due_date=due_date)
    if source not in ActionSource.values:
        errors["source"] = ["Choose where the action comes from"]
    if child is not None and child.pk not in {c.pk for c in case_children(case)}:
        errors["child"] = ["Choose a child of this case"]
    if plan is not None and plan.case_id != case.pk:
        errors["plan"] = ["Choose a plan of this case"]
    if discussion is not None and discussion.case_id != case.pk:
        errors["discussion"] = ["Choose a discussion of this case"]
    if source == ActionSource.PLAN and plan is None:
        errors.setdefault("plan", []).append("Choose the plan the action comes from")
    if source == ActionSource.SUPERVISION and discussion is None:
        errors.setdefault("discussion", []).append("Choose the supervision discussion the action comes from")
    if errors:
        raise ValidationError(errors)
    if child is None and plan is not None:
        child = plan.child
    record = Action(
        case=case,
        child=child,
        source=source,
        discussion=discussion,
        plan=plan,
        action=action.strip(),
        owner=owner,
        due_date=due_date,
        created_by=by,
    )
    record._history_user = by
    record._change_reason = "Added"
    record.save()
    return record


def action_can_change(*, user: User, action: Action) -> bool:
    """Change an open action: its creator, or a manager of the team holding the case."""
    if action.status != ActionStatus.OPEN:
        return False
    return action.created_by_id == user.pk or user_manages_team(user=user, team_id=action.case.team_id)


def action_can_complete(*, user: User, action: Action) -> bool:
    """Complete an open action: its owner, or a manager of the team holding the case."""
    if action.status != ActionStatus.OPEN:
        return False
    return action.owner_id == user.pk or user_manages_team(user=user, team_id=action.case.team_id)


@transaction.atomic
def action_update(
    *,
    by: User,
    action: Action,
    data: dict[str, Any],
    expected_version: int | None,
) -> Action:
    """Change an open action's text, owner or due date (compare-and-swap on its version)."""
    if not action_can_change(user=by, action=action):
        if action.status != ActionStatus.OPEN:
            raise ValidationError({"non_field_errors": ["A completed action is not changed"]})
        raise PermissionDenied("Only the person who added the action, or a manager of the team, can change it.")
    new = {name: data[name] for name in ACTION_FIELDS if name in data}
    text = new.get("action", action.action)
    owner = new.get("owner", action.owner)
    due_date = new.get("due_date", action.due_date)
    errors = _validate(
        by=by,
        case=action.case,
        action=text,
        owner=owner,
        due_date=due_date,
        check_due="due_date" in new and due_date != action.due_date,
    )
    if "owner" in new and owner is not None and owner.pk == action.owner_id:
        errors.pop("owner", None)  # keeping the current owner is always allowed
    if errors:
        raise ValidationError(errors)
    action.action = (text or "").strip()
    action.owner = owner
    action.due_date = due_date
    save_versioned(action, expected_version=expected_version, by=by, change_reason="Changed")
    return action


@transaction.atomic
def action_complete(*, by: User, action: Action, note: str, expected_version: int | None = None) -> Action:
    """Mark an action done with a note of what was done. An action from supervision or a plan
    appears in the child's chronology ("Action completed: ...")."""
    if action.status != ActionStatus.OPEN:
        raise ValidationError({"non_field_errors": ["This action is already done"]})
    if not action_can_complete(user=by, action=action):
        raise PermissionDenied("Only the action's owner, or a manager of the team, can complete it.")
    if not (note or "").strip():
        raise ValidationError({"note": ["Enter what was done"]})
    if expected_version is not None:
        check_version(action, expected_version)
    else:
        action.version = type(action)._default_manager.select_for_update().get(pk=action.pk).version
        expected_version = action.version
    action.status = ActionStatus.DONE
    action.done_note = note.strip()
    action.done_at = timezone.now()
    action.done_by = by
    save_versioned(action, expected_version=expected_version, by=by, change_reason="Completed")
    events_actions.record_action_completed(action, by)
    return action
