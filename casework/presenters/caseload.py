"""Lists of cases: a team's caseload page and the case sections of My work. Each costs a fixed
number of queries whatever the number of cases, and shows a restricted child only to those
who may open the record. Counts are shown plainly, never ranked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from casework import selectors
from casework.core.access import WRITING_ROLES, team_ids_for
from casework.core.models import Role, Team, User
from casework.models import Case, Episode
from casework.presenters.cases import status_tag
from families.presenters.words import age_text
from families.selectors import visible_person_ids


@dataclass
class ChildLine:
    """A child on a list: shown by name only to those who may open the record."""

    episode: Episode
    visible: bool

    @property
    def child(self) -> Any:
        return self.episode.child

    @property
    def age(self) -> str:
        return age_text(self.episode.child)

    @property
    def tag(self) -> dict[str, str]:
        return status_tag(self.episode)


@dataclass
class CaseRow:
    case: Case
    children: list[ChildLine]


def _visible(user: User, episodes: Iterable[Episode]) -> set[Any]:
    return visible_person_ids(user=user, person_ids=list({e.child_id for e in episodes}))


def case_rows(user: User, cases: Iterable[Case]) -> list[CaseRow]:
    """Cases with their open episodes (prefetched as `open_episodes`), one query to check
    which children the user may open."""
    cases = list(cases)
    visible = _visible(user, [e for c in cases for e in c.open_episodes])
    return [CaseRow(c, [ChildLine(e, e.child_id in visible) for e in c.open_episodes]) for c in cases]


def shown_people(rows: Iterable[CaseRow]) -> list[Any]:
    return [line.child for row in rows for line in row.children if line.visible]


# --- The team's caseload ------------------------------------------------------------------------


@dataclass
class WorkerGroup:
    """One worker's cases in the team (or the cases not allocated yet)."""

    worker: User | None
    rows: list[CaseRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.worker.display_name if self.worker else "Not allocated"

    @property
    def slug(self) -> str:
        return f"worker-{self.worker.pk}" if self.worker else "not-allocated"

    @property
    def children_count(self) -> int:
        return sum(len(row.children) for row in self.rows)


@dataclass
class CaseloadPage:
    team: Team
    groups: list[WorkerGroup]
    unallocated: WorkerGroup
    transfers_in: list[CaseRow]
    transfers_out: list[CaseRow]
    closures: list[ChildLine]
    is_manager: bool

    @property
    def cases_count(self) -> int:
        return sum(len(g.rows) for g in self.groups) + len(self.unallocated.rows)

    @property
    def people(self) -> list[Any]:
        rows = [row for g in [*self.groups, self.unallocated] for row in g.rows] + self.transfers_in
        shown = shown_people(rows) + [line.child for line in self.closures if line.visible]
        return list({p.pk: p for p in shown}.values())


def caseload_page(*, user: User, team: Team) -> CaseloadPage:
    """The team's open cases grouped by worker (members in name order, each with their count),
    transfers in and out, and closures waiting for a manager."""
    cases = list(selectors.team_caseload(team_id=team.pk))
    incoming = list(selectors.team_transfers_in(team_id=team.pk))
    closures = list(selectors.team_closures_awaiting(team_id=team.pk))
    visible = _visible(user, [e for c in cases + incoming for e in c.open_episodes] + closures)
    members = team.members.filter(role__in=WRITING_ROLES, is_active=True).order_by("last_name", "first_name")
    groups = {m.pk: WorkerGroup(m) for m in members}
    unallocated = WorkerGroup(None)
    for case in cases:
        row = CaseRow(case, [ChildLine(e, e.child_id in visible) for e in case.open_episodes])
        if case.allocated_worker_id is None:
            unallocated.rows.append(row)
        else:
            groups.setdefault(case.allocated_worker_id, WorkerGroup(case.allocated_worker)).rows.append(row)
    ordered = sorted(groups.values(), key=lambda g: (g.worker.last_name, g.worker.first_name))
    return CaseloadPage(
        team=team,
        groups=ordered,
        unallocated=unallocated,
        transfers_in=[CaseRow(c, [ChildLine(e, e.child_id in visible) for e in c.open_episodes]) for c in incoming],
        transfers_out=[
            row for g in [*ordered, unallocated] for row in g.rows if row.case.pending_transfer_to_id is not None
        ],
        closures=[ChildLine(e, e.child_id in visible) for e in closures],
        is_manager=selectors.user_manages_team(user=user, team_id=team.pk),
    )


# --- My work: the case sections (registered in casework/apps.py) -------------------------------


def _writes(user: User) -> bool:
    return user.role in WRITING_ROLES


def allocated_section(request: HttpRequest) -> dict[str, Any] | None:
    """Open cases allocated to the user, each child with their age, status and referral date."""
    if not _writes(request.user):
        return None
    rows = case_rows(request.user, selectors.cases_for_worker(user=request.user))
    return {"rows": rows, "people": shown_people(rows)}


def closures_requested_section(request: HttpRequest) -> dict[str, Any] | None:
    """Closures the user asked for, still waiting for a manager."""
    if not _writes(request.user):
        return None
    episodes = list(selectors.closures_requested_by(user=request.user))
    if not episodes and request.user.role == Role.TEAM_MANAGER:
        return None  # a manager closes directly: an empty list here would say nothing
    visible = _visible(request.user, episodes)
    lines = [ChildLine(e, e.child_id in visible) for e in episodes]
    return {"lines": lines, "people": [line.child for line in lines if line.visible]}


def closures_to_decide_section(request: HttpRequest) -> dict[str, Any] | None:
    if request.user.role != Role.TEAM_MANAGER:
        return None
    episodes = list(selectors.closures_awaiting_decision(user=request.user))
    visible = _visible(request.user, episodes)
    lines = [ChildLine(e, e.child_id in visible) for e in episodes]
    return {"lines": lines, "people": [line.child for line in lines if line.visible]}


def transfers_to_decide_section(request: HttpRequest) -> dict[str, Any] | None:
    if request.user.role != Role.TEAM_MANAGER:
        return None
    return {"cases": list(selectors.transfers_awaiting_decision(user=request.user).order_by("transfer_proposed_at"))}


def unallocated_section(request: HttpRequest) -> dict[str, Any] | None:
    if request.user.role != Role.TEAM_MANAGER:
        return None
    rows = case_rows(request.user, selectors.unallocated_cases(user=request.user))
    return {"rows": rows, "people": shown_people(rows)}


def teams_section(request: HttpRequest) -> dict[str, Any] | None:
    """Links to the caseload of each of the user's teams."""
    ids = team_ids_for(request.user)
    if not ids:
        return None
    return {"teams": list(Team.objects.filter(id__in=ids).order_by("name"))}
