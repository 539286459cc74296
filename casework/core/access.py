"""The access table's services and the role checks built on it (PERMISSIONS.md).

Only services write RecordAccess. Selectors in each app (`person_list_for_user` ...) read it.
The core knows people and families only by id, so it imports no other app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from casework.core.models import AccessLevel, RecordAccess, Role, Team, User

WRITING_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)


def team_kinds_for(user: User) -> dict[Any, str]:
    """The user's teams and their kinds, read once per request (a change of team applies on
    the next one)."""
    cached = getattr(user, "_casework_team_kinds", None)
    if cached is None:
        cached = dict(user.teams.order_by("name").values_list("id", "kind")) if user.is_authenticated else {}
        user._casework_team_kinds = cached
    return cached


def team_ids_for(user: User) -> list[Any]:
    """The user's teams (see team_kinds_for)."""
    return list(team_kinds_for(user))


def require_role(user: User, *roles: str, message: str | None = None) -> None:
    """403 unless the user's role is one of `roles`."""
    if user.role not in roles:
        raise PermissionDenied(message or "Your role cannot do this.")


def _subject(person: Any = None, family: Any = None) -> dict[str, Any]:
    if (person is None) == (family is None):
        raise ValueError("Give exactly one of person or family")
    return {"person": person} if person is not None else {"family": family}


def access_grant(
    *, team: Team, level: str, reason: str, by: User | None = None, person: Any = None, family: Any = None
) -> RecordAccess:
    """Give a team access to a person or a family; an existing current row is raised to
    `level` if lower (write beats read), never lowered here (use access_downgrade)."""
    subject = _subject(person, family)
    current = RecordAccess.objects.current().filter(team=team, **subject).first()
    if current is not None:
        if current.level == AccessLevel.READ and level == AccessLevel.WRITE:
            access_end(row=current, reason=f"Raised to write: {reason}")
        else:
            return current
    return RecordAccess.objects.create(team=team, level=level, reason=reason, granted_by=by, **subject)


def access_end(*, row: RecordAccess, reason: str) -> None:
    row.ended_at = timezone.now()
    row.end_reason = reason
    row.save(update_fields=["ended_at", "end_reason"])


def access_downgrade(*, team: Team, reason: str, person: Any = None, family: Any = None) -> None:
    """A team that held write keeps read (a decided contact, a case transferred or closed)."""
    subject = _subject(person, family)
    current = RecordAccess.objects.current().filter(team=team, **subject).first()
    if current is None or current.level == AccessLevel.READ:
        return
    access_end(row=current, reason=reason)
    RecordAccess.objects.create(team=team, level=AccessLevel.READ, reason=reason, **subject)


def access_revoke(*, team: Team, reason: str, person: Any = None, family: Any = None) -> None:
    """End a team's access altogether (a declined transfer's read access)."""
    for row in RecordAccess.objects.current().filter(team=team, **_subject(person, family)):
        access_end(row=row, reason=reason)


def teams_holding(*, person_ids: Iterable[Any] = (), family_ids: Iterable[Any] = (), level: str | None = None):
    """Current access rows for these people and families (with their teams), for "known to"."""
    rows = RecordAccess.objects.current().select_related("team")
    if level:
        rows = rows.filter(level=level)
    return rows.filter(Q(person_id__in=list(person_ids)) | Q(family_id__in=list(family_ids)))


# --- Who else may open a restricted record ----------------------------------------------
# The case domain registers "the allocated worker" here, so the families selectors can honour
# it without importing the case domain.
RestrictedViewerFilter = Callable[[User], Q]
_restricted_viewer_filters: dict[str, RestrictedViewerFilter] = {}


def register_restricted_viewer(name: str, person_filter: RestrictedViewerFilter) -> None:
    """Add a rule (a Q over Person) naming more people who may open restricted records."""
    _restricted_viewer_filters[name] = person_filter


def restricted_viewer_filters() -> list[RestrictedViewerFilter]:
    return list(_restricted_viewer_filters.values())
