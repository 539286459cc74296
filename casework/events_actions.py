"""Chronology events of actions: one from supervision or a plan, once completed, appears in the
child's chronology (for every child of the case when it is about none in particular)."""

from __future__ import annotations

from casework.core.chronology import chronology_record, register_rebuilder
from casework.core.models import User
from casework.models import Action, ActionSource, ActionStatus
from families.models import Person

CHRONICLED_SOURCES = (ActionSource.SUPERVISION, ActionSource.PLAN)


def _people(action: Action) -> list[Person]:
    if action.child_id:
        return [action.child]
    return list(
        Person.objects.filter(episodes__case_id=action.case_id).distinct().order_by("date_of_birth", "first_name")
    )


def record_action_completed(action: Action, by: User | None) -> None:
    if action.source not in CHRONICLED_SOURCES or action.status != ActionStatus.DONE or action.done_at is None:
        return
    chronology_record(
        source=action,
        kind="action_completed",
        when=action.done_at,
        category=action.source,
        people=_people(action),
        family=action.case.family,
        by=by,
        detail=action.done_note,
        summary=f"Action completed: {action.action}",
    )


def rebuild() -> int:
    count = 0
    done = Action.objects.filter(status=ActionStatus.DONE, source__in=CHRONICLED_SOURCES)
    for action in done.select_related("child", "case__family", "done_by"):
        record_action_completed(action, action.done_by)
        count += 1
    return count


register_rebuilder("casework_actions", rebuild)
