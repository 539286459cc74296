"""Child in Need plans: drafted by a worker of the team holding the case, authorised by one of
its managers who did not write it, reviewed with progress (0-10) on each goal, and ended with a
decision record (end the plan, or step down). CP plans are started and ended by conferences and
reviewed by core groups (later issues); a child never has a CIN and a CP plan open at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import events_plans
from casework.core.access import team_ids_for
from casework.core.models import User
from casework.core.versioning import check_version
from casework.models import (
    Case,
    DecisionKind,
    EpisodeStatus,
    GoalProgress,
    Plan,
    PlanGoal,
    PlanKind,
    PlanReview,
    PlanStatus,
)
from casework.selectors import can_record, user_manages_team
from casework.services.cases import decision_record
from families.models import Person

MAX_GOALS = 20
MAX_ATTENDEES = 50
PLAN_FIELDS = ("start_date", "visiting_frequency_days", "review_frequency_weeks")
END_KINDS = (DecisionKind.END_PLAN, DecisionKind.STEP_DOWN)
CANNOT_RECORD = "Your team does not hold this child's case, or your role cannot draft plans or record reviews."


def _require_recorder(by: User, case: Case, child: Person) -> None:
    """PERMISSIONS.md "Draft plans and assessments; record reviews": the team holding the case."""
    if case.team_id not in team_ids_for(by) or not can_record(by, person=child):
        raise PermissionDenied(CANNOT_RECORD)


def _save(plan: Plan, by: User, reason: str, expected_version: int | None = None) -> None:
    if expected_version is not None:
        check_version(plan, expected_version)
    plan.version += 1
    plan._change_reason = reason[:100]
    plan._history_user = by
    plan.save()


def _open_plan_error(child: Person, exclude: Any = None) -> ValidationError | None:
    """A child has one open plan at most (a CIN and a CP plan never together)."""
    other = Plan.objects.filter(child=child).exclude(status=PlanStatus.ENDED).exclude(pk=exclude).first()
    if other is None:
        return None
    if other.kind == PlanKind.CP:
        message = f"{child.full_name} has a child protection plan: a CIN plan cannot be open at the same time"
    else:
        message = f"{child.full_name} already has an open CIN plan ({other.get_status_display().lower()})"
    return ValidationError({"child": [message]})


def _validate_fields(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    for name in ("initial_category", "latest_category"):
        if data.get(name):
            # A category of abuse belongs to a CP plan, set by its conferences.
            errors.setdefault(name, []).append("A CIN plan has no category of abuse: only a child protection plan has")
    start = data.get("start_date")
    if start is not None and start > timezone.localdate() + datetime.timedelta(days=366):
        errors.setdefault("start_date", []).append("The start date must be within a year from today")
    frequency = data.get("visiting_frequency_days")
    if frequency is not None and not 1 <= int(frequency) <= 130:
        errors.setdefault("visiting_frequency_days", []).append("Visit every 1 to 130 working days")
    weeks = data.get("review_frequency_weeks")
    if weeks is not None and not 1 <= int(weeks) <= 52:
        errors.setdefault("review_frequency_weeks", []).append("Review every 1 to 52 weeks")


def _clean_goals(goals: list[dict[str, Any]], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    cleaned = []
    if len(goals) > MAX_GOALS:
        errors.setdefault("goals", []).append(f"A plan has at most {MAX_GOALS} goals")
    for index, goal in enumerate(goals[:MAX_GOALS]):
        description = (goal.get("description") or "").strip()
        help_provided = (goal.get("help_provided") or "").strip()
        if not description and not help_provided:
            continue  # an empty "add another goal" row
        if not description:
            errors.setdefault("goals", []).append(f"Goal {index + 1}: say what needs to change")
        cleaned.append({"id": goal.get("id"), "description": description, "help_provided": help_provided})
    return cleaned


def _set_goals(plan: Plan, goals: list[dict[str, Any]]) -> None:
    """Replace a draft's goals: those sent with an id are kept (and changed), others added."""
    existing = {str(g.pk): g for g in plan.goals.all()}
    kept = []
    for position, goal in enumerate(goals):
        row = existing.get(str(goal.get("id") or ""))
        if row is None:
            row = PlanGoal(plan=plan)
        row.position, row.description, row.help_provided = position, goal["description"], goal["help_provided"]
        row.save()
        kept.append(row.pk)
    plan.goals.exclude(pk__in=kept).delete()


