"""Child protection conferences and core groups (Working Together; API.md "Child protection").

- An initial conference follows a strategy discussion about the child: it needs one in this
  case, and it cannot be dated before the child's latest strategy discussion. A transfer-in
  conference needs none (the enquiries were made by another authority).
- An initial or transfer-in conference decides `cp_plan` (with a category of abuse: required) or
  `no_plan` for each child. A plan starts on the conference date, authorised by the conference,
  with a visiting frequency of 10 working days until someone changes it. A CP plan replaces the
  child's open CIN plan: that plan ends on the conference date with a decision record "Replaced by
  a child protection plan" in the same transaction.
- A review conference decides `continue_plan` (a category, if given, becomes the latest
  category) or `end_plan` (the plan ends on its date with a decision record; the summary is its
  rationale) for each child with an open CP plan in the case.
- A core group reviews a CP plan (never a CIN plan) with progress (0-10) on its goals; a review
  conference may record progress too.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casework import events_conferences, events_plans
from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.models import User
from casework.core.versioning import check_version
from casework.models import (
    Case,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceOutcome,
    CoreGroup,
    DecisionKind,
    EpisodeStatus,
    GoalProgress,
    Plan,
    PlanKind,
    PlanStatus,
    S47Outcome,
    Section47,
    StrategyDiscussion,
)
from casework.selectors import can_record, user_manages_team
from casework.services.cases import decision_record
from casework.services.plans import _progress_rows, _save
from families.models import Person

CANNOT_RECORD = "Your team does not hold this child's case, or your role cannot record conferences and core groups."
DEFAULT_CP_VISITING_DAYS = 10
MAX_ATTENDEES = 50
CATEGORIES = ("NEG", "PHY", "EMO", "SAB", "MUL")
STARTING = (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN)
DECISIONS = {
    ConferenceKind.INITIAL: (ConferenceDecision.CP_PLAN, ConferenceDecision.NO_PLAN),
    ConferenceKind.TRANSFER_IN: (ConferenceDecision.CP_PLAN, ConferenceDecision.NO_PLAN),
    ConferenceKind.REVIEW: (ConferenceDecision.CONTINUE_PLAN, ConferenceDecision.END_PLAN),
}
SUMMARY_FIELDS = ("chair", "attendees", "parents_participation", "child_participation", "summary")


def _require_recorder(by: User, case: Case, children: list[Person]) -> None:
    """PERMISSIONS.md "Record strategy discussions, S47, conferences, core groups"."""
    allowed = by.role in WRITING_ROLES and case.team_id in team_ids_for(by)
    if not allowed or not all(can_record(by, person=c) for c in children):
        raise PermissionDenied(CANNOT_RECORD)


def _clean_attendees(attendees: Any) -> list[str]:
    return [a.strip() for a in attendees or [] if isinstance(a, str) and a.strip()]


def _check_date(date: Any, errors: dict[str, list[str]], what: str = "conference") -> None:
    if date is None:
        errors["date"] = [f"Enter the date of the {what}"]
    elif date > timezone.localdate():
        errors["date"] = [f"A {what} is recorded once it has happened: the date must be today or in the past"]


def _open_cp_plan(child: Person, case: Case) -> Plan | None:
    return Plan.objects.filter(child=child, case=case, kind=PlanKind.CP, status=PlanStatus.AUTHORISED).first()


def _check_outcome(kind: str, case: Case, date: Any, row: dict[str, Any], index: int) -> list[str]:
    """What is wrong with one child's decision at a conference of this kind (empty if nothing)."""
    child, decision, category = row["child"], row.get("decision") or "", row.get("category") or ""
    name = child.full_name
    problems = []
    if decision not in DECISIONS.get(kind, ()):
        allowed = " or ".join(str(ConferenceDecision(d).label).lower() for d in DECISIONS.get(kind, ()))
        return [f"{name}: choose {allowed}" if allowed else f"{name}: choose the conference's decision"]
    if category and category not in CATEGORIES:
        problems.append(f"{name}: choose a category of abuse from the list")
    if decision == ConferenceDecision.CP_PLAN and not category:
        problems.append(f"{name}: a child protection plan needs a category of abuse")
    if decision in (ConferenceDecision.NO_PLAN, ConferenceDecision.END_PLAN) and category:
        problems.append(f"{name}: a category of abuse is given only with a plan")
    if kind in STARTING and decision == ConferenceDecision.CP_PLAN:
        if not case.episodes.filter(child=child).exclude(status=EpisodeStatus.CLOSED).exists():
            problems.append(f"{name} has no open episode in this case")
        if Plan.objects.filter(child=child, kind=PlanKind.CP).exclude(status=PlanStatus.ENDED).exists():
            problems.append(f"{name} already has a child protection plan: hold a review conference")
    if kind == ConferenceKind.REVIEW:
        plan = _open_cp_plan(child, case)
        if plan is None:
            problems.append(f"{name} has no child protection plan in this case to review")
        elif date is not None and plan.start_date and date < plan.start_date:
            problems.append(f"{name}: the review cannot be before the plan started ({plan.start_date:%-d %B %Y})")
    return problems


