"""Export jobs: a registry of export kinds, and the services that request, run, rerun and serve them.

An app registers each kind it offers when it starts (``AppConfig.ready``): the census and
Annex A from performance, chronologies and PDFs from their apps, ``people_csv`` from families.
The core knows nothing of what a kind exports; it owns the job's life (queued, running, done or
failed), its progress, where the file is kept, who may fetch it and for how long (PERMISSIONS.md:
background jobs re-check the requester's rights when they run and when the file is fetched;
every export and every download is written to the access log).

A run is identified by the job's ``run_id``: only the current run may change the job, so a
redelivered or superseded Celery message does nothing, and a file is stored complete, under a
name of its own, before the job points at it (never a half file marked done).
"""

from __future__ import annotations

import io
import logging
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from casework.core.access_log import log_access_for
from casework.core.errors import Conflict, DomainError, Gone
from casework.core.models import AUTHORITY_WIDE_ROLES, ExportJob, ExportStatus, User
from casework.core.models.access import AccessAction

logger = logging.getLogger(__name__)

RIGHTS_LOST = "You no longer have permission to make this export, so it was stopped. No file was made."
REQUESTER_INACTIVE = "The account that asked for this export can no longer sign in, so it was stopped."
KIND_GONE = "This kind of export is no longer offered, so it could not be made."
NOT_QUEUED = "The background service could not be reached, so the export was not started. Try again later."
HEARTBEAT_SECONDS = 30  # a build reporting the same percentage still shows it is alive this often


class ExportError(Exception):
    """A kind's build refused or could not finish; the message is shown to the requester."""


class ExportExpired(Gone):
    """The job finished, but its file is past EXPORT_EXPIRY_HOURS (410)."""


class ExportSuperseded(Exception):
    """This run is no longer the job's current run (rerun, or finished by another delivery)."""


# --- The registry -----------------------------------------------------------------------------


@dataclass
class ExportContext:
    """What a kind's build function gets: the job, its requester, its checked parameters, a
    scratch file to write the export into, and ``progress(percent)`` to report how far it is."""

    job: ExportJob
    user: User
    parameters: dict[str, Any]
    file: IO[bytes]
    _report: Callable[[int], None]
    _last: tuple[int, float] = field(default=(-1, 0.0))

    def progress(self, percent: float) -> None:
        """Report progress (0-100). Raises ExportSuperseded if this run should stop."""
        percent = max(0, min(99, int(percent)))  # 100 only once the file is stored
        last_percent, last_at = self._last
        if percent == last_percent and time.monotonic() - last_at < HEARTBEAT_SECONDS:
            return
        self._report(percent)
        self._last = (percent, time.monotonic())

    def progress_of(self, done: int, total: int) -> None:
        self.progress(100 * done / total if total else 0)

    @contextmanager
    def text(self, encoding: str = "utf-8", newline: str = "") -> Iterator[io.TextIOWrapper]:
        """The scratch file as text (for CSV and XML writers)."""
        wrapper = io.TextIOWrapper(self.file, encoding=encoding, newline=newline)
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()


@dataclass(frozen=True)
class ExportKind:
    """One kind of export and its rules.

    ``validate_parameters(parameters) -> parameters`` raises ValidationError naming the field and
    returns JSON-ready values; ``check_permission(user, parameters)`` raises PermissionDenied (403)
    or Http404 (a record outside the user's access); ``build(context)`` writes the file.
    ``authority_wide``: a statutory return that other performance officers and auditors may also
    download. ``check_download(user, parameters)``, where given, replaces ``check_permission`` when
    a file is fetched (a return some roles may read and download but not start)."""

    kind: str
    label: str
    build: Callable[[ExportContext], None]
    check_permission: Callable[[User, dict[str, Any]], None]
    validate_parameters: Callable[[dict[str, Any]], dict[str, Any]]
    content_type: str
    filename: str | Callable[[ExportJob], str]
    authority_wide: bool = False
    check_download: Callable[[User, dict[str, Any]], None] | None = None

    def filename_for(self, job: ExportJob) -> str:
        return self.filename(job) if callable(self.filename) else self.filename

    def may_request(self, user: User, parameters: dict[str, Any] | None = None) -> bool:
        try:
            self.check_permission(user, parameters or {})
        except (PermissionDenied, Http404):
            return False
        return True


def no_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """For kinds that take no parameters: any given is refused, naming it."""
    if parameters:
        raise ValidationError(dict.fromkeys(parameters, "This export takes no such parameter."))
    return {}


_registry: dict[str, ExportKind] = {}


def register_export_kind(
    kind: str,
    *,
    label: str,
    build: Callable[[ExportContext], None],
    check_permission: Callable[[User, dict[str, Any]], None],
    content_type: str,
    filename: str | Callable[[ExportJob], str],
    validate_parameters: Callable[[dict[str, Any]], dict[str, Any]] = no_parameters,
    authority_wide: bool = False,
    check_download: Callable[[User, dict[str, Any]], None] | None = None,
) -> ExportKind:
    """Offer a kind of export (idempotent by name: registering again replaces it)."""
    entry = ExportKind(
        kind,
        label,
        build,
        check_permission,
        validate_parameters,
        content_type,
        filename,
        authority_wide,
        check_download,
    )
    _registry[kind] = entry
    return entry


