"""Conferences and core groups made through the services, as a persona would make them."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from casework.models import Conference, CoreGroup, Plan
from casework.services import conferences
from tests.factories.strategy import discussion


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def conference(
    by: Any, case: Any, outcomes: list[tuple[Any, str, str]], *, kind: str = "initial", date: Any = None, **extra: Any
) -> Conference:
    """`outcomes` as (child, decision, category)."""
    return conferences.conference_record(
        by=by,
        case=case,
        kind=kind,
        date=date or days_ago(30),
        chair=extra.pop("chair", "Jo Chair"),
        attendees=extra.pop("attendees", ["Mum", "School nurse"]),
        parents_participation=extra.pop("parents_participation", "Mum came and agreed the plan."),
        child_participation=extra.pop("child_participation", "Ava wrote what she wanted to say."),
        summary=extra.pop("summary", "Concerns about neglect at home."),
        outcomes=[{"child": c, "decision": d, "category": cat} for c, d, cat in outcomes],
        **extra,
    )


def cp_plan(
    by: Any, case: Any, child: Any, *, sd_days_ago: int = 40, days_ago_: int = 30, category: str = "NEG"
) -> Plan:
    """A strategy discussion deciding S47, then an initial conference starting a CP plan."""
    discussion(by, case, [child], date=days_ago(sd_days_ago))
    conference(by, case, [(child, "cp_plan", category)], date=days_ago(days_ago_))
    return Plan.objects.get(child=child, kind="cp", status="authorised")


def with_goals(plan: Plan, count: int = 2) -> Plan:
    for n in range(count):
        plan.goals.create(position=n, description=f"Goal {n + 1}", help_provided=f"Help {n + 1}")
    return plan


def core_group(by: Any, plan: Plan, days_ago_: int, scores: list[int] | None = None) -> CoreGroup:
    goals = list(plan.goals.all())
    return conferences.core_group_record(
        by=by,
        plan=plan,
        date=days_ago(days_ago_),
        attendees=["Mum", "Health visitor"],
        summary="Home conditions improving.",
        goal_progress=[{"goal": str(g.pk), "progress": s} for g, s in zip(goals, scores or [], strict=False)],
    )
