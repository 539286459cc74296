"""Export jobs through a real Celery worker on a real Redis: one runs to done; one worker is killed
mid-export and the job, run again on a new worker, reaches done (never a half file marked done).

Each test has its own queue (EXPORT_QUEUE); the worker imports the test-only slow kind with
``-I tests.core.export_worker_kinds``, so test code stays out of the application.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import time_machine
from django.core.files.storage import default_storage
from django.utils import timezone

from casework.celery import app as celery_app
from casework.core import exports
from casework.core.exports import export_request, export_rerun
from casework.core.models import ExportJob, ExportStatus
from families.models import Person
from tests.conftest import database_url_for_subprocess
from tests.core.export_test_kinds import SLOW_KIND, slow_kind

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A folder the test and its workers share for export files."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                         "OPTIONS": {"location": str(folder)}}}  # fmt: skip
    return folder


@pytest.fixture
def queue(redis_url, settings):
    """Send tasks from this process to Redis, on a queue of this test's own (EXPORT_QUEUE)."""
    name = f"test-exports-{uuid.uuid4().hex[:8]}"
    settings.EXPORT_QUEUE = name
    saved = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = redis_url
    celery_app._after_fork()  # drop connection pools made for the old broker
    yield name
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
    celery_app._after_fork()
    _forget_queue(redis_url, name)


def _forget_queue(redis_url: str, name: str) -> None:
    """Remove this test's messages from Redis, including those a killed worker left unacked."""
    client = redis.Redis.from_url(redis_url)
    client.delete(name)
    for tag, raw in client.hgetall("unacked").items():
        try:
            routing_key = json.loads(raw)[2]
        except (ValueError, IndexError):
            continue
        if routing_key == name:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


class Worker:
    def __init__(self, queue: str, redis_url: str, media: Path, log: Path) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_subprocess(),
            "CELERY_BROKER_URL": redis_url,
            "MEDIA_ROOT": str(media),
            "SECRET_KEY": "test-only-secret",
            "DEBUG": "false",
        }
        self.log = log
        self._out = log.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "casework", "worker", "--pool=solo", "-Q", queue,
             "-I", "tests.core.export_worker_kinds", "--without-mingle", "--without-gossip", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.alive():
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self._out.close()


@pytest.fixture
def workers(queue, redis_url, media, tmp_path):
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(queue, redis_url, media, tmp_path / "worker.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def wait_for(condition, worker: Worker, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        assert worker.alive(), worker.log.read_text()
        time.sleep(0.2)
    raise AssertionError(f"Timed out; worker log:\n{worker.log.read_text()}")


def job_now(job: ExportJob) -> ExportJob:
    return ExportJob.objects.get(pk=job.pk)


def test_people_csv_runs_through_a_real_worker_on_redis_to_done(workers, performance_officer, media):
    Person.objects.create(first_name="Ava", last_name="Stone", la_child_id="W00001")
    worker = workers()
    job = export_request(by=performance_officer, kind="people_csv", parameters={})

    done = wait_for(lambda: (j := job_now(job)).status == ExportStatus.DONE and j, worker)

    assert (done.progress, done.attempts, done.error) == (100, 1, "")
    with default_storage.open(done.file.name, "rb") as handle:
        rows = handle.read().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("id,la_child_id,")
    assert rows[1].startswith(f"{Person.objects.get().pk},W00001,Ava,Stone")


def test_a_worker_killed_mid_export_leaves_no_file_and_a_rerun_on_a_new_worker_finishes(
    monkeypatch, workers, performance_officer, media, settings
):
    monkeypatch.setitem(exports._registry, SLOW_KIND, slow_kind())
    first = workers()
    job = export_request(by=performance_officer, kind=SLOW_KIND, parameters={"lines": 30, "delay": 0.2})
    running = wait_for(lambda: (j := job_now(job)).status == ExportStatus.RUNNING and j.progress >= 10 and j, first)

    first.stop(signal.SIGKILL)  # the worker dies mid-export

    killed = job_now(job)
    assert killed.status == ExportStatus.RUNNING
    assert killed.file.name == ""
    assert not list(media.rglob("*.txt")), "a killed worker must not leave a file behind"
    assert killed.run_id == running.run_id

    with time_machine.travel(timezone.now() + timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)):
        rerun = export_rerun(by=performance_officer, job=killed)
    assert rerun.run_id != killed.run_id
    second = workers()

    done = wait_for(lambda: (j := job_now(job)).status == ExportStatus.DONE and j, second)

    assert (done.progress, done.attempts) == (100, 2)
    with default_storage.open(done.file.name, "rb") as handle:
        lines = handle.read().decode().splitlines()
    assert lines == [f"line {n} of 30" for n in range(1, 31)]
    assert [p.name for p in media.rglob("*.txt")] == ["slow.txt"]
