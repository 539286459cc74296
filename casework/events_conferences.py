"""Chronology events of conferences and core groups (API.md "Chronology": conference, review):
one entry per child for each conference decision, one per core group. The services call these in
the same transaction as the change; `rebuild()` re-records them. Plan start and end are recorded
by casework.events_plans (a CP plan is a plan)."""

from __future__ import annotations

from casework.core.chronology import SIGNIFICANT, chronology_record, register_rebuilder
from casework.core.models import User
from casework.events_plans import progress_words
from casework.models import ConferenceOutcome, CoreGroup


def conference_words(outcome: ConferenceOutcome) -> str:
    """ "Initial child protection conference: child protection plan (neglect)"."""
    category = f" ({outcome.get_category_display().lower()})" if outcome.category else ""
    return f"{outcome.conference.get_kind_display()}: {outcome.get_decision_display().lower()}{category}"


def record_conference_outcome(outcome: ConferenceOutcome, by: User | None) -> None:
    conference = outcome.conference
    chronology_record(
        source=outcome,
        kind="conference",
        when=conference.date,
        category="child_protection",
        person=outcome.child,
        family=conference.case.family,
        by=by,
        significance=SIGNIFICANT,
        detail=conference.summary,
        summary=conference_words(outcome),
    )


def record_core_group(group: CoreGroup, by: User | None) -> None:
    plan = group.plan
    progress = progress_words(group)
    chronology_record(
        source=group,
        kind="core_group",
        when=group.date,
        category="child_protection",
        person=plan.child,
        family=plan.case.family,
        by=by,
        detail=group.summary,
        summary="Core group met" + (f": {progress}" if progress else ""),
    )


def rebuild() -> int:
    """Re-record the conferences' and core groups' events from the current records."""
    count = 0
    for outcome in ConferenceOutcome.objects.select_related("conference__case__family", "child"):
        record_conference_outcome(outcome, None)
        count += 1
    for group in CoreGroup.objects.select_related("plan__child", "plan__case__family"):
        record_core_group(group, None)
        count += 1
    return count


register_rebuilder("casework.conferences", rebuild)
