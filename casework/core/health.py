"""Reachability of the services Casework depends on, for /healthz."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections
from kombu import Connection

from casework.core.models import WorkerHeartbeat


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def database_check(alias: str = "default") -> Check:
    """Run a trivial query; any database error means unhealthy (and drops the connection)."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, OSError) as exc:
        connection.close()
        return Check(False, f"unreachable: {exc.__class__.__name__}")
    return Check(True, connection.vendor)


def broker_check(url: str | None = None, timeout: float = 2.0) -> Check:
    """Connect to the Celery broker; without one configured, tasks run in-process."""
    url = settings.CELERY_BROKER_URL if url is None else url
    if not url:
        return Check(True, "not configured: tasks run in-process")
    try:
        with Connection(url, connect_timeout=timeout, transport_options={"max_retries": 0}) as conn:
            conn.ensure_connection(max_retries=0, timeout=timeout)
    except Exception as exc:  # kombu raises transport-specific errors; all mean "unreachable"
        return Check(False, f"unreachable: {exc.__class__.__name__}")
    return Check(True, "reachable")


def last_worker_heartbeat() -> str | None:
    try:
        beat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    except DatabaseError:
        return None
    return beat.seen_at.isoformat() if beat else None
