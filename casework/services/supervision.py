"""Supervision: a session between a team manager and one of their workers (PERMISSIONS.md "Record
supervision": a manager, for the workers of their own teams), the cases discussed with the
decision and its rationale, and the actions agreed. The decision and rationale are the manager's
oversight on each child's chronology; private notes stay in the supervision record."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import events_supervision
from casework.core.models import Role, User
from casework.core.versioning import save_versioned
from casework.models import ActionSource, Case, CaseStatus, Supervision, SupervisionDiscussion
from casework.selectors_supervision import supervision_team_for

MAX_DISCUSSIONS = 50
MAX_ACTIONS = 10
TEXT_LIMIT = 50000
NOT_THEIR_MANAGER = "Only a team manager of the worker's team records their supervision."


def _text(value: Any) -> str:
    return str(value or "").strip()


def _require_recorder(by: User, supervisee: User) -> Any:
    """The team the supervision belongs to; 403 for anyone but a manager of the worker's team."""
    if by.role != Role.TEAM_MANAGER:
        raise PermissionDenied(NOT_THEIR_MANAGER)
    if supervisee.pk == by.pk:
        raise ValidationError({"supervisee": ["You cannot record your own supervision"]})
    team = supervision_team_for(by=by, supervisee=supervisee)
    if team is None:
        raise ValidationError({"supervisee": ["Choose a worker in a team you manage"]})
    return team


def _validate_date(date: datetime.date | None, errors: dict[str, list[str]]) -> None:
    if date is None:
        errors["date"] = ["Enter the date of the supervision"]
    elif date > timezone.localdate():
        errors["date"] = ["The date of the supervision must be today or in the past"]


def _case_allowed(case: Case, *, team: Any, supervisee: User) -> bool:
    """A case the supervisee works on in that team: open, held by it, allocated to them (or to
    no one: the team holds it together)."""
    return (
        case.status == CaseStatus.OPEN and case.team_id == team.pk and case.allocated_worker_id in (None, supervisee.pk)
    )


def _validate_action(prefix: str, item: dict[str, Any], errors: dict[str, list[str]]) -> None:
    if not _text(item.get("action")):
        errors[f"{prefix}.action"] = ["Enter what needs to be done"]
    if item.get("owner") is None:
        errors[f"{prefix}.owner"] = ["Choose who will do it"]
    due = item.get("due_date")
    if due is None:
        errors[f"{prefix}.due_date"] = ["Enter the date it is due"]
    elif due < timezone.localdate():
        errors[f"{prefix}.due_date"] = ["The due date must be today or in the future"]


def _validate_discussions(
    discussions: list[dict[str, Any]], *, team: Any, supervisee: User, errors: dict[str, list[str]]
) -> None:
    if len(discussions) > MAX_DISCUSSIONS:
        errors["discussions"] = [f"Record at most {MAX_DISCUSSIONS} cases in one supervision"]
        return
    seen: set[Any] = set()
    for index, item in enumerate(discussions):
        prefix = f"discussions.{index}"
        case = item.get("case")
        if case is None or not _case_allowed(case, team=team, supervisee=supervisee):
            errors[f"{prefix}.case"] = ["Choose an open case the worker holds in your team"]
        elif case.pk in seen:
            errors[f"{prefix}.case"] = [f"The {case.family.name} case is listed twice"]
        else:
            seen.add(case.pk)
        for name, message in (
            ("decision", "Enter the decision"),
            ("rationale", "Enter the rationale for the decision"),
        ):
            if not _text(item.get(name)):
                errors[f"{prefix}.{name}"] = [message]
            elif len(_text(item.get(name))) > TEXT_LIMIT:
                errors[f"{prefix}.{name}"] = ["This is too long"]
        actions = item.get("actions") or []
        if len(actions) > MAX_ACTIONS:
            errors[f"{prefix}.actions"] = [f"Agree at most {MAX_ACTIONS} actions for one case"]
            continue
        for number, action in enumerate(actions):
            _validate_action(f"{prefix}.actions.{number}", action, errors)


def _create_actions(by: User, discussion: SupervisionDiscussion, index: int, actions: list[dict[str, Any]]) -> None:
    """Through the actions service (the owner must be in the team holding the case ...); its
    field errors come back named after the discussion and the action."""
    from casework.services.actions import action_create

    for number, item in enumerate(actions):
        try:
            action_create(
                by=by,
                case=discussion.case,
                action=_text(item.get("action")),
                owner=item.get("owner"),
                due_date=item.get("due_date"),
                source=ActionSource.SUPERVISION,
                discussion=discussion,
            )
        except ValidationError as error:
            prefix = f"discussions.{index}.actions.{number}"
            if hasattr(error, "error_dict"):
                raise ValidationError({f"{prefix}.{k}": v for k, v in error.message_dict.items()}) from error
            raise ValidationError({prefix: error.messages}) from error


