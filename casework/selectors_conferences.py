"""Reading conferences, core groups and what CP plans derive from them, with the record's access
rules (PERMISSIONS.md): whoever may open every child a conference decided about sees it.

- Review conferences are due within 3 months of the initial (or transfer-in) conference, then at
  most every 6 months from the last review conference (calendar months; shown neutrally).
- The first core group is due within 10 working days of the initial conference.
- Previous CP plans = CP plans of the child that ended before this one started, in our record,
  plus `previous_cp_plans_elsewhere` on the person: never typed into the plan.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.db.models import Max, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.models import User
from casework.core.working_days import add_working_days
from casework.models import (
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    CoreGroup,
    GoalProgress,
    Plan,
    PlanKind,
    PlanStatus,
)
from casework.selectors import can_record
from families.selectors import person_list_for_user

FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
FIRST_CORE_GROUP_DAYS = 10


def conference_list_for_user(*, user: User) -> QuerySet[Conference]:
    """Conferences whose children the user may all open (none outside access)."""
    visible = person_list_for_user(user=user).values("id")
    hidden = ConferenceOutcome.objects.exclude(child_id__in=visible).values("conference_id")
    outcomes = ConferenceOutcome.objects.select_related("child", "plan").order_by("child__first_name", "id")
    return (
        Conference.objects.filter(outcomes__child_id__in=visible)
        .exclude(pk__in=hidden)
        .distinct()
        .select_related("case__family", "case__team", "recorded_by")
        .prefetch_related(Prefetch("outcomes", queryset=outcomes))
    )


def conference_get_for_user(*, user: User, conference_id: UUID | str) -> Conference:
    # 404, not 403: do not reveal that a record the user cannot see exists.
    return get_object_or_404(conference_list_for_user(user=user), pk=conference_id)


def conference_can_record(*, user: User, case: Any, children: list[Any]) -> bool:
    """A writing role in the team holding the case, able to write every child's record."""
    return (
        user.role in WRITING_ROLES
        and case.team_id in team_ids_for(user)
        and all(can_record(user, person=c) for c in children)
    )


def core_group_list_for_user(*, user: User) -> QuerySet[CoreGroup]:
    """Core groups of CP plans of children the user may open."""
    progress = GoalProgress.objects.select_related("goal").order_by("goal__position", "id")
    return (
        CoreGroup.objects.filter(plan__child_id__in=person_list_for_user(user=user).values("id"))
        .select_related("plan__child", "plan__case", "recorded_by")
        .prefetch_related(Prefetch("progress", queryset=progress))
    )


def core_group_get_for_user(*, user: User, core_group_id: UUID | str) -> CoreGroup:
    return get_object_or_404(core_group_list_for_user(user=user), pk=core_group_id)


def _is_open_cp(plan: Plan) -> bool:
    return plan.kind == PlanKind.CP and plan.status == PlanStatus.AUTHORISED and plan.start_date is not None


def plan_review_conference_due(plan: Plan) -> datetime.date | None:
    """3 months after the plan started, then 6 months after the last review conference."""
    if not _is_open_cp(plan):
        return None
    last = ConferenceOutcome.objects.filter(plan=plan, conference__kind=ConferenceKind.REVIEW).aggregate(
        last=Max("conference__date")
    )["last"]
    if last is None:
        return plan.start_date + relativedelta(months=FIRST_REVIEW_MONTHS)
    return last + relativedelta(months=LATER_REVIEW_MONTHS)


def plan_first_core_group_due(plan: Plan) -> datetime.date | None:
    """10 working days after the plan started (the initial conference), until one has met."""
    if not _is_open_cp(plan) or plan.core_groups.exists():
        return None
    return add_working_days(plan.start_date, FIRST_CORE_GROUP_DAYS)


def previous_cp_plans(*, child: Any, before: datetime.date | None = None) -> int:
    """CP plans in the record that ended before `before` (all ended ones if None), plus those
    the child had elsewhere."""
    ended = Plan.objects.filter(child=child, kind=PlanKind.CP, status=PlanStatus.ENDED)
    if before is not None:
        ended = ended.filter(start_date__lt=before)
    return ended.count() + (child.previous_cp_plans_elsewhere or 0)


def plan_previous_cp_plans(plan: Plan) -> int:
    return previous_cp_plans(child=plan.child, before=plan.start_date) if plan.kind == PlanKind.CP else 0


def plan_category_history(plan: Plan) -> list[ConferenceOutcome]:
    """The conference decisions on the plan, oldest first (its category over time)."""
    return list(
        ConferenceOutcome.objects.filter(plan=plan)
        .select_related("conference")
        .order_by("conference__date", "conference__created_at")
    )


def plan_core_groups(plan: Plan) -> list[CoreGroup]:
    """The plan's core groups, newest first, with their progress (two queries)."""
    progress = GoalProgress.objects.select_related("goal").order_by("goal__position", "id")
    return list(
        plan.core_groups.select_related("recorded_by").prefetch_related(Prefetch("progress", queryset=progress))
    )


def case_conferences(*, user: User, case: Any) -> list[Conference]:
    """The case's conferences the user may see, newest first."""
    return list(conference_list_for_user(user=user).filter(case=case).order_by("-date", "-created_at"))
