"""The Performance page: the exports a user may start, and their recent export jobs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from casework.core.access import require_role
from casework.core.exports import export_kinds_to_start, export_list_for_user, export_request
from casework.core.models import Role, User
from casework.core.views_exports import export_job_view

PERFORMANCE_ROLES = (Role.PERFORMANCE_OFFICER, Role.AUDITOR, Role.TEAM_MANAGER)
RECENT_JOBS = 20


def may_see_performance(user: User) -> bool:
    return user.role in PERFORMANCE_ROLES


def _render_home(request: HttpRequest, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    jobs = [export_job_view(job, user) for job in export_list_for_user(user=user)[:RECENT_JOBS]]
    context = {
        "title": "Performance",
        "kinds": export_kinds_to_start(user=user),
        "jobs": jobs,
        "form_errors": (
            {"titleText": "There is a problem", "errorList": [{"text": e, "href": "#start-exports"} for e in errors]}
            if errors
            else None
        ),
    }
    return render(request, "performance/home.html", context, status=status)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    require_role(request.user, *PERFORMANCE_ROLES)
    return _render_home(request)


@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    """Start an export that needs no parameters, then show its progress."""
    require_role(request.user, *PERFORMANCE_ROLES)
    try:
        job = export_request(by=request.user, kind=request.POST.get("kind", ""), parameters={})
    except ValidationError as exc:
        return _render_home(request, errors=exc.messages, status=400)
    return redirect("core:export_job", job_id=job.pk)