def _strategy_errors(kind: str, case: Case, date: Any, children: list[Person], errors: dict) -> None:
    """An initial conference follows a strategy discussion about each child, never before the latest."""
    if kind != ConferenceKind.INITIAL or date is None:
        return
    for child in children:
        latest = StrategyDiscussion.objects.filter(case=case, children=child).aggregate(last=Max("date"))["last"]
        if latest is None:
            errors.setdefault("outcomes", []).append(
                f"{child.full_name}: record the strategy discussion before an initial conference"
            )
        elif date < latest:
            errors.setdefault("date", []).append(
                f"The conference cannot be before {child.full_name}'s latest strategy discussion ({latest:%-d %B %Y})"
            )


def _validate(kind: str, case: Case, date: Any, fields: dict, outcomes: list[dict]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in ConferenceKind.values:
        errors["kind"] = ["Choose the kind of conference"]
    _check_date(date, errors)
    if not (fields.get("chair") or "").strip():
        errors["chair"] = ["Enter the name of the chair"]
    if len(fields.get("attendees") or []) > MAX_ATTENDEES:
        errors["attendees"] = [f"List at most {MAX_ATTENDEES} people"]
    if not outcomes:
        errors["outcomes"] = ["Record the conference's decision for at least one child"]
    seen = set()
    for index, row in enumerate(outcomes):
        if row["child"].pk in seen:
            errors.setdefault("outcomes", []).append(f"{row['child'].full_name} has two decisions")
        seen.add(row["child"].pk)
        if "kind" not in errors:
            errors.setdefault("outcomes", []).extend(_check_outcome(kind, case, date, row, index))
    if not errors.get("outcomes"):
        errors.pop("outcomes", None)
    if any(r.get("decision") == ConferenceDecision.END_PLAN for r in outcomes) and not fields.get("summary"):
        errors["summary"] = ["Say why the plan ends: the summary is the reason recorded with the decision"]
    _strategy_errors(kind, case, date, [r["child"] for r in outcomes], errors)
    return errors


def _replace_cin_plan(by: User, case: Case, child: Person, date: datetime.date) -> None:
    """Working Together: a CP plan replaces the child's CIN plan (draft or authorised)."""
    for cin in Plan.objects.select_for_update().filter(child=child, kind=PlanKind.CIN).exclude(status=PlanStatus.ENDED):
        reason = "Replaced by a child protection plan"
        decision_record(
            by=by,
            case=cin.case,
            children=[child],
            kind=DecisionKind.END_PLAN,
            decision=f"End the CIN plan: {reason.lower()}",
            rationale=f"The initial child protection conference on {date:%-d %B %Y} decided on a plan.",
            agreed_by=by if user_manages_team(user=by, team_id=cin.case.team_id) else None,
            date=date,
        )
        cin.status, cin.end_date, cin.end_reason, cin.ended_by = PlanStatus.ENDED, date, reason, by
        _save(cin, by, "Ended: replaced by a CP plan")
        if cin.authorised_at:
            events_plans.record_plan_ended(cin, by)


def _start_plan(by: User, conference: Conference, child: Person, category: str) -> Plan:
    _replace_cin_plan(by, conference.case, child, conference.date)
    plan = Plan(
        case=conference.case,
        child=child,
        kind=PlanKind.CP,
        status=PlanStatus.AUTHORISED,
        start_date=conference.date,
        initial_category=category,
        latest_category=category,
        visiting_frequency_days=DEFAULT_CP_VISITING_DAYS,
        created_by=by,
        authorised_at=timezone.now(),
    )
    plan._history_user, plan._change_reason = by, f"Started by the {conference.get_kind_display().lower()}"
    plan.save()
    events_plans.record_plan_started(plan, by)
    return plan


def _end_plan(by: User, conference: Conference, plan: Plan) -> None:
    decision_record(
        by=by,
        case=plan.case,
        children=[plan.child],
        kind=DecisionKind.END_PLAN,
        decision="End the child protection plan",
        rationale=conference.summary,
        agreed_by=by if user_manages_team(user=by, team_id=plan.case.team_id) else None,
        date=conference.date,
    )
    plan.status, plan.end_date, plan.ended_by = PlanStatus.ENDED, conference.date, by
    plan.end_reason = f"Ended by the review conference on {conference.date:%-d %B %Y}"
    _save(plan, by, "Ended by a review conference")
    events_plans.record_plan_ended(plan, by)


def _mark_section47(by: User, child: Person, case: Case, date: datetime.date) -> None:
    """The enquiry that led to an initial conference concludes with it (outcome: conference)."""
    for enquiry in Section47.objects.filter(child=child, case=case, completed_date=None, start_date__lte=date):
        enquiry.outcome = enquiry.outcome or S47Outcome.ICPC
        enquiry.completed_date = date
        enquiry.version += 1
        enquiry._history_user, enquiry._change_reason = by, "Concluded by the initial conference"
        enquiry.save()


def _apply(by: User, conference: Conference, row: dict[str, Any]) -> ConferenceOutcome:
    child, decision, category = row["child"], row["decision"], row.get("category") or ""
    plan = None
    if decision == ConferenceDecision.CP_PLAN:
        plan = _start_plan(by, conference, child, category)
    elif conference.kind == ConferenceKind.REVIEW:
        plan = _open_cp_plan(child, conference.case)
        if decision == ConferenceDecision.END_PLAN:
            _end_plan(by, conference, plan)
        elif category and category != plan.latest_category:
            plan.latest_category = category
            _save(plan, by, f"Category {category} from the review conference")
    if conference.kind == ConferenceKind.INITIAL:
        _mark_section47(by, child, conference.case, conference.date)
    return ConferenceOutcome.objects.create(
        conference=conference, child=child, decision=decision, category=category, plan=plan
    )


@transaction.atomic
def conference_record(
    *,
    by: User,
    case: Case,
    kind: str,
    date: datetime.date | None,
    chair: str,
    attendees: list[str] | None = None,
    parents_participation: str = "",
    child_participation: str = "",
    summary: str = "",
    outcomes: list[dict[str, Any]],
    goal_progress: list[dict[str, Any]] | None = None,
) -> Conference:
    """Record a conference and its decision per child: plans start, continue or end with it."""
    outcomes = [{**row, "category": (row.get("category") or "").strip()} for row in outcomes or []]
    _require_recorder(by, case, [row["child"] for row in outcomes])
    fields = {
        "chair": (chair or "").strip(),
        "attendees": _clean_attendees(attendees),
        "parents_participation": (parents_participation or "").strip(),
        "child_participation": (child_participation or "").strip(),
        "summary": (summary or "").strip(),
    }
    # Lock the children so two conferences recorded at once cannot both start a plan.
    list(Person.objects.select_for_update().filter(pk__in=[row["child"].pk for row in outcomes]).order_by("pk"))
    errors = _validate(kind, case, date, fields, outcomes)
    progress = _review_progress(kind, case, outcomes, goal_progress or [], errors)
    if errors:
        raise ValidationError(errors)
    conference = Conference(case=case, kind=kind, date=date, recorded_by=by, **fields)
    conference._history_user = by
    conference.save()
    for row in outcomes:
        outcome = _apply(by, conference, row)
        events_conferences.record_conference_outcome(outcome, by)
    GoalProgress.objects.bulk_create(
        GoalProgress(goal=r["goal"], conference=conference, date=date, progress=r["progress"], comment=r["comment"])
        for r in progress
    )
    return conference


def _review_progress(kind: str, case: Case, outcomes: list[dict], goal_progress: list[dict], errors: dict) -> list:
    """Progress scored at a review conference, on the goals of the plans it reviews."""
    if not goal_progress:
        return []
    if kind != ConferenceKind.REVIEW:
        errors.setdefault("goal_progress", []).append("Progress on a plan's goals is scored at a review conference")
        return []
    rows: list[dict] = []
    for row in outcomes:
        plan = _open_cp_plan(row["child"], case)
        if plan is not None:
            mine = [
                g
                for g in goal_progress
                if str(g.get("goal")) in {str(p) for p in plan.goals.values_list("pk", flat=True)}
            ]
            rows += _progress_rows(plan, mine, errors)
    if len(rows) < len(goal_progress) and "goal_progress" not in errors:
        errors["goal_progress"] = ["Score only goals of the plans this conference reviews"]
    return rows


@transaction.atomic
def conference_update(
    *, by: User, conference: Conference, data: dict[str, Any], expected_version: int | None
) -> Conference:
    """Correct a conference's chair, attendees, participation and summary (its decisions stand)."""
    _require_recorder(by, conference.case, [o.child for o in conference.outcomes.select_related("child")])
    errors: dict[str, list[str]] = {}
    if "chair" in data and not (data["chair"] or "").strip():
        errors["chair"] = ["Enter the name of the chair"]
    if "attendees" in data:
        data["attendees"] = _clean_attendees(data["attendees"])
        if len(data["attendees"]) > MAX_ATTENDEES:
            errors["attendees"] = [f"List at most {MAX_ATTENDEES} people"]
    if errors:
        raise ValidationError(errors)
    check_version(conference, expected_version)
    for name in SUMMARY_FIELDS:
        if name in data:
            setattr(conference, name, data[name].strip() if isinstance(data[name], str) else data[name])
    conference.version += 1
    conference._history_user, conference._change_reason = by, "Corrected"
    conference.save()
    for outcome in conference.outcomes.select_related("child", "conference__case__family"):
        events_conferences.record_conference_outcome(outcome, by)
    return conference


@transaction.atomic
def core_group_record(
    *,
    by: User,
    plan: Plan,
    date: datetime.date | None,
    attendees: list[str] | None,
    summary: str,
    goal_progress: list[dict[str, Any]] | None = None,
) -> CoreGroup:
    """Record a core group meeting on an open CP plan, with progress (0-10) on its goals."""
    _require_recorder(by, plan.case, [plan.child])
    if plan.kind != PlanKind.CP:
        raise ValidationError(
            {"plan": ["A CIN plan is reviewed at its own reviews: core groups are for child protection plans"]}
        )
    if plan.status != PlanStatus.AUTHORISED:
        raise ValidationError({"plan": ["The plan has ended: core groups meet while a plan is open"]})
    attendees = _clean_attendees(attendees)
    errors: dict[str, list[str]] = {}
    _check_date(date, errors, "core group")
    if "date" not in errors and plan.start_date and date < plan.start_date:
        errors["date"] = [f"The core group must be on or after the plan started ({plan.start_date:%-d %B %Y})"]
    if len(attendees) > MAX_ATTENDEES:
        errors["attendees"] = [f"List at most {MAX_ATTENDEES} people"]
    if not (summary or "").strip():
        errors["summary"] = ["Summarise the core group: what has changed and what happens next"]
    rows = _progress_rows(plan, goal_progress or [], errors)
    if errors:
        raise ValidationError(errors)
    group = CoreGroup(plan=plan, date=date, attendees=attendees, summary=summary.strip(), recorded_by=by)
    group._history_user = by
    group.save()
    GoalProgress.objects.bulk_create(
        GoalProgress(goal=r["goal"], core_group=group, date=date, progress=r["progress"], comment=r["comment"])
        for r in rows
    )
    events_conferences.record_core_group(group, by)
    return group


@transaction.atomic
def cp_plan_update(
    *,
    by: User,
    plan: Plan,
    data: dict[str, Any],
    goals: list[dict[str, Any]] | None = None,
    expected_version: int | None,
) -> Plan:
    """Change an open CP plan's visiting frequency and goals (what the core group agrees); its
    dates and categories move only with conferences."""
    from casework.services.plans import _clean_goals, _set_goals, _validate_fields

    _require_recorder(by, plan.case, [plan.child])
    if plan.kind != PlanKind.CP or plan.status != PlanStatus.AUTHORISED:
        raise ValidationError({"non_field_errors": ["Only an open child protection plan is changed here"]})
    errors: dict[str, list[str]] = {}
    if data.get("start_date") not in (None, plan.start_date):
        errors["start_date"] = ["A child protection plan starts on the date of its conference"]
    if data.get("review_frequency_weeks"):
        errors["review_frequency_weeks"] = ["A child protection plan is reviewed by review conferences"]
    _validate_fields({"visiting_frequency_days": data.get("visiting_frequency_days")}, errors)
    if "visiting_frequency_days" in data and not data["visiting_frequency_days"]:
        errors["visiting_frequency_days"] = ["Say how often the child is visited (working days)"]
    for name in ("initial_category", "latest_category"):
        if data.get(name) not in (None, "", getattr(plan, name)):
            errors[name] = ["The category of abuse is decided by a conference"]
    cleaned = _clean_goals(goals, errors) if goals is not None else None
    if errors:
        raise ValidationError(errors)
    check_version(plan, expected_version)
    if data.get("visiting_frequency_days"):
        plan.visiting_frequency_days = data["visiting_frequency_days"]
    _save(plan, by, "Plan changed")
    if cleaned is not None:
        _set_goals(plan, cleaned)
    return plan
