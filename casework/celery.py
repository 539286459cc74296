"""The Celery app: Redis when CELERY_BROKER_URL is set, tasks run in-process otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")

app = Celery("casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "worker-heartbeat": {"task": "core.worker_heartbeat", "schedule": 60.0},
    "purge-expired-exports": {"task": "core.purge_expired_exports", "schedule": 3600.0},
    "purge-old-drafts": {"task": "core.purge_drafts", "schedule": 86400.0},
}
