"""Supervision records for tests, made through the supervision service as a manager would make them.

- ``supervision_of(manager, worker, case=..., ...)``: a session with one case discussed, a
  decision, its rationale, private notes and (optionally) an action for the worker.
- ``PRIVATE``: the private notes text, to look for where it must never appear.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from casework.models import Case, Supervision
from casework.services import supervision as services

PRIVATE = "Feeling the strain of a bereavement; workload reduced for a month"
DECISION = "Continue the child in need plan; visit Ava alone at school"
RATIONALE = "Ava talks more freely at school, and the plan is working"
REFLECTION = "Home conditions better but still fragile"


def discussion_for(case: Case, *, owner: Any = None, action: str = "", due_days: int = 7, **extra: Any) -> dict:
    """One case discussed, with one action if `action` is given."""
    item: dict[str, Any] = {"case": case, "reflection": REFLECTION, "decision": DECISION, "rationale": RATIONALE}
    item.update(extra)
    if action:
        due = timezone.localdate() + datetime.timedelta(days=due_days)
        item["actions"] = [{"action": action, "owner": owner, "due_date": due}]
    return item


def supervision_of(
    manager: Any,
    worker: Any,
    *,
    case: Case | None = None,
    action: str = "",
    date: datetime.date | None = None,
    private_notes: str = PRIVATE,
) -> Supervision:
    discussions = [discussion_for(case, owner=worker, action=action)] if case is not None else []
    return services.supervision_record(
        by=manager,
        supervisee=worker,
        date=date or timezone.localdate(),
        private_notes=private_notes,
        discussions=discussions,
    )
