"""Models of the core: users and teams, the access table and log, versions, drafts, export jobs."""

from casework.core.models.access import AccessLevel, AccessLog, RecordAccess
from casework.core.models.drafts import Draft
from casework.core.models.exports import ExportJob, ExportStatus
from casework.core.models.users import (
    AUTHORITY_WIDE_ROLES,
    Role,
    Team,
    TeamKind,
    User,
    WorkerHeartbeat,
)
from casework.core.models.versioning import Counter, VersionedModel

__all__ = [
    "AUTHORITY_WIDE_ROLES",
    "AccessLevel",
    "AccessLog",
    "Counter",
    "Draft",
    "ExportJob",
    "ExportStatus",
    "RecordAccess",
    "Role",
    "Team",
    "TeamKind",
    "User",
    "VersionedModel",
    "WorkerHeartbeat",
]
