"""Export job pages, used by every app's exports: progress (polled by htmx, with a Refresh link
without JavaScript), the reason and "Try again" when a job failed, and the permission-checked
download."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from casework.core.api_exports import download_response
from casework.core.errors import Conflict
from casework.core.exports import (
    ExportExpired,
    export_can_rerun,
    export_for_download,
    export_get_for_user,
    export_is_expired,
    export_is_stale,
    export_kind,
    export_rerun,
)
from casework.core.models import ExportJob, ExportStatus

STATUS_TAGS = {
    ExportStatus.QUEUED: ("Waiting to start", "govuk-tag--grey"),
    ExportStatus.RUNNING: ("In progress", "govuk-tag--blue"),
    ExportStatus.DONE: ("Ready", "govuk-tag--green"),
    ExportStatus.FAILED: ("Failed", "govuk-tag--red"),
}


def export_job_view(job: ExportJob, user: Any) -> dict[str, Any]:
    """What the job page and its status fragment show."""
    entry = export_kind(job.kind)
    text, classes = STATUS_TAGS[ExportStatus(job.status)]
    return {
        "job": job,
        "label": entry.label if entry else job.kind,
        "tag": {"text": text, "classes": classes},
        "finished": job.status in (ExportStatus.DONE, ExportStatus.FAILED),
        "stale": export_is_stale(job),
        "expired": job.status == ExportStatus.DONE and (export_is_expired(job) or not job.file),
        "can_rerun": job.requested_by_id == user.pk and export_can_rerun(job),
        "stale_minutes": settings.EXPORT_STALE_MINUTES,
    }


def _parameter_rows(job: ExportJob) -> list[dict[str, Any]]:
    return [
        {"key": {"text": name.replace("_", " ").capitalize()}, "value": {"text": str(value)}}
        for name, value in job.parameters.items()
    ]


@require_GET
def export_job(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = export_get_for_user(user=request.user, job_id=job_id)
    context = export_job_view(job, request.user)
    return render(
        request,
        "core/export_job.html",
        {"title": context["label"], "parameter_rows": _parameter_rows(job), **context},
    )


@require_GET
def export_job_status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """The progress fragment htmx polls (sent with X-Casework-Passive, so it is not activity)."""
    job = export_get_for_user(user=request.user, job_id=job_id)
    return render(request, "core/_export_status.html", export_job_view(job, request.user))


@require_POST
def export_job_rerun(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = export_get_for_user(user=request.user, job_id=job_id)
    try:
        export_rerun(by=request.user, job=job)
    except Conflict as exc:
        messages.info(request, str(exc))
    return redirect("core:export_job", job_id=job.pk)


@require_GET
def export_download(request: HttpRequest, job_id: UUID) -> HttpResponse:
    try:
        job = export_for_download(user=request.user, job_id=job_id, request=request)
    except ExportExpired as exc:
        job = export_get_for_user(user=request.user, job_id=job_id)
        context = {"title": "This file has expired", "reason": str(exc), **export_job_view(job, request.user)}
        return render(request, "core/export_expired.html", context, status=410)
    return download_response(job)
