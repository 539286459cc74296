"""Plan records made through the services, as a persona would make them."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from casework.models import Plan
from casework.services import plans


def draft_plan(by: Any, case: Any, child: Any, *, goals: int = 2, start_days_ago: int = 60) -> Plan:
    data = {
        "start_date": timezone.localdate() - datetime.timedelta(days=start_days_ago),
        "visiting_frequency_days": 20,
    }
    rows = [{"description": f"Goal {n}", "help_provided": f"Help {n}"} for n in range(1, goals + 1)]
    return plans.plan_create(by=by, case=case, child=child, data=data, goals=rows)


def authorised_plan(by: Any, manager: Any, case: Any, child: Any, **kwargs: Any) -> Plan:
    return plans.plan_authorise(by=manager, plan=draft_plan(by, case, child, **kwargs))


def review(by: Any, plan: Plan, days_ago: int, scores: list[int]) -> Any:
    goals = list(plan.goals.all())
    return plans.plan_review(
        by=by,
        plan=plan,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        attendees=["Mum"],
        summary="Going well",
        goal_progress=[{"goal": str(g.pk), "progress": s} for g, s in zip(goals, scores, strict=False)],
    )
