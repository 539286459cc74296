"""Chronology events of CIN plans (API.md "Chronology": plan start, review and end): the plan
services call these in the same transaction as the change; `rebuild()` re-records them."""

from __future__ import annotations

from casework.core.chronology import SIGNIFICANT, chronology_record, register_rebuilder
from casework.core.models import User
from casework.models import Plan, PlanReview, PlanStatus


def record_plan_started(plan: Plan, by: User | None) -> None:
    """An authorised plan starts on its start date (a draft is not in the chronology)."""
    frequency = f"; visits every {plan.visiting_frequency_days} working days" if plan.visiting_frequency_days else ""
    chronology_record(
        source=plan,
        kind="plan_started",
        when=plan.start_date,
        category="plan",
        person=plan.child,
        family=plan.case.family,
        by=by,
        significance=SIGNIFICANT,
        summary=f"{plan.get_kind_display()} started{frequency}",
    )


def progress_words(review: PlanReview) -> str:
    """ "Goal 1: 6/10; goal 2: 3/10" from the review's progress rows, in goal order."""
    rows = sorted(review.progress.select_related("goal"), key=lambda r: r.goal.position)
    return "; ".join(f"goal {row.goal.position + 1}: {row.progress}/10" for row in rows)


def record_plan_review(review: PlanReview, by: User | None) -> None:
    plan = review.plan
    progress = progress_words(review)
    chronology_record(
        source=review,
        kind="plan_review",
        when=review.date,
        category="plan",
        person=plan.child,
        family=plan.case.family,
        by=by,
        detail=review.summary,
        summary=f"{plan.get_kind_display()} reviewed" + (f": {progress}" if progress else ""),
    )


def record_plan_ended(plan: Plan, by: User | None) -> None:
    chronology_record(
        source=plan,
        kind="plan_ended",
        when=plan.end_date,
        category="plan",
        person=plan.child,
        family=plan.case.family,
        by=by,
        significance=SIGNIFICANT,
        detail=plan.end_reason,
        summary=f"{plan.get_kind_display()} ended",
    )


def rebuild() -> int:
    """Re-record the plans' events from the current records."""
    count = 0
    for plan in Plan.objects.exclude(start_date=None).exclude(authorised_at=None).select_related("child", "case"):
        record_plan_started(plan, None)
        count += 1
        if plan.status == PlanStatus.ENDED and plan.end_date:
            record_plan_ended(plan, None)
            count += 1
    for review in PlanReview.objects.select_related("plan__child", "plan__case__family"):
        record_plan_review(review, None)
        count += 1
    return count


register_rebuilder("casework.plans", rebuild)
