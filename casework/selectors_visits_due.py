"""Visits due, neutrally (DESIGN.md principle 14, "Seeing the child is the work"): for children on
an authorised CIN or CP plan with a visiting frequency, when the next statutory visit is due and
the attempts made since the child was last seen.

The one definition: the next statutory visit is due `visiting_frequency_days` working days after
the last finished statutory visit where the child was seen in person (a telephone or video call
never counts), or after the plan's start when the child has not been seen on one since. Finished
in-person visits since then where the child was not seen (no access, declined, not at home) are
the attempts, shown with their dates and reasons: they never reset the date.

Every list costs two queries whatever the number of children: the plans with the last seen
visit as a subquery, and the attempts since it for all of them at once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from casework.core.chronology import london_date
from casework.core.working_days import add_working_days
from casework.models import REMOTE_KINDS, NotSeenReason, Plan, PlanStatus, RecordStatus, VisitChild, VisitOutcome

DUE_WITHIN_DAYS = 7  # "due" on lists: the next visit falls within a week (or has passed)
ATTEMPTS_SHOWN = 5


def last_seen_subquery(child_ref: str = "child_id") -> Subquery:
    """When the child (OuterRef `child_ref`) was last seen in person on a finished statutory visit."""
    seen = VisitChild.objects.filter(
        child_id=OuterRef(child_ref), seen=True, visit__statutory=True, visit__status=RecordStatus.FINISHED
    ).exclude(visit__kind__in=list(REMOTE_KINDS))
    return Subquery(seen.order_by("-visit__occurred_at").values("visit__occurred_at")[:1])


def _visit_base(plan: Plan, seen_at: datetime.datetime | None) -> datetime.date:
    """The date the frequency counts from: the last seen visit, or the start if not seen since."""
    seen_on = london_date(seen_at) if seen_at else None
    return max(seen_on, plan.start_date) if seen_on else plan.start_date


def next_visit_due(plan: Plan) -> datetime.date | None:
    """The plan's next statutory visit date; None unless it is authorised with a frequency.
    Reads the `last_seen_at` annotation when present (one query otherwise)."""
    if plan.status != PlanStatus.AUTHORISED or not plan.visiting_frequency_days or plan.start_date is None:
        return None
    if hasattr(plan, "last_seen_at"):
        seen_at = plan.last_seen_at
    else:
        rows = Plan.objects.filter(pk=plan.pk).annotate(last_seen_at=last_seen_subquery())
        seen_at = rows.values_list("last_seen_at", flat=True).first()
    return add_working_days(_visit_base(plan, seen_at), plan.visiting_frequency_days)


@dataclass(frozen=True)
class Attempt:
    """A finished in-person visit since the child was last seen where they were not seen."""

    occurred_at: datetime.datetime
    reason: str

    @property
    def date(self) -> datetime.date:
        return london_date(self.occurred_at)


@dataclass
class VisitDue:
    """One child's next statutory visit: when it is due, when they were last seen, the attempts."""

    plan: Plan
    due: datetime.date
    last_seen_on: datetime.date | None
    today: datetime.date
    attempts: list[Attempt] = field(default_factory=list)  # the latest few, oldest first
    attempt_count: int = 0

    @property
    def child(self) -> Any:
        return self.plan.child

    @property
    def case(self) -> Any:
        return self.plan.case

    @property
    def past(self) -> bool:
        """The due date has gone by without the child being seen."""
        return self.due < self.today

    def within(self, days: int = DUE_WITHIN_DAYS) -> bool:
        return self.due <= self.today + datetime.timedelta(days=days)


def _plans(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return (
        plans.filter(status=PlanStatus.AUTHORISED, visiting_frequency_days__gt=0, start_date__isnull=False)
        .annotate(last_seen_at=last_seen_subquery())
        .select_related("child", "case__family", "case__team", "case__allocated_worker")
    )


def _attempts(plans: list[Plan]) -> dict[Any, list[Attempt]]:
    """Attempts per child since their last seen visit, newest first, for all the plans (one query)."""
    if not plans:
        return {}
    rows = (
        VisitChild.objects.filter(
            child_id__in=[p.child_id for p in plans], seen=False, visit__status=RecordStatus.FINISHED
        )
        .exclude(visit__kind__in=list(REMOTE_KINDS))
        .annotate(last_seen_at=last_seen_subquery())
        .filter(Q(last_seen_at__isnull=True) | Q(visit__occurred_at__gt=F("last_seen_at")))
        .order_by("-visit__occurred_at")
        .values_list("child_id", "visit__occurred_at", "not_seen_reason", "visit__outcome")
    )
    found: dict[Any, list[Attempt]] = {}
    for child_id, occurred_at, reason, outcome in rows:
        found.setdefault(child_id, []).append(Attempt(occurred_at, _reason_label(reason or outcome)))
    return found


_REASONS = {**dict(VisitOutcome.choices), **dict(NotSeenReason.choices), VisitOutcome.COMPLETED: "Not seen"}


def _reason_label(code: str) -> str:
    """'no access', 'declined by the family', 'not at home': the words the lists use."""
    return str(_REASONS.get(code, "Not seen")).lower()


def visits_due(
    plans: QuerySet[Plan], *, today: datetime.date | None = None, within_days: int | None = DUE_WITHIN_DAYS
) -> list[VisitDue]:
    """The next statutory visit for each of these plans' children (authorised, with a frequency),
    soonest first; only those due within `within_days` or past unless it is None (two queries)."""
    today = today or timezone.localdate()
    rows = list(_plans(plans))
    attempts = _attempts(rows)
    found = []
    for plan in rows:
        base = _visit_base(plan, plan.last_seen_at)
        tried = [a for a in attempts.get(plan.child_id, []) if a.date >= plan.start_date]
        due = VisitDue(
            plan=plan,
            due=add_working_days(base, plan.visiting_frequency_days),
            last_seen_on=london_date(plan.last_seen_at) if plan.last_seen_at else None,
            today=today,
            attempts=tried[:ATTEMPTS_SHOWN][::-1],
            attempt_count=len(tried),
        )
        if within_days is None or due.within(within_days):
            found.append(due)
    return sorted(found, key=lambda d: (d.due, d.child.last_name, d.child.first_name))


# --- The sets of children the pages ask about ---------------------------------------------------


def visits_due_for_worker(*, user: Any, today: datetime.date | None = None) -> list[VisitDue]:
    """My work: children on the open cases allocated to the user whose visit is due or past."""
    return visits_due(Plan.objects.filter(case__allocated_worker=user, case__status="open"), today=today)


def visits_due_for_team(*, team_id: Any, today: datetime.date | None = None) -> list[VisitDue]:
    """The team page: children on the team's open cases whose visit is due or past."""
    return visits_due(Plan.objects.filter(case__team_id=team_id, case__status="open"), today=today)


def visits_due_for_cases(*, case_ids: list[Any], today: datetime.date | None = None) -> list[VisitDue]:
    """The supervision agenda: children on these cases whose visit is due or past."""
    return visits_due(Plan.objects.filter(case_id__in=case_ids), today=today)


def visit_due_for_child(*, child_id: Any, today: datetime.date | None = None) -> VisitDue | None:
    """The child at a glance: the child's next statutory visit, whenever it falls."""
    found = visits_due(Plan.objects.filter(child_id=child_id), today=today, within_days=None)
    return found[0] if found else None
