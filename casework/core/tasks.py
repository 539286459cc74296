"""Background tasks of the core: they take ids, call one service and own their retries."""

from __future__ import annotations

import socket

from celery import shared_task
from django.utils import timezone

from casework.core.drafts import draft_purge
from casework.core.exports import export_purge_expired, export_run
from casework.core.models import WorkerHeartbeat


@shared_task(name="core.worker_heartbeat")
def worker_heartbeat() -> str:
    """Record that a worker is alive and processing tasks (shown by /healthz)."""
    name = socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
    return name


@shared_task(name="core.run_export", acks_late=True, reject_on_worker_lost=True)
def run_export(job_id: str, run_id: str) -> None:
    """Make one run of an export job. Acknowledged only when finished, so a worker that dies
    leaves the message to be delivered again; a delivery whose run is no longer current (rerun,
    or already finished) does nothing."""
    export_run(job_id, run_id)


@shared_task(name="core.purge_expired_exports")
def purge_expired_exports() -> int:
    """Delete export files past EXPORT_EXPIRY_HOURS (the beat schedule runs it hourly)."""
    return export_purge_expired()


@shared_task(name="core.purge_drafts")
def purge_drafts() -> int:
    """Delete drafts untouched for DRAFT_MAX_AGE_DAYS (the beat schedule runs it daily)."""
    return draft_purge()