@transaction.atomic
def plan_create(
    *,
    by: User,
    case: Case,
    child: Person,
    data: dict[str, Any],
    goals: list[dict[str, Any]],
) -> Plan:
    """Draft a CIN plan for a child with an open episode in the case (CP plans come from conferences)."""
    _require_recorder(by, case, child)
    errors: dict[str, list[str]] = {}
    if not case.episodes.filter(child=child).exclude(status=EpisodeStatus.CLOSED).exists():
        errors["child"] = [f"{child.full_name} has no open episode in this case"]
    _validate_fields(data, errors)
    cleaned = _clean_goals(goals, errors)
    if errors:
        raise ValidationError(errors)
    # Locking the child's row serialises two drafts started at once (the constraint backs this up).
    Person.objects.select_for_update().filter(pk=child.pk).first()
    if overlap := _open_plan_error(child):
        raise overlap
    plan = Plan(case=case, child=child, kind=PlanKind.CIN, created_by=by)
    for name in PLAN_FIELDS:
        if data.get(name) is not None:
            setattr(plan, name, data[name])
    plan._history_user, plan._change_reason = by, "Drafted"
    plan.save()
    _set_goals(plan, cleaned)
    return plan


def _require_draft(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            {"non_field_errors": ["Only a draft plan can be changed: an authorised plan moves on at its reviews"]}
        )


@transaction.atomic
def plan_update(
    *,
    by: User,
    plan: Plan,
    data: dict[str, Any],
    goals: list[dict[str, Any]] | None = None,
    expected_version: int | None,
) -> Plan:
    """Change a draft plan's dates, frequencies and goals (compare-and-swap on its version)."""
    _require_recorder(by, plan.case, plan.child)
    _require_draft(plan)
    errors: dict[str, list[str]] = {}
    _validate_fields(data, errors)
    cleaned = _clean_goals(goals, errors) if goals is not None else None
    if errors:
        raise ValidationError(errors)
    for name in PLAN_FIELDS:
        if name in data:
            setattr(plan, name, data[name])
    check_version(plan, expected_version)  # a PATCH says which version it read (none or stale: 409)
    _save(plan, by, "Draft changed")
    if cleaned is not None:
        _set_goals(plan, cleaned)
    return plan


def plan_can_authorise_check(by: User, plan: Plan) -> None:
    """A team manager of the case's team, never the plan's author (PERMISSIONS.md)."""
    if not user_manages_team(user=by, team_id=plan.case.team_id):
        raise PermissionDenied("Only a manager of the team holding the case can authorise a CIN plan.")
    if plan.created_by_id == by.pk:
        raise PermissionDenied("You drafted this plan: another manager of the team must authorise it.")


@transaction.atomic
def plan_authorise(*, by: User, plan: Plan, expected_version: int | None = None) -> Plan:
    """Authorise a draft CIN plan: it starts, goes in the chronology, and its reviews fall due."""
    plan_can_authorise_check(by, plan)
    _require_draft(plan)
    errors: dict[str, list[str]] = {}
    if not plan.goals.exists():
        errors["goals"] = ["Add at least one goal: what needs to change"]
    if not plan.visiting_frequency_days:
        errors["visiting_frequency_days"] = ["Say how often the child is visited (working days)"]
    if plan.start_date is None:
        errors["start_date"] = ["Enter the date the plan starts"]
    if errors:
        raise ValidationError(errors)
    plan.status, plan.authorised_by, plan.authorised_at = PlanStatus.AUTHORISED, by, timezone.now()
    _save(plan, by, "Authorised", expected_version)
    events_plans.record_plan_started(plan, by)
    return plan


def _validate_review(plan: Plan, date: Any, attendees: list[str], summary: str, errors: dict[str, list[str]]) -> None:
    if date is None:
        errors["date"] = ["Enter the date of the review"]
    elif date > timezone.localdate():
        errors["date"] = ["A review is recorded once it has happened: the date must be today or in the past"]
    elif plan.start_date and date < plan.start_date:
        errors["date"] = [f"The review must be on or after the plan started ({plan.start_date:%-d %B %Y})"]
    if len(attendees) > MAX_ATTENDEES:
        errors["attendees"] = [f"List at most {MAX_ATTENDEES} people"]
    if not (summary or "").strip():
        errors["summary"] = ["Summarise the review: what has changed and what happens next"]


