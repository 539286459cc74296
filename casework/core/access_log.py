"""Writing the access log: one helper that pages and API views call in a line.

One row per child (or family) per request and action, whatever the page or API call.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from casework.core.models import AccessLog
from casework.core.models.access import AccessAction


def client_address(request: HttpRequest) -> str | None:
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def log_access(
    request: HttpRequest,
    *,
    what: str,
    people: Any = (),
    family: Any = None,
    action: str = AccessAction.VIEW,
) -> None:
    """Record that the signed-in user viewed (or downloaded, or exported) these records."""
    seen: set = getattr(request, "_casework_logged", None) or set()
    request._casework_logged = seen
    rows = []
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    common = {
        "user": user,
        "action": action,
        "what": what[:200],
        "path": request.get_full_path()[:500],
        "method": request.method or "",
        "client_address": client_address(request),
    }
    for person in people:
        key = ("person", person.pk, action)
        if key in seen:
            continue
        seen.add(key)
        rows.append(AccessLog(person=person, restricted_record=getattr(person, "restricted", False), **common))
    if family is not None and ("family", family.pk, action) not in seen:
        seen.add(("family", family.pk, action))
        rows.append(AccessLog(family=family, **common))
    if rows:
        AccessLog.objects.bulk_create(rows)


def log_access_for(
    *,
    user: Any,
    what: str,
    action: str = AccessAction.VIEW,
    people: Any = (),
    family: Any = None,
    request: HttpRequest | None = None,
) -> None:
    """Record an access that is not tied to one page's records: a background export, a file
    download. One row per person (or for the family), or one row about no particular record."""
    common = {
        "user": user,
        "action": action,
        "what": what[:200],
        "path": request.get_full_path()[:500] if request is not None else "",
        "method": (request.method or "") if request is not None else "",
        "client_address": client_address(request) if request is not None else None,
    }
    rows = [AccessLog(person=p, restricted_record=getattr(p, "restricted", False), **common) for p in people]
    if family is not None:
        rows.append(AccessLog(family=family, **common))
    AccessLog.objects.bulk_create(rows or [AccessLog(**common)])
