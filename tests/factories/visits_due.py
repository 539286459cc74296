"""Visits for the visits-due tests, recorded and finished through the visit services as a worker
would record them; and many children on plans at once, for the query-count tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from casework.models import Plan, PlanKind, PlanStatus, Visit
from casework.services import visits
from families import services as family_services


def when(days_ago: int, hour: int = 14) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def visit(
    by: Any,
    case: Any,
    days_ago: int,
    children: list[dict[str, Any]],
    *,
    kind: str = "home_visit",
    statutory: bool = True,
    outcome: str = "completed",
) -> Visit:
    data = {"occurred_at": when(days_ago), "kind": kind, "statutory": statutory, "outcome": outcome}
    return visits.visit_finish(by=by, visit=visits.visit_create(by=by, case=case, data=data, children=children))


def seen(child: Any) -> dict[str, Any]:
    return {"child": child, "seen": True, "seen_alone": "yes"}


def not_seen(child: Any, reason: str = "no_access") -> dict[str, Any]:
    return {"child": child, "seen": False, "not_seen_reason": reason}


def children_on_plans(by: Any, case: Any, count: int, *, start_days_ago: int = 40) -> list[Plan]:
    """`count` children on authorised plans in the case (made directly: only the reading is tested)."""
    start = timezone.localdate() - datetime.timedelta(days=start_days_ago)
    plans = []
    for n in range(count):
        child = family_services.person_create(
            by=by,
            data={"first_name": f"Child{n}", "last_name": "Many", "date_of_birth": datetime.date(2015, 1, 1)},
            confirm_not_duplicate=True,
        )
        plans.append(
            Plan.objects.create(
                case=case,
                child=child,
                kind=PlanKind.CP if n % 2 else PlanKind.CIN,
                status=PlanStatus.AUTHORISED,
                start_date=start,
                visiting_frequency_days=10,
                initial_category="NEG" if n % 2 else "",
                latest_category="NEG" if n % 2 else "",
                created_by=by,
            )
        )
    return plans
