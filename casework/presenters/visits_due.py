"""Visits due, said neutrally (DESIGN.md principle 14): My work's "Visits due", the team page's
"Visits due" grouped by worker, the supervision agenda and the child at a glance.

Plain words, no colour, no countdown: "Next visit due 3 December 2026", "Visit due since
1 December 2026", "2 attempts: no access 28 Nov, no access 30 Nov". Children the user may not
open (a restricted record) are left out; each context lists the children it shows under
"people" for the access log.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.http import HttpRequest

from casework.core.access import WRITING_ROLES
from casework.jinja2 import date_uk
from casework.selectors_visits_due import (
    VisitDue,
    visit_due_for_child,
    visits_due_for_team,
    visits_due_for_worker,
)
from families.selectors import visible_person_ids


def short_date(value: datetime.date) -> str:
    return f"{value.day} {value:%b}"


def due_text(line: VisitDue) -> str:
    """'Next visit due 3 December 2026', or 'Visit due since 1 December 2026' once it has passed."""
    if line.past:
        return f"Visit due since {date_uk(line.due)}"
    return f"Next visit due {date_uk(line.due)}"


def last_seen_text(line: VisitDue) -> str:
    if line.last_seen_on is None or line.last_seen_on < line.plan.start_date:
        return f"Not seen on a statutory visit since the plan started on {date_uk(line.plan.start_date)}"
    return f"Last seen on {date_uk(line.last_seen_on)}"


def attempts_text(line: VisitDue) -> str:
    """'2 attempts: no access 28 Nov, no access 30 Nov' (the latest few, oldest first); '' when none."""
    if not line.attempt_count:
        return ""
    count = f"{line.attempt_count} attempt{'' if line.attempt_count == 1 else 's'}"
    return f"{count}: " + ", ".join(f"{a.reason} {short_date(a.date)}" for a in line.attempts)


@dataclass(frozen=True)
class VisitDueLine:
    """One child's next statutory visit as the pages say it."""

    visit: VisitDue
    due: str
    last_seen: str
    attempts: str

    @property
    def child(self) -> Any:
        return self.visit.child

    @property
    def case(self) -> Any:
        return self.visit.case


def line_for(visit: VisitDue) -> VisitDueLine:
    return VisitDueLine(visit, due_text(visit), last_seen_text(visit), attempts_text(visit))


def _visible(request: HttpRequest, lines: list[VisitDue]) -> list[VisitDueLine]:
    visible = visible_person_ids(user=request.user, person_ids=[line.plan.child_id for line in lines])
    return [line_for(line) for line in lines if line.plan.child_id in visible]


def my_work_section(request: HttpRequest) -> dict[str, Any] | None:
    """My work: the children on the user's allocated cases whose statutory visit is due or past."""
    if request.user.role not in WRITING_ROLES:
        return None
    lines = _visible(request, visits_due_for_worker(user=request.user))
    return {"lines": lines, "people": [line.child for line in lines]}


@dataclass(frozen=True)
class WorkerGroup:
    worker: Any  # None: cases not allocated
    lines: list[VisitDueLine]

    @property
    def name(self) -> str:
        return self.worker.display_name if self.worker else "Not allocated"


def _worker_key(line: VisitDueLine) -> tuple[Any, ...]:
    worker = line.case.allocated_worker
    if worker is None:
        return (1, "", "", "")
    return (0, worker.last_name, worker.first_name, str(worker.pk))


def team_section(request: HttpRequest, team: Any) -> dict[str, Any] | None:
    """The team page: visits due or past on the team's open cases, grouped by allocated worker
    in name order (never ranked)."""
    lines = sorted(_visible(request, visits_due_for_team(team_id=team.pk)), key=_worker_key)
    groups = [
        WorkerGroup(worker=rows[0].case.allocated_worker, lines=rows)
        for rows in (list(g) for _, g in groupby(lines, key=_worker_key))
    ]
    return {"groups": groups, "people": [line.child for line in lines]}


def glance_part(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The child at a glance: the next statutory visit, when the child was last seen and the
    attempts since (nothing unless the child is on an authorised plan with a visiting frequency)."""
    visit = visit_due_for_child(child_id=person.pk)
    if visit is None:
        return None
    return {"line": line_for(visit)}