def _progress_rows(plan: Plan, goal_progress: list[dict[str, Any]], errors: dict[str, list[str]]) -> list[dict]:
    goals = {str(g.pk): g for g in plan.goals.all()}
    rows, seen = [], set()
    for index, entry in enumerate(goal_progress):
        goal = goals.get(str(entry.get("goal") or ""))
        progress = entry.get("progress")
        if goal is None:
            errors.setdefault("goal_progress", []).append(f"Row {index + 1} is not a goal of this plan")
            continue
        if goal.pk in seen:
            errors.setdefault("goal_progress", []).append(f"Goal {goal.position + 1} is scored twice")
        seen.add(goal.pk)
        if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 10:
            errors.setdefault("goal_progress", []).append(f"Goal {goal.position + 1}: progress is from 0 to 10")
            continue
        rows.append({"goal": goal, "progress": progress, "comment": (entry.get("comment") or "").strip()})
    return rows


@transaction.atomic
def plan_review(
    *,
    by: User,
    plan: Plan,
    date: datetime.date | None,
    attendees: list[str],
    summary: str,
    goal_progress: list[dict[str, Any]],
) -> PlanReview:
    """Record a CIN plan review: who came, a summary, and progress (0-10) on each goal at most once."""
    _require_recorder(by, plan.case, plan.child)
    if plan.kind != PlanKind.CIN:
        raise ValidationError(
            {"non_field_errors": ["A child protection plan is reviewed by core groups and review conferences"]}
        )
    if plan.status != PlanStatus.AUTHORISED:
        raise ValidationError({"non_field_errors": ["Only an authorised plan, not yet ended, is reviewed"]})
    attendees = [a.strip() for a in attendees or [] if isinstance(a, str) and a.strip()]
    errors: dict[str, list[str]] = {}
    _validate_review(plan, date, attendees, summary, errors)
    rows = _progress_rows(plan, goal_progress or [], errors)
    if errors:
        raise ValidationError(errors)
    review = PlanReview(plan=plan, date=date, attendees=attendees, summary=summary.strip(), recorded_by=by)
    review._history_user = by
    review.save()
    GoalProgress.objects.bulk_create(
        GoalProgress(goal=r["goal"], review=review, date=date, progress=r["progress"], comment=r["comment"])
        for r in rows
    )
    _save(plan, by, f"Reviewed on {date:%-d %B %Y}")
    events_plans.record_plan_review(review, by)
    return review


@transaction.atomic
def plan_end(
    *,
    by: User,
    plan: Plan,
    end_date: datetime.date | None,
    reason: str,
    kind: str = DecisionKind.END_PLAN,
    expected_version: int | None = None,
) -> Plan:
    """End a CIN plan (or step down) with a decision record: the reason is its rationale."""
    _require_recorder(by, plan.case, plan.child)
    if plan.kind != PlanKind.CIN:
        raise ValidationError({"non_field_errors": ["A child protection plan is ended by a review conference"]})
    errors: dict[str, list[str]] = {}
    if plan.status == PlanStatus.ENDED:
        errors["non_field_errors"] = ["The plan has already ended"]
    if kind not in END_KINDS:
        errors["kind"] = ["Choose whether the plan ends or the child steps down to other support"]
    if end_date is None:
        errors["end_date"] = ["Enter the date the plan ends"]
    elif end_date > timezone.localdate():
        errors["end_date"] = ["The end date must be today or in the past"]
    elif plan.start_date and end_date < plan.start_date:
        errors["end_date"] = ["The plan cannot end before it started"]
    if not (reason or "").strip():
        errors["reason"] = ["Say why the plan ends: what has changed for the child"]
    if errors:
        raise ValidationError(errors)
    words = "Step down from the CIN plan" if kind == DecisionKind.STEP_DOWN else "End the CIN plan"
    decision_record(
        by=by,
        case=plan.case,
        children=[plan.child],
        kind=kind,
        decision=words,
        rationale=reason,
        agreed_by=by if user_manages_team(user=by, team_id=plan.case.team_id) else None,
        date=end_date,
    )
    plan.status, plan.end_date, plan.end_reason, plan.ended_by = PlanStatus.ENDED, end_date, reason.strip(), by
    _save(plan, by, "Ended", expected_version)
    events_plans.record_plan_ended(plan, by)
    return plan


def open_plans(*, person_id: Any = None, episode: Any = None) -> list[str]:
    """Open work (casework.core.open_work): a draft or authorised plan keeps the episode open."""
    child_id = person_id if person_id is not None else episode.child_id
    found = []
    for plan in Plan.objects.filter(child_id=child_id).exclude(status=PlanStatus.ENDED):
        if plan.status == PlanStatus.DRAFT:
            found.append(f"the draft {plan.get_kind_display()}")
        else:
            start = f" started {plan.start_date:%-d %B %Y}" if plan.start_date else ""
            found.append(f"the {plan.get_kind_display()}{start}")
    return found
