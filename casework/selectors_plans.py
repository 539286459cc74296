"""Reading plans with the record's access rules (PERMISSIONS.md): a plan is seen by whoever may
open its child's record; the team holding the case drafts and reviews it; a manager of that team
who did not write it authorises it.

Reviews fall due every `review_frequency_weeks` weeks (12 weeks when the plan does not say, the
usual rhythm of CIN reviews) from the last review, or from the start for the first one. The next
statutory visit is due `visiting_frequency_days` working days after the last statutory visit
where the child was seen (or after the plan started, before any such visit).
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import Max, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.models import User
from casework.models import GoalProgress, Plan, PlanGoal, PlanKind, PlanReview, PlanStatus
from casework.selectors import can_record, user_manages_team
from casework.selectors_visits_due import last_seen_subquery, next_visit_due
from families.selectors import person_list_for_user

DEFAULT_REVIEW_WEEKS = 12


def _last_seen_on_statutory_visit() -> Subquery:
    return last_seen_subquery()


def plans_annotated(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans with what their dates are counted from: `last_review_date`, `last_seen_at`."""
    return plans.annotate(last_review_date=Max("reviews__date"), last_seen_at=_last_seen_on_statutory_visit())


def plan_list_for_user(*, user: User) -> QuerySet[Plan]:
    """Plans of children the user may open."""
    plans = Plan.objects.filter(child_id__in=person_list_for_user(user=user).values("id"))
    return plans_annotated(
        plans.select_related("child", "case__team", "case__family", "created_by", "authorised_by", "ended_by")
    )


def plan_get_for_user(*, user: User, plan_id: UUID | str) -> Plan:
    # 404, not 403: do not reveal that a record the user cannot see exists.
    return get_object_or_404(plan_list_for_user(user=user), pk=plan_id)


def plan_can_record(*, user: User, plan: Plan) -> bool:
    """Change a draft, record a review, end the plan: a writing role in the team holding the case."""
    return (
        user.role in WRITING_ROLES
        and plan.case.team_id in team_ids_for(user)
        and can_record(user, person=plan.child)
        and plan.status != PlanStatus.ENDED
    )


def plan_can_authorise(*, user: User, plan: Plan) -> bool:
    """A manager of the team holding the case who did not draft the plan."""
    return (
        plan.status == PlanStatus.DRAFT
        and plan.created_by_id != user.pk
        and user_manages_team(user=user, team_id=plan.case.team_id)
    )


def _last_review(plan: Plan) -> datetime.date | None:
    if hasattr(plan, "last_review_date"):
        return plan.last_review_date
    return plan.reviews.aggregate(last=Max("date"))["last"]


def plan_next_review_due(plan: Plan) -> datetime.date | None:
    """When an authorised CIN plan is next reviewed: the last review (or the start) plus the
    plan's review frequency (12 weeks by default); None for drafts, ended and CP plans."""
    if plan.kind != PlanKind.CIN or plan.status != PlanStatus.AUTHORISED or plan.start_date is None:
        return None
    base = _last_review(plan) or plan.start_date
    return base + datetime.timedelta(weeks=plan.review_frequency_weeks or DEFAULT_REVIEW_WEEKS)


def plan_next_visit_due(plan: Plan) -> datetime.date | None:
    """The visiting frequency counted in working days from the last statutory visit where the
    child was seen (from the start before there is one); None unless the plan is authorised.
    One definition: casework.selectors_visits_due.next_visit_due."""
    return next_visit_due(plan)


def plans_due_for_review(*, team_ids: list[Any], within_days: int = 14) -> list[Plan]:
    """Authorised CIN plans of these teams' cases whose review is due within `within_days` (or
    overdue), soonest first, each with `next_review_due` (one query)."""
    plans = plans_annotated(
        Plan.objects.filter(case__team_id__in=team_ids, kind=PlanKind.CIN, status=PlanStatus.AUTHORISED)
    ).select_related("child", "case__family", "case__allocated_worker")
    horizon = timezone.localdate() + datetime.timedelta(days=within_days)
    due = []
    for plan in plans:
        plan.next_review_due = plan_next_review_due(plan)
        if plan.next_review_due is not None and plan.next_review_due <= horizon:
            due.append(plan)
    return sorted(due, key=lambda p: (p.next_review_due, p.child.last_name))


def plan_goals_with_history(plan: Plan) -> list[PlanGoal]:
    """The plan's goals, each with `progress_rows` (its progress, oldest first) and `latest` (two
    queries, whatever the number of goals and reviews)."""
    history = GoalProgress.objects.select_related("review").order_by("date", "id")
    goals = list(plan.goals.prefetch_related(Prefetch("progress_history", queryset=history, to_attr="progress_rows")))
    for goal in goals:
        goal.latest = goal.progress_rows[-1] if goal.progress_rows else None
    return goals


def goal_progress_history(*, plan: Plan) -> dict[Any, list[GoalProgress]]:
    """Progress per goal, oldest first, in one query: {goal id: [GoalProgress, ...]}."""
    found: dict[Any, list[GoalProgress]] = {}
    for row in GoalProgress.objects.filter(goal__plan=plan).order_by("date", "id"):
        found.setdefault(row.goal_id, []).append(row)
    return found


def plan_reviews(plan: Plan) -> list[PlanReview]:
    """The plan's reviews, newest first, with who recorded them and their progress (two queries)."""
    progress = GoalProgress.objects.select_related("goal").order_by("goal__position")
    return list(plan.reviews.select_related("recorded_by").prefetch_related(Prefetch("progress", queryset=progress)))


def current_plan_for_child(*, child_id: Any) -> Plan | None:
    """The child's open plan (draft or authorised), if any: there is one at most."""
    return (
        plans_annotated(Plan.objects.filter(child_id=child_id).exclude(status=PlanStatus.ENDED))
        .select_related("case")
        .first()
    )
