"""/healthz reports the database and the broker; a task runs through a real Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery

from casework.core.models import WorkerHeartbeat
from tests.conftest import database_url_for_subprocess

ROOT = Path(__file__).resolve().parents[2]
HEALTHZ_SCRIPT = (
    "from django.test import Client; r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
)


def healthz_in_subprocess(**env: str) -> tuple[int, str]:
    full_env = {
        **os.environ,
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": "test-only-secret",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", HEALTHZ_SCRIPT],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, _, body = result.stdout.strip().splitlines()[-1].partition(" ")
    return int(status), body


@pytest.mark.django_db
def test_healthz_is_200_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"]["ok"] is True


def test_healthz_is_503_when_the_database_is_unreachable():
    status, body = healthz_in_subprocess(DATABASE_URL="postgres://casework@127.0.0.1:1/nowhere")
    assert status == 503
    assert '"database": {"ok": false' in body


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_is_200_with_a_reachable_broker(client, settings, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == {"ok": True, "detail": "reachable"}


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_runs_through_a_real_worker_on_redis(redis_url, tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_subprocess(),
        "CELERY_BROKER_URL": redis_url,
        "SECRET_KEY": "test-only-secret",
        "DEBUG": "false",
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "casework",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        sender = Celery(broker=redis_url)
        sender.send_task("core.worker_heartbeat", queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not WorkerHeartbeat.objects.exists():
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.25)
        assert WorkerHeartbeat.objects.exists(), (tmp_path / "worker.log").read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