@transaction.atomic
def supervision_record(
    *,
    by: User,
    supervisee: User,
    date: datetime.date | None,
    private_notes: str = "",
    discussions: list[dict[str, Any]] | None = None,
) -> Supervision:
    """Record a supervision session: only a team manager of a team the supervisee belongs to;
    each case discussed is one the supervisee works on in that team, with a decision and its
    rationale; the actions agreed go to their owners. All or nothing."""
    team = _require_recorder(by, supervisee)
    discussions = list(discussions or [])
    errors: dict[str, list[str]] = {}
    _validate_date(date, errors)
    if len(_text(private_notes)) > TEXT_LIMIT:
        errors["private_notes"] = ["The private notes are too long"]
    _validate_discussions(discussions, team=team, supervisee=supervisee, errors=errors)
    if errors:
        raise ValidationError(errors)
    supervision = Supervision(
        supervisee=supervisee, supervisor=by, team=team, date=date, private_notes=_text(private_notes)
    )
    supervision._history_user = by
    supervision._change_reason = "Recorded"
    supervision.save()
    for index, item in enumerate(discussions):
        discussion = SupervisionDiscussion.objects.create(
            supervision=supervision,
            case=item["case"],
            position=index,
            reflection=_text(item.get("reflection")),
            decision=_text(item.get("decision")),
            rationale=_text(item.get("rationale")),
        )
        _create_actions(by, discussion, index, item.get("actions") or [])
        events_supervision.record_oversight(discussion, by)
    return supervision


def supervision_can_change(*, user: User, supervision: Supervision) -> bool:
    """The supervisor changes the record until the supervisee acknowledges it."""
    return supervision.supervisor_id == user.pk and supervision.acknowledged_at is None


@transaction.atomic
def supervision_update(
    *,
    by: User,
    supervision: Supervision,
    expected_version: int | None,
    data: dict[str, Any],
) -> Supervision:
    """Change the date, the private notes, or the reflection, decision and rationale of a case
    already discussed (`data["discussions"]`: [{id, ...}]); the supervisor only, before the
    supervisee acknowledges it. The oversight in the chronology follows."""
    if supervision.supervisor_id != by.pk:
        raise PermissionDenied("Only the supervisor changes a supervision record.")
    if supervision.acknowledged_at is not None:
        raise ValidationError({"non_field_errors": ["The supervisee has acknowledged this record: it is not changed"]})
    errors: dict[str, list[str]] = {}
    if "date" in data:
        _validate_date(data["date"], errors)
    existing = {d.pk: d for d in supervision.discussions.select_related("case__family", "supervision")}
    changed: list[SupervisionDiscussion] = []
    for index, item in enumerate(data.get("discussions") or []):
        discussion = existing.get(item.get("id"))
        if discussion is None:
            errors[f"discussions.{index}.id"] = ["Choose a case discussed in this supervision"]
            continue
        for name in ("reflection", "decision", "rationale"):
            if name in item:
                setattr(discussion, name, _text(item[name]))
        for name in ("decision", "rationale"):
            if not getattr(discussion, name):
                errors[f"discussions.{index}.{name}"] = [f"Enter the {name}"]
        changed.append(discussion)
    if errors:
        raise ValidationError(errors)
    if "date" in data:
        supervision.date = data["date"]
    if "private_notes" in data:
        supervision.private_notes = _text(data["private_notes"])
    save_versioned(supervision, expected_version=expected_version, by=by, change_reason="Changed")
    for discussion in changed:
        discussion.supervision = supervision
        discussion.save(update_fields=["reflection", "decision", "rationale"])
    for discussion in existing.values():
        discussion.supervision = supervision
        events_supervision.record_oversight(discussion, by)
    return supervision


@transaction.atomic
def supervision_acknowledge(
    *, by: User, supervision: Supervision, comment: str = "", expected_version: int | None = None
) -> Supervision:
    """The supervisee (only) reads, comments on and acknowledges their record, once."""
    if supervision.supervisee_id != by.pk:
        raise PermissionDenied("Only the supervisee acknowledges their supervision record.")
    current = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if current.acknowledged_at is not None:
        raise ValidationError({"non_field_errors": ["You have already acknowledged this supervision record"]})
    if len(_text(comment)) > TEXT_LIMIT:
        raise ValidationError({"comment": ["Your comment is too long"]})
    supervision.acknowledged_at = timezone.now()
    supervision.supervisee_comment = _text(comment)
    version = current.version if expected_version is None else expected_version
    save_versioned(supervision, expected_version=version, by=by, change_reason="Acknowledged")
    return supervision
