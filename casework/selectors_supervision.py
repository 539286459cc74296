"""Reading supervision, always scoped to the user (PERMISSIONS.md "Record supervision", "Read a
supervision record"): the supervisee and the supervisor read the whole record, private notes
included; auditors read it without private notes; a colleague or another manager of the team
gets 403, a performance officer 403, anyone else 404.

The supervision agenda: for a worker's open cases, what changed since their last supervision.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from casework.core.access import team_ids_for
from casework.core.models import Role, Team, User
from casework.models import (
    Action,
    ActionStatus,
    Case,
    CaseStatus,
    Episode,
    EpisodeStatus,
    GoalProgress,
    Supervision,
    SupervisionDiscussion,
)
from casework.selectors_visits_due import visits_due_for_cases

AGENDA_DEFAULT_DAYS = 91  # with no earlier supervision: the last three months
AGENDA_LATEST = 3  # significant chronology entries shown per case
SUPERVISED_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
CANNOT_READ = "Only the supervisee, their supervisor and auditors read a supervision record."


# --- Who supervises whom --------------------------------------------------------------------


def supervision_team_for(*, by: User, supervisee: User) -> Team | None:
    """The team in which `by` may record supervision of `supervisee`: a team manager of a team
    the supervisee belongs to (never themselves). None when there is no such team."""
    if by.role != Role.TEAM_MANAGER or by.pk == supervisee.pk or not supervisee.is_active:
        return None
    if supervisee.role not in SUPERVISED_ROLES:
        return None
    return supervisee.teams.filter(id__in=team_ids_for(by)).order_by("name").first()


def supervisees_for(*, user: User) -> QuerySet[User]:
    """The workers a team manager supervises: the other active members of their teams."""
    if user.role != Role.TEAM_MANAGER:
        return User.objects.none()
    return (
        User.objects.filter(teams__in=team_ids_for(user), is_active=True, role__in=SUPERVISED_ROLES)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def supervision_worker_get(*, user: User, worker_id: UUID | str) -> User:
    """A worker whose supervision pages the user asks for: themselves, a member of one of their
    teams, anyone for an authority-wide role; otherwise 404 (the role checks come after: 403)."""
    workers = User.objects.filter(is_active=True)
    if not user.is_authority_wide:
        workers = workers.filter(Q(pk=user.pk) | Q(teams__in=team_ids_for(user))).distinct()
    return get_object_or_404(workers, pk=worker_id)


def supervision_can_see_worker(*, user: User, worker: User) -> bool:
    """Supervision history and agenda: the worker themselves, or a manager who supervises them."""
    return user.pk == worker.pk or supervision_team_for(by=user, supervisee=worker) is not None


# --- Supervision records --------------------------------------------------------------------


def _with_discussions(rows: QuerySet[Supervision]) -> QuerySet[Supervision]:
    discussions = SupervisionDiscussion.objects.select_related("case__family").prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("due_date", "created_at"))
    )
    return rows.select_related("supervisee", "supervisor", "team").prefetch_related(
        Prefetch("discussions", queryset=discussions)
    )


def supervision_list_for_user(*, user: User) -> QuerySet[Supervision]:
    """Records the user may read: their own (as supervisee or supervisor); auditors all."""
    rows = Supervision.objects.all()
    if user.role != Role.AUDITOR:
        rows = rows.filter(Q(supervisee=user) | Q(supervisor=user))
    return _with_discussions(rows).order_by("-date", "-created_at")


def supervision_get_for_user(*, user: User, supervision_id: UUID | str) -> Supervision:
    """One record: 404 unless the user could know of it (a member of its team, an authority-wide
    role), 403 unless they may read it (PERMISSIONS.md)."""
    record = _with_discussions(Supervision.objects.all()).filter(pk=supervision_id).first()
    if record is None:
        raise Http404("No such supervision record")
    if user.pk in (record.supervisee_id, record.supervisor_id) or user.role == Role.AUDITOR:
        return record
    if user.is_authority_wide or record.team_id in team_ids_for(user):
        raise PermissionDenied(CANNOT_READ)
    raise Http404("No such supervision record")


def supervision_shows_private_notes(*, user: User, supervision: Supervision) -> bool:
    """Private notes are for the two people only: never auditors, never anyone else."""
    return user.pk in (supervision.supervisee_id, supervision.supervisor_id)


def supervisions_of_worker(*, user: User, worker: User) -> QuerySet[Supervision]:
    """A worker's supervision history as the user may read it: all of it for the worker and
    auditors, the sessions they held for a supervisor (another manager's records answer 403)."""
    rows = Supervision.objects.filter(supervisee=worker).select_related("supervisor", "team")
    if user.pk != worker.pk and user.role != Role.AUDITOR:
        rows = rows.filter(supervisor=user)
    return rows.order_by("-date", "-created_at")


def supervisions_to_acknowledge(*, user: User) -> QuerySet[Supervision]:
    """My work: the user's supervision records not yet acknowledged, oldest first."""
    return Supervision.objects.filter(supervisee=user, acknowledged_at__isnull=True).select_related("supervisor")


def oversight_for_child(*, child_id: Any, limit: int = 5) -> list[SupervisionDiscussion]:
    """The latest management oversight (decision and rationale) on the child's cases."""
    cases = Episode.objects.filter(child_id=child_id).values("case_id")
    return list(
        SupervisionDiscussion.objects.filter(case_id__in=cases)
        .select_related("supervision__supervisor", "case__family")
        .order_by("-supervision__date", "-supervision__created_at")[:limit]
    )


# --- The supervision agenda -----------------------------------------------------------------

# What later parts of the product add to each case on the agenda (assessments awaiting
# authorisation...), registered like the team page's sections. `items_fn(case_ids=[...],
# today=date)` returns {case_id: [item, ...]} for all the cases at once (a fixed number of
# queries); the template shows one case's items as `part.items`, beside `line` and `visible`.
AgendaItems = Callable[..., dict[Any, list[Any]]]


@dataclass(frozen=True)
class AgendaPart:
    order: int
    name: str
    template: str
    items_fn: AgendaItems


@dataclass(frozen=True)
class AgendaPartItems:
    name: str
    template: str
    items: list[Any]


_agenda_parts: dict[str, AgendaPart] = {}


def register_agenda_part(order: int, name: str, template: str, items_fn: AgendaItems) -> None:
    """Add (or replace: idempotent by name) a part shown in each case of the supervision agenda."""
    if not name or not template or not callable(items_fn):
        raise ValueError("register_agenda_part needs a name, a template and a callable")
    _agenda_parts[name] = AgendaPart(order, name, template, items_fn)


def unregister_agenda_part(name: str) -> None:
    _agenda_parts.pop(name, None)


@dataclass
class AgendaCase:
    """One case on a worker's agenda: what changed since `since`."""

    case: Case
    children: list[Any]
    entry_count: int = 0
    latest_significant: list[dict[str, Any]] = field(default_factory=list)
    progress: list[GoalProgress] = field(default_factory=list)
    closures: list[Episode] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    visits_due: list[Any] = field(default_factory=list)  # casework.selectors_visits_due.VisitDue
    parts: list[AgendaPartItems] = field(default_factory=list)  # what other apps add (register_agenda_part)

    @property
    def changed(self) -> bool:
        return bool(self.entry_count or self.progress or self.closures or self.actions or self.parts)


@dataclass
class Agenda:
    worker: User
    since: datetime.date
    last_supervision: Supervision | None
    cases: list[AgendaCase]
    today: datetime.date

    @property
    def people(self) -> list[Any]:
        return [child for line in self.cases for child in line.children]


def agenda_cases(*, worker: User, team_ids: list[Any] | None = None) -> QuerySet[Case]:
    """The worker's open cases (allocated to them), in the given teams, with open episodes."""
    open_episodes = Episode.objects.exclude(status=EpisodeStatus.CLOSED).select_related("child")
    cases = Case.objects.filter(allocated_worker=worker, status=CaseStatus.OPEN)
    if team_ids is not None:
        cases = cases.filter(team_id__in=team_ids)
    return (
        cases.select_related("family", "team")
        .prefetch_related(Prefetch("episodes", queryset=open_episodes, to_attr="open_episodes"))
        .order_by("family__name")
    )


def _chronology_since(child_case: dict[Any, Any], since: datetime.date) -> list[dict[str, Any]]:
    from django.apps import apps

    Entry = apps.get_model("chronology", "ChronologyEntry")
    through = Entry.people.through
    return list(
        through.objects.filter(person_id__in=list(child_case), chronologyentry__occurred_on__gte=since)
        .order_by("-chronologyentry__occurred_on", "-chronologyentry__created_at")
        .values(
            "person_id",
            "chronologyentry_id",
            "chronologyentry__summary",
            "chronologyentry__occurred_on",
            "chronologyentry__curation__significance",
        )
    )


def supervision_agenda(
    *, worker: User, team_ids: list[Any] | None = None, today: datetime.date | None = None
) -> Agenda:
    """For each of the worker's open cases: chronology entries since their last supervision (or
    the last three months), plan progress recorded since, closures awaiting a decision, open
    actions with their due dates, statutory visits due or past and what registered parts add
    (register_agenda_part). A fixed number of queries whatever the number of cases."""
    today = today or timezone.localdate()
    last = Supervision.objects.filter(supervisee=worker).order_by("-date", "-created_at").first()
    since = last.date if last else today - datetime.timedelta(days=AGENDA_DEFAULT_DAYS)
    lines = {
        c.pk: AgendaCase(c, [e.child for e in c.open_episodes]) for c in agenda_cases(worker=worker, team_ids=team_ids)
    }
    child_case = {child.pk: case_id for case_id, line in lines.items() for child in line.children}
    seen: dict[Any, set[Any]] = {case_id: set() for case_id in lines}
    for row in _chronology_since(child_case, since) if child_case else []:
        case_id, entry_id = child_case[row["person_id"]], row["chronologyentry_id"]
        if entry_id in seen[case_id]:
            continue
        seen[case_id].add(entry_id)
        line = lines[case_id]
        line.entry_count += 1
        significance = row["chronologyentry__curation__significance"]
        if significance in ("significant", "critical") and len(line.latest_significant) < AGENDA_LATEST:
            line.latest_significant.append(
                {"summary": row["chronologyentry__summary"], "occurred_on": row["chronologyentry__occurred_on"]}
            )
    progress = GoalProgress.objects.filter(goal__plan__case_id__in=list(lines), date__gte=since).select_related(
        "goal__plan__child"
    )
    for item in progress.order_by("goal__plan__child__first_name", "goal__position", "date", "id"):
        lines[item.goal.plan.case_id].progress.append(item)
    actions = Action.objects.filter(case_id__in=list(lines), status=ActionStatus.OPEN).select_related("owner", "child")
    for action in actions.order_by("due_date", "created_at"):
        lines[action.case_id].actions.append(action)
    for line in lines.values():
        line.closures = [e for e in line.case.open_episodes if e.status == EpisodeStatus.CLOSURE_REQUESTED]
    for visit in visits_due_for_cases(case_ids=list(lines), today=today) if lines else []:
        lines[visit.plan.case_id].visits_due.append(visit)
    for part in sorted(_agenda_parts.values(), key=lambda p: (p.order, p.name)) if lines else []:
        for case_id, items in part.items_fn(case_ids=list(lines), today=today).items():
            if items and case_id in lines:
                lines[case_id].parts.append(AgendaPartItems(part.name, part.template, list(items)))
    return Agenda(worker=worker, since=since, last_supervision=last, cases=list(lines.values()), today=today)
