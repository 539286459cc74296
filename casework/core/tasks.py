"""Background tasks of the core."""

from __future__ import annotations

import socket

from celery import shared_task
from django.utils import timezone

from casework.core.models import WorkerHeartbeat


@shared_task(name="core.worker_heartbeat")
def worker_heartbeat() -> str:
    """Record that a worker is alive and processing tasks (shown by /healthz)."""
    name = socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
    return name