def export_kind(kind: str) -> ExportKind | None:
    return _registry.get(kind) if isinstance(kind, str) else None


def export_kinds() -> list[ExportKind]:
    return sorted(_registry.values(), key=lambda k: k.label)


def export_kinds_to_start(*, user: User) -> list[ExportKind]:
    """Kinds that need no parameters and that this user may request (the Performance page)."""
    startable = []
    for entry in export_kinds():
        try:
            entry.validate_parameters({})
        except ValidationError:
            continue
        if entry.may_request(user):
            startable.append(entry)
    return startable


# --- Reading jobs -----------------------------------------------------------------------------


def export_list_for_user(*, user: User) -> QuerySet[ExportJob]:
    """The user's own export jobs, newest first."""
    return ExportJob.objects.filter(requested_by=user).order_by("-created_at")


def _visible_jobs(user: User) -> QuerySet[ExportJob]:
    """The requester sees their jobs; authority-wide returns are shared between performance
    officers and auditors. Everyone else's jobs answer 404."""
    visible = Q(requested_by=user)
    if user.role in AUTHORITY_WIDE_ROLES:
        visible |= Q(kind__in=[k.kind for k in _registry.values() if k.authority_wide])
    return ExportJob.objects.filter(visible)


def export_get_for_user(*, user: User, job_id: Any) -> ExportJob:
    # 404, not 403: do not reveal that someone else's export exists.
    return get_object_or_404(_visible_jobs(user).select_related("requested_by"), pk=job_id)


def export_is_stale(job: ExportJob, *, now: datetime | None = None) -> bool:
    """Queued or running with no sign of life for EXPORT_STALE_MINUTES: its worker has gone."""
    if job.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        return False
    last = job.progress_at or job.started_at or job.created_at
    return last < (now or timezone.now()) - timedelta(minutes=settings.EXPORT_STALE_MINUTES)


def export_can_rerun(job: ExportJob) -> bool:
    return job.status == ExportStatus.FAILED or export_is_stale(job)


def export_is_expired(job: ExportJob, *, now: datetime | None = None) -> bool:
    return job.expires_at is not None and (now or timezone.now()) >= job.expires_at


# --- Requesting and rerunning -----------------------------------------------------------------


def _kind_or_error(kind: Any) -> ExportKind:
    entry = export_kind(kind)
    if entry is None:
        names = ", ".join(sorted(_registry)) or "none"
        raise ValidationError({"kind": f"Choose a kind of export the service offers: {names}."})
    return entry


def export_request(*, by: User, kind: str, parameters: dict[str, Any] | None = None) -> ExportJob:
    """Queue an export: kind and parameters validated (400), the requester's rights checked
    (403, or 404 for a record outside their access); the task is sent once the job is saved."""
    entry = _kind_or_error(kind)
    if parameters is not None and not isinstance(parameters, dict):
        raise ValidationError("Give the export's parameters as named values.")
    cleaned = entry.validate_parameters(dict(parameters or {}))
    entry.check_permission(by, cleaned)
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=entry.kind, parameters=cleaned, requested_by=by, run_id=uuid.uuid4(), progress_at=timezone.now()
        )
        transaction.on_commit(partial(_enqueue, job.pk, job.run_id))
    return job


@transaction.atomic
def export_rerun(*, by: User, job: ExportJob) -> ExportJob:
    """Run a job again: one that failed, or one whose worker stopped (silent for
    EXPORT_STALE_MINUTES). A new run_id makes any earlier run's late work a no-op."""
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.requested_by_id != by.pk:
        raise PermissionDenied("Only the person who asked for this export can run it again.")
    if not export_can_rerun(job):
        raise Conflict("This export can be tried again only if it failed or stopped making progress.")
    entry = export_kind(job.kind)
    if entry is None:
        raise DomainError(KIND_GONE, field="kind")
    entry.check_permission(by, job.parameters)
    job.run_id = uuid.uuid4()
    job.status = ExportStatus.QUEUED
    job.progress = 0
    job.error = ""
    job.started_at = job.finished_at = None
    job.progress_at = timezone.now()
    job.save(update_fields=["run_id", "status", "progress", "error", "started_at", "finished_at", "progress_at"])
    transaction.on_commit(partial(_enqueue, job.pk, job.run_id))
    return job


def _enqueue(job_id: Any, run_id: Any) -> None:
    """Send the job to the Celery queue (EXPORT_QUEUE); if the broker cannot be reached, the
    job fails with a reason rather than waiting for ever."""
    from casework.core.tasks import run_export  # the task module imports this one

    options = {"queue": settings.EXPORT_QUEUE} if settings.EXPORT_QUEUE else {}
    try:
        run_export.apply_async(args=[str(job_id), str(run_id)], **options)
    except Exception:  # kombu raises transport-specific errors; all mean "not sent"
        logger.exception("Could not queue export job %s", job_id)
        _fail(job_id, run_id, NOT_QUEUED, statuses=(ExportStatus.QUEUED,))


