"""What every export of one child's record shares (PERMISSIONS.md, "Export a child's PDF or CSV"):
a ``person`` parameter, the record's own readers only (404 for anyone else) and never a
performance officer (403: these exports hold written text about the child and family). The
chronology exports, the assessment's family copy and the case file all use these rules."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from casework.core.access import require_role
from casework.core.models import Role, User

EXPORT_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.AUDITOR)


def may_export(user: User) -> bool:
    """Whether the user's role may export a child's record at all (the record is checked later)."""
    return user.role in EXPORT_ROLES


def person_parameters(what: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A kind's ``validate_parameters``: exactly one ``person`` id (``what``: "chronology")."""

    def validate_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
        unknown = set(parameters) - {"person"}
        if unknown:
            raise ValidationError(dict.fromkeys(unknown, "This export takes no such parameter."))
        try:
            return {"person": str(uuid.UUID(str(parameters.get("person", ""))))}
        except ValueError as exc:
            raise ValidationError({"person": f"Give the id of the child whose {what} to export."}) from exc

    return validate_parameters


def export_person(user: User, parameters: dict[str, Any]) -> Any:
    """The person the export is about, by the person's own access rules (404 if not visible)."""
    from families.selectors import person_get_for_user

    return person_get_for_user(user=user, person_id=parameters["person"])


def person_export_permission(refusal: str) -> Callable[[User, dict[str, Any]], None]:
    """A kind's ``check_permission``: the record's readers (404 otherwise), then the role (403
    with ``refusal``)."""

    def check_permission(user: User, parameters: dict[str, Any]) -> None:
        if parameters.get("person"):
            export_person(user, parameters)
        require_role(user, *EXPORT_ROLES, message=refusal)

    return check_permission
