"""Chronology events of strategy discussions and Section 47 enquiries (API.md "Chronology":
every strategy discussion and Section 47 step). The services call these in the same
transaction as the change; `rebuild()` re-records them."""

from __future__ import annotations

from casework.core.chronology import SIGNIFICANT, chronology_record, register_rebuilder
from casework.core.models import User
from casework.models import Section47, StrategyDiscussion


def record_discussion(discussion: StrategyDiscussion, by: User | None) -> None:
    """One entry in each child's chronology: who took part and what was decided."""
    agencies = ", ".join(discussion.agencies)
    chronology_record(
        source=discussion,
        kind="strategy_discussion",
        when=discussion.date,
        category="protection",
        people=list(discussion.children.all()),
        family=discussion.case.family,
        by=by,
        significance=SIGNIFICANT,
        detail=discussion.reasoning,
        summary=f"Strategy discussion ({agencies}): {discussion.get_decision_display().lower()}",
    )


def record_s47_started(s47: Section47, by: User | None) -> None:
    chronology_record(
        source=s47,
        kind="s47_started",
        when=s47.start_date,
        category="protection",
        person=s47.child,
        family=s47.case.family,
        by=by,
        significance=SIGNIFICANT,
        summary="Section 47 enquiry started",
    )


def record_s47_completed(s47: Section47, by: User | None) -> None:
    chronology_record(
        source=s47,
        kind="s47_completed",
        when=s47.completed_date,
        category="protection",
        person=s47.child,
        family=s47.case.family,
        by=by,
        significance=SIGNIFICANT,
        detail=s47.findings,
        summary=f"Section 47 enquiry completed: {s47.get_outcome_display().lower()}",
    )


def rebuild() -> int:
    """Re-record the discussions' and enquiries' events from the current records."""
    count = 0
    for discussion in StrategyDiscussion.objects.select_related("case__family").prefetch_related("children"):
        record_discussion(discussion, None)
        count += 1
    for s47 in Section47.objects.select_related("child", "case__family"):
        record_s47_started(s47, None)
        count += 1
        if s47.completed_date:
            record_s47_completed(s47, None)
            count += 1
    return count


register_rebuilder("casework.strategy", rebuild)