# --- Running --------------------------------------------------------------------------------


def _current(job_id: Any, run_id: Any, *statuses: str) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(pk=job_id, run_id=run_id, status__in=statuses)


def _fail(job_id: Any, run_id: Any, reason: str, statuses: tuple[str, ...] = (ExportStatus.RUNNING,)) -> None:
    _current(job_id, run_id, *statuses).update(
        status=ExportStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def _report_progress(job_id: Any, run_id: Any, percent: int) -> None:
    if not _current(job_id, run_id, ExportStatus.RUNNING).update(progress=percent, progress_at=timezone.now()):
        raise ExportSuperseded


def _refusal(entry: ExportKind | None, job: ExportJob) -> str | None:
    """Why this job may not run now, in words for the requester (None: it may)."""
    if entry is None:
        return KIND_GONE
    if not job.requested_by.is_active:
        return REQUESTER_INACTIVE
    try:
        entry.check_permission(job.requested_by, job.parameters)
    except (PermissionDenied, Http404):
        return RIGHTS_LOST
    return None


def _plain_error(exc: Exception) -> str:
    if isinstance(exc, ExportError | DomainError):
        return str(exc)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return f"The export could not be finished because of an error: {exc or exc.__class__.__name__}."


def export_run(job_id: Any, run_id: Any) -> None:
    """The task body: claim the run, re-check the requester's rights, build into a scratch file
    with progress, store it complete under a name of its own and only then mark the job done.
    A run that is not the job's current one, or a job already done or failed, is left alone."""
    now = timezone.now()
    claimed = _current(job_id, run_id, ExportStatus.QUEUED, ExportStatus.RUNNING).update(
        status=ExportStatus.RUNNING, progress=0, error="", started_at=now, progress_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        logger.info("Export %s run %s is not current; nothing to do", job_id, run_id)
        return
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    entry = export_kind(job.kind)
    if reason := _refusal(entry, job):
        _fail(job_id, run_id, reason)
        return
    try:
        with tempfile.TemporaryFile() as scratch:  # unlinked at once: a killed worker leaves nothing
            context = ExportContext(
                job, job.requested_by, job.parameters, scratch, partial(_report_progress, job_id, run_id)
            )
            entry.build(context)
            _store(job, run_id, entry, scratch)
    except ExportSuperseded:
        logger.info("Export %s run %s was superseded; stopped", job_id, run_id)
    except Exception as exc:
        logger.exception("Export %s run %s failed", job_id, run_id)
        _fail(job_id, run_id, _plain_error(exc))


def _store(job: ExportJob, run_id: Any, entry: ExportKind, scratch: IO[bytes]) -> None:
    scratch.flush()
    scratch.seek(0)
    filename = entry.filename_for(job)
    name = default_storage.save(f"exports/{job.pk}/{run_id}/{filename}", File(scratch, name=filename))
    now = timezone.now()
    finished = _current(job.pk, run_id, ExportStatus.RUNNING).update(
        status=ExportStatus.DONE,
        progress=100,
        progress_at=now,
        file=name,
        filename=filename,
        content_type=entry.content_type,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.EXPORT_EXPIRY_HOURS),
    )
    if not finished:
        default_storage.delete(name)
        raise ExportSuperseded


# --- Downloading and expiry -----------------------------------------------------------------


def export_for_download(*, user: User, job_id: Any, request: HttpRequest | None = None) -> ExportJob:
    """A finished job's file for someone who may fetch it: the requester, and for authority-wide
    returns other performance officers and auditors (everyone else 404); the user's rights are
    checked again now; an expired file is gone (410); the download is logged."""
    job = export_get_for_user(user=user, job_id=job_id)
    entry = export_kind(job.kind)
    if job.status != ExportStatus.DONE or entry is None:
        raise Http404("This export has no file.")
    (entry.check_download or entry.check_permission)(user, job.parameters)
    if export_is_expired(job) or not job.file:
        raise ExportExpired(
            f"This export's file was deleted after {settings.EXPORT_EXPIRY_HOURS} hours. Start the export again."
        )
    log_access_for(user=user, action=AccessAction.DOWNLOAD, what=f"Downloaded export: {job.filename}", request=request)
    return job


def export_open(job: ExportJob) -> IO[bytes]:
    """The stored file, for streaming to the user (404 if storage has lost it)."""
    try:
        return default_storage.open(job.file.name, "rb")
    except OSError as exc:
        raise Http404("This export's file is no longer stored.") from exc


def export_purge_expired(*, now: datetime | None = None) -> int:
    """Delete expired files from storage (children's data is kept no longer than needed); the
    job stays, as a record that the export was made."""
    expired = ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=now or timezone.now()).exclude(file="")
    count = 0
    for job in expired.iterator():
        default_storage.delete(job.file.name)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        count += 1
    return count
